// Sorted-set range commands: ZRANGE (BYSCORE, BYLEX, REV, LIMIT, WITHSCORES), its older
// forms ZREVRANGE, Z[REV]RANGEBYSCORE, Z[REV]RANGEBYLEX, ZRANGESTORE, and
// ZREMRANGEBYRANK / SCORE / LEX. Parsed as Redis 7.0's zrangeGenericCommand, with its
// errors in its order. Registered by RegisterZSetFamily.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/command.h"
#include "engine/command_families.h"
#include "engine/command_registry.h"
#include "engine/config.h"
#include "engine/db_access.h"
#include "engine/errors.h"
#include "engine/zset_args.h"
#include "types/ascii.h"
#include "types/number_format.h"
#include "types/zset_value.h"

namespace ringdb::engine {
namespace {

using types::ZSetValue;
using zset::Element;

enum class RangeBy { kAuto, kRank, kScore, kLex };

struct RangeSpec {
  RangeBy by = RangeBy::kAuto;
  bool reverse = false;
  bool reverse_fixed = false;  // the command's name fixed the direction
  bool with_scores = false;
  int64_t offset = 0;
  int64_t limit = -1;
  int64_t start = 0, end = 0;
  zset::ScoreRange scores;
  zset::LexRange lex;
};

// Parses args[key_index + 1 ..] (min, max, options). Empty: ok.
std::string_view ParseRange(CmdArgs args, size_t key_index, bool store, RangeSpec* s) {
  const bool by_fixed = s->by != RangeBy::kAuto;
  for (size_t j = key_index + 3; j < args.size(); ++j) {
    const size_t left = args.size() - j - 1;
    std::string_view a = args[j];
    if (!store && types::EqualsNoCase(a, "withscores")) {
      s->with_scores = true;
    } else if (types::EqualsNoCase(a, "limit") && left >= 2) {
      if (!types::ParseInt64(args[j + 1], &s->offset) ||
          !types::ParseInt64(args[j + 2], &s->limit)) {
        return errors::kNotInteger;
      }
      j += 2;
    } else if (!s->reverse_fixed && !s->reverse && types::EqualsNoCase(a, "rev")) {
      s->reverse = true;
    } else if (!by_fixed && s->by == RangeBy::kAuto && types::EqualsNoCase(a, "bylex")) {
      s->by = RangeBy::kLex;
    } else if (!by_fixed && s->by == RangeBy::kAuto && types::EqualsNoCase(a, "byscore")) {
      s->by = RangeBy::kScore;
    } else {
      return errors::kSyntax;
    }
  }
  if (s->by == RangeBy::kAuto) s->by = RangeBy::kRank;
  if (s->limit != -1 && s->by == RangeBy::kRank) return errors::kZRangeLimitByRank;
  if (s->with_scores && s->by == RangeBy::kLex) return errors::kZRangeWithScoresByLex;
  std::string_view min = args[key_index + 1];
  std::string_view max = args[key_index + 2];
  if (s->reverse && s->by != RangeBy::kRank) std::swap(min, max);
  switch (s->by) {
    case RangeBy::kAuto:
    case RangeBy::kRank:
      if (!types::ParseInt64(min, &s->start) || !types::ParseInt64(max, &s->end)) {
        return errors::kNotInteger;
      }
      break;
    case RangeBy::kScore:
      if (!zset::ParseScoreRange(min, max, &s->scores)) return errors::kZMinMaxNotFloat;
      break;
    case RangeBy::kLex:
      if (!zset::ParseLexRange(min, max, &s->lex)) return errors::kZMinMaxNotLex;
      break;
  }
  return {};
}

// Redis's rank sanitising: the ranks [first, end) of start..stop, empty when out of range.
std::pair<size_t, size_t> RankWindow(size_t size, int64_t start, int64_t stop) {
  const auto len = static_cast<int64_t>(size);
  if (start < 0) start += len;
  if (stop < 0) stop += len;
  if (start < 0) start = 0;
  if (start > stop || start >= len) return {0, 0};
  if (stop >= len) stop = len - 1;
  return {static_cast<size_t>(start), static_cast<size_t>(stop) + 1};
}

// Copies up to `limit` (< 0: all) elements of ranks [first, end) after skipping
// `offset`, from the head, or from the tail when `reverse`.
std::vector<Element> Collect(const ZSetValue& z, size_t first, size_t end, bool reverse,
                             int64_t offset, int64_t limit) {
  std::vector<Element> out;
  if (offset < 0 || end <= first || static_cast<uint64_t>(offset) >= end - first) return out;
  size_t n = end - first - static_cast<size_t>(offset);
  if (limit >= 0 && static_cast<uint64_t>(limit) < n) n = static_cast<size_t>(limit);
  if (n == 0) return out;
  out.reserve(n);
  const size_t from = reverse ? end - 1 - offset : first + offset;
  z.WalkFrom(from, reverse, [&](std::string_view m, double s) {
    out.push_back({std::string(m), s});
    return out.size() < n;
  });
  return out;
}

// Redis's lex walk (zset_args.h): LIMIT's offset skips elements without checking them.
std::vector<Element> CollectLex(const ZSetValue& z, const RangeSpec& s) {
  std::vector<Element> out;
  const std::optional<size_t> start = zset::LexStart(z, s.lex, s.reverse);
  if (!start || s.offset < 0 || s.limit == 0) return out;
  int64_t skip = s.offset;
  z.WalkFrom(*start, s.reverse, [&](std::string_view m, double score) {
    if (skip > 0) {
      --skip;
      return true;
    }
    if (!zset::LexWithinFar(s.lex, m, s.reverse)) return false;
    out.push_back({std::string(m), score});
    return s.limit < 0 || out.size() < static_cast<uint64_t>(s.limit);
  });
  return out;
}

std::vector<Element> Select(const ZSetValue& z, const RangeSpec& s) {
  switch (s.by) {
    case RangeBy::kAuto:
    case RangeBy::kRank: {
      auto [first, end] = RankWindow(z.size(), s.start, s.end);
      if (s.reverse) {
        return Collect(z, z.size() - end, z.size() - first, true, 0, -1);
      }
      return Collect(z, first, end, false, 0, -1);
    }
    case RangeBy::kScore: {
      auto [first, end] = zset::RanksIn(z, s.scores);
      return Collect(z, first, end, s.reverse, s.offset, s.limit);
    }
    case RangeBy::kLex:
      return CollectLex(z, s);
  }
  return {};
}

void ReplyRange(CmdArgs args, CommandContext& ctx, RangeSpec spec) {
  if (std::string_view err = ParseRange(args, 1, false, &spec); !err.empty()) {
    return ctx.rb->SendError(err);
  }
  OpResult<ZSetValue*> z = ctx.db->FindValue<ZSetValue>(args[1], LookupMode::kRead);
  if (z.status() == OpStatus::kKeyNotFound) return ctx.rb->SendArrayLen(0);
  if (!z.ok()) return ctx.rb->SendError(errors::StatusMessage(z.status()));
  zset::ReplyElements(ctx.rb, Select(**z, spec), spec.with_scores);
}

RangeSpec Fixed(RangeBy by, bool reverse) {
  RangeSpec s;
  s.by = by;
  s.reverse = reverse;
  s.reverse_fixed = true;
  return s;
}

void CmdZRange(CmdArgs args, CommandContext& ctx) { ReplyRange(args, ctx, RangeSpec{}); }
void CmdZRevRange(CmdArgs args, CommandContext& ctx) {
  ReplyRange(args, ctx, Fixed(RangeBy::kRank, true));
}
void CmdZRangeByScore(CmdArgs args, CommandContext& ctx) {
  ReplyRange(args, ctx, Fixed(RangeBy::kScore, false));
}
void CmdZRevRangeByScore(CmdArgs args, CommandContext& ctx) {
  ReplyRange(args, ctx, Fixed(RangeBy::kScore, true));
}
void CmdZRangeByLex(CmdArgs args, CommandContext& ctx) {
  ReplyRange(args, ctx, Fixed(RangeBy::kLex, false));
}
void CmdZRevRangeByLex(CmdArgs args, CommandContext& ctx) {
  ReplyRange(args, ctx, Fixed(RangeBy::kLex, true));
}

// ZRANGESTORE dst src min max ...: the number of elements stored; an empty result
// deletes dst.
OpResult<int64_t> OpZRangeStore(DbAccess& db, std::string_view dst, std::string_view src,
                                const RangeSpec& spec) {
  OpResult<ZSetValue*> z = db.FindValue<ZSetValue>(src, LookupMode::kRead);
  if (z.status() == OpStatus::kWrongType) return z.status();
  std::vector<Element> elements;
  if (z.ok()) elements = Select(**z, spec);
  if (elements.empty()) {
    db.Delete(dst);
    return int64_t{0};
  }
  const types::EncodingLimits limits = CurrentEncodingLimits();
  auto* out = new ZSetValue(0, limits);
  for (const Element& e : elements) {
    double ignored;
    (void)out->Add(e.score, e.member, types::ZAddFlags{}, limits, &ignored);
  }
  db.StoreValue(dst, out);
  return static_cast<int64_t>(elements.size());
}

void CmdZRangeStore(CmdArgs args, CommandContext& ctx) {
  RangeSpec spec;
  if (std::string_view err = ParseRange(args, 2, true, &spec); !err.empty()) {
    return ctx.rb->SendError(err);
  }
  OpResult<int64_t> res = OpZRangeStore(*ctx.db, args[1], args[2], spec);
  if (!res.ok()) return ctx.rb->SendError(errors::StatusMessage(res.status()));
  ctx.rb->SendLong(*res);
}

// ---- ZREMRANGEBY* ----

template <typename Window>
void ReplyRemoveRange(CmdArgs args, CommandContext& ctx, Window&& window) {
  OpResult<ZSetValue*> z = ctx.db->FindValue<ZSetValue>(args[1]);
  if (z.status() == OpStatus::kKeyNotFound) return ctx.rb->SendLong(0);
  if (!z.ok()) return ctx.rb->SendError(errors::StatusMessage(z.status()));
  auto [first, end] = window(**z);
  if (end > first) {
    (*z)->RemoveRanks(first, end - first);
    ctx.db->ValueEdited(args[1], (*z)->empty());
  }
  ctx.rb->SendLong(static_cast<int64_t>(end - first));
}

void CmdZRemRangeByRank(CmdArgs args, CommandContext& ctx) {
  int64_t start = 0, stop = 0;
  if (!types::ParseInt64(args[2], &start) || !types::ParseInt64(args[3], &stop)) {
    return ctx.rb->SendError(errors::kNotInteger);
  }
  ReplyRemoveRange(args, ctx, [&](const ZSetValue& z) { return RankWindow(z.size(), start, stop); });
}

void CmdZRemRangeByScore(CmdArgs args, CommandContext& ctx) {
  zset::ScoreRange range;
  if (!zset::ParseScoreRange(args[2], args[3], &range)) {
    return ctx.rb->SendError(errors::kZMinMaxNotFloat);
  }
  ReplyRemoveRange(args, ctx, [&](const ZSetValue& z) { return zset::RanksIn(z, range); });
}

void CmdZRemRangeByLex(CmdArgs args, CommandContext& ctx) {
  zset::LexRange range;
  if (!zset::ParseLexRange(args[2], args[3], &range)) {
    return ctx.rb->SendError(errors::kZMinMaxNotLex);
  }
  ReplyRemoveRange(args, ctx, [&](const ZSetValue& z) { return zset::RanksIn(z, range); });
}

}  // namespace

void RegisterZSetRangeFamily(CommandRegistry* r) {
  r->Register("zrange", &CmdZRange);
  r->Register("zrevrange", &CmdZRevRange);
  r->Register("zrangebyscore", &CmdZRangeByScore);
  r->Register("zrevrangebyscore", &CmdZRevRangeByScore);
  r->Register("zrangebylex", &CmdZRangeByLex);
  r->Register("zrevrangebylex", &CmdZRevRangeByLex);
  r->Register("zrangestore", &CmdZRangeStore);
  r->Register("zremrangebyrank", &CmdZRemRangeByRank);
  r->Register("zremrangebyscore", &CmdZRemRangeByScore);
  r->Register("zremrangebylex", &CmdZRemRangeByLex);
}

}  // namespace ringdb::engine
