// The value of a set key. A placeholder until the set type lands: it holds nothing yet,
// but it already offers what types/object.h needs from every collection value.
#pragma once

#include <cstddef>

#include "types/entry.h"
#include "types/object.h"

namespace ringdb::types {

class SetValue : public KeyspaceAllocated {
 public:
  static constexpr ValueType kType = ValueType::kSet;

  Encoding encoding() const { return Encoding::kIntset; }
  // Heap bytes the value holds beyond the object itself (MEMORY USAGE).
  size_t AllocatedBytes() const { return 0; }
};

}  // namespace ringdb::types
