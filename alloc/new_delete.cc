// The process's global operator new and delete, every form: mimalloc underneath, each
// block counted at its usable size, so that UsedMemory() covers connection and reply
// buffers, parser state and tables, not only keyspace data.
//
// Compiled out in sanitizer builds (see RINGDB_ALLOC_COUNTS_NEW): ASan and TSan
// interpose operator new to track memory, and these definitions would bypass them.
#include "alloc/memory.h"

#if RINGDB_ALLOC_COUNTS_NEW

#include <mimalloc.h>

#include <cstddef>
#include <new>

#include "alloc/thread_counters.h"

namespace {

using ringdb::alloc::internal::Count;
using ringdb::alloc::internal::kOther;

// What plain operator new guarantees; mi_malloc aligns at least this much.
constexpr std::size_t kDefaultAlign = __STDCPP_DEFAULT_NEW_ALIGNMENT__;

// operator new's contract: retry through the new-handler, and when there is none,
// throw (or return null for the nothrow forms).
template <bool kNothrow>
void* CountedNew(std::size_t size, std::size_t align) {
  for (;;) {
    void* p = align <= kDefaultAlign ? mi_malloc(size) : mi_malloc_aligned(size, align);
    if (p != nullptr) [[likely]] {
      Count(kOther, static_cast<int64_t>(mi_usable_size(p)));
      return p;
    }
    std::new_handler handler = std::get_new_handler();
    if (handler == nullptr) {
      if constexpr (kNothrow) return nullptr;
      throw std::bad_alloc();
    }
    handler();
  }
}

// Nothing may throw out of a nothrow new, not even the new-handler.
void* CountedNewNothrow(std::size_t size, std::size_t align) noexcept {
  try {
    return CountedNew<true>(size, align);
  } catch (...) {
    return nullptr;
  }
}

void CountedDelete(void* p) noexcept {
  if (p == nullptr) return;
  Count(kOther, -static_cast<int64_t>(mi_usable_size(p)));
  mi_free(p);
}

}  // namespace

void* operator new(std::size_t n) { return CountedNew<false>(n, kDefaultAlign); }
void* operator new[](std::size_t n) { return CountedNew<false>(n, kDefaultAlign); }
void* operator new(std::size_t n, std::align_val_t a) {
  return CountedNew<false>(n, static_cast<std::size_t>(a));
}
void* operator new[](std::size_t n, std::align_val_t a) {
  return CountedNew<false>(n, static_cast<std::size_t>(a));
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  return CountedNewNothrow(n, kDefaultAlign);
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  return CountedNewNothrow(n, kDefaultAlign);
}
void* operator new(std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return CountedNewNothrow(n, static_cast<std::size_t>(a));
}
void* operator new[](std::size_t n, std::align_val_t a, const std::nothrow_t&) noexcept {
  return CountedNewNothrow(n, static_cast<std::size_t>(a));
}

// The size and alignment arguments are ignored: mimalloc finds both from the pointer.
void operator delete(void* p) noexcept { CountedDelete(p); }
void operator delete[](void* p) noexcept { CountedDelete(p); }
void operator delete(void* p, std::size_t) noexcept { CountedDelete(p); }
void operator delete[](void* p, std::size_t) noexcept { CountedDelete(p); }
void operator delete(void* p, std::align_val_t) noexcept { CountedDelete(p); }
void operator delete[](void* p, std::align_val_t) noexcept { CountedDelete(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { CountedDelete(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { CountedDelete(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { CountedDelete(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { CountedDelete(p); }
void operator delete(void* p, std::align_val_t, const std::nothrow_t&) noexcept {
  CountedDelete(p);
}
void operator delete[](void* p, std::align_val_t, const std::nothrow_t&) noexcept {
  CountedDelete(p);
}

#endif  // RINGDB_ALLOC_COUNTS_NEW
