// String commands that set or read whole values: SET and its variants, GET and its
// variants, MSET/MSETNX/MGET. In-place edits and counters live in
// string_edit_family.cc, LCS in lcs_family.cc; RegisterStringFamily registers all three.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

#include "engine/command.h"
#include "engine/command_families.h"
#include "engine/command_registry.h"
#include "engine/db_access.h"
#include "engine/errors.h"
#include "engine/keys_args.h"
#include "types/entry.h"
#include "types/number_format.h"

namespace ringdb::engine {
namespace {

using keyargs::EqualsNoCase;
using types::Entry;
using types::ValueType;

// The option words of SET and GETEX (Redis's parseExtendedStringArgumentsOrReply).
enum SetFlag : uint32_t {
  kNx = 1u << 0,
  kXx = 1u << 1,
  kGet = 1u << 2,
  kKeepTtl = 1u << 3,
  kPersist = 1u << 4,
  kEx = 1u << 5,
  kPx = 1u << 6,
  kExAt = 1u << 7,
  kPxAt = 1u << 8,
};
constexpr uint32_t kAnyExpire = kEx | kPx | kExAt | kPxAt;

enum class ExtCommand { kSet, kGetEx };

// One option: it is refused (a syntax error) when any of `excludes` was already given
// or when used by the other command. Repeating an option is allowed, as in Redis.
struct ExtOption {
  std::string_view word;
  uint32_t flag;
  uint32_t excludes;
  bool takes_value;
  bool set_only;
  bool getex_only;
};

constexpr ExtOption kExtOptions[] = {
    {"nx", kNx, kXx, false, true, false},
    {"xx", kXx, kNx, false, true, false},
    {"get", kGet, 0, false, true, false},
    {"keepttl", kKeepTtl, kPersist | kAnyExpire, false, true, false},
    {"persist", kPersist, kKeepTtl | kAnyExpire, false, false, true},
    {"ex", kEx, kKeepTtl | kPersist | (kAnyExpire & ~kEx), true, false, false},
    {"px", kPx, kKeepTtl | kPersist | (kAnyExpire & ~kPx), true, false, false},
    {"exat", kExAt, kKeepTtl | kPersist | (kAnyExpire & ~kExAt), true, false, false},
    {"pxat", kPxAt, kKeepTtl | kPersist | (kAnyExpire & ~kPxAt), true, false, false},
};

struct ExtArgs {
  uint32_t flags = 0;
  std::string_view expire_arg;  // the argument after EX/PX/EXAT/PXAT
};

// Parses the options from args[first] on; false on a syntax error.
bool ParseExtArgs(CmdArgs args, size_t first, ExtCommand cmd, ExtArgs* out) {
  for (size_t i = first; i < args.size(); ++i) {
    const ExtOption* match = nullptr;
    for (const ExtOption& opt : kExtOptions) {
      if (!EqualsNoCase(args[i], opt.word)) continue;
      bool allowed = !(opt.set_only && cmd != ExtCommand::kSet) &&
                     !(opt.getex_only && cmd != ExtCommand::kGetEx) &&
                     (out->flags & opt.excludes) == 0 && (!opt.takes_value || i + 1 < args.size());
      if (allowed) match = &opt;
      break;
    }
    if (match == nullptr) return false;
    out->flags |= match->flag;
    if (match->takes_value) out->expire_arg = args[++i];
  }
  return true;
}

// The absolute expire time an EX/PX/EXAT/PXAT argument stands for, or the error reply
// (Redis's getExpireMillisecondsOrReply: non-positive or overflowing times refused).
std::optional<int64_t> ExpireFromArg(std::string_view arg, uint32_t flags, int64_t now_ms,
                                     std::string_view command, std::string* error) {
  int64_t ms = 0;
  if (!types::ParseInt64(arg, &ms)) {
    *error = errors::kNotInteger;
    return std::nullopt;
  }
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  bool seconds = (flags & (kEx | kExAt)) != 0;
  bool relative = (flags & (kEx | kPx)) != 0;
  if (ms <= 0 || (seconds && ms > kMax / 1000)) {
    *error = errors::InvalidExpireTime(command);
    return std::nullopt;
  }
  if (seconds) ms *= 1000;
  if (relative) {
    if (ms > kMax - now_ms) {
      *error = errors::InvalidExpireTime(command);
      return std::nullopt;
    }
    ms += now_ms;
  }
  return ms;
}

struct SetParams {
  uint32_t flags = 0;
  int64_t expire_ms = types::kNoExpire;  // absolute; kNoExpire when none given
};

struct SetOutcome {
  bool stored = false;
  bool had_old = false;   // with GET: whether there was an old value
  std::string old_value;  // with GET
};

// SET's data work: the GET read, the NX/XX condition, then the store.
OpResult<SetOutcome> OpSet(DbAccess& db, std::string_view key, std::string_view value,
                           const SetParams& p) {
  SetOutcome out;
  if (p.flags & kGet) {
    Entry* e = db.Find(key, LookupMode::kRead);
    if (e != nullptr && e->type() != ValueType::kString) return OpStatus::kWrongType;
    if (e != nullptr) {
      out.had_old = true;
      out.old_value = std::string(e->str());
    }
  }
  // A plain SET replaces whatever is there: Store's single probe does it (and counts an
  // expired entry it replaces, as the lookup would have).
  const bool needs_old = (p.flags & (kNx | kXx | kKeepTtl)) != 0;
  Entry* existing = needs_old ? db.Find(key, LookupMode::kWrite) : nullptr;
  bool found = existing != nullptr;
  if (((p.flags & kNx) && found) || ((p.flags & kXx) && !found)) return out;
  int64_t expire_ms = p.expire_ms;
  if ((p.flags & kKeepTtl) && found && existing->has_expire()) {
    expire_ms = existing->expire_ms();
  }
  db.StoreString(key, value, types::ChooseStringEncoding(value), expire_ms);
  out.stored = true;
  return out;
}

void CmdSet(CmdArgs args, CommandContext& ctx) {
  ExtArgs ext;
  if (!ParseExtArgs(args, 3, ExtCommand::kSet, &ext)) return ctx.rb->SendError(errors::kSyntax);
  SetParams p{ext.flags, types::kNoExpire};
  if (ext.flags & kAnyExpire) {
    std::string error;
    auto ms = ExpireFromArg(ext.expire_arg, ext.flags, ctx.db->now_ms(), args[0], &error);
    if (!ms) return ctx.rb->SendError(error);
    p.expire_ms = *ms;
  }
  OpResult<SetOutcome> res = OpSet(*ctx.db, args[1], args[2], p);
  if (!res.ok()) return ReplyStatus(ctx, res.status());
  if (ext.flags & kGet) {
    if (res->had_old) return ctx.rb->SendBulk(res->old_value);
    return ctx.rb->SendNull();
  }
  if (res->stored) return ctx.rb->SendOk();
  ctx.rb->SendNull();
}

void CmdSetNx(CmdArgs args, CommandContext& ctx) {
  OpResult<SetOutcome> res = OpSet(*ctx.db, args[1], args[2], SetParams{kNx});
  if (!res.ok()) return ReplyStatus(ctx, res.status());
  ctx.rb->SendLong(res->stored ? 1 : 0);
}

// SETEX key seconds value / PSETEX key milliseconds value.
void SetWithExpire(CmdArgs args, CommandContext& ctx, uint32_t unit_flag) {
  std::string error;
  auto ms = ExpireFromArg(args[2], unit_flag, ctx.db->now_ms(), args[0], &error);
  if (!ms) return ctx.rb->SendError(error);
  OpResult<SetOutcome> res = OpSet(*ctx.db, args[1], args[3], SetParams{0, *ms});
  if (!res.ok()) return ReplyStatus(ctx, res.status());
  ctx.rb->SendOk();
}

void CmdSetEx(CmdArgs args, CommandContext& ctx) { SetWithExpire(args, ctx, kEx); }
void CmdPSetEx(CmdArgs args, CommandContext& ctx) { SetWithExpire(args, ctx, kPx); }

// The value of a string key, viewing into the entry: valid only while the handler runs.
OpResult<std::string_view> OpGet(DbAccess& db, std::string_view key) {
  OpResult<Entry*> e = db.FindOfType(key, ValueType::kString, LookupMode::kRead);
  if (!e.ok()) return e.status();
  return (*e)->str();
}

// Replies with a key's string value, nil when missing; false after a WRONGTYPE reply.
bool ReplyGet(CommandContext& ctx, std::string_view key) {
  OpResult<std::string_view> v = OpGet(*ctx.db, key);
  if (v.ok()) {
    ctx.rb->SendBulk(*v);
    return true;
  }
  if (v.status() == OpStatus::kKeyNotFound) {
    ctx.rb->SendNull();
    return true;
  }
  ReplyStatus(ctx, v.status());
  return false;
}

void CmdGet(CmdArgs args, CommandContext& ctx) { ReplyGet(ctx, args[1]); }

void CmdGetDel(CmdArgs args, CommandContext& ctx) {
  if (ReplyGet(ctx, args[1])) ctx.db->Delete(args[1]);
}

void CmdGetSet(CmdArgs args, CommandContext& ctx) {
  OpResult<SetOutcome> res = OpSet(*ctx.db, args[1], args[2], SetParams{kGet});
  if (!res.ok()) return ReplyStatus(ctx, res.status());
  if (res->had_old) return ctx.rb->SendBulk(res->old_value);
  ctx.rb->SendNull();
}

// GETEX's expiry change, applied after the value was replied.
void ApplyGetExExpiry(DbAccess& db, Entry* e, const ExtArgs& ext, int64_t expire_ms) {
  if (ext.flags & kAnyExpire) {
    // An absolute time already past deletes the key (Redis's checkAlreadyExpired).
    if ((ext.flags & (kExAt | kPxAt)) && expire_ms <= db.now_ms()) {
      db.Delete(e->key());
      return;
    }
    db.SetExpire(e, expire_ms);
  } else if ((ext.flags & kPersist) && e->has_expire()) {
    db.SetExpire(e, types::kNoExpire);
  }
}

void CmdGetEx(CmdArgs args, CommandContext& ctx) {
  ExtArgs ext;
  if (!ParseExtArgs(args, 2, ExtCommand::kGetEx, &ext)) return ctx.rb->SendError(errors::kSyntax);
  OpResult<Entry*> e = ctx.db->FindOfType(args[1], ValueType::kString, LookupMode::kRead);
  if (!e.ok()) {
    if (e.status() == OpStatus::kKeyNotFound) return ctx.rb->SendNull();
    return ReplyStatus(ctx, e.status());
  }
  int64_t expire_ms = types::kNoExpire;
  if (ext.flags & kAnyExpire) {
    std::string error;
    auto ms = ExpireFromArg(ext.expire_arg, ext.flags, ctx.db->now_ms(), args[0], &error);
    if (!ms) return ctx.rb->SendError(error);
    expire_ms = *ms;
  }
  ctx.rb->SendBulk((*e)->str());
  ApplyGetExExpiry(*ctx.db, *e, ext, expire_ms);
}

// MSET / MSETNX: key value pairs; with `only_if_none_exist`, nothing is set when any
// key exists. Returns whether the values were stored.
bool OpMSet(DbAccess& db, CmdArgs args, bool only_if_none_exist) {
  if (only_if_none_exist) {
    for (size_t i = 1; i < args.size(); i += 2) {
      if (db.Find(args[i], LookupMode::kWrite) != nullptr) return false;
    }
  }
  for (size_t i = 1; i + 1 < args.size(); i += 2) {
    std::string_view v = args[i + 1];
    db.StoreString(args[i], v, types::ChooseStringEncoding(v), types::kNoExpire);
  }
  return true;
}

void CmdMSet(CmdArgs args, CommandContext& ctx) {
  if (args.size() % 2 == 0) return ctx.rb->SendError(errors::WrongArity(args[0]));
  (void)OpMSet(*ctx.db, args, false);
  ctx.rb->SendOk();
}

void CmdMSetNx(CmdArgs args, CommandContext& ctx) {
  if (args.size() % 2 == 0) return ctx.rb->SendError(errors::WrongArity(args[0]));
  ctx.rb->SendLong(OpMSet(*ctx.db, args, true) ? 1 : 0);
}

void CmdMGet(CmdArgs args, CommandContext& ctx) {
  ctx.rb->SendArrayLen(args.size() - 1);
  for (size_t i = 1; i < args.size(); ++i) {
    // Missing keys and keys of other types both read as nil.
    Entry* e = ctx.db->Find(args[i], LookupMode::kRead);
    if (e == nullptr || e->type() != ValueType::kString) {
      ctx.rb->SendNull();
    } else {
      ctx.rb->SendBulk(e->str());
    }
  }
}

}  // namespace

void RegisterStringFamily(CommandRegistry* r) {
  r->Register("set", &CmdSet);
  r->Register("setnx", &CmdSetNx);
  r->Register("setex", &CmdSetEx);
  r->Register("psetex", &CmdPSetEx);
  r->Register("get", &CmdGet);
  r->Register("getdel", &CmdGetDel);
  r->Register("getset", &CmdGetSet);
  r->Register("getex", &CmdGetEx);
  r->Register("mset", &CmdMSet);
  r->Register("msetnx", &CmdMSetNx);
  r->Register("mget", &CmdMGet);
  // The rest of the family, split out by sub-feature.
  RegisterStringEditFamily(r);
  RegisterLcsFamily(r);
}

}  // namespace ringdb::engine
