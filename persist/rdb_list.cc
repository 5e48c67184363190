#include "persist/rdb_list.h"

#include <cstdlib>

namespace ringdb::persist {

// No list value can exist yet, so nothing can ask to write one.
void AppendRdbList(const types::ListValue&, std::string*) { std::abort(); }

bool IsRdbListType(uint8_t) { return false; }

types::ListValue* ReadRdbList(uint8_t, std::string_view, size_t*, const types::EncodingLimits&) {
  return nullptr;
}

}  // namespace ringdb::persist
