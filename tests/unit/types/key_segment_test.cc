#include "types/key_segment.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>

namespace ringdb::types {
namespace {

Entry* Make(const std::string& key) {
  return Entry::NewString(key, "v", Encoding::kEmbstr, kNoExpire);
}

// A hash whose top 16 bits (all a segment keeps) are `tag`.
uint64_t WithTag(uint32_t tag, uint64_t low = 0) { return uint64_t{tag} << 48 | low; }

class KeySegmentTest : public ::testing::Test {
 protected:
  ~KeySegmentTest() override {
    seg_.ForEach([](Entry* e) { Entry::Destroy(e); });
  }
  void Add(const std::string& key, uint64_t hash) {
    ASSERT_FALSE(seg_.Full());
    KeySegment::Position p = seg_.Probe(key, hash);
    ASSERT_FALSE(p.found);
    seg_.Insert(p, Make(key), hash);
  }
  bool Has(const std::string& key, uint64_t hash) const {
    KeySegment::Position p = seg_.Probe(key, hash);
    return p.found && seg_.At(p.index)->key() == key;
  }
  void Drop(const std::string& key, uint64_t hash) {
    KeySegment::Position p = seg_.Probe(key, hash);
    ASSERT_TRUE(p.found);
    Entry::Destroy(seg_.Remove(p));
  }

  KeySegment seg_;
};

// Keys of one tag share a home; the last cell's home makes their run wrap around.
TEST_F(KeySegmentTest, RunsWrapAroundTheEnd) {
  seg_.Resize(16);
  const uint64_t last = WithTag(0xFFFF);  // home 15 of 16
  for (const char* k : {"a", "b", "c", "d"}) Add(k, last);
  Add("x", WithTag(0));  // home 0, pushed on by the wrapped run
  for (const char* k : {"a", "b", "c", "d"}) EXPECT_TRUE(Has(k, last)) << k;
  EXPECT_TRUE(Has("x", WithTag(0)));
  Drop("b", last);
  EXPECT_FALSE(Has("b", last));
  for (const char* k : {"a", "c", "d"}) EXPECT_TRUE(Has(k, last)) << k;
  EXPECT_TRUE(Has("x", WithTag(0)));
  EXPECT_EQ(seg_.size(), 4u);
}

// Resizing moves cells by their tags alone: the entries' keys are never hashed, so
// hashes made up by the test survive it.
TEST_F(KeySegmentTest, ResizeKeepsEveryKeyWithoutHashingIt) {
  std::mt19937_64 rng(7);
  std::map<std::string, uint64_t> keys;
  for (int i = 0; keys.size() < 300; ++i) {
    if (seg_.Full()) seg_.Resize(seg_.GrownCapacity());
    std::string k = "k" + std::to_string(i);
    uint64_t h = WithTag(static_cast<uint32_t>(rng() % 64));  // crowded homes
    Add(k, h);
    keys[k] = h;
  }
  seg_.Resize(seg_.capacity() * 2);
  for (auto& [k, h] : keys) EXPECT_TRUE(Has(k, h)) << k;
  EXPECT_FALSE(Has("absent", WithTag(3)));
}

// Random inserts and removals against a reference map; removals shrink the segment.
TEST_F(KeySegmentTest, MatchesAReferenceUnderRandomOperations) {
  std::mt19937_64 rng(11);
  std::map<std::string, uint64_t> ref;
  for (int i = 0; i < 50000; ++i) {
    std::string k = "k" + std::to_string(rng() % 700);
    uint64_t h = WithTag(static_cast<uint32_t>(std::hash<std::string>{}(k) & 0xFFFF));
    if (rng() % 2 == 0) {
      if (ref.count(k)) continue;
      if (seg_.Full()) seg_.Resize(seg_.GrownCapacity());
      Add(k, h);
      ref[k] = h;
    } else if (ref.count(k)) {
      Drop(k, h);
      ref.erase(k);
    }
    if (i % 5000 == 0) {
      ASSERT_EQ(seg_.size(), ref.size());
      for (auto& [rk, rh] : ref) ASSERT_TRUE(Has(rk, rh)) << rk;
    }
  }
  size_t seen = 0;
  seg_.ForEach([&](Entry*) { ++seen; });
  EXPECT_EQ(seen, ref.size());
}

}  // namespace
}  // namespace ringdb::types
