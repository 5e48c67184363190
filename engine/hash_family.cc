// Commands on hashes: HSET/HMSET/HSETNX, the reads (HGET, HMGET, HGETALL, HKEYS, HVALS,
// HLEN, HEXISTS, HSTRLEN), HDEL, the counters HINCRBY/HINCRBYFLOAT, HRANDFIELD and
// HSCAN, with Redis 7.0's replies, errors and checking order (t_hash.c). Encodings and
// their conversions are types/hash_value.h's business.
#include <cmath>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "engine/command.h"
#include "engine/command_families.h"
#include "engine/command_registry.h"
#include "engine/config.h"
#include "engine/db_access.h"
#include "engine/errors.h"
#include "engine/rand_reply.h"
#include "engine/scan_args.h"
#include "types/hash_value.h"
#include "types/number_format.h"

namespace ringdb::engine {
namespace {

using types::HashValue;
using types::ListpackElement;

// The counters' Ops report a stored value that does not parse as kNotAnInteger or
// kNotAFloat (their arguments are parsed, and refused, by the Cmds before): those read
// as Redis's "hash value is not ..." errors.
void ReplyHashStatus(CommandContext& ctx, OpStatus status) {
  switch (status) {
    case OpStatus::kNotAnInteger: return ctx.rb->SendError(errors::kHashValueNotInteger);
    case OpStatus::kNotAFloat: return ctx.rb->SendError(errors::kHashValueNotFloat);
    default: return ctx.rb->SendError(errors::StatusMessage(status));
  }
}

void SendElement(protocol::ReplyBuilder* rb, const ListpackElement& e) {
  HashValue::TextBuf buf;
  rb->SendBulk(e.ToText(buf));
}

// Redis's hashTypeLookupWriteOrCreate: the hash at `key`, a new empty one stored there
// when missing (every caller adds a field before it can fail), kWrongType otherwise.
OpResult<HashValue*> FindOrCreate(DbAccess& db, std::string_view key) {
  OpResult<HashValue*> h = db.FindValue<HashValue>(key, LookupMode::kWrite);
  if (h.status() == OpStatus::kKeyNotFound) return db.StoreValue(key, new HashValue);
  return h;
}

// ---- HSET, HMSET, HSETNX ---------------------------------------------------------------

// Stores the field, value pairs of args[2..]; returns how many fields were new.
OpResult<int64_t> OpSet(DbAccess& db, CmdArgs args) {
  OpResult<HashValue*> h = FindOrCreate(db, args[1]);
  if (!h.ok()) return h.status();
  const types::EncodingLimits limits = CurrentEncodingLimits();
  int64_t created = 0;
  for (size_t i = 2; i + 1 < args.size(); i += 2) created += (*h)->Set(args[i], args[i + 1], limits);
  db.MarkModified(args[1]);
  return created;
}

void CmdHSet(CmdArgs args, CommandContext& ctx) {
  if (args.size() % 2 == 1) return ctx.rb->SendError(errors::WrongArity(args[0]));
  OpResult<int64_t> res = OpSet(*ctx.db, args);
  if (!res.ok()) return ReplyHashStatus(ctx, res.status());
  ctx.rb->SendLong(*res);
}

void CmdHMSet(CmdArgs args, CommandContext& ctx) {
  if (args.size() % 2 == 1) return ctx.rb->SendError(errors::WrongArity(args[0]));
  OpResult<int64_t> res = OpSet(*ctx.db, args);
  if (!res.ok()) return ReplyHashStatus(ctx, res.status());
  ctx.rb->SendOk();
}

OpResult<bool> OpSetNx(DbAccess& db, std::string_view key, std::string_view field,
                       std::string_view value) {
  OpResult<HashValue*> h = FindOrCreate(db, key);
  if (!h.ok()) return h.status();
  if ((*h)->Contains(field)) return false;
  (*h)->Set(field, value, CurrentEncodingLimits());
  db.MarkModified(key);
  return true;
}

void CmdHSetNx(CmdArgs args, CommandContext& ctx) {
  OpResult<bool> res = OpSetNx(*ctx.db, args[1], args[2], args[3]);
  if (!res.ok()) return ReplyHashStatus(ctx, res.status());
  ctx.rb->SendLong(*res ? 1 : 0);
}

// ---- Reads -------------------------------------------------------------------------------

// The hash at `key` for a read; after a WRONGTYPE reply, or `missing()` when absent,
// returns null.
template <typename Missing>
HashValue* ReadHash(CommandContext& ctx, std::string_view key, Missing&& missing) {
  OpResult<HashValue*> h = ctx.db->FindValue<HashValue>(key, LookupMode::kRead);
  if (h.ok()) return *h;
  if (h.status() == OpStatus::kKeyNotFound) {
    missing();
  } else {
    ReplyHashStatus(ctx, h.status());
  }
  return nullptr;
}

void CmdHGet(CmdArgs args, CommandContext& ctx) {
  HashValue* h = ReadHash(ctx, args[1], [&] { ctx.rb->SendNull(); });
  if (h == nullptr) return;
  HashValue::TextBuf buf;
  if (auto v = h->Get(args[2], buf)) return ctx.rb->SendBulk(*v);
  ctx.rb->SendNull();
}

void CmdHMGet(CmdArgs args, CommandContext& ctx) {
  OpResult<HashValue*> h = ctx.db->FindValue<HashValue>(args[1], LookupMode::kRead);
  if (!h.ok() && h.status() != OpStatus::kKeyNotFound) return ReplyHashStatus(ctx, h.status());
  ctx.rb->SendArrayLen(args.size() - 2);
  HashValue::TextBuf buf;
  for (size_t i = 2; i < args.size(); ++i) {
    auto v = h.ok() ? (*h)->Get(args[i], buf) : std::nullopt;
    if (v) {
      ctx.rb->SendBulk(*v);
    } else {
      ctx.rb->SendNull();
    }
  }
}

enum class Parts { kFields, kValues, kBoth };

// HGETALL (a map in RESP3), HKEYS and HVALS.
void SendAll(CmdArgs args, CommandContext& ctx, Parts parts) {
  auto reply_len = [&](size_t n) {
    if (parts == Parts::kBoth) return ctx.rb->SendMapLen(n);
    ctx.rb->SendArrayLen(n);
  };
  HashValue* h = ReadHash(ctx, args[1], [&] { reply_len(0); });
  if (h == nullptr) return;
  reply_len(h->size());
  h->ForEach([&](std::string_view field, std::string_view value) {
    if (parts != Parts::kValues) ctx.rb->SendBulk(field);
    if (parts != Parts::kFields) ctx.rb->SendBulk(value);
  });
}

void CmdHGetAll(CmdArgs args, CommandContext& ctx) { SendAll(args, ctx, Parts::kBoth); }
void CmdHKeys(CmdArgs args, CommandContext& ctx) { SendAll(args, ctx, Parts::kFields); }
void CmdHVals(CmdArgs args, CommandContext& ctx) { SendAll(args, ctx, Parts::kValues); }

void CmdHLen(CmdArgs args, CommandContext& ctx) {
  HashValue* h = ReadHash(ctx, args[1], [&] { ctx.rb->SendLong(0); });
  if (h != nullptr) ctx.rb->SendLong(static_cast<int64_t>(h->size()));
}

void CmdHExists(CmdArgs args, CommandContext& ctx) {
  HashValue* h = ReadHash(ctx, args[1], [&] { ctx.rb->SendLong(0); });
  if (h != nullptr) ctx.rb->SendLong(h->Contains(args[2]) ? 1 : 0);
}

void CmdHStrLen(CmdArgs args, CommandContext& ctx) {
  HashValue* h = ReadHash(ctx, args[1], [&] { ctx.rb->SendLong(0); });
  if (h == nullptr) return;
  HashValue::TextBuf buf;
  auto v = h->Get(args[2], buf);
  ctx.rb->SendLong(v ? static_cast<int64_t>(v->size()) : 0);
}

// ---- HDEL --------------------------------------------------------------------------------

OpResult<int64_t> OpDel(DbAccess& db, CmdArgs args) {
  OpResult<HashValue*> h = db.FindValue<HashValue>(args[1], LookupMode::kWrite);
  if (h.status() == OpStatus::kKeyNotFound) return int64_t{0};
  if (!h.ok()) return h.status();
  int64_t deleted = 0;
  for (size_t i = 2; i < args.size() && !(*h)->empty(); ++i) deleted += (*h)->Delete(args[i]);
  if (deleted > 0) db.ValueEdited(args[1], (*h)->empty());
  return deleted;
}

void CmdHDel(CmdArgs args, CommandContext& ctx) {
  OpResult<int64_t> res = OpDel(*ctx.db, args);
  if (!res.ok()) return ReplyHashStatus(ctx, res.status());
  ctx.rb->SendLong(*res);
}

// ---- HINCRBY, HINCRBYFLOAT -----------------------------------------------------------------

OpResult<int64_t> OpIncrBy(DbAccess& db, std::string_view key, std::string_view field,
                           int64_t incr) {
  OpResult<HashValue*> h = FindOrCreate(db, key);
  if (!h.ok()) return h.status();
  HashValue::TextBuf buf;
  int64_t value = 0;
  if (auto old = (*h)->Get(field, buf); old && !types::ParseInt64(*old, &value)) {
    return OpStatus::kNotAnInteger;
  }
  if (__builtin_add_overflow(value, incr, &value)) return OpStatus::kOverflow;
  (*h)->Set(field, types::Int64ToChars(value, buf), CurrentEncodingLimits());
  db.MarkModified(key);
  return value;
}

void CmdHIncrBy(CmdArgs args, CommandContext& ctx) {
  int64_t incr = 0;
  if (!types::ParseInt64(args[3], &incr)) return ctx.rb->SendError(errors::kNotInteger);
  OpResult<int64_t> res = OpIncrBy(*ctx.db, args[1], args[2], incr);
  if (!res.ok()) return ReplyHashStatus(ctx, res.status());
  ctx.rb->SendLong(*res);
}

// The new value's text, in INCRBYFLOAT's human-friendly long double format.
OpResult<std::string> OpIncrByFloat(DbAccess& db, std::string_view key, std::string_view field,
                                    long double incr) {
  OpResult<HashValue*> h = FindOrCreate(db, key);
  if (!h.ok()) return h.status();
  HashValue::TextBuf buf;
  long double value = 0;
  if (auto old = (*h)->Get(field, buf); old && !types::ParseLongDouble(*old, &value)) {
    return OpStatus::kNotAFloat;
  }
  value += incr;
  if (std::isnan(value) || std::isinf(value)) return OpStatus::kNanOrInfinity;
  std::string text = types::FormatLongDouble(value, /*human=*/true);
  (*h)->Set(field, text, CurrentEncodingLimits());
  db.MarkModified(key);
  return text;
}

void CmdHIncrByFloat(CmdArgs args, CommandContext& ctx) {
  long double incr = 0;
  if (!types::ParseLongDouble(args[3], &incr)) return ctx.rb->SendError(errors::kNotFloat);
  if (std::isnan(incr) || std::isinf(incr)) return ctx.rb->SendError(errors::kNanOrInfArgument);
  OpResult<std::string> res = OpIncrByFloat(*ctx.db, args[1], args[2], incr);
  if (!res.ok()) return ReplyHashStatus(ctx, res.status());
  ctx.rb->SendBulk(*res);
}

// ---- HRANDFIELD ----------------------------------------------------------------------------

// A hash's pairs for SendRandomPairs (engine/rand_reply.h).
struct RandomFields {
  using Pick = HashValue::Pair;
  const HashValue& h;

