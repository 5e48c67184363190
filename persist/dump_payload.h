// DUMP payloads, as Redis 7.0 writes and RESTORE reads them: the value's RDB type
// byte and encoding, then the RDB version (2 bytes, little-endian) and a CRC-64 of
// everything before it (8 bytes, little-endian).
//
// Only strings exist in ringdb so far; a payload of another type reads as malformed.
// Pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ringdb::persist {

// Redis 7.0's RDB_VERSION: payloads from a newer version are refused.
inline constexpr uint16_t kRdbVersion = 10;

// The payload of a string value (compressed as Redis does with rdbcompression yes).
std::string DumpString(std::string_view value);

enum class PayloadStatus {
  kOk,
  kVersionOrChecksum,  // Redis: "DUMP payload version or checksum are wrong"
  kBadFormat,          // Redis: "Bad data format"
};

// Checks the footer, then decodes a string value into *value.
PayloadStatus RestoreString(std::string_view payload, std::string* value);

}  // namespace ringdb::persist
