// Commands on sorted sets. A placeholder until the zset type lands: it registers nothing yet.
#include "engine/command_families.h"
#include "engine/command_registry.h"

namespace ringdb::engine {

void RegisterZSetFamily(CommandRegistry*) {}

}  // namespace ringdb::engine
