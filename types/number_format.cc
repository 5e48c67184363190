#include "types/number_format.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace ringdb::types {
namespace {

// Redis calls isspace() under the C locale.
bool IsCSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

// The rejections string2ld and string2d share once strtod/strtold has run.
template <typename Float>
bool AcceptParsed(Float value, size_t consumed, size_t len, int err) {
  if (consumed != len) return false;  // Trailing junk, or an embedded NUL.
  if (err == ERANGE && (std::isinf(value) || value == 0)) return false;
  if (err == EINVAL) return false;
  return !std::isnan(value);
}

}  // namespace

bool ParseInt64(std::string_view s, int64_t* out) {
  if (s.empty() || s.size() >= kInt64BufSize) return false;
  if (s.size() == 1 && s[0] == '0') {
    if (out != nullptr) *out = 0;
    return true;
  }
  size_t i = 0;
  const bool negative = s[0] == '-';
  if (negative && ++i == s.size()) return false;
  // The first digit must be 1-9: this rules out "01" and "-0".
  if (s[i] < '1' || s[i] > '9') return false;
  uint64_t v = 0;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    const uint64_t digit = static_cast<uint64_t>(s[i] - '0');
    if (v > (UINT64_MAX - digit) / 10) return false;
    v = v * 10 + digit;
  }
  const uint64_t limit = negative ? uint64_t{1} << 63 : uint64_t{INT64_MAX};
  if (v > limit) return false;
  if (out != nullptr) *out = negative ? static_cast<int64_t>(0 - v) : static_cast<int64_t>(v);
  return true;
}

bool IsIntEncodable(std::string_view s, int64_t* out) {
  // tryObjectEncoding requires len <= 20; ParseInt64 already enforces it.
  return ParseInt64(s, out);
}

bool ParseLongDouble(std::string_view s, long double* out) {
  if (s.empty() || s.size() >= kMaxLongDoubleChars || IsCSpace(s[0])) return false;
  char buf[kMaxLongDoubleChars];
  std::memcpy(buf, s.data(), s.size());
  buf[s.size()] = '\0';
  char* end = nullptr;
  errno = 0;
  const long double value = std::strtold(buf, &end);
  if (!AcceptParsed(value, static_cast<size_t>(end - buf), s.size(), errno)) return false;
  if (out != nullptr) *out = value;
  return true;
}

bool ParseDouble(std::string_view s, double* out) {
  if (s.empty() || IsCSpace(s[0])) return false;
  // strtod needs a NUL-terminated copy; avoid the heap for the common short case.
  char small[128];
  std::string large;
  const char* text = small;
  if (s.size() < sizeof(small)) {
    std::memcpy(small, s.data(), s.size());
    small[s.size()] = '\0';
  } else {
    large.assign(s);
    text = large.c_str();
  }
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(text, &end);
  if (!AcceptParsed(value, static_cast<size_t>(end - text), s.size(), errno)) return false;
  if (out != nullptr) *out = value;
  return true;
}

std::string FormatLongDouble(long double v, bool human) {
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  char buf[kMaxLongDoubleChars];
  int written = std::snprintf(buf, sizeof(buf), human ? "%.17Lf" : "%.17Lg", v);
  // Redis returns an empty string when the text does not fit; it always fits in
  // practice (the largest finite long double needs ~4950 bytes in %f form).
  if (written < 0 || static_cast<size_t>(written) >= sizeof(buf)) return std::string();
  std::string_view text(buf, static_cast<size_t>(written));
  if (!human) return std::string(text);
  if (text.find('.') != std::string_view::npos) {
    while (text.back() == '0') text.remove_suffix(1);
    if (text.back() == '.') text.remove_suffix(1);
  }
  if (text == "-0") return "0";
  return std::string(text);
}

size_t FormatDouble(double v, char* buf, size_t len) {
  std::string_view special;
  if (std::isnan(v)) {
    special = "nan";
  } else if (std::isinf(v)) {
    special = v > 0 ? "inf" : "-inf";
  }
  if (!special.empty()) {
    std::memcpy(buf, special.data(), special.size());
    return special.size();
  }
  // to_chars with a precision is specified to print exactly as printf("%.17g").
  std::to_chars_result res = std::to_chars(buf, buf + len, v, std::chars_format::general, 17);
  return static_cast<size_t>(res.ptr - buf);
}

std::string FormatDouble(double v) {
  char buf[kDoubleBufSize];
  return std::string(buf, FormatDouble(v, buf, sizeof(buf)));
}

std::string D2String(double v) {
  // Redis prints integral doubles through its integer formatter, which loses the sign
  // of zero; everything else matches the reply form.
  if (v == 0) return "0";
  return FormatDouble(v);
}

std::string_view Int64ToChars(int64_t v, std::array<char, kInt64BufSize>& buf) {
  std::to_chars_result res = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  return std::string_view(buf.data(), static_cast<size_t>(res.ptr - buf.data()));
}

}  // namespace ringdb::types
