#include "engine/zset_args.h"

#include <cmath>
#include <cstdlib>

namespace ringdb::engine::zset {
namespace {

bool ParseBound(std::string_view s, double* out, bool* exclusive) {
  *exclusive = !s.empty() && s[0] == '(';
  if (*exclusive) s.remove_prefix(1);
  // Redis checks the end of strtod's parse against the string's NUL.
  const std::string text(s);
  char* end = nullptr;
  *out = std::strtod(text.c_str(), &end);
  return *end == '\0' && !std::isnan(*out);
}

bool ParseLexItem(std::string_view s, std::string* out, bool* exclusive, bool* minus,
                  bool* plus) {
  if (s.empty()) return false;
  switch (s[0]) {
    case '+':
      if (s.size() != 1) return false;
      *plus = true;
      return true;
    case '-':
      if (s.size() != 1) return false;
      *minus = true;
      return true;
    case '(':
    case '[':
      *exclusive = s[0] == '(';
      out->assign(s.substr(1));
      return true;
    default:
      return false;
  }
}

}  // namespace

bool ParseScoreRange(std::string_view min, std::string_view max, ScoreRange* out) {
  return ParseBound(min, &out->min, &out->min_ex) && ParseBound(max, &out->max, &out->max_ex);
}

bool ParseLexRange(std::string_view min, std::string_view max, LexRange* out) {
  bool min_plus = false, max_minus = false;
  if (!ParseLexItem(min, &out->min, &out->min_ex, &out->min_inf, &min_plus)) return false;
  if (!ParseLexItem(max, &out->max, &out->max_ex, &max_minus, &out->max_inf)) return false;
  // "+" as min or "-" as max: a range nothing is in.
  if (min_plus || max_minus) {
    out->min_inf = false;
    out->max_inf = false;
    out->min.clear();
    out->max.clear();
    out->min_ex = out->max_ex = true;
  }
  return true;
}

std::pair<size_t, size_t> RanksIn(const types::ZSetValue& z, const ScoreRange& r) {
  const size_t first = z.CountBefore([&](double s, std::string_view) {
    return r.min_ex ? s <= r.min : s < r.min;
  });
  const size_t end = z.CountBefore([&](double s, std::string_view) {
    return r.max_ex ? s < r.max : s <= r.max;
  });
  return {first, end > first ? end : first};
}

namespace {

bool GteMin(const LexRange& r, std::string_view m) {
  if (r.min_inf) return true;
  const int c = types::CompareMembers(m, r.min);
  return r.min_ex ? c > 0 : c >= 0;
}

bool LteMax(const LexRange& r, std::string_view m) {
  if (r.max_inf) return true;
  const int c = types::CompareMembers(m, r.max);
  return r.max_ex ? c < 0 : c <= 0;
}

// Redis's sdscmplex test: min above max, or equal with an exclusive end.
bool NeverInRange(const LexRange& r) {
  if (r.min_inf || r.max_inf) return false;  // "-" and "+" (the reverse pair reads empty)
  const int c = types::CompareMembers(r.min, r.max);
  return c > 0 || (c == 0 && (r.min_ex || r.max_ex));
}

// pred(member at `rank`). REQUIRES: rank < z.size().
template <typename Pred>
bool AtRank(const types::ZSetValue& z, size_t rank, Pred&& pred) {
  bool result = false;
  z.WalkFrom(rank, false, [&](std::string_view m, double) {
    result = pred(m);
    return false;
  });
  return result;
}

// The first rank, walking from the head (or the tail, in reverse), whose member
// satisfies pred; nullopt if none does.
template <typename Pred>
std::optional<size_t> FirstWhere(const types::ZSetValue& z, bool reverse, Pred&& pred) {
  std::optional<size_t> found;
  size_t rank = reverse ? z.size() - 1 : 0;
  z.WalkFrom(rank, reverse, [&](std::string_view m, double) {
    if (pred(m)) {
      found = rank;
      return false;
    }
    rank = reverse ? rank - 1 : rank + 1;
    return true;
  });
  return found;
}

}  // namespace

bool LexWithinFar(const LexRange& r, std::string_view member, bool reverse) {
  return reverse ? GteMin(r, member) : LteMax(r, member);
}

std::optional<size_t> LexStart(const types::ZSetValue& z, const LexRange& r, bool reverse) {
  if (z.empty() || NeverInRange(r)) return std::nullopt;
  // zslIsInLexRange / zzlIsInLexRange: the tail must reach min, the head not pass max.
  const auto gte_min = [&](std::string_view m) { return GteMin(r, m); };
  const auto lte_max = [&](std::string_view m) { return LteMax(r, m); };
  if (!AtRank(z, z.size() - 1, gte_min) || !AtRank(z, 0, lte_max)) return std::nullopt;
  std::optional<size_t> start;
  if (z.encoding() == types::Encoding::kListpack) {
    start = reverse ? FirstWhere(z, true, lte_max) : FirstWhere(z, false, gte_min);
  } else if (reverse) {
    const size_t n = z.CountBefore([&](double, std::string_view m) { return lte_max(m); });
    if (n > 0) start = n - 1;
  } else {
    const size_t n = z.CountBefore([&](double, std::string_view m) { return !gte_min(m); });
    if (n < z.size()) start = n;
  }
  // The element found must be inside the other bound too.
  if (start && !AtRank(z, *start, [&](std::string_view m) {
        return reverse ? gte_min(m) : lte_max(m);
      })) {
    return std::nullopt;
  }
  return start;
}

std::pair<size_t, size_t> RanksIn(const types::ZSetValue& z, const LexRange& r) {
  const std::optional<size_t> start = LexStart(z, r, false);
  if (!start) return {0, 0};
  size_t end = *start;
  z.WalkFrom(*start, false, [&](std::string_view m, double) {
    if (!LteMax(r, m)) return false;
    ++end;
    return true;
  });
  return {*start, end};
}

}  // namespace ringdb::engine::zset