  size_t size() const { return h.size(); }
  void Draw(size_t n, std::mt19937_64& rng, std::vector<Pick>* out) const {
    h.RandomPairs(n, rng, out);
  }
  void DrawDistinct(size_t n, std::mt19937_64& rng, std::vector<Pick>* out) const {
    h.RandomDistinctPairs(n, rng, out);
  }
  // The whole hash, in its own order.
  template <typename F>
  void ForEachWhole(F&& f) const {
    h.ForEach([&](std::string_view field, std::string_view value) {
      f(Pick{{false, 0, field}, {false, 0, value}});
    });
  }
  static void Send(protocol::ReplyBuilder* rb, const Pick& p, bool with_value) {
    SendElement(rb, p.field);
    if (with_value) SendElement(rb, p.value);
  }
};

void CmdHRandField(CmdArgs args, CommandContext& ctx) {
  if (args.size() == 2) {
    HashValue* h = ReadHash(ctx, args[1], [&] { ctx.rb->SendNull(); });
    if (h == nullptr) return;
    std::vector<HashValue::Pair> pair;
    h->RandomPairs(1, RandRng(), &pair);
    return SendElement(ctx.rb, pair[0].field);
  }
  RandArgs a;
  if (std::string_view err = ParseRandArgs(args, "withvalues", &a); !err.empty()) {
    return ctx.rb->SendError(err);
  }
  HashValue* h = ReadHash(ctx, args[1], [&] { ctx.rb->SendArrayLen(0); });
  if (h != nullptr) SendRandomPairs(ctx, a, RandomFields{*h});
}

// ---- HSCAN ---------------------------------------------------------------------------------

void CmdHScan(CmdArgs args, CommandContext& ctx) {
  uint64_t cursor = 0;
  if (!ParseScanCursor(args[2], &cursor)) return ctx.rb->SendError(errors::kInvalidCursor);
  // A missing key answers before the options are even parsed, as in Redis.
  HashValue* h = ReadHash(ctx, args[1], [&] {
    ctx.rb->SendArrayLen(2);
    ctx.rb->SendBulk("0");
    ctx.rb->SendArrayLen(0);
  });
  if (h == nullptr) return;
  ScanArgs opts;
  if (std::string err = ParseScanArgs(args, 3, ScanKind::kValue, &opts); !err.empty()) {
    return ctx.rb->SendError(err);
  }
  std::vector<std::string> found;
  const uint64_t next =
      h->Scan(cursor, opts.count, [&](std::string_view field, std::string_view value) {
        if (!opts.Matches(field)) return;
        found.emplace_back(field);
        found.emplace_back(value);
      });
  ctx.rb->SendArrayLen(2);
  ctx.rb->SendBulk(std::to_string(next));
  ctx.rb->SendBulkArray(found);
}

}  // namespace

void RegisterHashFamily(CommandRegistry* r) {
  r->Register("hset", &CmdHSet);
  r->Register("hmset", &CmdHMSet);
  r->Register("hsetnx", &CmdHSetNx);
  r->Register("hget", &CmdHGet);
  r->Register("hmget", &CmdHMGet);
  r->Register("hgetall", &CmdHGetAll);
  r->Register("hkeys", &CmdHKeys);
  r->Register("hvals", &CmdHVals);
  r->Register("hlen", &CmdHLen);
  r->Register("hexists", &CmdHExists);
  r->Register("hstrlen", &CmdHStrLen);
  r->Register("hdel", &CmdHDel);
  r->Register("hincrby", &CmdHIncrBy);
  r->Register("hincrbyfloat", &CmdHIncrByFloat);
  r->Register("hrandfield", &CmdHRandField);
  r->Register("hscan", &CmdHScan);
}

}  // namespace ringdb::engine
