#include "alloc/memory.h"

#include <mimalloc.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>

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

}  // namespace

void* Allocate(size_t size) {
  void* p = mi_malloc(size);
  if (p == nullptr) OutOfMemory(size);
  Count(kKeyspace, static_cast<int64_t>(mi_usable_size(p)));
  return p;
}

void Free(void* p) {
  if (p == nullptr) return;
  Count(kKeyspace, -static_cast<int64_t>(mi_usable_size(p)));
  mi_free(p);
}

void* Reallocate(void* p, size_t size) {
  int64_t before = p ? static_cast<int64_t>(mi_usable_size(p)) : 0;
  void* q = mi_realloc(p, size);
  if (q == nullptr) OutOfMemory(size);
  Count(kKeyspace, static_cast<int64_t>(mi_usable_size(q)) - before);
  return q;
}

size_t UsableSize(const void* p) { return p ? mi_usable_size(p) : 0; }

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
