#include "types/glob.h"

#include <cstddef>
#include <utility>

namespace ringdb::types {
namespace {

constexpr size_t kNone = std::string_view::npos;

// ASCII-only folding: Redis runs with the C locale for ctype.
int FoldCase(int c) { return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c; }

// Byte as Redis sees it through a (signed) char.
int AsChar(char c) { return static_cast<signed char>(c); }

bool SameByte(char a, char b, bool nocase) {
  return nocase ? FoldCase(AsChar(a)) == FoldCase(AsChar(b)) : a == b;
}

// Matches `c` against the class whose body starts at *pos (just past the '['), and
// leaves *pos just past the class. The class's extent never depends on `c`.
bool MatchClass(std::string_view pat, size_t* pos, char c, bool nocase) {
  size_t p = *pos;
  const size_t n = pat.size();
  const bool negate = p < n && pat[p] == '^';
  if (negate) ++p;
  bool match = false;
  while (true) {
    if (p < n && pat[p] == '\\' && n - p >= 2) {
      ++p;
      if (pat[p] == c) match = true;  // Escaped bytes never fold case, as in Redis.
    } else if (p < n && pat[p] == ']') {
      break;
    } else if (p >= n) {
      // Unterminated class: it swallows the rest of the pattern.
      *pos = n;
      return negate ? !match : match;
    } else if (n - p >= 3 && pat[p + 1] == '-') {
      int lo = AsChar(pat[p]);
      int hi = AsChar(pat[p + 2]);
      int ch = AsChar(c);
      if (lo > hi) std::swap(lo, hi);
      if (nocase) {
        lo = FoldCase(lo);
        hi = FoldCase(hi);
        ch = FoldCase(ch);
      }
      p += 2;
      if (ch >= lo && ch <= hi) match = true;
    } else if (SameByte(pat[p], c, nocase)) {
      match = true;
    }
    ++p;
  }
  *pos = p + 1;  // Past the ']'.
  return negate ? !match : match;
}

// Matches one non-'*' element at *pos against `c`, advancing *pos past the element.
bool MatchElement(std::string_view pat, size_t* pos, char c, bool nocase) {
  const size_t p = *pos;
  switch (pat[p]) {
    case '?':
      *pos = p + 1;
      return true;
    case '[':
      *pos = p + 1;
      return MatchClass(pat, pos, c, nocase);
    case '\\':
      if (pat.size() - p >= 2) {
        *pos = p + 2;
        return SameByte(pat[p + 1], c, nocase);
      }
      [[fallthrough]];
    default:
      *pos = p + 1;
      return SameByte(pat[p], c, nocase);
  }
}

size_t SkipStars(std::string_view pat, size_t p) {
  while (p < pat.size() && pat[p] == '*') ++p;
  return p;
}

// Redis gives up (no match) on entering the 1001st '*' run that has pattern after it;
// such a run is on every path to a match, so the whole pattern can never match.
bool ExceedsStarNesting(std::string_view pat) {
  int runs = 0;
  size_t p = 0;
  while (p < pat.size()) {
    if (pat[p] == '*') {
      p = SkipStars(pat, p);
      if (++runs > kGlobMaxStarNesting && p < pat.size()) return true;
      continue;
    }
    MatchElement(pat, &p, '\0', false);  // Only to find where the element ends.
  }
  return false;
}

}  // namespace

bool GlobMatch(std::string_view pat, std::string_view str, bool nocase) {
  if (str.empty()) return pat.empty();
  if (ExceedsStarNesting(pat)) return false;
  // Classic wildcard backtracking: every element but '*' consumes exactly one byte,
  // so on a mismatch it suffices to let the most recent '*' swallow one more byte.
  size_t p = 0;
  size_t s = 0;
  size_t star_p = kNone;  // Pattern position just after the latest '*' run.
  size_t star_s = 0;      // Where the bytes after that run currently start.
  while (true) {
    if (s == str.size()) {
      if (SkipStars(pat, p) == pat.size()) return true;
    } else if (p < pat.size() && pat[p] == '*') {
      p = SkipStars(pat, p);
      if (p == pat.size()) return true;
      star_p = p;
      star_s = s;
      continue;
    } else if (p < pat.size()) {
      size_t next = p;
      if (MatchElement(pat, &next, str[s], nocase)) {
        p = next;
        ++s;
        continue;
      }
    }
    // Redis never lets a '*' swallow the final byte when pattern follows it.
    if (star_p == kNone || star_s + 1 >= str.size()) return false;
    p = star_p;
    s = ++star_s;
  }
}

}  // namespace ringdb::types
