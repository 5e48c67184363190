// Allocation for keyspace data and the process's memory accounting: blocks up to
// 256 bytes from slab pools (alloc/slab_pool.h), larger ones from mimalloc, with exact
// counts so that INFO's used_memory reports what the process really takes (usable
// size, not requested size), as Redis's zmalloc does.
//
// Every operator new/delete of the process is counted too (alloc/new_delete.cc), except
// in sanitizer builds, whose runtime owns operator new: there UsedMemory() counts only
// keyspace data. malloc from C libraries (glibc, liburing, libsystemd) is not counted,
// as Redis's zmalloc doesn't count it either; they allocate little that way.
//
// Thread: any. Each thread counts into its own cache line; the totals sum them.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ringdb::alloc {

// Allocates `size` bytes, aligned for any object of that size (blocks up to 1 KiB
// only that much: see alloc/slab_pool.h; larger ones 16-byte aligned). Never null:
// allocation failure aborts, as Redis's zmalloc.
void* Allocate(size_t size);
// Frees memory from Allocate. `p` may come from another thread.
void Free(void* p);
// The usable size of an allocation: what it costs the process.
size_t UsableSize(const void* p);
// The usable size Allocate(size) would give (without allocating).
size_t GoodSize(size_t size);

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define RINGDB_ALLOC_COUNTS_NEW 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer) || \
    __has_feature(memory_sanitizer)
#define RINGDB_ALLOC_COUNTS_NEW 0
#endif
#endif
#ifndef RINGDB_ALLOC_COUNTS_NEW
#define RINGDB_ALLOC_COUNTS_NEW 1
#endif
// Whether UsedMemory() includes operator new (false in sanitizer builds).
inline constexpr bool kCountsOperatorNew = RINGDB_ALLOC_COUNTS_NEW;

// Takes back the keyspace blocks other threads freed into this thread's slab spans,
// so that a thread which stops allocating still returns emptied memory (each loop's
// cron calls it).
void CollectRemoteFrees();

// Bytes the process currently holds on the heap (see above), across all threads.
int64_t UsedMemory();
// The part of UsedMemory() allocated through Allocate: the keyspace.
int64_t KeyspaceMemory();
// The peak of UsedMemory() as observed by calls to UpdatePeak() (INFO and the cron).
int64_t PeakMemory();
void UpdatePeak();

// Remembers UsedMemory() once start-up is complete (INFO used_memory_startup).
void RecordStartupMemory();
int64_t StartupMemory();

// Process resident set size in bytes, from /proc/self/statm (0 if unreadable).
int64_t ResidentSetSize();

}  // namespace ringdb::alloc
