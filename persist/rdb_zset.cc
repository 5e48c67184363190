#include "persist/rdb_zset.h"

#include <cstdlib>

namespace ringdb::persist {

// No zset value can exist yet, so nothing can ask to write one.
void AppendRdbZSet(const types::ZSetValue&, std::string*) { std::abort(); }

bool IsRdbZSetType(uint8_t) { return false; }

types::ZSetValue* ReadRdbZSet(uint8_t, std::string_view, size_t*, const types::EncodingLimits&) {
  return nullptr;
}

}  // namespace ringdb::persist
