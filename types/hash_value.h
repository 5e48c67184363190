// The value of a hash key. A placeholder until the hash type lands: it holds nothing yet,
// but it already offers what types/object.h needs from every collection value.
#pragma once

#include <cstddef>

#include "types/entry.h"
#include "types/object.h"

namespace ringdb::types {

class HashValue : public KeyspaceAllocated {
 public:
  static constexpr ValueType kType = ValueType::kHash;

  Encoding encoding() const { return Encoding::kListpack; }
  // Heap bytes the value holds beyond the object itself (MEMORY USAGE).
  size_t AllocatedBytes() const { return 0; }
};

}  // namespace ringdb::types
