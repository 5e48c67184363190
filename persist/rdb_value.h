// Any value in RDB's object encoding: its type byte, then its body in that type's
// encoding (persist/rdb_string.h, rdb_list.h, rdb_hash.h, rdb_set.h, rdb_zset.h). The
// one place that maps type bytes to readers and value types to writers, shared by
// DUMP/RESTORE and, later, RDB snapshots.
//
// Pure and thread-safe. The reader takes untrusted bytes: it never reads past the
// input, and it fails on malformed data.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "types/encoding_limits.h"
#include "types/entry.h"

namespace ringdb::persist {

// A value read from RDB: a string, or an object of `type` that it owns until taken.
class RdbValue {
 public:
  RdbValue() = default;
  ~RdbValue();
  RdbValue(const RdbValue&) = delete;
  RdbValue& operator=(const RdbValue&) = delete;

  types::ValueType type() const { return type_; }
  // REQUIRES: type() is kString.
  const std::string& str() const { return str_; }
  // A new entry holding the value (taken from here), under `key`.
  types::Entry* TakeEntry(std::string_view key, int64_t expire_ms);

 private:
  friend bool ReadRdbValue(std::string_view, size_t*, const types::EncodingLimits&, RdbValue*);
  void Reset();

  types::ValueType type_ = types::ValueType::kString;
  std::string str_;
  void* object_ = nullptr;  // owned; non-null for every type but kString
};

// Appends the entry's value: type byte and body, as Redis 7.0 writes them (strings
// compressed as with rdbcompression yes).
void AppendRdbValue(const types::Entry& e, std::string* out);

// Reads a type byte and its body at *pos, advancing past them. Collections take the
// encodings Redis 7.0 would give them under `limits`. False on malformed data or an
// unknown type byte; *out is then empty.
bool ReadRdbValue(std::string_view in, size_t* pos, const types::EncodingLimits& limits,
                  RdbValue* out);

}  // namespace ringdb::persist
