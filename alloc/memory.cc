#include "alloc/memory.h"

#include <mimalloc.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>

#include "alloc/slab_pool.h"
#include "alloc/thread_counters.h"

namespace ringdb::alloc {
namespace {

using internal::Count;
using internal::kKeyspace;

std::atomic<int64_t> peak{0};

[[noreturn]] void OutOfMemory(size_t size) {
  std::fprintf(stderr, "ringdb: out of memory allocating %zu bytes\n", size);
  std::abort();
}

// Constant-initialized (no allocation, no first-use guard; the span map is zero
// pages until touched) and never destroyed: threads may still free blocks while the
// process exits.
union NeverDestroyed {
  constexpr NeverDestroyed() : pool() {}
  ~NeverDestroyed() {}
  SlabPool pool;
};
constinit NeverDestroyed keyspace_slab;

SlabPool& KeyspaceSlab() { return keyspace_slab.pool; }

constinit thread_local SlabPool::Heap* tls_heap = nullptr;
// Set once the thread's exit has released its heap: later allocations (from
// other thread_local destructors) go to mimalloc.
constinit thread_local bool heap_released = false;

struct ReleaseHeapAtExit {
  ~ReleaseHeapAtExit() {
    KeyspaceSlab().ReleaseHeap(tls_heap);
    tls_heap = nullptr;
    heap_released = true;
  }
};

SlabPool::Heap* ThreadHeap() {
  if (tls_heap != nullptr) [[likely]]
    return tls_heap;
  if (heap_released) return nullptr;
  tls_heap = KeyspaceSlab().AcquireHeap();
  // Constructed here, so its destructor is registered once the heap is owned.
  thread_local ReleaseHeapAtExit release_at_exit;
  return tls_heap;
}

}  // namespace

void* Allocate(size_t size) {
  if (size <= SlabPool::kMaxBlock) {
    if (SlabPool::Heap* heap = ThreadHeap()) [[likely]] {
      void* p = KeyspaceSlab().Allocate(heap, size == 0 ? 1 : size);
      Count(kKeyspace, static_cast<int64_t>(SlabPool::BlockSize(p)));
      return p;
    }
  }
  void* p = mi_malloc(size);
  if (p == nullptr) OutOfMemory(size);
  Count(kKeyspace, static_cast<int64_t>(mi_usable_size(p)));
  return p;
}

void Free(void* p) {
  if (p == nullptr) return;
  SlabPool& slab = KeyspaceSlab();
  if (slab.Owns(p)) {
    Count(kKeyspace, -static_cast<int64_t>(SlabPool::BlockSize(p)));
    slab.Free(tls_heap, p);
    return;
  }
  Count(kKeyspace, -static_cast<int64_t>(mi_usable_size(p)));
  mi_free(p);
}

size_t UsableSize(const void* p) {
  if (p == nullptr) return 0;
  return KeyspaceSlab().Owns(p) ? SlabPool::BlockSize(p) : mi_usable_size(p);
}

size_t GoodSize(size_t size) {
  if (size <= SlabPool::kMaxBlock) {
    return SlabClassSize(SlabClassOf(std::max<size_t>(size, 1)));
  }
  return mi_good_size(size);
}

void CollectRemoteFrees() {
  if (tls_heap != nullptr) KeyspaceSlab().Collect(tls_heap);
}

int64_t UsedMemory() { return internal::Sum(kKeyspace) + internal::Sum(internal::kOther); }

int64_t KeyspaceMemory() { return internal::Sum(kKeyspace); }

void UpdatePeak() {
  int64_t used = UsedMemory();
  int64_t old = peak.load(std::memory_order_relaxed);
  while (used > old && !peak.compare_exchange_weak(old, used)) {
  }
}

namespace {
std::atomic<int64_t> startup{0};
}

void RecordStartupMemory() { startup.store(UsedMemory(), std::memory_order_relaxed); }

int64_t StartupMemory() { return startup.load(std::memory_order_relaxed); }

int64_t PeakMemory() {
  UpdatePeak();
  return peak.load(std::memory_order_relaxed);
}

int64_t ResidentSetSize() {
  FILE* f = std::fopen("/proc/self/statm", "r");
  if (f == nullptr) return 0;
  long pages_total = 0, pages_resident = 0;
  int n = std::fscanf(f, "%ld %ld", &pages_total, &pages_resident);
  std::fclose(f);
  if (n != 2) return 0;
  return static_cast<int64_t>(pages_resident) * sysconf(_SC_PAGESIZE);
}

}  // namespace ringdb::alloc
