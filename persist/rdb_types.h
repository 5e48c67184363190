// The RDB type bytes Redis 7.0 writes before each value, in RDB files and DUMP
// payloads. Redis 7.0 writes only the current ones; it still reads the legacy ones
// (older dumps), as ringdb's readers do where noted in their headers.
#pragma once

#include <cstdint>

namespace ringdb::persist::rdb_type {

inline constexpr uint8_t kString = 0;
inline constexpr uint8_t kList = 1;  // legacy: a length and that many strings
inline constexpr uint8_t kSet = 2;
inline constexpr uint8_t kZSet = 3;  // legacy: scores as text
inline constexpr uint8_t kHash = 4;
inline constexpr uint8_t kZSet2 = 5;  // scores as binary doubles
inline constexpr uint8_t kHashZipmap = 9;       // legacy
inline constexpr uint8_t kListZiplist = 10;     // legacy
inline constexpr uint8_t kSetIntset = 11;
inline constexpr uint8_t kZSetZiplist = 12;     // legacy
inline constexpr uint8_t kHashZiplist = 13;     // legacy
inline constexpr uint8_t kListQuicklist = 14;   // legacy: quicklist of ziplists
inline constexpr uint8_t kStreamListpacks = 15;
inline constexpr uint8_t kHashListpack = 16;
inline constexpr uint8_t kZSetListpack = 17;
inline constexpr uint8_t kListQuicklist2 = 18;  // quicklist of listpacks (7.0)
inline constexpr uint8_t kStreamListpacks2 = 19;

}  // namespace ringdb::persist::rdb_type
