// Every form of the global operator new/delete is counted at its usable size and
// uncounted on delete, on any thread.
#include <gtest/gtest.h>

#include <cstdint>
#include <new>
#include <string>
#include <thread>
#include <vector>

#include "alloc/memory.h"

namespace ringdb::alloc {
namespace {

class NewDeleteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!kCountsOperatorNew) GTEST_SKIP() << "sanitizer builds leave operator new alone";
  }
  // Bytes counted since `before`, as the allocation `p` should account for.
  static int64_t Cost(const void* p) { return static_cast<int64_t>(UsableSize(p)); }
};

TEST_F(NewDeleteTest, PlainAndArrayForms) {
  int64_t before = UsedMemory();
  void* p = ::operator new(100);
  EXPECT_EQ(UsedMemory() - before, Cost(p));
  ::operator delete(p);
  EXPECT_EQ(UsedMemory(), before);

  p = ::operator new[](3000);
  EXPECT_EQ(UsedMemory() - before, Cost(p));
  ::operator delete[](p, 3000);
  EXPECT_EQ(UsedMemory(), before);

  p = ::operator new(24);
  ::operator delete(p, 24);
  EXPECT_EQ(UsedMemory(), before);
}

TEST_F(NewDeleteTest, AlignedForms) {
  int64_t before = UsedMemory();
  for (size_t align : {64, 256, 4096}) {
    auto a = static_cast<std::align_val_t>(align);
    void* p = ::operator new(align + 8, a);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % align, 0u);
    EXPECT_EQ(UsedMemory() - before, Cost(p));
    ::operator delete(p, align + 8, a);
    EXPECT_EQ(UsedMemory(), before);
    p = ::operator new[](3 * align, a, std::nothrow);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(p) % align, 0u);
    EXPECT_EQ(UsedMemory() - before, Cost(p));
    ::operator delete[](p, a);
    EXPECT_EQ(UsedMemory(), before);
  }
}

TEST_F(NewDeleteTest, NothrowForms) {
  int64_t before = UsedMemory();
  void* p = ::operator new(50, std::nothrow);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(UsedMemory() - before, Cost(p));
  ::operator delete(p, std::nothrow);
  EXPECT_EQ(UsedMemory(), before);
}

TEST_F(NewDeleteTest, ContainersAreCounted) {
  int64_t before = UsedMemory();
  {
    std::string s(10000, 'x');
    std::vector<uint64_t> v(1000);
    EXPECT_GE(UsedMemory() - before, 10000 + 8000);
  }
  EXPECT_EQ(UsedMemory(), before);
}

// A size no allocator can serve, hidden from the compiler's size checks.
size_t Impossible() {
  volatile size_t size = SIZE_MAX / 2;
  return size;
}

TEST_F(NewDeleteTest, FailureFollowsTheStandard) {
  int64_t before = UsedMemory();
  EXPECT_THROW(static_cast<void>(::operator new(Impossible())), std::bad_alloc);
  EXPECT_EQ(::operator new(Impossible(), std::nothrow), nullptr);
  EXPECT_EQ(::operator new[](Impossible(), std::align_val_t{64}, std::nothrow), nullptr);
  // The new-handler is asked until it gives up by removing itself.
  static int calls = 0;
  calls = 0;
  std::set_new_handler([] {
    if (++calls == 3) std::set_new_handler(nullptr);
  });
  EXPECT_THROW(static_cast<void>(::operator new(Impossible())), std::bad_alloc);
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(UsedMemory(), before);
}

TEST_F(NewDeleteTest, FreedOnAnotherThreadAfterItsOwnerExited) {
  int64_t before = UsedMemory();
  std::vector<char>* made = nullptr;
  std::thread([&made] { made = new std::vector<char>(1 << 20); }).join();
  EXPECT_GE(UsedMemory() - before, 1 << 20);
  delete made;
  EXPECT_EQ(UsedMemory(), before);
}

}  // namespace
}  // namespace ringdb::alloc
