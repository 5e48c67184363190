// Sorted-set algebra: ZUNION, ZINTER, ZDIFF, their STORE forms and ZINTERCARD, as Redis
// 7.0's zunionInterDiffGenericCommand: inputs may be plain sets (each member scored 1);
// errors come in its order (numkeys, then every key's type, then the options); the
// inputs of a union or an intersection are taken smallest first (a stable order, so
// that sums add up as Redis adds them), a weighted score or a sum that is NaN counts as
// 0, and a STORE's result takes the encoding zsetConvertToListpackIfNeeded gives it.
//
// The dispatcher has locked every key's slot (ascending order) for the whole call.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
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
#include "engine/keys_args.h"
#include "engine/zset_args.h"
#include "types/ascii.h"
#include "types/number_format.h"
#include "types/set_value.h"
#include "types/string_map.h"
#include "types/zset_value.h"

namespace ringdb::engine {
namespace {

using types::SetValue;
using types::StringMap;
using types::ZSetValue;

enum class Algebra : uint8_t { kUnion, kInter, kDiff };
// What the command does with the result: reply it, store it, or count it (ZINTERCARD).
enum class Form : uint8_t { kReply, kStore, kCard };
enum class Aggregate : uint8_t { kSum, kMin, kMax };

// One input: a sorted set, a plain set, or neither (a missing key, empty).
struct Source {
  const ZSetValue* zset = nullptr;
  const SetValue* set = nullptr;
  double weight = 1;

