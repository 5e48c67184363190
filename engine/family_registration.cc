// The one place that lists every command family. Families that register sub-families
// (string -> string-edit, lcs; keys -> scan) call those themselves.
#include "engine/command_families.h"
#include "engine/command_registry.h"

namespace ringdb::engine {

void RegisterAllCommands(CommandRegistry* registry) {
  RegisterStringFamily(registry);
  RegisterBitopsFamily(registry);
  RegisterListFamily(registry);
  RegisterHashFamily(registry);
  RegisterSetFamily(registry);
  RegisterZSetFamily(registry);
  RegisterKeysFamily(registry);
  RegisterSortFamily(registry);
  RegisterExpireFamily(registry);
  RegisterDumpFamily(registry);
  RegisterServerFamily(registry);
  RegisterConnectionFamily(registry);
  RegisterTransactionFamily(registry);
  RegisterConfigFamily(registry);
  RegisterCommandFamily(registry);
  RegisterClientFamily(registry);
}

}  // namespace ringdb::engine
