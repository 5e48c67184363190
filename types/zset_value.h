// The value of a zset key. A placeholder until the zset type lands: it holds nothing yet,
// but it already offers what types/object.h needs from every collection value.
#pragma once

#include <cstddef>

#include "types/entry.h"
#include "types/object.h"

namespace ringdb::types {

class ZSetValue : public KeyspaceAllocated {
 public:
  static constexpr ValueType kType = ValueType::kZSet;

  Encoding encoding() const { return Encoding::kListpack; }
  // Heap bytes the value holds beyond the object itself (MEMORY USAGE).
  size_t AllocatedBytes() const { return 0; }
};

}  // namespace ringdb::types