  size_t size() const { return zset ? zset->size() : (set ? set->size() : 0); }
  bool SameValue(const Source& other) const {
    return zset == other.zset && set == other.set;
  }
  std::optional<double> Score(std::string_view member) const {
    if (zset) return zset->Score(member);
    if (set && set->Contains(member)) return 1.0;
    return std::nullopt;
  }
  // Calls f(member, score) for each element while f returns true.
  template <typename F>
  void ForEach(F&& f) const {
    if (zset && !zset->empty()) zset->WalkFrom(0, false, f);
    if (set == nullptr) return;
    bool going = true;
    set->ForEach([&](const types::SetMember& m) {
      if (!going) return;  // SetValue::ForEach cannot stop; skip cheaply
      std::array<char, types::kInt64BufSize> buf;
      going = f(m.Text(buf), 1.0);
    });
  }
};

struct AlgebraArgs {
  std::vector<Source> sources;
  Aggregate aggregate = Aggregate::kSum;
  bool with_scores = false;
  int64_t limit = 0;  // ZINTERCARD's LIMIT; 0: none
};

// zunionInterAggregate: a NaN sum (inf + -inf) becomes 0.
void AggregateInto(double* target, double value, Aggregate agg) {
  switch (agg) {
    case Aggregate::kSum:
      *target += value;
      if (std::isnan(*target)) *target = 0;
      return;
    case Aggregate::kMin: *target = value < *target ? value : *target; return;
    case Aggregate::kMax: *target = value > *target ? value : *target; return;
  }
}

double Weighted(const Source& src, double score) {
  const double w = src.weight * score;
  return std::isnan(w) ? 0 : w;
}

std::string_view ScoreBytes(const double& score) {
  return {reinterpret_cast<const char*>(&score), sizeof score};
}

// The sources at `keys`, or kWrongType when one is neither a sorted set nor a set.
OpResult<std::vector<Source>> FindSources(DbAccess& db, CmdArgs keys) {
  OpResult<std::vector<types::Entry*>> entries = db.FindEach(keys, [](types::ValueType t) {
    return t == ZSetValue::kType || t == SetValue::kType;
  });
  if (!entries.ok()) return entries.status();
  std::vector<Source> sources(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    if (types::Entry* e = (*entries)[i]) {
      sources[i].zset = e->value<ZSetValue>();
      sources[i].set = e->value<SetValue>();
    }
  }
  return sources;
}

constexpr keyargs::Option<Aggregate> kAggregates[] = {
    {"sum", Aggregate::kSum}, {"min", Aggregate::kMin}, {"max", Aggregate::kMax}};

// The options after the keys, from args[first] on, each where Redis accepts it. Empty:
// ok.
std::string_view ParseOptions(CmdArgs args, size_t first, Algebra op, Form form,
                              AlgebraArgs* out) {
  const size_t n = out->sources.size();
  const bool scored = op != Algebra::kDiff && form != Form::kCard;
  for (size_t j = first; j < args.size();) {
    const size_t left = args.size() - j;
    std::string_view word = args[j];
    if (scored && left >= n + 1 && types::EqualsNoCase(word, "weights")) {
      for (size_t i = 0; i < n; ++i) {
        if (!types::ParseDouble(args[j + 1 + i], &out->sources[i].weight)) {
          return errors::kZWeightNotFloat;
        }
      }
      j += n + 1;
    } else if (scored && left >= 2 && types::EqualsNoCase(word, "aggregate")) {
      keyargs::ArgReader r(args, j + 1);
      if (!r.NextOption(kAggregates, &out->aggregate)) return errors::kSyntax;
      j += 2;
    } else if (form == Form::kReply && types::EqualsNoCase(word, "withscores")) {
      out->with_scores = true;
      ++j;
    } else if (form == Form::kCard && left >= 2 && types::EqualsNoCase(word, "limit")) {
      if (!types::ParseInt64(args[j + 1], &out->limit) || out->limit < 0) {
        return errors::kLimitNegative;
      }
      j += 2;
    } else {
      return errors::kSyntax;
    }
  }
  return {};
}

// numkeys at args[numkeys_index], the keys after it, then the options. `name` is the
// command's, for the numkeys error. Returns the error to reply, or empty.
std::string Parse(DbAccess& db, CmdArgs args, size_t numkeys_index, Algebra op, Form form,
                  std::string_view name, AlgebraArgs* out) {
  int64_t numkeys = 0;
  if (!types::ParseInt64(args[numkeys_index], &numkeys)) return std::string(errors::kNotInteger);
  if (numkeys < 1) return errors::ZNoInputKeys(name);
  const size_t first = numkeys_index + 1;
  if (static_cast<uint64_t>(numkeys) > args.size() - first) return std::string(errors::kSyntax);
  const auto n = static_cast<size_t>(numkeys);
  OpResult<std::vector<Source>> sources = FindSources(db, args.subspan(first, n));
  if (!sources.ok()) return std::string(errors::StatusMessage(sources.status()));
  out->sources = std::move(*sources);
  return std::string(ParseOptions(args, first + n, op, form, out));
}

void SmallestFirst(std::vector<Source>& sources) {
  std::stable_sort(sources.begin(), sources.end(),
                   [](const Source& a, const Source& b) { return a.size() < b.size(); });
}

// Calls f(member, score) for each member of every source, while f returns true.
// REQUIRES: sources smallest first.
template <typename F>
void ForEachCommon(const std::vector<Source>& src, Aggregate agg, F&& f) {
  if (src[0].size() == 0) return;
  src[0].ForEach([&](std::string_view m, double s) {
    double score = Weighted(src[0], s);
    for (size_t j = 1; j < src.size(); ++j) {
      std::optional<double> v = src[j].Score(m);
      if (!v) return true;
      AggregateInto(&score, *v * src[j].weight, agg);
    }
    return f(m, score);
  });
}

StringMap Inter(std::vector<Source> src, Aggregate agg) {
  SmallestFirst(src);
  StringMap out(sizeof(double));
  ForEachCommon(src, agg, [&](std::string_view m, double score) {
    out.Insert(m, ScoreBytes(score));
    return true;
  });
  return out;
}

StringMap Union(std::vector<Source> src, Aggregate agg) {
  SmallestFirst(src);
  StringMap out(sizeof(double));
  out.Reserve(src.back().size());  // at least as large as the largest input
  for (const Source& s : src) {
    s.ForEach([&](std::string_view m, double score) {
      const double w = Weighted(s, score);
      auto [ref, added] = out.TryInsert(m, ScoreBytes(w));
      if (!added) {
        double cur;
        std::memcpy(&cur, ref.value().data(), sizeof cur);
        AggregateInto(&cur, w, agg);
        std::memcpy(ref.mutable_value(), &cur, sizeof cur);
      }
      return true;
    });
  }
  return out;
}

// Redis's zsetChooseDiffAlgorithm: probing the others for each member of the first
// (charged half, as it stops at the first hit) or adding the first and removing the
// others.
bool ProbeOthers(const std::vector<Source>& src) {
  size_t probe_work = 0, remove_work = 0;
  for (const Source& s : src) {
    probe_work += src[0].size();
    remove_work += s.size();
  }
  return probe_work / 2 <= remove_work;
}

StringMap Diff(std::vector<Source> src) {
  StringMap out(sizeof(double));
  if (src[0].size() == 0) return out;
  // The first input minus itself (a key named twice) is empty.
  for (size_t j = 1; j < src.size(); ++j) {
    if (src[j].SameValue(src[0])) return out;
  }
  if (ProbeOthers(src)) {
    // Largest first: a member in common is found sooner.
    std::stable_sort(src.begin() + 1, src.end(),
                     [](const Source& a, const Source& b) { return a.size() > b.size(); });
    src[0].ForEach([&](std::string_view m, double score) {
      for (size_t j = 1; j < src.size(); ++j) {
        if (src[j].Score(m)) return true;
      }
      out.Insert(m, ScoreBytes(score));
      return true;
    });
    return out;
  }
  src[0].ForEach([&](std::string_view m, double score) {
    out.Insert(m, ScoreBytes(score));
    return true;
  });
  for (size_t j = 1; j < src.size() && !out.empty(); ++j) {
    src[j].ForEach([&](std::string_view m, double) {
      out.Erase(m);
      return !out.empty();
    });
  }
  return out;
}

// The result as member -> score. Member views are copied in: valid after the inputs
// are replaced.
StringMap OpAlgebra(Algebra op, const AlgebraArgs& a) {
  switch (op) {
    case Algebra::kUnion: return Union(a.sources, a.aggregate);
    case Algebra::kInter: return Inter(a.sources, a.aggregate);
    case Algebra::kDiff: return Diff(a.sources);
  }
  return StringMap(sizeof(double));
}

void ReplyAlgebra(CmdArgs args, CommandContext& ctx, Algebra op, std::string_view name) {
  AlgebraArgs a;
  if (std::string err = Parse(*ctx.db, args, 1, op, Form::kReply, name, &a); !err.empty()) {
    return ctx.rb->SendError(err);
  }
  const StringMap result = OpAlgebra(op, a);
  zset::ReplyElements(ctx.rb, ZSetValue::Sorted(result), a.with_scores);
}

void StoreAlgebra(CmdArgs args, CommandContext& ctx, Algebra op, std::string_view name) {
  AlgebraArgs a;
  if (std::string err = Parse(*ctx.db, args, 2, op, Form::kStore, name, &a); !err.empty()) {
    return ctx.rb->SendError(err);
  }
  ZSetValue* result = ZSetValue::FromScores(OpAlgebra(op, a), CurrentEncodingLimits());
  ctx.rb->SendLong(ctx.db->StoreResult(args[1], result));
}

int64_t OpInterCard(std::vector<Source> src, int64_t limit) {
  SmallestFirst(src);
  int64_t n = 0;
  ForEachCommon(src, Aggregate::kSum, [&](std::string_view, double) {
    ++n;
    return limit == 0 || n < limit;
  });
  return n;
}

void CmdZInterCard(CmdArgs args, CommandContext& ctx) {
  AlgebraArgs a;
  if (std::string err = Parse(*ctx.db, args, 1, Algebra::kInter, Form::kCard, "zintercard", &a);
      !err.empty()) {
    return ctx.rb->SendError(err);
  }
  ctx.rb->SendLong(OpInterCard(std::move(a.sources), a.limit));
}

void CmdZUnion(CmdArgs args, CommandContext& ctx) {
  ReplyAlgebra(args, ctx, Algebra::kUnion, "zunion");
}
void CmdZInter(CmdArgs args, CommandContext& ctx) {
  ReplyAlgebra(args, ctx, Algebra::kInter, "zinter");
}
void CmdZDiff(CmdArgs args, CommandContext& ctx) {
  ReplyAlgebra(args, ctx, Algebra::kDiff, "zdiff");
}
void CmdZUnionStore(CmdArgs args, CommandContext& ctx) {
  StoreAlgebra(args, ctx, Algebra::kUnion, "zunionstore");
}
void CmdZInterStore(CmdArgs args, CommandContext& ctx) {
  StoreAlgebra(args, ctx, Algebra::kInter, "zinterstore");
}
void CmdZDiffStore(CmdArgs args, CommandContext& ctx) {
  StoreAlgebra(args, ctx, Algebra::kDiff, "zdiffstore");
}

}  // namespace

void RegisterZSetAlgebraFamily(CommandRegistry* r) {
  r->Register("zunion", &CmdZUnion);
  r->Register("zinter", &CmdZInter);
  r->Register("zdiff", &CmdZDiff);
  r->Register("zunionstore", &CmdZUnionStore);
  r->Register("zinterstore", &CmdZInterStore);
  r->Register("zdiffstore", &CmdZDiffStore);
  r->Register("zintercard", &CmdZInterCard);
}

}  // namespace ringdb::engine
