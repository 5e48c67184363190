// Commands on lists. A placeholder until the list type lands: it registers nothing yet.
#include "engine/command_families.h"
#include "engine/command_registry.h"

namespace ringdb::engine {

void RegisterListFamily(CommandRegistry*) {}

}  // namespace ringdb::engine
