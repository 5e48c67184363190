// The value of a list key: a quicklist (types/quicklist.h), the one list encoding of
// Redis 7.0, which reports it as "quicklist" whatever its size.
#pragma once

#include <cstddef>

#include "types/encoding_limits.h"
#include "types/entry.h"
#include "types/object.h"
#include "types/quicklist.h"

namespace ringdb::types {

class ListValue : public KeyspaceAllocated {
 public:
  static constexpr ValueType kType = ValueType::kList;

  // A new empty list takes its node fill and compression depth from `limits` and keeps
  // them for its whole life, as Redis's quicklist does (the defaults are Redis's).
  explicit ListValue(const EncodingLimits& limits = EncodingLimits{})
      : list_(limits.list_max_listpack_size, limits.list_compress_depth) {}

  Encoding encoding() const { return Encoding::kQuicklist; }
  size_t size() const { return list_.size(); }
  bool empty() const { return list_.empty(); }
  // Heap bytes the value holds beyond the object itself (MEMORY USAGE).
  size_t AllocatedBytes() const { return list_.AllocatedBytes(); }

  Quicklist& list() { return list_; }
  const Quicklist& list() const { return list_; }

 private:
  Quicklist list_;
};

}  // namespace ringdb::types
