// Sorted-set commands on single members and counts: ZADD, ZINCRBY, ZCARD, ZSCORE,
// ZMSCORE, ZREM, ZRANK, ZREVRANK, ZCOUNT, ZLEXCOUNT, and the sampling reads ZRANDMEMBER
// and ZSCAN. Ranges live in
// zset_range_family.cc, pops in zset_pop_family.cc, the algebra in
// zset_algebra_family.cc; all are registered here.
#include <array>
#include <optional>
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
#include "engine/zset_args.h"
#include "types/ascii.h"
#include "types/number_format.h"
#include "types/zset_value.h"

namespace ringdb::engine {
namespace {

using types::ZSetValue;

// ---- ZADD / ZINCRBY ----

struct ZAddArgs {
  types::ZAddFlags flags;
  bool ch = false;
  std::vector<double> scores;
  std::vector<std::string_view> members;
};

struct ZAddCounts {
  int64_t added = 0;
  int64_t updated = 0;
  int64_t processed = 0;
  double score = 0;  // the last processed member's score (INCR's reply)
};

// zaddGenericCommand's parse, with its errors in its order. Empty: ok.
std::string_view ParseZAdd(CmdArgs args, bool incr, ZAddArgs* out) {
  size_t i = 2;
  out->flags.incr = incr;
  for (; i < args.size(); ++i) {
    std::string_view opt = args[i];
    if (types::EqualsNoCase(opt, "nx")) out->flags.nx = true;
    else if (types::EqualsNoCase(opt, "xx")) out->flags.xx = true;
    else if (types::EqualsNoCase(opt, "ch")) out->ch = true;
    else if (types::EqualsNoCase(opt, "incr")) out->flags.incr = true;
    else if (types::EqualsNoCase(opt, "gt")) out->flags.gt = true;
    else if (types::EqualsNoCase(opt, "lt")) out->flags.lt = true;
    else break;
  }
  const size_t rest = args.size() - i;
  if (rest == 0 || rest % 2 != 0) return errors::kSyntax;
  const types::ZAddFlags& f = out->flags;
  if (f.nx && f.xx) return errors::kZAddXxAndNx;
  if ((f.gt && f.nx) || (f.lt && f.nx) || (f.gt && f.lt)) return errors::kZAddGtLtNx;
  if (f.incr && rest > 2) return errors::kZAddIncrPair;
  for (size_t j = i; j < args.size(); j += 2) {
    double score = 0;
    if (!types::ParseDouble(args[j], &score)) return errors::kNotFloat;
    out->scores.push_back(score);
    out->members.push_back(args[j + 1]);
  }
  return {};
}

OpResult<ZAddCounts> OpZAdd(DbAccess& db, std::string_view key, const ZAddArgs& a) {
  OpResult<ZSetValue*> found = db.FindValue<ZSetValue>(key);
  if (found.status() == OpStatus::kWrongType) return OpStatus::kWrongType;
  ZAddCounts counts;
  const types::EncodingLimits limits = CurrentEncodingLimits();
  ZSetValue* z = found.ok() ? *found : nullptr;
  if (z == nullptr) {
    if (a.flags.xx) return counts;
    z = db.StoreValue(key, new ZSetValue(a.members[0].size(), limits));
  }
  bool nan = false;
  for (size_t i = 0; i < a.members.size() && !nan; ++i) {
    double score = 0;
    switch (z->Add(a.scores[i], a.members[i], a.flags, limits, &score)) {
      case types::ZAddResult::kAdded: ++counts.added; break;
      case types::ZAddResult::kUpdated: ++counts.updated; break;
      case types::ZAddResult::kUnchanged: break;
      case types::ZAddResult::kSkipped: continue;
      case types::ZAddResult::kNaN: nan = true; continue;
    }
    ++counts.processed;
    counts.score = score;
  }
  if (counts.added + counts.updated > 0 || z->empty()) db.ValueEdited(key, z->empty());
  if (nan) return OpStatus::kNanOrInfinity;
  return counts;
}

void ReplyZAdd(CmdArgs args, CommandContext& ctx, bool incr) {
  ZAddArgs a;
  if (std::string_view err = ParseZAdd(args, incr, &a); !err.empty()) {
    return ctx.rb->SendError(err);
  }
  OpResult<ZAddCounts> res = OpZAdd(*ctx.db, args[1], a);
  if (res.status() == OpStatus::kNanOrInfinity) return ctx.rb->SendError(errors::kZScoreNaN);
  if (!res.ok()) return ReplyStatus(ctx, res.status());
  if (a.flags.incr) {
    if (res->processed == 0) return ctx.rb->SendNull();
    return ctx.rb->SendDouble(res->score);
  }
  ctx.rb->SendLong(a.ch ? res->added + res->updated : res->added);
}

void CmdZAdd(CmdArgs args, CommandContext& ctx) { ReplyZAdd(args, ctx, false); }
void CmdZIncrBy(CmdArgs args, CommandContext& ctx) { ReplyZAdd(args, ctx, true); }

// ---- Reads ----

// The set at `key` for reading: null when missing; replies WRONGTYPE and returns
// false when of another type.
bool FindZSet(CommandContext& ctx, std::string_view key, const ZSetValue** out) {
  OpResult<ZSetValue*> z = ctx.db->FindValue<ZSetValue>(key, LookupMode::kRead);
  *out = z.ok() ? *z : nullptr;
  if (z.status() == OpStatus::kWrongType) {
    ReplyStatus(ctx, z.status());
    return false;
  }
  return true;
}

void CmdZCard(CmdArgs args, CommandContext& ctx) {
  const ZSetValue* z;
  if (!FindZSet(ctx, args[1], &z)) return;
  ctx.rb->SendLong(z ? static_cast<int64_t>(z->size()) : 0);
}

void CmdZScore(CmdArgs args, CommandContext& ctx) {
  const ZSetValue* z;
  if (!FindZSet(ctx, args[1], &z)) return;
  std::optional<double> s = z ? z->Score(args[2]) : std::nullopt;
  if (!s) return ctx.rb->SendNull();
  ctx.rb->SendDouble(*s);
}

void CmdZMScore(CmdArgs args, CommandContext& ctx) {
  const ZSetValue* z;
  if (!FindZSet(ctx, args[1], &z)) return;
  ctx.rb->SendArrayLen(args.size() - 2);
  for (size_t i = 2; i < args.size(); ++i) {
    std::optional<double> s = z ? z->Score(args[i]) : std::nullopt;
    if (s) {
      ctx.rb->SendDouble(*s);
    } else {
      ctx.rb->SendNull();
    }
  }
}

void ReplyRank(CmdArgs args, CommandContext& ctx, bool reverse) {
  const ZSetValue* z;
  if (!FindZSet(ctx, args[1], &z)) return;
  std::optional<size_t> rank = z ? z->Rank(args[2]) : std::nullopt;
  if (!rank) return ctx.rb->SendNull();
  ctx.rb->SendLong(static_cast<int64_t>(reverse ? z->size() - 1 - *rank : *rank));
}

void CmdZRank(CmdArgs args, CommandContext& ctx) { ReplyRank(args, ctx, false); }
void CmdZRevRank(CmdArgs args, CommandContext& ctx) { ReplyRank(args, ctx, true); }

void CmdZCount(CmdArgs args, CommandContext& ctx) {
  zset::ScoreRange range;
  if (!zset::ParseScoreRange(args[2], args[3], &range)) {
    return ctx.rb->SendError(errors::kZMinMaxNotFloat);
  }
  const ZSetValue* z;
  if (!FindZSet(ctx, args[1], &z)) return;
  if (z == nullptr) return ctx.rb->SendLong(0);
  auto [first, end] = zset::RanksIn(*z, range);
  ctx.rb->SendLong(static_cast<int64_t>(end - first));
}

void CmdZLexCount(CmdArgs args, CommandContext& ctx) {
  zset::LexRange range;
  if (!zset::ParseLexRange(args[2], args[3], &range)) {
    return ctx.rb->SendError(errors::kZMinMaxNotLex);
  }
  const ZSetValue* z;
  if (!FindZSet(ctx, args[1], &z)) return;
  if (z == nullptr) return ctx.rb->SendLong(0);
  auto [first, end] = zset::RanksIn(*z, range);
  ctx.rb->SendLong(static_cast<int64_t>(end - first));
}

// ---- ZREM ----

OpResult<int64_t> OpZRem(DbAccess& db, std::string_view key, CmdArgs members) {
  OpResult<ZSetValue*> z = db.FindValue<ZSetValue>(key);
  if (z.status() == OpStatus::kKeyNotFound) return int64_t{0};
  if (!z.ok()) return z.status();
  int64_t removed = 0;
  for (std::string_view m : members) {
    if ((*z)->Remove(m)) ++removed;
    if ((*z)->empty()) break;
  }
  if (removed > 0) db.ValueEdited(key, (*z)->empty());
  return removed;
}

void CmdZRem(CmdArgs args, CommandContext& ctx) {
  OpResult<int64_t> res = OpZRem(*ctx.db, args[1], args.subspan(2));
  if (!res.ok()) return ReplyStatus(ctx, res.status());
  ctx.rb->SendLong(*res);
}

// ---- ZRANDMEMBER ----

void SendMember(protocol::ReplyBuilder* rb, const types::ListpackElement& m) {
  std::array<char, types::kInt64BufSize> buf;
  rb->SendBulk(m.ToText(buf));
}

// A sorted set's elements for SendRandomPairs (engine/rand_reply.h).
struct RandomMembers {
  using Pick = types::DrawnMember;
  const ZSetValue& z;

