#include "types/key_table.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <unordered_map>

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

TEST(KeyTableTest, StaysNearEightyPercentLoad) {
  KeyTable t;
  for (int i = 0; i < 1000; ++i) {
    std::string k = "key" + std::to_string(i);
    EXPECT_EQ(t.Upsert(Make(k), KeyTable::Hash(k)), nullptr);
  }
  EXPECT_LE(t.capacity(), 1000u * 5 / 4 * 3 / 2 + 4);
  EXPECT_GE(t.capacity() * 4, t.size() * 5);
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
