// Redis Cluster key -> hash slot mapping.
//
// A key's slot is CRC16 (the XMODEM/CCITT variant Redis Cluster uses: polynomial
// 0x1021, initial value 0, no reflection) of the key, masked to 14 bits. When the key
// holds a hash tag -- the first '{' and the first '}' after it, with at least one byte
// between them -- only the bytes inside the braces are hashed, so related keys can be
// forced into one slot. Pure and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ringdb::types {

inline constexpr uint16_t kSlotCount = 16384;
inline constexpr uint16_t kSlotMask = kSlotCount - 1;

// CRC16-XMODEM of `data` (check value: Crc16("123456789") == 0x31C3).
uint16_t Crc16(std::string_view data);

// The bytes of `key` that decide its slot: the hash tag when there is one, else the key.
std::string_view HashTag(std::string_view key);

// The cluster slot of `key`, in [0, kSlotCount).
uint16_t KeySlot(std::string_view key);

}  // namespace ringdb::types
