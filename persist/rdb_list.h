// List values in RDB's encoding (RDB files and DUMP payloads), as Redis 7.0 writes and
// reads them. A placeholder until the list type lands: it reads nothing yet.
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

// Reads a list body of RDB type `rdb_type` at *pos and advances past it; the value
// takes the encoding Redis 7.0 would give it under `limits`. nullptr on malformed data.
types::ListValue* ReadRdbList(uint8_t rdb_type, std::string_view in, size_t* pos,
                             const types::EncodingLimits& limits);

}  // namespace ringdb::persist
