// Key expiry commands: EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT (with NX / XX / GT / LT),
// TTL, PTTL, EXPIRETIME, PEXPIRETIME and PERSIST.
//
// Expiry times are absolute unix milliseconds in the entry. Lazy expiry happens in
// DbAccess::Find; the active cycle is engine/active_expire.cc.
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "engine/command_families.h"
#include "engine/command_registry.h"
#include "engine/db_access.h"
#include "engine/errors.h"
#include "engine/keys_args.h"
#include "types/entry.h"

namespace ringdb::engine {
namespace {

using types::Entry;

// ---- EXPIRE family -------------------------------------------------------------------------

enum ExpireFlag : uint8_t { kExpireNx = 1, kExpireXx = 2, kExpireGt = 4, kExpireLt = 8 };
constexpr keyargs::Option<uint8_t> kExpireWords[] = {
    {"nx", kExpireNx}, {"xx", kExpireXx}, {"gt", kExpireGt}, {"lt", kExpireLt}};

// The condition words after the time. Redis checks them before the time itself, so
// "EXPIRE k abc FOO" complains about FOO.
bool ParseExpireFlags(CmdArgs args, CommandContext& ctx, uint8_t* flags) {
  keyargs::ArgReader r(args, 3);
  while (!r.done()) {
    uint8_t f = 0;
    if (!r.NextOption(kExpireWords, &f)) {
      r.Fail(std::string(errors::kUnsupportedOptionPrefix) + std::string(r.Peek()));
      break;
    }
    *flags |= f;
  }
  if (r.ok() && (*flags & kExpireNx) && (*flags & (kExpireXx | kExpireGt | kExpireLt))) {
    r.Fail(errors::kExpireNxWithOthers);
  }
  if (r.ok() && (*flags & kExpireGt) && (*flags & kExpireLt)) r.Fail(errors::kExpireGtAndLt);
  if (!r.ok()) ctx.rb->SendError(r.error());
  return r.ok();
}

// Whether the NX / XX / GT / LT conditions allow replacing `current` (kNoExpire: none,
// which GT and LT treat as an infinite TTL) with `when`.
bool ExpireConditionsHold(uint8_t flags, int64_t current, int64_t when) {
  bool has = current != types::kNoExpire;
  if ((flags & kExpireNx) && has) return false;
  if ((flags & kExpireXx) && !has) return false;
  if ((flags & kExpireGt) && (!has || when <= current)) return false;
  if ((flags & kExpireLt) && has && when >= current) return false;
  return true;
}

// Sets `key` to expire at `when_ms`, deleting it if that is not in the future.
// Result: whether the key existed and the conditions held.
bool OpExpire(DbAccess& db, std::string_view key, int64_t when_ms, uint8_t flags) {
  Entry* e = db.Find(key, LookupMode::kWrite);
  if (e == nullptr) return false;
  int64_t current = e->has_expire() ? e->expire_ms() : types::kNoExpire;
  if (!ExpireConditionsHold(flags, current, when_ms)) return false;
  if (when_ms <= db.now_ms()) {
    db.Delete(key);
  } else {
    db.SetExpire(e, when_ms);
  }
  return true;
}

// The absolute expiry in ms for EXPIRE-family argument `arg`; false on overflow of the
// unit conversion or the base addition (Redis's "invalid expire time").
bool AbsoluteExpireMs(int64_t when, bool seconds, int64_t base_ms, int64_t* out) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  if (seconds) {
    if (when > kMax / 1000 || when < kMin / 1000) return false;
    when *= 1000;
  }
  if (when > kMax - base_ms) return false;
  *out = when + base_ms;
  return true;
}

void ExpireGeneric(CmdArgs args, CommandContext& ctx, bool relative, bool seconds) {
  uint8_t flags = 0;
  if (!ParseExpireFlags(args, ctx, &flags)) return;
  keyargs::ArgReader r(args, 2);
  int64_t when = r.NextInt();
  if (!r.ok()) return ctx.rb->SendError(r.error());
  int64_t when_ms = 0;
  if (!AbsoluteExpireMs(when, seconds, relative ? ctx.db->now_ms() : 0, &when_ms)) {
    return ctx.rb->SendError(errors::InvalidExpireTime(args[0]));
  }
  ctx.rb->SendLong(OpExpire(*ctx.db, args[1], when_ms, flags) ? 1 : 0);
}

void CmdExpire(CmdArgs args, CommandContext& ctx) { ExpireGeneric(args, ctx, true, true); }
void CmdPExpire(CmdArgs args, CommandContext& ctx) { ExpireGeneric(args, ctx, true, false); }
void CmdExpireAt(CmdArgs args, CommandContext& ctx) { ExpireGeneric(args, ctx, false, true); }
void CmdPExpireAt(CmdArgs args, CommandContext& ctx) { ExpireGeneric(args, ctx, false, false); }

// ---- TTL family, PERSIST -------------------------------------------------------------------

constexpr int64_t kTtlMissing = -2;
constexpr int64_t kTtlNone = -1;

// The remaining (or, `absolute`, the expiry) time of `key` in ms; kTtlMissing or
// kTtlNone as Redis replies them.
int64_t OpTtlMs(DbAccess& db, std::string_view key, bool absolute) {
  const Entry* e = db.Find(key, LookupMode::kReadNoTouch);
  if (e == nullptr) return kTtlMissing;
  if (!e->has_expire()) return kTtlNone;
  int64_t ttl = absolute ? e->expire_ms() : e->expire_ms() - db.now_ms();
  return ttl < 0 ? 0 : ttl;
}

void TtlGeneric(CmdArgs args, CommandContext& ctx, bool ms, bool absolute) {
  int64_t ttl = OpTtlMs(*ctx.db, args[1], absolute);
  if (ttl < 0 || ms) return ctx.rb->SendLong(ttl);
  ctx.rb->SendLong((ttl + 500) / 1000);  // seconds, rounded to nearest
}

void CmdTtl(CmdArgs args, CommandContext& ctx) { TtlGeneric(args, ctx, false, false); }
void CmdPTtl(CmdArgs args, CommandContext& ctx) { TtlGeneric(args, ctx, true, false); }
void CmdExpireTime(CmdArgs args, CommandContext& ctx) { TtlGeneric(args, ctx, false, true); }
void CmdPExpireTime(CmdArgs args, CommandContext& ctx) { TtlGeneric(args, ctx, true, true); }

// Result: whether an expiry was removed.
bool OpPersist(DbAccess& db, std::string_view key) {
  Entry* e = db.Find(key, LookupMode::kWrite);
  if (e == nullptr || !e->has_expire()) return false;
  db.SetExpire(e, types::kNoExpire);
  return true;
}

void CmdPersist(CmdArgs args, CommandContext& ctx) {
  ctx.rb->SendLong(OpPersist(*ctx.db, args[1]) ? 1 : 0);
}

}  // namespace

void RegisterExpireFamily(CommandRegistry* r) {
  r->Register("expire", &CmdExpire);
  r->Register("pexpire", &CmdPExpire);
  r->Register("expireat", &CmdExpireAt);
  r->Register("pexpireat", &CmdPExpireAt);
  r->Register("ttl", &CmdTtl);
  r->Register("pttl", &CmdPTtl);
  r->Register("expiretime", &CmdExpireTime);
  r->Register("pexpiretime", &CmdPExpireTime);
  r->Register("persist", &CmdPersist);
}

}  // namespace ringdb::engine