  size_t size() const { return z.size(); }
  void Draw(size_t n, std::mt19937_64& rng, std::vector<Pick>* out) const {
    z.RandomMembers(n, rng, out);
  }
  void DrawDistinct(size_t n, std::mt19937_64& rng, std::vector<Pick>* out) const {
    z.RandomDistinctMembers(n, rng, out);
  }
  // The whole set, highest rank first, as Redis 7.0 replies it.
  template <typename F>
  void ForEachWhole(F&& f) const {
    z.WalkFrom(z.size() - 1, true, [&](std::string_view m, double s) {
      f(Pick{{false, 0, m}, s});
      return true;
    });
  }
  static void Send(protocol::ReplyBuilder* rb, const Pick& p, bool with_score) {
    SendMember(rb, p.member);
    if (with_score) rb->SendDouble(p.score);
  }
};

void CmdZRandMember(CmdArgs args, CommandContext& ctx) {
  const ZSetValue* z;
  if (args.size() == 2) {
    if (!FindZSet(ctx, args[1], &z)) return;
    if (z == nullptr) return ctx.rb->SendNull();
    std::vector<types::DrawnMember> one;
    z->RandomMembers(1, RandRng(), &one);
    return SendMember(ctx.rb, one[0].member);
  }
  RandArgs a;
  if (std::string_view err = ParseRandArgs(args, "withscores", &a); !err.empty()) {
    return ctx.rb->SendError(err);
  }
  if (!FindZSet(ctx, args[1], &z)) return;
  if (z == nullptr) return ctx.rb->SendArrayLen(0);
  SendRandomPairs(ctx, a, RandomMembers{*z});
}

// ---- ZSCAN ----

void CmdZScan(CmdArgs args, CommandContext& ctx) {
  uint64_t cursor = 0;
  if (!ParseScanCursor(args[2], &cursor)) return ctx.rb->SendError(errors::kInvalidCursor);
  const ZSetValue* z;
  if (!FindZSet(ctx, args[1], &z)) return;
  // A missing key answers an empty scan before the options are even parsed, as Redis.
  ScanArgs opts;
  if (z != nullptr) {
    if (std::string err = ParseScanArgs(args, 3, ScanKind::kValue, &opts); !err.empty()) {
      return ctx.rb->SendError(err);
    }
  }
  std::vector<std::string> found;
  uint64_t next = 0;
  if (z != nullptr) {
    next = z->Scan(cursor, opts.count, [&](std::string_view member, std::string_view score) {
      if (!opts.Matches(member)) return;
      found.emplace_back(member);
      found.emplace_back(score);
    });
  }
  ctx.rb->SendArrayLen(2);
  ctx.rb->SendBulk(std::to_string(next));
  ctx.rb->SendBulkArray(found);
}

}  // namespace

void RegisterZSetFamily(CommandRegistry* r) {
  r->Register("zadd", &CmdZAdd);
  r->Register("zincrby", &CmdZIncrBy);
  r->Register("zcard", &CmdZCard);
  r->Register("zscore", &CmdZScore);
  r->Register("zmscore", &CmdZMScore);
  r->Register("zrank", &CmdZRank);
  r->Register("zrevrank", &CmdZRevRank);
  r->Register("zcount", &CmdZCount);
  r->Register("zlexcount", &CmdZLexCount);
  r->Register("zrem", &CmdZRem);
  r->Register("zrandmember", &CmdZRandMember);
  r->Register("zscan", &CmdZScan);
  RegisterZSetRangeFamily(r);
  RegisterZSetPopFamily(r);
  RegisterZSetAlgebraFamily(r);
}

}  // namespace ringdb::engine
