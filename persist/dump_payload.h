// DUMP payloads, as Redis 7.0 writes and RESTORE reads them: the value's RDB type
// byte and encoding (persist/rdb_value.h), then the RDB version (2 bytes,
// little-endian) and a CRC-64 of everything before it (8 bytes, little-endian).
//
// Pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "persist/rdb_value.h"
#include "types/encoding_limits.h"
#include "types/entry.h"

namespace ringdb::persist {

// Redis 7.0's RDB_VERSION: payloads from a newer version are refused.
inline constexpr uint16_t kRdbVersion = 10;

// The payload of the entry's value.
std::string DumpValue(const types::Entry& e);

enum class PayloadStatus {
  kOk,
  kVersionOrChecksum,  // Redis: "DUMP payload version or checksum are wrong"
  kBadFormat,          // Redis: "Bad data format"
};

// Checks the footer, then decodes the value into *value (collections in the encodings
// Redis 7.0 would give them under `limits`).
PayloadStatus RestoreValue(std::string_view payload, const types::EncodingLimits& limits,
                           RdbValue* value);

}  // namespace ringdb::persist
