// One Register function per command family (one file each, engine/*_family.cc).
#pragma once

namespace ringdb::engine {

class CommandRegistry;

void RegisterStringFamily(CommandRegistry* registry);
// APPEND, STRLEN, INCR/DECR family, GETRANGE, SUBSTR, SETRANGE; called by RegisterStringFamily.
void RegisterStringEditFamily(CommandRegistry* registry);
// LCS; called by RegisterStringFamily.
void RegisterLcsFamily(CommandRegistry* registry);
void RegisterBitopsFamily(CommandRegistry* registry);
void RegisterListFamily(CommandRegistry* registry);
// LMOVE, RPOPLPUSH, LMPOP and the blocking list pops; called by RegisterListFamily.
void RegisterListMoveFamily(CommandRegistry* registry);
void RegisterHashFamily(CommandRegistry* registry);
void RegisterSetFamily(CommandRegistry* registry);
// SINTER, SUNION, SDIFF and their STORE and CARD forms; called by RegisterSetFamily.
void RegisterSetAlgebraFamily(CommandRegistry* registry);
void RegisterZSetFamily(CommandRegistry* registry);
// ZRANGE and the range commands; called by RegisterZSetFamily.
void RegisterZSetRangeFamily(CommandRegistry* registry);
// ZPOPMIN, ZPOPMAX, ZMPOP and their blocking forms; called by RegisterZSetFamily.
void RegisterZSetPopFamily(CommandRegistry* registry);
// ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD; called by RegisterZSetFamily.
void RegisterZSetAlgebraFamily(CommandRegistry* registry);
void RegisterKeysFamily(CommandRegistry* registry);
// SORT, SORT_RO.
void RegisterSortFamily(CommandRegistry* registry);
void RegisterExpireFamily(CommandRegistry* registry);
// DUMP, RESTORE.
void RegisterDumpFamily(CommandRegistry* registry);
// KEYS, SCAN, RANDOMKEY, DBSIZE, SWAPDB, FLUSHDB, FLUSHALL; called by RegisterKeysFamily.
void RegisterScanFamily(CommandRegistry* registry);
void RegisterServerFamily(CommandRegistry* registry);
void RegisterConnectionFamily(CommandRegistry* registry);
void RegisterTransactionFamily(CommandRegistry* registry);
void RegisterConfigFamily(CommandRegistry* registry);
void RegisterCommandFamily(CommandRegistry* registry);
void RegisterClientFamily(CommandRegistry* registry);

}  // namespace ringdb::engine
