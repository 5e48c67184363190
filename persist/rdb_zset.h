// Sorted-set values in RDB's encoding (RDB files and DUMP payloads), as Redis 7.0
// writes and reads them:
//   - type 17 (ZSET_LISTPACK): the listpack block as one RDB string (LZF-compressed as
//     any string), written for listpack-encoded sets;
//   - type 5 (ZSET_2): a length, then per element from the highest to the lowest (so a
//     loader appends at the head) the member as an RDB string and the score as an
//     8-byte little-endian IEEE double, written for skiplist-encoded sets;
//   - type 3 (ZSET, legacy, read only): as type 5, but each score is a length byte and
//     that much "%.17g" text (253 nan, 254 +inf, 255 -inf).
// Reading checks what Redis's deep sanitization checks, always: an empty set, a NaN
// score, a duplicate member, an odd listpack or one out of order are corrupt.
//
// Pure and thread-safe. The reader takes untrusted bytes: it never reads past the
// input, and it fails on malformed data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "types/encoding_limits.h"
#include "types/zset_value.h"

namespace ringdb::persist {

// Appends the RDB type byte Redis 7.0 would write for this value, then its body.
void AppendRdbZSet(const types::ZSetValue& value, std::string* out);

// Whether `rdb_type` (persist/rdb_types.h) is a zset encoding this reader loads.
bool IsRdbZSetType(uint8_t rdb_type);

// Reads a zset body of RDB type `rdb_type` at *pos and advances past it; the value
// takes the encoding Redis 7.0 would give it under `limits`. nullptr on malformed data.
types::ZSetValue* ReadRdbZSet(uint8_t rdb_type, std::string_view in, size_t* pos,
                             const types::EncodingLimits& limits);

}  // namespace ringdb::persist
