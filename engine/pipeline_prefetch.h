// Prefetch for pipelined requests: before a batch of requests that already sit in the
// input buffer runs, find each one's first key, compute its slot and prefetch the
// slot's lock line. With random keys the slot array (16384 slots) misses the cache on
// every command, and taking the lock stalled on that miss (perf: ~11% of a GET at
// pipeline 16); issued a batch ahead, the misses overlap instead of queueing.
//
// Only addresses are computed ahead (no slot or table is read without its lock), so
// this is safe against concurrent writers. The slots computed here are handed to the
// dispatcher (SlotOf), so each key is still hashed once.
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

  // Scans up to kMaxAhead complete multibulk requests at the start of `input` and
  // prefetches the slots of their first keys (args[1]: the key of nearly every
  // pipelined command; for the rest the prefetch is merely wasted). Returns the bytes
  // those requests span (0: no complete request there).
  size_t Scan(std::string_view input, Keyspace& keyspace);
  // The slot computed by Scan for this exact argument (same bytes in the input), or
  // -1 if Scan did not see it.
  int SlotOf(std::string_view key);
  // Forgets the hints. REQUIRED before the scanned input's memory is reused: a hint
  // is matched by address, and new bytes at an old address are another key.
  void Clear() { count_ = next_ = 0; }

 private:
  struct Hint {
    const char* key;
    size_t len;
    uint16_t slot;
  };
  std::array<Hint, kMaxAhead> hints_;
  size_t count_ = 0;
  size_t next_ = 0;
};

}  // namespace ringdb::engine
