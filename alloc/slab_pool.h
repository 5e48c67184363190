// Slab pools for the keyspace's small blocks (entries, small tables): size classes
// every 2 bytes from 8 to 64, then every 8 up to 256 and every 32 up to 1 KiB
// (mimalloc's steps there are 20-25%: a 560-byte table costs 640). Keyspace entries
// are byte-packed and read with memcpy, so they need no alignment, and their sizes
// are whatever the key and value make them: the 38-byte entry of a 16-byte key with
// a 16-byte value costs 38 bytes here, 40 with 8-byte classes and 48 in Debian's
// mimalloc 2.0.9 (16-byte classes up to 128, then 25% steps). A block is aligned to
// the largest power of two (up to 8) dividing its class, which is enough for any
// object of the requested size: every type's size is a multiple of its alignment.
//
// Memory comes from mimalloc in 4 MiB chunks cut into 64 KiB spans. A span
// serves one size class and belongs to one heap; a heap serves one thread at a
// time. The owner allocates and frees with no atomics. Any thread may run a
// command on any key, so a block is often freed by a thread that does not own
// its span: that free pushes the block on the span's lock-free remote list, and
// the push that makes the list non-empty also queues the span on its heap,
// which takes the blocks back on its next slow path. An empty span goes back to
// the pool; a chunk whose spans are all empty goes back to mimalloc.
//
// Whether a pointer is a slab block is answered by a two-level bitmap over 64
// KiB address ranges, so alloc::Free can take any pointer.
//
// Thread: any. Heaps outlive their threads (a released heap passes to the next
// thread that asks), so a remote free never finds its heap gone. The pool's own
// mutex guards chunks and empty spans; it is taken once per 64 KiB span, never
// per block.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <mutex>

namespace ringdb::alloc {

// Size classes step by 2 bytes up to 64, by 8 up to 256 and by 32 up to 1 KiB: exact
// below 64 bytes, under 12.5% over the request above.
struct SlabTier {
  size_t limit;
  size_t step;
};
inline constexpr SlabTier kSlabTiers[] = {{64, 2}, {256, 8}, {1024, 32}};
// A free block holds a free-list link.
inline constexpr size_t kSlabMinBlock = sizeof(void*);

// The class that serves `size` bytes. REQUIRES: 0 < size <= SlabPool::kMaxBlock.
constexpr size_t SlabClassOf(size_t size) {
  size = std::max(size, kSlabMinBlock);
  size_t base = 0, start = kSlabMinBlock - kSlabTiers[0].step;
  for (const SlabTier& t : kSlabTiers) {
    if (size <= t.limit) return base + (size - start - 1) / t.step;
    base += (t.limit - start) / t.step;
    start = t.limit;
  }
  return base;
}

// The block size of class `cls`. REQUIRES: cls < SlabPool::kClasses.
constexpr size_t SlabClassSize(size_t cls) {
  size_t base = 0, start = kSlabMinBlock - kSlabTiers[0].step;
  for (const SlabTier& t : kSlabTiers) {
    size_t n = (t.limit - start) / t.step;
    if (cls < base + n) return start + (cls - base + 1) * t.step;
    base += n;
    start = t.limit;
  }
  return 0;
}

class SlabPool {
 public:
  static constexpr size_t kMaxBlock = kSlabTiers[std::size(kSlabTiers) - 1].limit;
  static constexpr size_t kClasses = SlabClassOf(kMaxBlock) + 1;
  static_assert(SlabClassSize(0) == kSlabMinBlock && SlabClassSize(kClasses - 1) == kMaxBlock);
  static constexpr size_t kSpanSize = size_t{64} << 10;
  static constexpr size_t kSpansPerChunk = 64;

  struct Heap;

  constexpr SlabPool() = default;
  // Returns every chunk to mimalloc. REQUIRES: no block is live.
  ~SlabPool();
  SlabPool(const SlabPool&) = delete;
  SlabPool& operator=(const SlabPool&) = delete;

  // A heap for the calling thread: one that a thread released, else a new one.
  Heap* AcquireHeap();
  // The calling thread stops using `heap`; its blocks stay valid.
  void ReleaseHeap(Heap* heap);

  // A block of SlabClassSize(SlabClassOf(size)) bytes, aligned as that class allows.
  // REQUIRES: 0 < size <= kMaxBlock; `heap` is the calling thread's.
  void* Allocate(Heap* heap, size_t size);
  // Frees a block of this pool. `heap` is the calling thread's heap, or null
  // when it has none. REQUIRES: Owns(p).
  void Free(Heap* heap, void* p);

  // Takes back the blocks other threads freed into `heap`'s spans (the slow
  // path does this too; an idle heap needs it called to return emptied spans).
  // REQUIRES: `heap` is the calling thread's.
  void Collect(Heap* heap);

  // Whether `p` points into one of this pool's spans.
  bool Owns(const void* p) const;
  // The size class of the block at `p`: what it costs. REQUIRES: Owns(p).
  static size_t BlockSize(const void* p);

  // Bytes held from mimalloc (chunks); tests check that emptied chunks go back.
  size_t ChunkBytes() const;

 private:
  struct Span;
  struct Chunk;

  static constexpr size_t kAddressBits = 47;
  static constexpr size_t kSpanShift = 16;
  static constexpr size_t kLeafBits = 16;
  static constexpr size_t kTopEntries = size_t{1} << (kAddressBits - kSpanShift - kLeafBits);
  static constexpr size_t kLeafWords = (size_t{1} << kLeafBits) / 64;
  static_assert((size_t{1} << kSpanShift) == kSpanSize);

  static Span* SpanOf(const void* p);
  void* AllocateSlow(Heap* heap, size_t cls);
  // Files `span` after blocks came back to it: on the partial list, or to the
  // pool.
  void AfterFree(Heap* heap, Span* span);
  Span* TakeSpan(Heap* heap, size_t cls);
  void ReturnSpan(Span* span);
  Chunk* NewChunk();
  void ReleaseChunk(Chunk* chunk);
  void MarkSpans(const Chunk& chunk, bool on);

  mutable std::mutex mu_;
  Chunk* chunks_ = nullptr;      // chunks with an empty span, or uncut ones
  Chunk* all_chunks_ = nullptr;  // every chunk, for the destructor
  size_t chunk_count_ = 0;
  std::atomic<Heap*> heaps_{nullptr};  // every heap ever made, never unlinked
  std::atomic<uint64_t*> span_map_[kTopEntries] = {};
};

}  // namespace ringdb::alloc
