// Commands on sets. A placeholder until the set type lands: it registers nothing yet.
#include "engine/command_families.h"
#include "engine/command_registry.h"

namespace ringdb::engine {

void RegisterSetFamily(CommandRegistry*) {}

}  // namespace ringdb::engine
