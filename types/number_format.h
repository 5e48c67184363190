// Number <-> string conversions with Redis 7.0's exact acceptance rules and output
// formats (util.c string2ll / string2ld / string2d / ld2string / d2string). Commands
// must use these, not strtoll/printf, so that edge cases ("-0", " 1", "1e400", "nan")
// are accepted, rejected and printed exactly as Redis does. Pure and thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ringdb::types {

// Redis's LONG_STR_SIZE: the longest int64 text ("-9223372036854775808") plus one.
inline constexpr size_t kInt64BufSize = 21;
// Redis's MAX_LONG_DOUBLE_CHARS: long-double text at least this long is rejected.
inline constexpr size_t kMaxLongDoubleChars = 5 * 1024;
// Enough for any FormatDouble output ("-2.2250738585072014e-308" is 24 bytes).
inline constexpr size_t kDoubleBufSize = 32;

// string2ll: optional '-', then "0" or a digit 1-9 followed by digits; nothing else
// (no spaces, no '+', no leading zeros, no "-0"), at most 20 bytes, no overflow.
bool ParseInt64(std::string_view s, int64_t* out);

// Whether Redis's tryObjectEncoding would store this string value with the "int"
// encoding (len <= 20 and string2l accepts it); the value goes to *out if non-null.
bool IsIntEncodable(std::string_view s, int64_t* out);

// string2ld (INCRBYFLOAT, HINCRBYFLOAT): strtold over the whole of `s`, which must be
// non-empty, shorter than kMaxLongDoubleChars, not start with a space, and not parse
// to nan or overflow to +-inf / underflow to 0 ("inf" itself is accepted).
bool ParseLongDouble(std::string_view s, long double* out);

// string2d (getDoubleFromObject: ZADD scores, INCRBYFLOAT-free double args): strtod
// over the whole of `s`, with the same rejections as ParseLongDouble but no length cap.
bool ParseDouble(std::string_view s, double* out);

// ld2string. human = true (LD_STR_HUMAN, INCRBYFLOAT's reply and stored value):
// "%.17Lf" with trailing zeros and then a trailing '.' removed, "-0" printed as "0".
// human = false (LD_STR_AUTO): "%.17Lg". Infinities print as "inf" / "-inf".
std::string FormatLongDouble(long double v, bool human);

// addReplyDouble (ZSCORE of a skiplist zset, ZINCRBY, GEODIST...): "%.17g", with
// "inf", "-inf", "nan" (never "-nan"); negative zero prints as "-0".
// Writes no NUL; returns the length written. REQUIRES: len >= kDoubleBufSize.
size_t FormatDouble(double v, char* buf, size_t len);
std::string FormatDouble(double v);

// d2string, the form Redis 7.0 stores doubles in as text (listpack zset scores):
// as FormatDouble, except that negative zero prints as "0" (Redis 7.0.15 answers
// ZSCORE "0" for a -0 score in a listpack zset but "-0" in a skiplist one).
std::string D2String(double v);

// Fast decimal text of `v` (std::to_chars), viewing into `buf`.
std::string_view Int64ToChars(int64_t v, std::array<char, kInt64BufSize>& buf);

}  // namespace ringdb::types
