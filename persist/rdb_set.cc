#include "persist/rdb_set.h"

#include <cstdlib>

namespace ringdb::persist {

// No set value can exist yet, so nothing can ask to write one.
void AppendRdbSet(const types::SetValue&, std::string*) { std::abort(); }

bool IsRdbSetType(uint8_t) { return false; }

types::SetValue* ReadRdbSet(uint8_t, std::string_view, size_t*, const types::EncodingLimits&) {
  return nullptr;
}

}  // namespace ringdb::persist
