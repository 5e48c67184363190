#include "alloc/memory.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <thread>

namespace ringdb::alloc {
namespace {

TEST(MemoryTest, AllocateCountsUsableSize) {
  Free(Allocate(1));  // the thread's first allocation makes its slab heap
  int64_t keyspace = KeyspaceMemory(), used = UsedMemory();
  void* p = Allocate(100);
  EXPECT_GE(UsableSize(p), 100u);
  EXPECT_EQ(KeyspaceMemory() - keyspace, static_cast<int64_t>(UsableSize(p)));
  EXPECT_EQ(UsedMemory() - used, static_cast<int64_t>(UsableSize(p)));
  Free(p);
  EXPECT_EQ(KeyspaceMemory(), keyspace);
  EXPECT_EQ(UsedMemory(), used);
}

TEST(MemoryTest, SmallBlocksCostTheirClass) {
  int64_t keyspace = KeyspaceMemory();
  void* entry = Allocate(38);  // a 16-byte key with a 16-byte value
  void* big = Allocate(5000);
  EXPECT_EQ(UsableSize(entry), 38u);
  EXPECT_EQ(GoodSize(38), 38u);
  EXPECT_EQ(GoodSize(65), 72u);
  EXPECT_GE(UsableSize(big), 5000u);
  EXPECT_EQ(KeyspaceMemory() - keyspace, static_cast<int64_t>(UsableSize(entry) + UsableSize(big)));
  Free(entry);
  Free(big);
  EXPECT_EQ(KeyspaceMemory(), keyspace);
}

TEST(MemoryTest, ABlockFreedOnAnotherThreadIsUncounted) {
  int64_t keyspace = KeyspaceMemory();
  void* p = Allocate(24);
  std::thread([p] { Free(p); }).join();
  EXPECT_EQ(KeyspaceMemory(), keyspace);
}

TEST(MemoryTest, FreeAndUsableSizeAcceptNull) {
  int64_t used = UsedMemory();
  Free(nullptr);
  EXPECT_EQ(UsableSize(nullptr), 0u);
  EXPECT_EQ(UsedMemory(), used);
}

TEST(MemoryTest, PeakRemembersTheHighestUse) {
  constexpr size_t kBig = 8 << 20;
  void* p = Allocate(kBig);
  int64_t high = UsedMemory();
  UpdatePeak();
  Free(p);
  EXPECT_GE(PeakMemory(), high);
  EXPECT_GE(PeakMemory(), UsedMemory() + static_cast<int64_t>(kBig));
}

TEST(MemoryTest, ResidentSetSizeIsReadable) { EXPECT_GT(ResidentSetSize(), 0); }

}  // namespace
}  // namespace ringdb::alloc
