// Little-endian integers of 1-8 bytes, as RDB files and DUMP payloads store their
// integer encodings, versions and checksums. Pure and thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ringdb::persist {

inline void AppendLittleEndian(uint64_t v, int bytes, std::string* out) {
  for (int i = 0; i < bytes; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

// REQUIRES: in.size() >= bytes.
inline uint64_t ReadLittleEndian(std::string_view in, int bytes) {
  uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<uint8_t>(in[i]);
  return v;
}

}  // namespace ringdb::persist
