// Set values in RDB's encoding (RDB files and DUMP payloads), byte for byte as Redis
// 7.0 writes them, and read as Redis 7.0 reads them:
//   - RDB_TYPE_SET_INTSET (11): the intset's bytes (types/intset.h) as one RDB string
//     (so LZF-compressed when that pays, as any string);
//   - RDB_TYPE_SET (2): the member count, then each member as an RDB string, in the
//     hashtable's order.
// Redis 7.2's RDB_TYPE_SET_LISTPACK (20) is refused, as Redis 7.0 refuses it.
//
// Loading gives the encoding Redis 7.0 would: an intset blob holding more than
// set-max-intset-entries members becomes a hashtable; a type-2 set becomes an intset
// when it has at most that many members, all integers.
//
// Validation, stricter than Redis's default shallow check and as its deep one: an
// intset must have a valid width, exactly its bytes, at least one member and strictly
// ascending members; a type-2 set must have at least one member and no duplicates.
//
// Pure and thread-safe. The reader takes untrusted bytes: it never reads past the
// input, and it fails on malformed data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "types/encoding_limits.h"
#include "types/set_value.h"

namespace ringdb::persist {

// Appends the RDB type byte Redis 7.0 would write for this value, then its body.
void AppendRdbSet(const types::SetValue& value, std::string* out);

// Whether `rdb_type` (persist/rdb_types.h) is a set encoding this reader loads.
bool IsRdbSetType(uint8_t rdb_type);

// Reads a set body of RDB type `rdb_type` at *pos and advances past it; the value
// takes the encoding Redis 7.0 would give it under `limits`. nullptr on malformed data.
types::SetValue* ReadRdbSet(uint8_t rdb_type, std::string_view in, size_t* pos,
                             const types::EncodingLimits& limits);

}  // namespace ringdb::persist
