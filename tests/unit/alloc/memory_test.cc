#include "alloc/memory.h"

#include <gtest/gtest.h>

namespace ringdb::alloc {
namespace {

TEST(MemoryTest, AllocateCountsUsableSize) {
  int64_t keyspace = KeyspaceMemory(), used = UsedMemory();
  void* p = Allocate(100);
  EXPECT_GE(UsableSize(p), 100u);
  EXPECT_EQ(KeyspaceMemory() - keyspace, static_cast<int64_t>(UsableSize(p)));
  EXPECT_EQ(UsedMemory() - used, static_cast<int64_t>(UsableSize(p)));
  p = Reallocate(p, 5000);
  EXPECT_GE(UsableSize(p), 5000u);
  EXPECT_EQ(KeyspaceMemory() - keyspace, static_cast<int64_t>(UsableSize(p)));
  Free(p);
  EXPECT_EQ(KeyspaceMemory(), keyspace);
  EXPECT_EQ(UsedMemory(), used);
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
