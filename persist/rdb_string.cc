#include "persist/rdb_string.h"

#include <lzf.h>

#include <charconv>
#include <cstring>
#include <limits>
#include <memory>

#include "persist/byte_order.h"

namespace ringdb::persist {
namespace {

// The two top bits of a length's first byte.
constexpr uint8_t kLen6 = 0, kLen14 = 1, kLenEncoded = 3;
constexpr uint8_t kLen32 = 0x80, kLen64 = 0x81;
// Special encodings (first byte 0b11xxxxxx).
constexpr uint8_t kEncInt8 = 0, kEncInt16 = 1, kEncInt32 = 2, kEncLzf = 3;
// Redis compresses only strings longer than this, and only when LZF saves 4 bytes.
constexpr size_t kMinCompressLen = 20;
constexpr size_t kMinCompressSaving = 4;
// The most output per input byte LZF can give (a 3-byte back-reference of 264 bytes).
constexpr uint64_t kMaxLzfRatio = 88;
// Longest decimal form of a 32-bit integer ("-2147483648").
constexpr size_t kMaxInt32Chars = 11;

// Redis's rdbTryIntegerEncoding: only the canonical decimal form of a 32-bit value.
bool AppendIfInt32(std::string_view value, std::string* out) {
  if (value.empty() || value.size() > kMaxInt32Chars) return false;
  int64_t v = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (ec != std::errc() || end != value.data() + value.size()) return false;
  char canonical[24];
  auto [cend, cec] = std::to_chars(canonical, canonical + sizeof canonical, v);
  if (std::string_view(canonical, cend - canonical) != value) return false;  // "+1", "01"
  auto marker = [](uint8_t enc) { return static_cast<char>((kLenEncoded << 6) | enc); };
  if (v >= std::numeric_limits<int8_t>::min() && v <= std::numeric_limits<int8_t>::max()) {
    out->push_back(marker(kEncInt8));
    AppendLittleEndian(static_cast<uint64_t>(v), 1, out);
  } else if (v >= std::numeric_limits<int16_t>::min() &&
             v <= std::numeric_limits<int16_t>::max()) {
    out->push_back(marker(kEncInt16));
    AppendLittleEndian(static_cast<uint64_t>(v), 2, out);
  } else if (v >= std::numeric_limits<int32_t>::min() &&
             v <= std::numeric_limits<int32_t>::max()) {
    out->push_back(marker(kEncInt32));
    AppendLittleEndian(static_cast<uint64_t>(v), 4, out);
  } else {
    return false;
  }
  return true;
}

bool AppendIfCompressed(std::string_view value, std::string* out) {
  if (value.size() <= kMinCompressLen) return false;
  std::string compressed(value.size() - kMinCompressSaving, '\0');
  const unsigned n = lzf_compress(value.data(), static_cast<unsigned>(value.size()),
                                  compressed.data(), static_cast<unsigned>(compressed.size()));
  if (n == 0) return false;  // did not fit: not worth it
  out->push_back(static_cast<char>((kLenEncoded << 6) | kEncLzf));
  AppendRdbLength(n, out);
  AppendRdbLength(value.size(), out);
  out->append(compressed.data(), n);
  return true;
}

bool ReadByte(std::string_view in, size_t* pos, uint8_t* b) {
  if (*pos >= in.size()) return false;
  *b = static_cast<uint8_t>(in[(*pos)++]);
  return true;
}

bool ReadBigEndian(std::string_view in, size_t* pos, int bytes, uint64_t* v) {
  if (in.size() - *pos < static_cast<size_t>(bytes)) return false;
  *v = 0;
  for (int i = 0; i < bytes; ++i) *v = (*v << 8) | static_cast<uint8_t>(in[(*pos)++]);
  return true;
}

// A length, or (when *encoded) the special encoding number in *len.
bool ReadLengthOrEncoding(std::string_view in, size_t* pos, uint64_t* len, bool* encoded) {
  uint8_t first;
  if (!ReadByte(in, pos, &first)) return false;
  *encoded = false;
  switch (first >> 6) {
    case kLen6:
      *len = first & 0x3F;
      return true;
    case kLen14: {
      uint8_t second;
      if (!ReadByte(in, pos, &second)) return false;
      *len = (static_cast<uint64_t>(first & 0x3F) << 8) | second;
      return true;
    }
    case kLenEncoded:
      *encoded = true;
      *len = first & 0x3F;
      return true;
    default:
      if (first == kLen32) return ReadBigEndian(in, pos, 4, len);
      if (first == kLen64) return ReadBigEndian(in, pos, 8, len);
      return false;
  }
}

bool ReadInt(std::string_view in, size_t* pos, int bytes, std::string* out) {
  if (in.size() - *pos < static_cast<size_t>(bytes)) return false;
  const uint64_t u = ReadLittleEndian(in.substr(*pos), bytes);
  *pos += bytes;
  // Sign-extend from the encoded width.
  const int shift = 64 - 8 * bytes;
  const int64_t v = static_cast<int64_t>(u << shift) >> shift;
  *out = std::to_string(v);
  return true;
}

bool ReadLzf(std::string_view in, size_t* pos, std::string* out) {
  uint64_t clen, len;
  if (!ReadRdbLength(in, pos, &clen) || !ReadRdbLength(in, pos, &len)) return false;
  // The claimed length comes from the client: one LZF instruction of at most 3 bytes
  // yields at most 264, so more than that ratio cannot be genuine, and the buffer is
  // left uninitialized (untouched pages) until the data has proved to fill it.
  if (clen > in.size() - *pos || len == 0 || len > clen * kMaxLzfRatio ||
      len > std::numeric_limits<unsigned>::max()) {
    return false;
  }
  auto buf = std::make_unique_for_overwrite<char[]>(len);
  const unsigned n = lzf_decompress(in.data() + *pos, static_cast<unsigned>(clen), buf.get(),
                                    static_cast<unsigned>(len));
  if (n != len) return false;
  out->assign(buf.get(), len);
  *pos += clen;
  return true;
}

}  // namespace

void AppendRdbLength(uint64_t len, std::string* out) {
  if (len < (1 << 6)) {
    out->push_back(static_cast<char>(len));
  } else if (len < (1 << 14)) {
    out->push_back(static_cast<char>((kLen14 << 6) | (len >> 8)));
    out->push_back(static_cast<char>(len & 0xFF));
  } else {
    const bool wide = len > std::numeric_limits<uint32_t>::max();
    out->push_back(static_cast<char>(wide ? kLen64 : kLen32));
    for (int i = wide ? 7 : 3; i >= 0; --i) out->push_back(static_cast<char>((len >> (8 * i)) & 0xFF));
  }
}

void AppendRdbString(std::string_view value, bool compress, std::string* out) {
  if (AppendIfInt32(value, out)) return;
  if (compress && AppendIfCompressed(value, out)) return;
  AppendRdbLength(value.size(), out);
  out->append(value);
}

bool ReadRdbLength(std::string_view in, size_t* pos, uint64_t* len) {
  bool encoded;
  return ReadLengthOrEncoding(in, pos, len, &encoded) && !encoded;
}

bool ReadRdbString(std::string_view in, size_t* pos, std::string* out) {
  uint64_t len;
  bool encoded;
  if (!ReadLengthOrEncoding(in, pos, &len, &encoded)) return false;
  if (encoded) {
    switch (len) {
      case kEncInt8: return ReadInt(in, pos, 1, out);
      case kEncInt16: return ReadInt(in, pos, 2, out);
      case kEncInt32: return ReadInt(in, pos, 4, out);
      case kEncLzf: return ReadLzf(in, pos, out);
      default: return false;
    }
  }
  if (len > in.size() - *pos) return false;
  out->assign(in.substr(*pos, len));
  *pos += len;
  return true;
}

}  // namespace ringdb::persist
