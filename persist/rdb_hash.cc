#include "persist/rdb_hash.h"

#include <cstdlib>

namespace ringdb::persist {

// No hash value can exist yet, so nothing can ask to write one.
void AppendRdbHash(const types::HashValue&, std::string*) { std::abort(); }

bool IsRdbHashType(uint8_t) { return false; }

types::HashValue* ReadRdbHash(uint8_t, std::string_view, size_t*, const types::EncodingLimits&) {
  return nullptr;
}

}  // namespace ringdb::persist
