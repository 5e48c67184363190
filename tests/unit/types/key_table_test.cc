#include "types/key_table.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace ringdb::types {
namespace {

Entry* Make(const std::string& key, const std::string& value = "v") {
  return Entry::NewString(key, value, Encoding::kEmbstr, kNoExpire);
}

TEST(KeyTableTest, InsertFindReplaceErase) {
  KeyTable t;
  EXPECT_EQ(t.Find("a", KeyTable::Hash("a")), nullptr);
  EXPECT_EQ(t.Upsert(Make("a", "1"), KeyTable::Hash("a")), nullptr);
  ASSERT_NE(t.Find("a", KeyTable::Hash("a")), nullptr);
  EXPECT_EQ(t.Find("a", KeyTable::Hash("a"))->str(), "1");
  Entry* old = t.Upsert(Make("a", "2"), KeyTable::Hash("a"));
  ASSERT_NE(old, nullptr);
  EXPECT_EQ(old->str(), "1");
  Entry::Destroy(old);
  EXPECT_EQ(t.size(), 1u);
  Entry* gone = t.Erase("a", KeyTable::Hash("a"));
  ASSERT_NE(gone, nullptr);
  Entry::Destroy(gone);
  EXPECT_EQ(t.size(), 0u);
  EXPECT_EQ(t.Erase("a", KeyTable::Hash("a")), nullptr);
}

// A random mix of operations checked against std::unordered_map: exercises growth,
// shrinking and backward-shift deletion across wrap-around.
TEST(KeyTableTest, MatchesAReferenceMapUnderRandomOperations) {
  KeyTable t;
  std::unordered_map<std::string, std::string> ref;
  std::mt19937_64 rng(42);
  for (int i = 0; i < 200000; ++i) {
    std::string key = "k" + std::to_string(rng() % 3000);
    uint64_t h = KeyTable::Hash(key);
    switch (rng() % 3) {
      case 0:
      case 1: {
        std::string value = std::to_string(i);
        Entry* old = t.Upsert(Make(key, value), h);
        EXPECT_EQ(old != nullptr, ref.count(key) == 1);
        if (old) Entry::Destroy(old);
        ref[key] = value;
        break;
      }
      case 2: {
        Entry* e = t.Erase(key, h);
        EXPECT_EQ(e != nullptr, ref.erase(key) == 1);
        if (e) Entry::Destroy(e);
        break;
      }
    }
    if (i % 10000 == 0) {
      ASSERT_EQ(t.size(), ref.size());
      for (auto& [k, v] : ref) {
        Entry* e = t.Find(k, KeyTable::Hash(k));
        ASSERT_NE(e, nullptr) << k;
        ASSERT_EQ(e->str(), v);
      }
    }
  }
  size_t seen = 0;
  t.ForEach([&](Entry* e) {
    ++seen;
    EXPECT_EQ(ref.at(std::string(e->key())), e->str());
  });
  EXPECT_EQ(seen, ref.size());
}

// The table fills to 15/16 and grows by 1/8 (rounded up to what its allocation
// holds): its cells cost ~9-10 bytes per key.
TEST(KeyTableTest, StaysNearlyFull) {
  KeyTable t;
  for (int i = 0; i < 5000; ++i) {
    std::string k = "key" + std::to_string(i);
    EXPECT_EQ(t.Upsert(Make(k), KeyTable::Hash(k)), nullptr);
    ASSERT_LE(t.size() * 16, t.capacity() * 15) << i;
    if (i >= 30 && i < 110) { ASSERT_GE(t.size() * 100, t.capacity() * 78) << i; }
  }
  EXPECT_LT(t.TableBytes(), t.size() * 11);
}

// Keys chosen to share a home cell make one long run: the table still finds,
// replaces and erases them.
TEST(KeyTableTest, KeysSharingAHomeStayReachable) {
  constexpr size_t kKeys = 400;
  KeyTable t;
  // Keys whose hash's top 12 bits are 0 share home cell 0 in any table under 4096
  // cells.
  std::vector<std::string> keys;
  for (uint64_t i = 0; keys.size() < kKeys; ++i) {
    std::string k = "c" + std::to_string(i);
    if ((KeyTable::Hash(k) >> 52) == 0) keys.push_back(k);
  }
  for (const auto& k : keys) EXPECT_EQ(t.Upsert(Make(k, k), KeyTable::Hash(k)), nullptr);
  for (const auto& k : keys) {
    Entry* e = t.Find(k, KeyTable::Hash(k));
    ASSERT_NE(e, nullptr) << k;
    EXPECT_EQ(e->str(), k);
  }
  EXPECT_EQ(t.Find("absent", KeyTable::Hash("absent")), nullptr);
  for (size_t i = 0; i < kKeys; i += 2) Entry::Destroy(t.Erase(keys[i], KeyTable::Hash(keys[i])));
  for (size_t i = 0; i < kKeys; ++i) {
    EXPECT_EQ(t.Find(keys[i], KeyTable::Hash(keys[i])) != nullptr, i % 2 == 1) << i;
  }
  EXPECT_EQ(t.size(), kKeys / 2);
}

// Past one segment's 4096 cells the table splits by hash bits; every key stays
// reachable and the load stays high.
TEST(KeyTableTest, SplitsIntoSegmentsWhenLarge) {
  constexpr int kKeys = 60000;
  KeyTable t;
  for (int i = 0; i < kKeys; ++i) {
    std::string k = "key" + std::to_string(i);
    ASSERT_EQ(t.Upsert(Make(k, k), KeyTable::Hash(k)), nullptr);
  }
  EXPECT_EQ(t.size(), size_t{kKeys});
  EXPECT_GE(t.size() * 100, t.capacity() * 80);
  EXPECT_LT(t.TableBytes(), t.size() * 11);
  for (int i = 0; i < kKeys; ++i) {
    std::string k = "key" + std::to_string(i);
    Entry* e = t.Find(k, KeyTable::Hash(k));
    ASSERT_NE(e, nullptr) << k;
    ASSERT_EQ(e->str(), k);
  }
  for (int i = 0; i < kKeys; i += 2) {
    std::string k = "key" + std::to_string(i);
    Entry::Destroy(t.Erase(k, KeyTable::Hash(k)));
  }
  size_t seen = 0;
  t.ForEach([&](Entry* e) {
    ++seen;
    EXPECT_EQ(std::stoi(std::string(e->key().substr(3))) % 2, 1);
  });
  EXPECT_EQ(seen, size_t{kKeys / 2});
  for (uint64_t r = 0; r < 100; ++r) ASSERT_NE(t.EntryNear(r * 0x9E3779B97F4A7C15), nullptr);
  KeyTable moved = std::move(t);
  EXPECT_EQ(moved.size(), size_t{kKeys / 2});
  EXPECT_EQ(t.size(), 0u);
  EXPECT_NE(moved.Find("key1", KeyTable::Hash("key1")), nullptr);
}

// The active expiry cycle walks a huge slot a segment at a time while clients keep
// writing: every key present from start to end must be visited, whatever splits.
TEST(KeyTableTest, SegmentWalkReachesEveryKeyWhileTheTableSplits) {
  constexpr int kKeys = 20000;
  KeyTable t;
  auto insert = [&t](const std::string& k) { t.Upsert(Make(k), KeyTable::Hash(k)); };
  for (int i = 0; i < kKeys; ++i) insert("old" + std::to_string(i));
  std::unordered_set<std::string> seen;
  size_t position = 0;
  int steps = 0, added = 0;
  do {
    size_t visited = 0;
    position = t.ForEachInSegment(position, [&](Entry* e) {
      ++visited;
      seen.emplace(e->key());
    });
    ASSERT_LE(visited, 1024u);
    for (int i = 0; i < 300; ++i) insert("new" + std::to_string(added++));
    ASSERT_LT(++steps, 10000);
  } while (position != 0);
  EXPECT_GT(steps, kKeys / 1024);
  for (int i = 0; i < kKeys; ++i) ASSERT_TRUE(seen.count("old" + std::to_string(i))) << i;
  KeyTable small;
  small.Upsert(Make("only"), KeyTable::Hash("only"));
  int small_visits = 0;
  EXPECT_EQ(small.ForEachInSegment(0, [&](Entry*) { ++small_visits; }), 0u);
  EXPECT_EQ(small_visits, 1);
}

TEST(KeyTableTest, RepointAfterMove) {
  KeyTable t;
  Entry* e = Make("k", "abc");
  t.Upsert(e, KeyTable::Hash("k"));
  Entry* moved = Entry::WithExpire(e, 100);
  t.Repoint(moved, KeyTable::Hash("k"));
  Entry::Destroy(e);
  EXPECT_EQ(t.Find("k", KeyTable::Hash("k")), moved);
}

TEST(KeyTableTest, EntryNearReturnsSomethingWhenNotEmpty) {
  KeyTable t;
  EXPECT_EQ(t.EntryNear(7), nullptr);
  t.Upsert(Make("x"), KeyTable::Hash("x"));
  for (uint64_t r = 0; r < 10; ++r) EXPECT_EQ(t.EntryNear(r)->key(), "x");
}

}  // namespace
}  // namespace ringdb::types
