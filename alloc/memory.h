// Allocation for keyspace data: mimalloc underneath, with exact accounting so that
// INFO's used_memory reports what the data really takes (usable size, not requested
// size).
//
// Thread: any. Each thread counts into its own cache line; UsedMemory() sums them.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ringdb::alloc {

// Allocates `size` bytes (never null: allocation failure aborts, as Redis's zmalloc).
void* Allocate(size_t size);
// Frees memory from Allocate/Reallocate. `p` may come from another thread.
void Free(void* p);
void* Reallocate(void* p, size_t size);
// The usable size of an allocation: what it costs the process.
size_t UsableSize(const void* p);

// Bytes currently allocated through this module, across all threads.
int64_t UsedMemory();
// The peak of UsedMemory() as observed by calls to UpdatePeak() (INFO and the cron).
int64_t PeakMemory();
void UpdatePeak();

// Process resident set size in bytes, from /proc/self/statm (0 if unreadable).
int64_t ResidentSetSize();

}  // namespace ringdb::alloc
