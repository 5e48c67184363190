// Commands on hashes. A placeholder until the hash type lands: it registers nothing yet.
#include "engine/command_families.h"
#include "engine/command_registry.h"

namespace ringdb::engine {

void RegisterHashFamily(CommandRegistry*) {}

}  // namespace ringdb::engine
