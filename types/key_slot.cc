#include "types/key_slot.h"

#include <array>

namespace ringdb::types {
namespace {

// Built at compile time from the polynomial so the tables cannot drift from it.
// kCrc16[0] is the classic byte table; kCrc16[k] is kCrc16[0] advanced through k
// more zero bytes, so four input bytes fold in with four independent lookups
// (slicing-by-4) instead of a serial chain of four.
using Crc16Table = std::array<uint16_t, 256>;

constexpr std::array<Crc16Table, 4> MakeCrc16Tables() {
  std::array<Crc16Table, 4> t{};
  for (unsigned byte = 0; byte < 256; ++byte) {
    uint16_t crc = static_cast<uint16_t>(byte << 8);
    for (int bit = 0; bit < 8; ++bit) {
      crc = (crc & 0x8000) ? static_cast<uint16_t>((crc << 1) ^ 0x1021)
                           : static_cast<uint16_t>(crc << 1);
    }
    t[0][byte] = crc;
  }
  for (size_t k = 1; k < t.size(); ++k) {
    for (unsigned byte = 0; byte < 256; ++byte) {
      const uint16_t prev = t[k - 1][byte];
      t[k][byte] = static_cast<uint16_t>((prev << 8) ^ t[0][prev >> 8]);
    }
  }
  return t;
}

constexpr std::array<Crc16Table, 4> kCrc16 = MakeCrc16Tables();

}  // namespace

uint16_t Crc16(std::string_view data) {
  uint16_t crc = 0;
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  size_t n = data.size();
  // Four bytes b0..b3 after crc c: the CRC of (c ^ b0:b1) followed by b2, b3, which
  // by linearity is the XOR of each byte's table advanced by the bytes after it.
  for (; n >= 4; p += 4, n -= 4) {
    crc = static_cast<uint16_t>(kCrc16[3][(crc >> 8) ^ p[0]] ^ kCrc16[2][(crc & 0xFF) ^ p[1]] ^
                                kCrc16[1][p[2]] ^ kCrc16[0][p[3]]);
  }
  for (; n > 0; ++p, --n) {
    crc = static_cast<uint16_t>((crc << 8) ^ kCrc16[0][((crc >> 8) ^ *p) & 0xFF]);
  }
  return crc;
}

std::string_view HashTag(std::string_view key) {
  size_t open = key.find('{');
  if (open == std::string_view::npos) return key;
  size_t close = key.find('}', open + 1);
  // "{}" (nothing inside) or no closing brace: the whole key decides the slot.
  if (close == std::string_view::npos || close == open + 1) return key;
  return key.substr(open + 1, close - open - 1);
}

uint16_t KeySlot(std::string_view key) { return Crc16(HashTag(key)) & kSlotMask; }

}  // namespace ringdb::types
