// The thresholds at which collection values change encoding (Redis's
// hash-max-listpack-entries and the rest). The engine reads them from config
// (engine::CurrentEncodingLimits) and passes them in: types/ reads no config.
#pragma once

#include <cstdint>

namespace ringdb::types {

// Defaults are Redis 7.0's.
struct EncodingLimits {
  int64_t hash_max_listpack_entries = 512;
  int64_t hash_max_listpack_value = 64;
  // > 0: elements per quicklist node; -1..-5: node bytes of 4, 8, 16, 32, 64 KiB.
  int64_t list_max_listpack_size = -2;
  int64_t list_compress_depth = 0;
  int64_t set_max_intset_entries = 512;
  int64_t zset_max_listpack_entries = 128;
  int64_t zset_max_listpack_value = 64;
};

}  // namespace ringdb::types
