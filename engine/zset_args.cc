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

std::pair<size_t, size_t> RanksIn(const types::ZSetValue& z, const LexRange& r) {
  const size_t first = r.min_inf ? 0 : z.CountBefore([&](double, std::string_view m) {
    const int c = types::CompareMembers(m, r.min);
    return r.min_ex ? c <= 0 : c < 0;
  });
  const size_t end = r.max_inf ? z.size() : z.CountBefore([&](double, std::string_view m) {
    const int c = types::CompareMembers(m, r.max);
    return r.max_ex ? c < 0 : c <= 0;
  });
  return {first, end > first ? end : first};
}

}  // namespace ringdb::engine::zset
