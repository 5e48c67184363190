// Prefetch for pipelined requests: before a batch of requests that already sit in the
// input buffer runs, find each one's first key, compute its slot and table hash, and
// prefetch the slot's lock line, then the table cell the lookup will start at, then
// the entry that cell points at. With random keys all three miss the cache on every
// command (perf: ~11% of a GET at pipeline 16 stalled on the slot, more on the cell,
// ~10% on the entry's key); issued a batch ahead, the misses overlap instead of
// queueing (bench/pipeline_bench: GET at pipeline 16 ~40% faster with the entry pass).
//
// Nothing is dereferenced without its lock except a table's cell pointer and
// capacity, which are read atomically (KeyTable::PrefetchUnlocked), so this is safe
// against concurrent writers; the entry pass takes each slot's lock with try_lock and
// skips a slot another thread holds. The slots and hashes computed here are handed to the
// dispatcher (HintFor), so each key is still hashed once.
//
// Thread: the connection's I/O thread (owned by its ClientState).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ringdb::engine {

class Keyspace;

class PipelinePrefetcher {
 public:
  static constexpr size_t kMaxAhead = 16;

  struct KeyHint {
    uint16_t slot;
    uint64_t hash;  // types::KeyTable::Hash of the key
  };

  // Scans up to kMaxAhead complete multibulk requests at the start of `input` and
  // prefetches the slots and cells (in database `db`) of their first keys (args[1]:
  // the key of nearly every pipelined command; for the rest the prefetch is merely
  // wasted). Returns the bytes those requests span (0: no complete request there).
  size_t Scan(std::string_view input, Keyspace& keyspace, int db);
  // What Scan computed for this exact argument (same bytes in the input), or null if
  // Scan did not see it.
  const KeyHint* HintFor(std::string_view key);
  // Forgets the hints. REQUIRED before the scanned input's memory is reused: a hint
  // is matched by address, and new bytes at an old address are another key.
  void Clear() { count_ = next_ = 0; }

 private:
  struct Hint {
    const char* key;
    size_t len;
    KeyHint computed;
  };
  std::array<Hint, kMaxAhead> hints_;
  size_t count_ = 0;
  size_t next_ = 0;
};

}  // namespace ringdb::engine
