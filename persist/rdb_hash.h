// Hash values in RDB's encoding (RDB files and DUMP payloads), as Redis 7.0 writes and
// reads them.
//
// Written (rdbSaveObject):
//   listpack   type 16 (RDB_TYPE_HASH_LISTPACK), then the listpack's bytes as one RDB
//              string (persist/rdb_string.h: LZF-compressed when that pays).
//   hashtable  type 4 (RDB_TYPE_HASH), the number of fields as an RDB length, then each
//              field and its value as RDB strings, in the map's order (Redis writes its
//              dict's order: the same bytes for a one-field hash, a different order
//              than Redis's for more).
// Read: types 16 and 4. Every check Redis's deep sanitization makes is always made: a
// listpack must pass Listpack::FromBytes, hold an even, non-zero number of elements and
// no field twice (compared as text); type 4 must have a non-zero count, every string
// well formed, and no field twice. An empty hash is malformed, as RESTORE says in Redis.
//
// Encoding after a read, as Redis's loader gives it under `limits`: a type-16 listpack
// stays a listpack unless it holds more pairs than hash-max-listpack-entries (its
// elements' lengths are not checked, as in Redis); a type-4 hash is built as HSET
// would build it.
//
// Pure and thread-safe. The reader takes untrusted bytes: it never reads past the
// input, and it fails on malformed data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "types/encoding_limits.h"
#include "types/hash_value.h"

namespace ringdb::persist {

// Appends the RDB type byte Redis 7.0 would write for this value, then its body.
void AppendRdbHash(const types::HashValue& value, std::string* out);

// Whether `rdb_type` (persist/rdb_types.h) is a hash encoding this reader loads.
bool IsRdbHashType(uint8_t rdb_type);

// Reads a hash body of RDB type `rdb_type` at *pos and advances past it; the value
// takes the encoding Redis 7.0 would give it under `limits`. nullptr on malformed data.
types::HashValue* ReadRdbHash(uint8_t rdb_type, std::string_view in, size_t* pos,
                             const types::EncodingLimits& limits);

}  // namespace ringdb::persist
