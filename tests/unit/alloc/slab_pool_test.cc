#include "alloc/slab_pool.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <memory>
#include <set>
#include <thread>
#include <utility>
#include <vector>

namespace ringdb::alloc {
namespace {

class SlabPoolTest : public ::testing::Test {
 protected:
  std::unique_ptr<SlabPool> pool_ = std::make_unique<SlabPool>();
};

TEST_F(SlabPoolTest, SizesRoundUpToTheirTier) {
  SlabPool::Heap* heap = pool_->AcquireHeap();
  const std::pair<size_t, size_t> kExpected[] = {{1, 8},   {8, 8},    {9, 10},   {37, 38},
                                                 {38, 38}, {63, 64},  {64, 64},  {65, 72},
                                                 {72, 72}, {73, 80},  {255, 256}, {256, 256},
                                                 {257, 288}, {560, 576}, {1024, 1024}};
  for (auto [size, block] : kExpected) {
    void* p = pool_->Allocate(heap, size);
    EXPECT_TRUE(pool_->Owns(p));
    EXPECT_EQ(SlabPool::BlockSize(p), block) << size;
    pool_->Free(heap, p);
  }
  pool_->ReleaseHeap(heap);
}

// Any object type's size is a multiple of its alignment, so a block aligned to the
// largest power of two (up to 8) dividing its class fits any object of that size.
TEST_F(SlabPoolTest, BlocksAreAlignedForObjectsOfTheirSize) {
  SlabPool::Heap* heap = pool_->AcquireHeap();
  std::vector<void*> blocks;
  for (size_t size = 1; size <= SlabPool::kMaxBlock; ++size) {
    for (int i = 0; i < 3; ++i) {
      void* p = pool_->Allocate(heap, size);
      size_t align = std::min<size_t>(8, size & -size);
      EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % align, 0u) << size;
      blocks.push_back(p);
    }
  }
  for (void* p : blocks) pool_->Free(heap, p);
  pool_->ReleaseHeap(heap);
}

TEST_F(SlabPoolTest, DoesNotOwnOtherMemory) {
  auto other = std::make_unique<char[]>(64);
  int on_stack = 0;
  EXPECT_FALSE(pool_->Owns(other.get()));
  EXPECT_FALSE(pool_->Owns(&on_stack));
  EXPECT_FALSE(pool_->Owns(nullptr));
  EXPECT_FALSE(pool_->Owns(reinterpret_cast<void*>(uintptr_t{1} << 60)));
}

TEST_F(SlabPoolTest, BlocksAreDistinctAndReused) {
  SlabPool::Heap* heap = pool_->AcquireHeap();
  std::set<void*> seen;
  std::vector<void*> blocks;
  for (int i = 0; i < 5000; ++i) {  // several spans of the 40-byte class
    void* p = pool_->Allocate(heap, 40);
    ASSERT_TRUE(seen.insert(p).second);
    std::memset(p, i & 0xFF, 40);
    blocks.push_back(p);
  }
  for (void* p : blocks) pool_->Free(heap, p);
  // The current span hands out its freed blocks before any never-used one.
  for (int i = 0; i < 50; ++i) EXPECT_TRUE(seen.count(pool_->Allocate(heap, 40)));
  pool_->ReleaseHeap(heap);
}

TEST_F(SlabPoolTest, EmptiedChunksGoBackToMimalloc) {
  SlabPool::Heap* heap = pool_->AcquireHeap();
  std::vector<void*> blocks;
  // Four chunks' worth of 256-byte blocks.
  size_t per_chunk = SlabPool::kSpansPerChunk * (SlabPool::kSpanSize / 256 - 1);
  for (size_t i = 0; i < 4 * per_chunk; ++i) blocks.push_back(pool_->Allocate(heap, 256));
  EXPECT_GE(pool_->ChunkBytes(), 4 * SlabPool::kSpansPerChunk * SlabPool::kSpanSize);
  for (void* p : blocks) pool_->Free(heap, p);
  // The current span and the last chunk stay.
  EXPECT_EQ(pool_->ChunkBytes(), (SlabPool::kSpansPerChunk + 1) * SlabPool::kSpanSize);
  EXPECT_FALSE(pool_->Owns(blocks.front()));
  pool_->ReleaseHeap(heap);
}

TEST_F(SlabPoolTest, ARemoteFreeComesBackToTheOwner) {
  SlabPool::Heap* owner = pool_->AcquireHeap();
  std::vector<void*> blocks;
  for (int i = 0; i < 3000; ++i) blocks.push_back(pool_->Allocate(owner, 64));
  std::set<void*> freed(blocks.begin(), blocks.end());
  std::thread([&] {
    SlabPool::Heap* other = pool_->AcquireHeap();
    for (void* p : blocks) pool_->Free(other, p);
    pool_->ReleaseHeap(other);
  }).join();
  // The owner takes those blocks back once its current span runs out (the rest
  // of that span is never-used memory, which comes first).
  size_t chunk_bytes = pool_->ChunkBytes(), reused = 0;
  for (int i = 0; i < 3000; ++i) reused += freed.count(pool_->Allocate(owner, 64));
  EXPECT_GE(reused, 2900u);
  EXPECT_EQ(pool_->ChunkBytes(), chunk_bytes);
  pool_->ReleaseHeap(owner);
}

TEST_F(SlabPoolTest, CollectReturnsSpansThatOtherThreadsEmptied) {
  auto span_of = [](void* p) {
    return reinterpret_cast<uintptr_t>(p) & ~(SlabPool::kSpanSize - 1);
  };
  SlabPool::Heap* owner = pool_->AcquireHeap();
  void* first = pool_->Allocate(owner, 64);
  std::vector<void*> first_span{first};
  // Fill the first span; the next block opens a second one, which stays
  // current.
  for (void* p; span_of(p = pool_->Allocate(owner, 64)) == span_of(first);) first_span.push_back(p);
  std::thread([&] {
    for (void* b : first_span) pool_->Free(nullptr, b);
  }).join();
  pool_->Collect(owner);
  // The emptied span serves another size class now.
  EXPECT_EQ(span_of(pool_->Allocate(owner, 256)), span_of(first_span[0]));
  pool_->ReleaseHeap(owner);
}

TEST_F(SlabPoolTest, AReleasedHeapPassesToTheNextThread) {
  SlabPool::Heap* first = pool_->AcquireHeap();
  pool_->ReleaseHeap(first);
  SlabPool::Heap* second = nullptr;
  std::thread([&] { second = pool_->AcquireHeap(); }).join();
  EXPECT_EQ(first, second);
}

// Threads allocate and free each other's blocks at once; under TSan this checks
// the remote-free protocol. Each block carries its owner's tag to catch double
// hand-outs.
TEST_F(SlabPoolTest, ConcurrentCrossThreadFreesKeepBlocksIntact) {
  constexpr int kThreads = 4, kRounds = 20000;
  std::vector<std::atomic<void*>> mailbox(kThreads);
  for (auto& m : mailbox) m.store(nullptr);
  std::atomic<bool> corrupt{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      SlabPool::Heap* heap = pool_->AcquireHeap();
      for (int i = 0; i < kRounds; ++i) {
        size_t size = 8 + (i % 31) * 8;
        auto* p = static_cast<uint64_t*>(pool_->Allocate(heap, size));
        p[0] = (uint64_t(t) << 32) | uint32_t(i);
        // Hand it to the next thread's mailbox; free whatever was there.
        void* prev = mailbox[(t + 1) % kThreads].exchange(p);
        if (prev != nullptr) {
          if ((static_cast<uint64_t*>(prev)[0] >> 32) >= kThreads) corrupt = true;
          pool_->Free(heap, prev);
        }
      }
      pool_->ReleaseHeap(heap);
    });
  }
  for (auto& th : threads) th.join();
  for (auto& m : mailbox)
    if (void* p = m.exchange(nullptr)) pool_->Free(nullptr, p);
  EXPECT_FALSE(corrupt);
}

}  // namespace
}  // namespace ringdb::alloc
