#include "persist/ziplist.h"

#include <array>
#include <cstdint>
#include <string>

#include "persist/byte_order.h"
#include "types/number_format.h"

namespace ringdb::persist {
namespace {

constexpr size_t kHeaderBytes = 10;
constexpr uint8_t kEnd = 0xFF;
constexpr uint8_t kBigPrevlen = 0xFE;
constexpr uint16_t kUnknownCount = 65535;

// One decoded entry: its total size and its value (a string view or an integer).
struct ZipEntry {
  size_t size = 0;
  size_t prevlen = 0;
  bool is_int = false;
  int64_t num = 0;
  std::string_view str;
};

int64_t SignExtend(uint64_t u, int bytes) {
  const int shift = 64 - 8 * bytes;
  return static_cast<int64_t>(u << shift) >> shift;
}

// Decodes the entry at `pos`; false if it does not fit before the terminator.
bool Decode(std::string_view zl, size_t pos, ZipEntry* e) {
  const size_t limit = zl.size() - 1;  // the terminator's position
  auto byte = [&](size_t at) { return static_cast<uint8_t>(zl[at]); };
  size_t p = pos;
  if (p >= limit) return false;
  if (byte(p) == kBigPrevlen) {
    if (limit - p < 5) return false;
    e->prevlen = ReadLittleEndian(zl.substr(p + 1), 4);
    p += 5;
  } else {
    e->prevlen = byte(p);
    p += 1;
  }
  if (p >= limit) return false;
  const uint8_t enc = byte(p);
  size_t header = 1;
  size_t len = 0;
  int int_bytes = 0;
  e->is_int = false;
  switch (enc >> 6) {
    case 0: len = enc & 0x3F; break;
    case 1:
      if (limit - p < 2) return false;
      len = (static_cast<size_t>(enc & 0x3F) << 8) | byte(p + 1);
      header = 2;
      break;
    case 2:
      if (enc != 0x80 || limit - p < 5) return false;
      len = (static_cast<size_t>(byte(p + 1)) << 24) | (static_cast<size_t>(byte(p + 2)) << 16) |
            (static_cast<size_t>(byte(p + 3)) << 8) | byte(p + 4);
      header = 5;
      break;
    default:
      e->is_int = true;
      if (enc == 0xC0) int_bytes = 2;
      else if (enc == 0xD0) int_bytes = 4;
      else if (enc == 0xE0) int_bytes = 8;
      else if (enc == 0xF0) int_bytes = 3;
      else if (enc == 0xFE) int_bytes = 1;
      else if (enc >= 0xF1 && enc <= 0xFD) e->num = (enc & 0x0F) - 1;
      else return false;
      len = static_cast<size_t>(int_bytes);
  }
  if (limit - p < header || limit - p - header < len) return false;
  const size_t data = p + header;
  if (e->is_int) {
    if (int_bytes > 0) e->num = SignExtend(ReadLittleEndian(zl.substr(data), int_bytes), int_bytes);
  } else {
    e->str = zl.substr(data, len);
  }
  e->size = data + len - pos;
  return true;
}

}  // namespace

bool ZiplistToListpack(std::string_view zl, types::Listpack* out) {
  if (zl.size() < kHeaderBytes + 1 || static_cast<uint8_t>(zl.back()) != kEnd) return false;
  if (ReadLittleEndian(zl, 4) != zl.size()) return false;
  const size_t tail = ReadLittleEndian(zl.substr(4), 4);
  const auto count = static_cast<uint16_t>(ReadLittleEndian(zl.substr(8), 2));
  size_t pos = kHeaderBytes;
  size_t last = kHeaderBytes;
  size_t prev_size = 0;
  size_t seen = 0;
  std::array<char, types::kInt64BufSize> buf;
  while (pos < zl.size() - 1) {
    ZipEntry e;
    if (!Decode(zl, pos, &e) || e.prevlen != prev_size) return false;
    if (!types::Listpack::SafeToAdd(out->bytes_size(), e.size + 16)) return false;
    out->Append(e.is_int ? types::Int64ToChars(e.num, buf) : e.str);
    last = pos;
    prev_size = e.size;
    pos += e.size;
    ++seen;
  }
  if (tail != last) return false;
  return count == kUnknownCount || count == seen;
}

}  // namespace ringdb::persist
