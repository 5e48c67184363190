// Redis's legacy ziplist, read only: RDB files and DUMP payloads from before Redis 7.0
// hold list nodes (RDB_TYPE_LIST_QUICKLIST, 14) as ziplists, which Redis 7.0 converts
// to listpacks on load. ringdb never writes one.
//
// Format (integers little-endian unless noted):
//   [u32 total bytes][u32 offset of the last entry][u16 count][entry]...[0xFF]
// The count is exact below 65535 (65535: walk to count). Each entry is
// [prevlen][encoding][data]: prevlen is the previous entry's size (0 for the first) in
// one byte if below 254, else 0xFE and a u32. The encoding's first byte:
//   00xxxxxx            string of up to 63 bytes
//   01xxxxxx yyyyyyyy   string of up to 16383 bytes (14-bit length, big-endian)
//   10000000 <u32 BE>   string with a 32-bit length
//   0xC0 / 0xD0 / 0xE0  16 / 32 / 64-bit signed int in the next 2 / 4 / 8 bytes
//   0xF0                24-bit signed int;  0xFE  8-bit signed int
//   0xF1..0xFD          the integers 0..12, in the byte itself
//
// Pure and thread-safe. Takes untrusted bytes: never reads past them.
#pragma once

#include <string_view>

#include "types/listpack.h"

namespace ringdb::persist {

// The elements of ziplist `zl` appended to *out in order (as text, so they take the
// listpack encodings Redis's conversion gives them). False, with *out in an unspecified
// state, unless every header field, entry and prevlen is consistent and within `zl`.
bool ZiplistToListpack(std::string_view zl, types::Listpack* out);

}  // namespace ringdb::persist
