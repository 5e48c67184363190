#include "alloc/slab_pool.h"

#include <mimalloc.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

namespace ringdb::alloc {

// A span's header sits at its start. The remote side is on its own cache line
// so that other threads' frees do not bounce the line the owner allocates from.
struct alignas(64) SlabPool::Span {
  // Owner's fields (written by the heap's thread; set once by TakeSpan).
  Heap* heap = nullptr;
  Chunk* chunk = nullptr;
  char* free = nullptr;  // blocks freed by the owner (or collected), linked in place
  Span* prev = nullptr;  // the heap's partial list of this class
  Span* next = nullptr;
  uint32_t block_size = 0;
  uint32_t used = 0;  // blocks handed out and not yet taken back
  uint32_t bump = 0;  // offset of the first block never handed out
  uint16_t cls = 0;
  bool in_partial = false;
  Span* next_free_span = nullptr;  // the chunk's empty spans (pool mutex)
  // Other threads' side.
  alignas(64) std::atomic<char*> remote_free{nullptr};
  std::atomic<Span*> next_queued{nullptr};
};

struct SlabPool::Heap {
  Span* current[kClasses] = {};  // where the class allocates; never on the partial list
  Span* partial[kClasses] = {};  // other spans of the class with a free block
  alignas(64) std::atomic<Span*> queued{nullptr};  // spans with remote frees
  std::atomic<bool> owned{false};
  Heap* next = nullptr;
};

struct SlabPool::Chunk {
  void* raw = nullptr;   // what mimalloc returned
  char* base = nullptr;  // the first span, 64 KiB aligned
  uint32_t cut = 0;      // spans handed out at least once
  uint32_t empty = 0;    // of those, how many are back on free_spans
  Span* free_spans = nullptr;
  Chunk* prev = nullptr;  // the pool's list of chunks with a span to give
  Chunk* next = nullptr;
  Chunk* all_next = nullptr;
  bool listed = false;
};

namespace {

char* NextOf(char* block) {
  char* next;
  std::memcpy(&next, block, sizeof next);
  return next;
}

void SetNext(char* block, char* next) { std::memcpy(block, &next, sizeof next); }

[[noreturn]] void OutOfMemory() {
  std::fputs("ringdb: out of memory allocating a slab chunk\n", stderr);
  std::abort();
}

}  // namespace

SlabPool::~SlabPool() {
  for (Chunk* c = all_chunks_; c != nullptr;) {
    Chunk* next = c->all_next;
    mi_free(c->raw);
    delete c;
    c = next;
  }
  for (Heap* h = heaps_.load(std::memory_order_acquire); h != nullptr;) {
    Heap* next = h->next;
    delete h;
    h = next;
  }
  for (auto& leaf : span_map_) mi_free(leaf.load(std::memory_order_relaxed));
}

SlabPool::Heap* SlabPool::AcquireHeap() {
  for (Heap* h = heaps_.load(std::memory_order_acquire); h != nullptr; h = h->next) {
    bool owned = false;
    if (!h->owned.load(std::memory_order_relaxed) &&
        h->owned.compare_exchange_strong(owned, true, std::memory_order_acquire)) {
      return h;
    }
  }
  auto* h = new Heap;
  h->owned.store(true, std::memory_order_relaxed);
  h->next = heaps_.load(std::memory_order_relaxed);
  while (!heaps_.compare_exchange_weak(h->next, h, std::memory_order_release,
                                       std::memory_order_relaxed)) {
  }
  return h;
}

void SlabPool::ReleaseHeap(Heap* heap) { heap->owned.store(false, std::memory_order_release); }

SlabPool::Span* SlabPool::SpanOf(const void* p) {
  return reinterpret_cast<Span*>(reinterpret_cast<uintptr_t>(p) & ~(kSpanSize - 1));
}

bool SlabPool::Owns(const void* p) const {
  uintptr_t span = reinterpret_cast<uintptr_t>(p) >> kSpanShift;
  if ((span >> (kAddressBits - kSpanShift)) != 0) return false;
  const uint64_t* leaf = span_map_[span >> kLeafBits].load(std::memory_order_acquire);
  if (leaf == nullptr) return false;
  size_t bit = span & ((size_t{1} << kLeafBits) - 1);
  uint64_t word = std::atomic_ref<uint64_t>(const_cast<uint64_t&>(leaf[bit / 64]))
                      .load(std::memory_order_relaxed);
  return (word >> (bit % 64)) & 1;
}

size_t SlabPool::BlockSize(const void* p) { return SpanOf(p)->block_size; }

void* SlabPool::Allocate(Heap* heap, size_t size) {
  size_t cls = SlabClassOf(size);
  Span* s = heap->current[cls];
  if (s != nullptr) [[likely]] {
    if (char* b = s->free) {
      s->free = NextOf(b);
      ++s->used;
      return b;
    }
    if (s->bump + s->block_size <= kSpanSize) {
      char* b = reinterpret_cast<char*>(s) + s->bump;
      s->bump += s->block_size;
      ++s->used;
      return b;
    }
  }
  return AllocateSlow(heap, cls);
}

void* SlabPool::AllocateSlow(Heap* heap, size_t cls) {
  Collect(heap);
  Span* s = heap->current[cls];
  bool has_room = s != nullptr && (s->free != nullptr || s->bump + s->block_size <= kSpanSize);
  if (!has_room) {
    // A full current span drops out of every list until a block comes back to
    // it.
    Span* p = heap->partial[cls];
    if (p != nullptr) {
      heap->partial[cls] = p->next;
      if (p->next != nullptr) p->next->prev = nullptr;
      p->in_partial = false;
      heap->current[cls] = p;
    } else {
      heap->current[cls] = TakeSpan(heap, cls);
    }
  }
  return Allocate(heap, SlabClassSize(cls));
}

void SlabPool::Free(Heap* heap, void* p) {
  Span* s = SpanOf(p);
  char* b = static_cast<char*>(p);
  if (heap != nullptr && s->heap == heap) {
    SetNext(b, s->free);
    s->free = b;
    --s->used;
    AfterFree(heap, s);
    return;
  }
  // acq_rel: the owner's read of next_queued (before its exchange) must happen
  // before a re-queue's write of it (after this CAS sees the exchanged null).
  char* old = s->remote_free.load(std::memory_order_relaxed);
  do {
    SetNext(b, old);
  } while (!s->remote_free.compare_exchange_weak(old, b, std::memory_order_acq_rel,
                                                 std::memory_order_relaxed));
  if (old != nullptr) return;  // already queued on its heap
  Heap* owner = s->heap;
  Span* head = owner->queued.load(std::memory_order_relaxed);
  do {
    s->next_queued.store(head, std::memory_order_relaxed);
  } while (!owner->queued.compare_exchange_weak(head, s, std::memory_order_release,
                                                std::memory_order_relaxed));
}

void SlabPool::Collect(Heap* heap) {
  if (heap->queued.load(std::memory_order_relaxed) == nullptr) return;
  Span* s = heap->queued.exchange(nullptr, std::memory_order_acquire);
  while (s != nullptr) {
    Span* next = s->next_queued.load(std::memory_order_relaxed);
    char* list = s->remote_free.exchange(nullptr, std::memory_order_acq_rel);
    if (list != nullptr) {
      uint32_t n = 1;
      char* tail = list;
      for (char* b = NextOf(tail); b != nullptr; b = NextOf(tail)) {
        tail = b;
        ++n;
      }
      SetNext(tail, s->free);
      s->free = list;
      s->used -= n;
      AfterFree(heap, s);
    }
    s = next;
  }
}

void SlabPool::AfterFree(Heap* heap, Span* s) {
  if (heap->current[s->cls] == s) return;
  if (s->used == 0) {
    if (s->in_partial) {
      (s->prev ? s->prev->next : heap->partial[s->cls]) = s->next;
      if (s->next != nullptr) s->next->prev = s->prev;
      s->in_partial = false;
    }
    ReturnSpan(s);
    return;
  }
  if (!s->in_partial) {
    s->prev = nullptr;
    s->next = heap->partial[s->cls];
    if (s->next != nullptr) s->next->prev = s;
    heap->partial[s->cls] = s;
    s->in_partial = true;
  }
}

SlabPool::Span* SlabPool::TakeSpan(Heap* heap, size_t cls) {
  std::lock_guard lock(mu_);
  Chunk* c = chunks_ != nullptr ? chunks_ : NewChunk();
  char* mem;
  if (c->free_spans != nullptr) {
    mem = reinterpret_cast<char*>(c->free_spans);
    c->free_spans = c->free_spans->next_free_span;
    --c->empty;
  } else {
    mem = c->base + c->cut * kSpanSize;
    ++c->cut;
  }
  if (c->free_spans == nullptr && c->cut == kSpansPerChunk) {
    chunks_ = c->next;
    if (c->next != nullptr) c->next->prev = nullptr;
    c->listed = false;
  }
  // Blocks start right after the header, so a class's alignment is kept.
  static_assert(sizeof(Span) == 128);
  auto* s = new (mem) Span;
  s->heap = heap;
  s->chunk = c;
  s->block_size = static_cast<uint32_t>(SlabClassSize(cls));
  s->cls = static_cast<uint16_t>(cls);
  s->bump = sizeof(Span);
  return s;
}

void SlabPool::ReturnSpan(Span* s) {
  std::lock_guard lock(mu_);
  Chunk* c = s->chunk;
  s->next_free_span = c->free_spans;
  c->free_spans = s;
  ++c->empty;
  if (!c->listed) {
    c->prev = nullptr;
    c->next = chunks_;
    if (chunks_ != nullptr) chunks_->prev = c;
    chunks_ = c;
    c->listed = true;
  }
  // The last chunk stays, so that a pool emptied and refilled does not churn.
  if (c->empty == c->cut && chunk_count_ > 1) ReleaseChunk(c);
}

SlabPool::Chunk* SlabPool::NewChunk() {
  size_t bytes = kSpansPerChunk * kSpanSize + kSpanSize;
  void* raw = mi_malloc(bytes);
  if (raw == nullptr) OutOfMemory();
  auto* c = new Chunk;
  c->raw = raw;
  uintptr_t base = (reinterpret_cast<uintptr_t>(raw) + kSpanSize - 1) & ~(kSpanSize - 1);
  c->base = reinterpret_cast<char*>(base);
  MarkSpans(*c, true);
  c->all_next = all_chunks_;
  all_chunks_ = c;
  c->next = chunks_;
  if (chunks_ != nullptr) chunks_->prev = c;
  chunks_ = c;
  c->listed = true;
  ++chunk_count_;
  return c;
}

void SlabPool::ReleaseChunk(Chunk* c) {
  (c->prev ? c->prev->next : chunks_) = c->next;
  if (c->next != nullptr) c->next->prev = c->prev;
  for (Chunk** link = &all_chunks_; *link != nullptr; link = &(*link)->all_next) {
    if (*link == c) {
      *link = c->all_next;
      break;
    }
  }
  MarkSpans(*c, false);
  mi_free(c->raw);
  delete c;
  --chunk_count_;
}

void SlabPool::MarkSpans(const Chunk& c, bool on) {
  uintptr_t first = reinterpret_cast<uintptr_t>(c.base) >> kSpanShift;
  for (uintptr_t span = first; span < first + kSpansPerChunk; ++span) {
    std::atomic<uint64_t*>& slot = span_map_[span >> kLeafBits];
    uint64_t* leaf = slot.load(std::memory_order_relaxed);
    if (leaf == nullptr) {
      leaf = static_cast<uint64_t*>(mi_zalloc(kLeafWords * sizeof(uint64_t)));
      if (leaf == nullptr) OutOfMemory();
      slot.store(leaf, std::memory_order_release);
    }
    size_t bit = span & ((size_t{1} << kLeafBits) - 1);
    std::atomic_ref<uint64_t> word(leaf[bit / 64]);
    uint64_t mask = uint64_t{1} << (bit % 64);
    if (on) {
      word.fetch_or(mask, std::memory_order_relaxed);
    } else {
      word.fetch_and(~mask, std::memory_order_relaxed);
    }
  }
}

size_t SlabPool::ChunkBytes() const {
  std::lock_guard lock(mu_);
  return chunk_count_ * (kSpansPerChunk * kSpanSize + kSpanSize);
}

}  // namespace ringdb::alloc
