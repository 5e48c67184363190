// List values in RDB's encoding (RDB files and DUMP payloads), as Redis 7.0 writes and
// reads them.
//
// Written: RDB_TYPE_LIST_QUICKLIST_2 (18): the node count, then per node its container
// (2: a listpack of elements) and the listpack's bytes as an RDB string (LZF-compressed
// when that saves 4 bytes or more, as with rdbcompression yes; a node Redis keeps
// compressed in memory comes out as the same LZF bytes).
//
// Read: type 18 (container 1, Redis's single-element "plain" node, becomes a node of its
// own; an empty listpack is skipped, as Redis does), type 14 (quicklist of ziplists:
// each ziplist becomes a listpack node) and type 1 (a count and that many strings,
// pushed under the current fill). Nodes of types 18 and 14 keep their layout, as Redis
// appends them as they are. A list with no elements is malformed.
//
// Pure and thread-safe. The reader takes untrusted bytes: it never reads past the
// input, and it fails on malformed data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "types/encoding_limits.h"
#include "types/list_value.h"

namespace ringdb::persist {

// Appends the RDB type byte Redis 7.0 would write for this value, then its body.
void AppendRdbList(const types::ListValue& value, std::string* out);

// Whether `rdb_type` (persist/rdb_types.h) is a list encoding this reader loads.
bool IsRdbListType(uint8_t rdb_type);

// Reads a list body of RDB type `rdb_type` at *pos and advances past it; the list takes
// its fill and compression depth from `limits`. nullptr on malformed data.
types::ListValue* ReadRdbList(uint8_t rdb_type, std::string_view in, size_t* pos,
                              const types::EncodingLimits& limits);

}  // namespace ringdb::persist
