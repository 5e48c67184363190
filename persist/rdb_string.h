// Strings in Redis's RDB encoding (the format of RDB files and DUMP payloads), written
// byte for byte as Redis 7.0 writes them:
//   - a canonical decimal integer that fits 32 bits: 0xC0|0xC1|0xC2 and 1, 2 or 4
//     little-endian bytes;
//   - else, with compression on and more than 20 bytes, LZF when it saves at least
//     4 bytes: 0xC3, compressed length, original length, compressed bytes;
//   - else a length and the raw bytes.
// A length is 6 bits in one byte, 14 bits in two (big-endian), or 0x80 / 0x81 and a
// 32- or 64-bit big-endian value.
//
// Pure and thread-safe. Readers never read past the input and fail on malformed data.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ringdb::persist {

void AppendRdbLength(uint64_t len, std::string* out);
void AppendRdbString(std::string_view value, bool compress, std::string* out);

// Reads a plain length at *pos and advances past it.
bool ReadRdbLength(std::string_view in, size_t* pos, uint64_t* len);
// Reads a string in any of the encodings above and advances past it.
bool ReadRdbString(std::string_view in, size_t* pos, std::string* out);

}  // namespace ringdb::persist
