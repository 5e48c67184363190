// Glob-style matching with the exact semantics of Redis 7.0's stringmatchlen(), used by
// KEYS, SCAN MATCH, PSUBSCRIBE, ACL key patterns and CONFIG GET.
//
//   *       any run of bytes          ?       exactly one byte
//   [abc]   one of the listed bytes   [^abc]  any byte not listed
//   [a-z]   a byte range (ends may be given in either order)
//   \x      the byte x literally, inside or outside brackets
//
// Redis quirks reproduced on purpose:
//   - the empty string matches only the empty pattern ("*" does not match "");
//   - an unterminated '[' class runs to the end of the pattern, "[^" matches any byte;
//   - a '\' that ends the pattern (or ends it inside a class) is a literal '\';
//   - "[a-]" is the range 'a'..']' (a '-' second to last always forms a range);
//   - range ends compare as signed chars, so bytes >= 0x80 sort below ASCII;
//   - with `nocase`, only ASCII letters fold, and '\'-escaped bytes inside a class
//     still compare case-sensitively;
//   - a pattern whose 1001st run of '*' is followed by more pattern never matches
//     (Redis's recursion limit against abusive patterns).
//
// Unlike Redis's recursive matcher, this one backtracks iteratively: no recursion, and
// O(pattern * string) time in the worst case. Pure and thread-safe.
#pragma once

#include <string_view>

namespace ringdb::types {

// Redis rejects, as non-matching, patterns needing more nested '*' levels than this.
inline constexpr int kGlobMaxStarNesting = 1000;

// Whether `str` matches the glob `pattern` (see above). Both may hold any bytes.
bool GlobMatch(std::string_view pattern, std::string_view str, bool nocase = false);

}  // namespace ringdb::types
