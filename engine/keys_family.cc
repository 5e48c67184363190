// Generic key commands: DEL, UNLINK, EXISTS, TOUCH, TYPE, RENAME, RENAMENX, COPY, MOVE
// and OBJECT. The commands that walk the keyspace or a whole database (KEYS, SCAN,
// RANDOMKEY, DBSIZE, SWAPDB, FLUSHDB, FLUSHALL) live in scan_family.cc.
#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "engine/clock.h"
#include "engine/command_families.h"
#include "engine/command_registry.h"
#include "engine/config.h"
#include "engine/db_access.h"
#include "engine/errors.h"
#include "engine/keys_args.h"
#include "types/entry.h"
#include "types/number_format.h"

namespace ringdb::engine {
namespace {

using types::Entry;

// ---- DEL, UNLINK, EXISTS, TOUCH, TYPE ---------------------------------------------------

// UNLINK frees synchronously too: a value is one block, so there is nothing to defer.
void CmdDel(CmdArgs args, CommandContext& ctx) {
  int64_t deleted = 0;
  for (size_t i = 1; i < args.size(); ++i) deleted += ctx.db->Delete(args[i]) ? 1 : 0;
  ctx.rb->SendLong(deleted);
}

// Counts a key once per mention, as Redis does (EXISTS k k -> 2).
void CmdExists(CmdArgs args, CommandContext& ctx) {
  int64_t found = 0;
  for (size_t i = 1; i < args.size(); ++i) {
    if (ctx.db->Find(args[i], LookupMode::kReadNoTouch) != nullptr) ++found;
  }
  ctx.rb->SendLong(found);
}

void CmdTouch(CmdArgs args, CommandContext& ctx) {
  int64_t touched = 0;
  for (size_t i = 1; i < args.size(); ++i) {
    if (ctx.db->Find(args[i], LookupMode::kRead) != nullptr) ++touched;
  }
  ctx.rb->SendLong(touched);
}

void CmdType(CmdArgs args, CommandContext& ctx) {
  const Entry* e = ctx.db->Find(args[1], LookupMode::kReadNoTouch);
  ctx.rb->SendSimpleString(e ? types::TypeName(e->type()) : "none");
}

// ---- RENAME, RENAMENX ----------------------------------------------------------------------

// Moves `from` to `to` keeping value, expiry and idle time. Result: whether it renamed
// (false only when `nx` and `to` exists, or for RENAMENX of a key onto itself).
OpResult<bool> OpRename(DbAccess& db, std::string_view from, std::string_view to, bool nx) {
  Entry* src = db.Find(from, LookupMode::kWrite);
  if (src == nullptr) return OpStatus::kNoSuchKey;
  if (from == to) return !nx;
  if (nx && db.Find(to, LookupMode::kWrite) != nullptr) return false;
  uint32_t lru = src->lru();
  Entry* moved = Entry::MoveToKey(src, to);
  db.Delete(from);
  db.Store(moved);
  moved->set_lru(lru);  // the same object in Redis: its idle time carries over
  return true;
}

void CmdRename(CmdArgs args, CommandContext& ctx) {
  OpResult<bool> r = OpRename(*ctx.db, args[1], args[2], false);
  if (!r.ok()) return ReplyStatus(ctx, r.status());
  ctx.rb->SendOk();
}

void CmdRenameNx(CmdArgs args, CommandContext& ctx) {
  OpResult<bool> r = OpRename(*ctx.db, args[1], args[2], true);
  if (!r.ok()) return ReplyStatus(ctx, r.status());
  ctx.rb->SendLong(*r ? 1 : 0);
}

// ---- COPY, MOVE ----------------------------------------------------------------------------

int NumDbs(CommandContext& ctx) { return ctx.db->keyspace().num_dbs(); }

struct CopyOptions {
  int dst_db;
  bool replace = false;
};

enum class CopyWord : uint8_t { kReplace, kDb };
constexpr keyargs::Option<CopyWord> kCopyWords[] = {{"replace", CopyWord::kReplace},
                                                    {"db", CopyWord::kDb}};

// COPY's options, checked in order as Redis does (a bad DB index wins over a later
// unknown word).
bool ParseCopyOptions(CmdArgs args, CommandContext& ctx, CopyOptions* opts) {
  keyargs::ArgReader r(args, 3);
  while (!r.done()) {
    CopyWord w;
    // "DB" needs its value; a trailing "DB" is a syntax error like any unknown word.
    if (!r.NextOption(kCopyWords, &w) || (w == CopyWord::kDb && r.left() == 0)) {
      r.Fail(errors::kSyntax);
      break;
    }
    if (w == CopyWord::kReplace) {
      opts->replace = true;
      continue;
    }
    // Redis reads a long and passes it to selectDb(int): the index wraps to 32 bits.
    int64_t db = static_cast<int32_t>(static_cast<uint32_t>(r.NextInt()));
    if (r.ok() && (db < 0 || db >= NumDbs(ctx))) r.Fail(errors::kDbIndexOutOfRange);
    opts->dst_db = static_cast<int>(db);
  }
  if (!r.ok()) ctx.rb->SendError(r.error());
  return r.ok();
}

// Copies `from` (selected db) to `to` in `dst_db`. Result: whether it copied.
OpResult<bool> OpCopy(DbAccess& db, std::string_view from, std::string_view to,
                      const CopyOptions& opts) {
  int src_db = db.db();
  if (src_db == opts.dst_db && from == to) return OpStatus::kSameObject;
  Entry* src = db.Find(from, LookupMode::kRead);
  if (src == nullptr) return false;
  db.set_db(opts.dst_db);  // the slot locks cover every database
  bool copied = false;
  if (opts.replace || db.Find(to, LookupMode::kWrite) == nullptr) {
    db.Store(Entry::CloneWithKey(*src, to));
    copied = true;
  }
  db.set_db(src_db);
  return copied;
}

void CmdCopy(CmdArgs args, CommandContext& ctx) {
  CopyOptions opts{ctx.db->db()};
  if (!ParseCopyOptions(args, ctx, &opts)) return;
  OpResult<bool> r = OpCopy(*ctx.db, args[1], args[2], opts);
  if (!r.ok()) return ReplyStatus(ctx, r.status());
  ctx.rb->SendLong(*r ? 1 : 0);
}

// Moves `key` to `dst_db` (same slot, so already locked). Result: whether it moved.
bool OpMove(DbAccess& db, std::string_view key, int dst_db) {
  int src_db = db.db();
  if (db.Find(key, LookupMode::kWrite) == nullptr) return false;
  db.set_db(dst_db);
  bool taken = db.Find(key, LookupMode::kWrite) != nullptr;
  db.set_db(src_db);
  if (taken) return false;
  Entry* e = db.Detach(key);
  uint32_t lru = e->lru();
  db.set_db(dst_db);
  db.Store(e);
  e->set_lru(lru);
  db.set_db(src_db);
  return true;
}

void CmdMove(CmdArgs args, CommandContext& ctx) {
  keyargs::ArgReader r(args, 2);
  int64_t dst = r.NextInt(std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max());
  if (r.ok() && (dst < 0 || dst >= NumDbs(ctx))) r.Fail(errors::kDbIndexOutOfRange);
  if (r.ok() && dst == ctx.db->db()) r.Fail(errors::kSameObject);
  if (!r.ok()) return ctx.rb->SendError(r.error());
  ctx.rb->SendLong(OpMove(*ctx.db, args[1], static_cast<int>(dst)) ? 1 : 0);
}

// ---- OBJECT --------------------------------------------------------------------------------

bool LfuPolicy() {
  auto p = ConfigEnum<MaxmemoryPolicy>(ConfigId::kMaxmemoryPolicy);
  return p == MaxmemoryPolicy::kVolatileLfu || p == MaxmemoryPolicy::kAllkeysLfu;
}

// Redis shares the objects of the integers 0..9999 (OBJ_SHARED_INTEGERS) unless an
// LRU/LFU maxmemory policy needs a per-object clock; a shared object reports
// OBJ_SHARED_REFCOUNT (INT_MAX).
constexpr int64_t kSharedIntegers = 10000;
constexpr int64_t kSharedRefcount = std::numeric_limits<int32_t>::max();

bool SharedIntegersAllowed() {
  if (ConfigInt(ConfigId::kMaxmemory) == 0) return true;
  auto p = ConfigEnum<MaxmemoryPolicy>(ConfigId::kMaxmemoryPolicy);
  return p != MaxmemoryPolicy::kVolatileLru && p != MaxmemoryPolicy::kVolatileLfu &&
         p != MaxmemoryPolicy::kAllkeysLru && p != MaxmemoryPolicy::kAllkeysLfu;
}

int64_t RefCount(const Entry& e) {
  if (e.type() != types::ValueType::kString || e.encoding() != types::Encoding::kInt) return 1;
  int64_t v = 0;
  bool small = types::ParseInt64(e.str(), &v) && v >= 0 && v < kSharedIntegers;
  return small && SharedIntegersAllowed() ? kSharedRefcount : 1;
}

// OBJECT subcommands answer null for a missing key.
const Entry* ObjectLookup(CmdArgs args, CommandContext& ctx) {
  const Entry* e = ctx.db->Find(args[2], LookupMode::kNoTouch);
  if (e == nullptr) ctx.rb->SendNull();
  return e;
}

void CmdObjectEncoding(CmdArgs args, CommandContext& ctx) {
  if (const Entry* e = ObjectLookup(args, ctx)) ctx.rb->SendBulk(types::EncodingName(e->encoding()));
}

void CmdObjectRefcount(CmdArgs args, CommandContext& ctx) {
  if (const Entry* e = ObjectLookup(args, ctx)) ctx.rb->SendLong(RefCount(*e));
}

void CmdObjectIdletime(CmdArgs args, CommandContext& ctx) {
  const Entry* e = ObjectLookup(args, ctx);
  if (e == nullptr) return;
  if (LfuPolicy()) return ctx.rb->SendError(errors::kLfuSelected);
  ctx.rb->SendLong(static_cast<int64_t>(IdleSeconds(e->lru(), ctx.db->now_ms())));
}

// ringdb keeps an LRU clock per key but no LFU counter: under an LFU policy the
// frequency reads as 0, what Redis reports for a key not accessed since the switch.
void CmdObjectFreq(CmdArgs args, CommandContext& ctx) {
  if (ObjectLookup(args, ctx) == nullptr) return;
  if (!LfuPolicy()) return ctx.rb->SendError(errors::kLfuNotSelected);
  ctx.rb->SendLong(0);
}

constexpr std::array<std::string_view, 15> kObjectHelp = {
    "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "ENCODING <key>",
    "    Return the kind of internal representation used in order to store the value",
    "    associated with a <key>.",
    "FREQ <key>",
    "    Return the access frequency index of the <key>. The returned integer is",
    "    proportional to the logarithm of the recent access frequency of the key.",
    "IDLETIME <key>",
    "    Return the idle time of the <key>, that is the approximated number of",
    "    seconds elapsed since the last access to the key.",
    "REFCOUNT <key>",
    "    Return the number of references of the value associated with the specified",
    "    <key>.",
    "HELP",
    "    Prints this help.",
};

void CmdObjectHelp(CmdArgs args, CommandContext& ctx) {
  ctx.rb->SendArrayLen(kObjectHelp.size());
  for (std::string_view line : kObjectHelp) ctx.rb->SendSimpleString(line);
}

}  // namespace

void RegisterKeysFamily(CommandRegistry* r) {
  r->Register("del", &CmdDel);
  r->Register("unlink", &CmdDel);
  r->Register("exists", &CmdExists);
  r->Register("touch", &CmdTouch);
  r->Register("type", &CmdType);
  r->Register("rename", &CmdRename);
  r->Register("renamenx", &CmdRenameNx);
  r->Register("copy", &CmdCopy);
  r->Register("move", &CmdMove);
  r->Register("object|encoding", &CmdObjectEncoding);
  r->Register("object|refcount", &CmdObjectRefcount);
  r->Register("object|idletime", &CmdObjectIdletime);
  r->Register("object|freq", &CmdObjectFreq);
  r->Register("object|help", &CmdObjectHelp);
  // The keyspace-walking half of the family lives in scan_family.cc.
  RegisterScanFamily(r);
}

}  // namespace ringdb::engine
