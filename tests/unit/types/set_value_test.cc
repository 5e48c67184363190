// SetValue: both encodings, the conversion points, never converting back, and the
// random and scan reads.
#include "types/set_value.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace ringdb::types {
namespace {

constexpr int64_t kLimit = 512;

std::vector<std::string> Members(const SetValue& s) {
  std::vector<std::string> out;
  s.ForEach([&](const SetMember& m) { out.push_back(m.ToString()); });
  return out;
}

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST(SetValueTest, StartsAsAnIntsetInAscendingOrder) {
  SetValue s;
  EXPECT_EQ(s.encoding(), Encoding::kIntset);
  EXPECT_TRUE(s.empty());
  EXPECT_TRUE(s.Add("3", kLimit));
  EXPECT_TRUE(s.Add("-7", kLimit));
  EXPECT_TRUE(s.Add("9223372036854775807", kLimit));
  EXPECT_FALSE(s.Add("3", kLimit));
  EXPECT_EQ(s.encoding(), Encoding::kIntset);
  EXPECT_EQ(Members(s), (std::vector<std::string>{"-7", "3", "9223372036854775807"}));
  EXPECT_TRUE(s.Contains("3"));
  EXPECT_FALSE(s.Contains("03"));
  EXPECT_FALSE(s.Contains("x"));
  EXPECT_TRUE(s.Contains(SetMember::Int(-7)));
  EXPECT_TRUE(s.Remove("-7"));
  EXPECT_FALSE(s.Remove("-7"));
  EXPECT_FALSE(s.Remove("x"));
  EXPECT_EQ(s.size(), 2u);
}

TEST(SetValueTest, NonIntegerMembersConvertToAHashtableOnce) {
  // string2ll's rules: none of these is an integer member.
  for (const char* m : {"+1", "01", "-0", " 1", "1 ", "9223372036854775808", "", "a"}) {
    SetValue s;
    ASSERT_TRUE(s.Add("5", kLimit));
    ASSERT_TRUE(s.Add(m, kLimit)) << m;
    EXPECT_EQ(s.encoding(), Encoding::kHashtable) << m;
    EXPECT_TRUE(s.Contains("5"));
    EXPECT_TRUE(s.Contains(m));
    EXPECT_TRUE(s.Contains(SetMember::Int(5)));
    // Removing the non-integer member never converts back.
    ASSERT_TRUE(s.Remove(m));
    EXPECT_EQ(s.encoding(), Encoding::kHashtable);
    EXPECT_EQ(Members(s), std::vector<std::string>{"5"});
  }
}

TEST(SetValueTest, IntsetConvertsPastTheEntryLimit) {
  SetValue s;
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(s.Add(std::to_string(i), 4));
  EXPECT_EQ(s.encoding(), Encoding::kIntset);
  EXPECT_FALSE(s.Add("3", 4));  // a duplicate does not count
  EXPECT_EQ(s.encoding(), Encoding::kIntset);
  ASSERT_TRUE(s.Add("4", 4));
  EXPECT_EQ(s.encoding(), Encoding::kHashtable);
  EXPECT_EQ(Sorted(Members(s)), (std::vector<std::string>{"0", "1", "2", "3", "4"}));
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(s.Remove(std::to_string(i)));
  EXPECT_EQ(s.encoding(), Encoding::kHashtable);
  // A limit of 0: the first member converts at once.
  SetValue z;
  ASSERT_TRUE(z.Add(SetMember::Int(1), 0));
  EXPECT_EQ(z.encoding(), Encoding::kHashtable);
  EXPECT_TRUE(z.Contains("1"));
}

TEST(SetValueTest, CopyAndMoveKeepMembersAndEncoding) {
  for (int64_t limit : {int64_t{512}, int64_t{2}}) {
    SetValue s;
    for (const char* m : {"1", "2", "3"}) ASSERT_TRUE(s.Add(m, limit));
    SetValue copy(s);
    EXPECT_EQ(copy.encoding(), s.encoding());
    EXPECT_EQ(Sorted(Members(copy)), Sorted(Members(s)));
    ASSERT_TRUE(copy.Remove("1"));
    EXPECT_TRUE(s.Contains("1"));
    SetValue moved(std::move(copy));
    EXPECT_EQ(moved.size(), 2u);
  }
}

TEST(SetValueTest, AllocatedBytesGrowWithMembers) {
  SetValue s;
  EXPECT_EQ(s.AllocatedBytes(), 0u);
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(s.Add(std::to_string(i), kLimit));
  const size_t intset_bytes = s.AllocatedBytes();
  EXPECT_GE(intset_bytes, Intset::kHeaderBytes + 100 * 2);
  s.ConvertToHashtable();
  EXPECT_GT(s.AllocatedBytes(), intset_bytes);
}

TEST(SetValueTest, PopRandomEmptiesTheSet) {
  for (int64_t limit : {int64_t{512}, int64_t{0}}) {
    SetValue s;
    std::set<std::string> all;
    for (int i = 0; i < 50; ++i) {
      ASSERT_TRUE(s.Add(std::to_string(i * 3), limit));
      all.insert(std::to_string(i * 3));
    }
    std::mt19937_64 rng(1);
    std::set<std::string> popped;
    while (!s.empty()) ASSERT_TRUE(popped.insert(s.PopRandom(rng())).second);
    EXPECT_EQ(popped, all);
  }
}

// Every member comes up, none far from its share (a loose bound: no flaky failures,
// yet a stuck or badly skewed draw fails).
TEST(SetValueTest, RandomIsRoughlyUniformInBothEncodings) {
  for (int64_t limit : {int64_t{512}, int64_t{0}}) {
    SetValue s;
    constexpr int kMembers = 20, kDraws = 20000;
    for (int i = 0; i < kMembers; ++i) ASSERT_TRUE(s.Add(std::to_string(i), limit));
    std::mt19937_64 rng(7);
    std::map<std::string, int> hits;
    for (int i = 0; i < kDraws; ++i) ++hits[s.Random(rng()).ToString()];
    ASSERT_EQ(hits.size(), static_cast<size_t>(kMembers));
    for (const auto& [m, n] : hits) {
      EXPECT_GT(n, kDraws / kMembers / 3) << m;
      EXPECT_LT(n, kDraws / kMembers * 3) << m;
    }
  }
}

TEST(SetValueTest, RandomDistinctGivesDistinctMembers) {
  for (int64_t limit : {int64_t{512}, int64_t{0}}) {
    SetValue s;
    for (int i = 0; i < 100; ++i) ASSERT_TRUE(s.Add(std::to_string(i), limit));
    std::mt19937_64 rng(3);
    // Both strategies: few of many (draws), and most of the set (a shuffle).
    for (size_t count : {size_t{1}, size_t{10}, size_t{33}, size_t{34}, size_t{99}, size_t{100}}) {
      std::vector<SetMember> picked = s.RandomDistinct(count, rng);
      ASSERT_EQ(picked.size(), count);
      std::set<std::string> distinct;
      for (const SetMember& m : picked) {
        EXPECT_TRUE(s.Contains(m));
        distinct.insert(m.ToString());
      }
      EXPECT_EQ(distinct.size(), count);
    }
  }
}

TEST(SetValueTest, ScanReturnsEveryMember) {
  SetValue small;
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(small.Add(std::to_string(i), kLimit));
  std::vector<std::string> seen;
  // An intset comes whole, whatever the count, with cursor 0.
  EXPECT_EQ(small.Scan(0, 1, [&](const SetMember& m) { seen.push_back(m.ToString()); }), 0u);
  EXPECT_EQ(seen.size(), 10u);

  SetValue big;
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(big.Add("m" + std::to_string(i), kLimit));
  std::set<std::string> all;
  uint64_t cursor = 0;
  int calls = 0;
  do {
    cursor = big.Scan(cursor, 10, [&](const SetMember& m) { all.insert(m.ToString()); });
    ASSERT_LT(++calls, 10000);
  } while (cursor != 0);
  EXPECT_EQ(all.size(), 1000u);
  EXPECT_GT(calls, 1);
}

}  // namespace
}  // namespace ringdb::types
