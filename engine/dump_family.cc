// DUMP and RESTORE: a value in Redis's serialized form (persist/dump_payload.h), so
// that keys move between ringdb and Redis with redis-cli --pipe, MIGRATE-style tools
// and client libraries' copy helpers.
#include <string>
#include <string_view>

#include "engine/clock.h"
#include "engine/command_families.h"
#include "engine/command_registry.h"
#include "engine/config.h"
#include "engine/db_access.h"
#include "engine/errors.h"
#include "persist/dump_payload.h"
#include "types/ascii.h"
#include "types/entry.h"
#include "types/number_format.h"

namespace ringdb::engine {
namespace {

using types::Entry;
using types::EqualsNoCase;

constexpr int64_t kMaxFreq = 255;

void CmdDump(CmdArgs args, CommandContext& ctx) {
  const Entry* e = ctx.db->Find(args[1], LookupMode::kRead);
  if (e == nullptr) return ctx.rb->SendNull();
  ctx.rb->SendBulk(persist::DumpValue(*e));
}

struct RestoreOptions {
  bool replace = false;
  bool absttl = false;
  int64_t idle_s = -1;  // IDLETIME; -1: not given
  int64_t freq = -1;    // FREQ: accepted and checked; ringdb keeps no LFU counter
};

// Redis's option loop: IDLETIME and FREQ exclude each other (the second is a syntax
// error), and each needs its value. Returns the error to reply, or empty.
std::string_view ParseRestoreOptions(CmdArgs args, RestoreOptions* o) {
  for (size_t j = 4; j < args.size(); ++j) {
    const bool has_value = j + 1 < args.size();
    if (EqualsNoCase(args[j], "replace")) {
      o->replace = true;
    } else if (EqualsNoCase(args[j], "absttl")) {
      o->absttl = true;
    } else if (EqualsNoCase(args[j], "idletime") && has_value && o->freq == -1) {
      if (!types::ParseInt64(args[++j], &o->idle_s)) return errors::kNotInteger;
      if (o->idle_s < 0) return errors::kInvalidIdleTime;
    } else if (EqualsNoCase(args[j], "freq") && has_value && o->idle_s == -1) {
      if (!types::ParseInt64(args[++j], &o->freq)) return errors::kNotInteger;
      if (o->freq < 0 || o->freq > kMaxFreq) return errors::kInvalidFreq;
    } else {
      return errors::kSyntax;
    }
  }
  return {};
}

// Redis's objectSetLRUOrLFU for IDLETIME: an idle time longer than the 24-bit clock
// has run maps to half a clock cycle ago.
uint32_t LruForIdle(int64_t idle_s, int64_t now_ms) {
  const int64_t clock = LruClock(now_ms);
  const int64_t lru = clock - idle_s;
  return static_cast<uint32_t>(lru >= 0 ? lru : (clock + kLruClockMax / 2) % kLruClockMax);
}

// Stores the restored value (REPLACE already checked). An absolute expiry already in
// the past only deletes what REPLACE would have replaced, as in Redis.
void OpRestore(DbAccess& db, std::string_view key, persist::RdbValue& value, int64_t expire_ms,
               const RestoreOptions& o) {
  if (o.replace) db.Delete(key);
  if (expire_ms != types::kNoExpire && expire_ms <= db.now_ms()) return;
  Entry* e = value.TakeEntry(key, expire_ms);
  db.Store(e);
  if (o.idle_s >= 0) e->set_lru(LruForIdle(o.idle_s, db.now_ms()));
}

void CmdRestore(CmdArgs args, CommandContext& ctx) {
  RestoreOptions o;
  if (std::string_view err = ParseRestoreOptions(args, &o); !err.empty()) {
    return ctx.rb->SendError(err);
  }
  // Redis's order of checks: the key, the TTL, then the payload.
  if (!o.replace && ctx.db->Find(args[1], LookupMode::kWrite) != nullptr) {
    return ctx.rb->SendError(errors::kBusyKey);
  }
  int64_t ttl = 0;
  if (!types::ParseInt64(args[2], &ttl)) return ctx.rb->SendError(errors::kNotInteger);
  if (ttl < 0) return ctx.rb->SendError(errors::kInvalidTtl);
  persist::RdbValue value;
  switch (persist::RestoreValue(args[3], CurrentEncodingLimits(), &value)) {
    case persist::PayloadStatus::kOk:
      break;
    case persist::PayloadStatus::kVersionOrChecksum:
      return ctx.rb->SendError(errors::kBadPayloadFooter);
    case persist::PayloadStatus::kBadFormat:
      return ctx.rb->SendError(errors::kBadDataFormat);
  }
  int64_t expire_ms = types::kNoExpire;
  if (ttl != 0) {
    const int64_t now = ctx.db->now_ms();
    expire_ms = o.absttl ? ttl : (ttl > INT64_MAX - now ? INT64_MAX : ttl + now);
  }
  OpRestore(*ctx.db, args[1], value, expire_ms, o);
  ctx.rb->SendOk();
}

}  // namespace

void RegisterDumpFamily(CommandRegistry* r) {
  r->Register("dump", &CmdDump);
  r->Register("restore", &CmdRestore);
}

}  // namespace ringdb::engine
