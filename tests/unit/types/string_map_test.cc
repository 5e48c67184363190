#include "types/string_map.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "alloc/memory.h"

namespace ringdb::types {
namespace {

using ValueSize = StringMap::ValueSize;

std::string Key(size_t i) { return "key:" + std::to_string(i); }

std::map<std::string, std::string> Contents(const StringMap& m) {
  std::map<std::string, std::string> out;
  m.ForEach([&](std::string_view k, std::string_view v) {
    EXPECT_TRUE(out.emplace(std::string(k), std::string(v)).second) << "duplicate " << k;
  });
  return out;
}

// What AllocatedBytes must be: every element's block plus the bucket arrays.
size_t ExpectedBytes(const StringMap& m) {
  size_t bytes = 0;
  m.ForEach(
      [&](std::string_view k, std::string_view v) { bytes += m.ElementBytes(k.size(), v.size()); });
  return bytes;
}

TEST(StringMapTest, InsertFindReplaceErase) {
  StringMap m;
  EXPECT_TRUE(m.empty());
  EXPECT_FALSE(m.Find("a"));
  EXPECT_TRUE(m.Insert("a", "1"));
  EXPECT_FALSE(m.Insert("a", "2"));
  ASSERT_TRUE(m.Find("a"));
  EXPECT_EQ(m.Find("a").key(), "a");
  EXPECT_EQ(m.Find("a").value(), "2");
  EXPECT_TRUE(m.Contains("a"));
  EXPECT_EQ(m.size(), 1u);
  EXPECT_TRUE(m.Erase("a"));
  EXPECT_FALSE(m.Erase("a"));
  EXPECT_FALSE(m.Contains("a"));
  EXPECT_EQ(m.size(), 0u);
}

TEST(StringMapTest, TryInsertKeepsTheExistingValue) {
  StringMap m;
  auto [r1, new1] = m.TryInsert("f", "0");
  EXPECT_TRUE(new1);
  EXPECT_EQ(r1.value(), "0");
  auto [r2, new2] = m.TryInsert("f", "9");
  EXPECT_FALSE(new2);
  EXPECT_EQ(r2, r1);
  EXPECT_EQ(r2.value(), "0");
}

TEST(StringMapTest, BinaryKeysEmptyKeyAndLongLengths) {
  StringMap m;
  const std::string long_key = std::string(300, 'k') + std::string("\0x\0", 3);
  const std::string long_value(70000, '\0');
  const std::vector<std::string> keys = {"",
                                         std::string(1, '\0'),
                                         std::string(2, '\0'),
                                         std::string("a\0b", 3),
                                         std::string("a\0c", 3),
                                         "a",
                                         std::string(254, 'x'),
                                         std::string(255, 'x'),
                                         long_key};
  for (size_t i = 0; i < keys.size(); ++i) {
    EXPECT_TRUE(m.Insert(keys[i], std::string("v\0", 2) + std::to_string(i)));
  }
  EXPECT_TRUE(m.Insert("big", long_value));
  EXPECT_EQ(m.size(), keys.size() + 1);
  for (size_t i = 0; i < keys.size(); ++i) {
    StringMap::Ref r = m.Find(keys[i]);
    ASSERT_TRUE(r) << i;
    EXPECT_EQ(r.key(), keys[i]);
    EXPECT_EQ(r.value(), std::string("v\0", 2) + std::to_string(i));
  }
  EXPECT_EQ(m.Find("big").value(), long_value);
  EXPECT_FALSE(m.Contains(std::string("a\0", 2)));
  EXPECT_FALSE(m.Contains(std::string(3, '\0')));
  EXPECT_TRUE(m.Erase(""));
  EXPECT_FALSE(m.Contains(""));
  EXPECT_TRUE(m.Contains(std::string(1, '\0')));
  EXPECT_EQ(m.AllocatedBytes(), ExpectedBytes(m) + alloc::GoodSize(m.bucket_count() * 8));
}

TEST(StringMapTest, KeysOnlyStoresNoValueBytes) {
  StringMap set(ValueSize::kNone);
  EXPECT_EQ(set.value_size(), 0u);
  // 6-byte link + 1 length byte + 16 key bytes = 23, a 24-byte slab class.
  EXPECT_EQ(set.ElementBytes(16, 0), 24u);
  EXPECT_EQ(StringMap(ValueSize::kVariable).ElementBytes(16, 0), 24u);  // 23 + a length byte
  EXPECT_EQ(StringMap(ValueSize::kVariable).ElementBytes(16, 16), 40u);
  EXPECT_EQ(StringMap(8).ElementBytes(16, 8), 32u);  // 31: the zset member and score
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(set.Insert("member:" + std::to_string(100000 + i)));
  EXPECT_FALSE(set.Insert("member:100000"));
  EXPECT_EQ(set.Find("member:100007").value(), "");
  EXPECT_EQ(set.Find("member:100007").key(), "member:100007");
  set.Rehash(1 << 20);
  EXPECT_EQ(set.AllocatedBytes(), 1000 * set.ElementBytes(13, 0) + 1024 * 8);
}

TEST(StringMapTest, FixedSizeValuesUpdateInPlace) {
  StringMap zset(sizeof(double));
  double score = 1.5;
  ASSERT_TRUE(zset.Insert("m", std::string_view(reinterpret_cast<char*>(&score), 8)));
  StringMap::Ref r = zset.Find("m");
  ASSERT_EQ(r.value().size(), 8u);
  double got;
  std::memcpy(&got, r.value().data(), 8);
  EXPECT_EQ(got, 1.5);
  score = -7.25;
  std::memcpy(r.mutable_value(), &score, 8);
  std::memcpy(&got, zset.Find("m").value().data(), 8);
  EXPECT_EQ(got, -7.25);
  // Insert on a fixed-size map replaces in the same block.
  score = 3;
  EXPECT_FALSE(zset.Insert("m", std::string_view(reinterpret_cast<char*>(&score), 8)));
  EXPECT_EQ(zset.Find("m"), r);
  std::memcpy(&got, r.value().data(), 8);
  EXPECT_EQ(got, 3);
}

TEST(StringMapTest, ReplacingAValueReallocatesOnlyWhenTheBlockSizeChanges) {
  StringMap m;
  int64_t base = alloc::KeyspaceMemory();
  m.Insert("abc", "123456");  // 6+1+3+1+6 = 17 bytes: the 18-byte class
  StringMap::Ref r = m.Find("abc");
  EXPECT_FALSE(m.Insert("abc", "1234567"));  // 18: same class, same block
  EXPECT_EQ(m.Find("abc"), r);
  EXPECT_EQ(r.value(), "1234567");
  EXPECT_FALSE(m.Insert("abc", "12345678"));  // 19: the 20-byte class
  EXPECT_NE(m.Find("abc"), r);
  EXPECT_EQ(m.Find("abc").value(), "12345678");
  EXPECT_EQ(alloc::KeyspaceMemory() - base, static_cast<int64_t>(m.AllocatedBytes()));
  // Across the long-length form and back.
  for (size_t len : {254u, 255u, 256u, 5000u, 3u, 0u, 300u}) {
    std::string v(len, static_cast<char>('a' + len % 26));
    EXPECT_FALSE(m.Insert("abc", v));
    EXPECT_EQ(m.Find("abc").value(), v) << len;
    EXPECT_EQ(m.AllocatedBytes(), ExpectedBytes(m) + alloc::GoodSize(m.bucket_count() * 8));
    EXPECT_EQ(alloc::KeyspaceMemory() - base, static_cast<int64_t>(m.AllocatedBytes()));
  }
  // A value taken from the element itself, shorter, then longer than its block.
  m.Insert("abc", "0123456789");
  EXPECT_FALSE(m.Insert("abc", m.Find("abc").value().substr(1)));
  EXPECT_EQ(m.Find("abc").value(), "123456789");
  m.Insert("abc", std::string(254, 'q') + "z");
  EXPECT_FALSE(m.Insert("abc", m.Find("abc").value().substr(1, 253)));  // long -> short form
  EXPECT_EQ(m.Find("abc").value(), std::string(253, 'q'));
  StringMap::Ref self = m.Find("abc");
  EXPECT_FALSE(m.Insert(self.key(), self.value()));
  EXPECT_EQ(m.Find("abc").value(), std::string(253, 'q'));
}

// A random mix of every operation checked against std::unordered_map, with the memory
// accounting checked against the allocator's own counter as it goes.
TEST(StringMapTest, MatchesAReferenceMapUnderRandomOperations) {
  for (uint32_t value_size : {ValueSize::kVariable, ValueSize::kNone, uint32_t{8}}) {
    int64_t base = alloc::KeyspaceMemory();
    StringMap m(value_size);
    std::unordered_map<std::string, std::string> ref;
    std::mt19937_64 rng(value_size);
    auto value_for = [&](int i) {
      if (value_size == ValueSize::kNone) return std::string();
      if (value_size == 8) return std::string(8, static_cast<char>(i));
      return std::string(rng() % 40, static_cast<char>('a' + i % 26));
    };
    for (int i = 0; i < 300000; ++i) {
      // Phases of growth and of draining, so the map grows and shrinks repeatedly.
      size_t range = (i / 50000) % 2 == 0 ? 20000 : 2000;
      std::string key = Key(rng() % range);
      switch (rng() % 8) {
        case 0:
        case 1:
        case 2: {
          std::string v = value_for(i);
          ASSERT_EQ(m.Insert(key, v), ref.count(key) == 0);
          ref[key] = v;
          break;
        }
        case 3: {
          std::string v = value_for(i);
          auto [r, inserted] = m.TryInsert(key, v);
          ASSERT_EQ(inserted, ref.emplace(key, v).second);
          ASSERT_EQ(r.value(), ref[key]);
          break;
        }
        case 4:
          ASSERT_EQ(m.Erase(key), ref.erase(key) == 1);
          break;
        case 5: {
          StringMap::Node n = m.Extract(key);
          auto it = ref.find(key);
          ASSERT_EQ(static_cast<bool>(n), it != ref.end());
          if (n) {
            ASSERT_EQ(n.key(), key);
            ASSERT_EQ(n.value(), it->second);
            ref.erase(it);
          }
          break;
        }
        default: {
          StringMap::Ref r = m.Find(key);
          auto it = ref.find(key);
          ASSERT_EQ(static_cast<bool>(r), it != ref.end()) << key;
          if (r) {
            ASSERT_EQ(r.value(), it->second);
          }
        }
      }
      ASSERT_EQ(m.size(), ref.size());
      if (i % 25000 == 0) {
        std::map<std::string, std::string> want(ref.begin(), ref.end());
        ASSERT_EQ(Contents(m), want);
        ASSERT_EQ(alloc::KeyspaceMemory() - base, static_cast<int64_t>(m.AllocatedBytes()));
      }
    }
    std::map<std::string, std::string> want(ref.begin(), ref.end());
    EXPECT_EQ(Contents(m), want);
    m.Clear();
    EXPECT_EQ(m.AllocatedBytes(), 0u);
    EXPECT_EQ(alloc::KeyspaceMemory(), base);
  }
}

// Each operation moves at most one bucket, so growth is spread over many inserts, with
// both tables answering lookups meanwhile; the resize ends before the next is due.
TEST(StringMapTest, GrowsIncrementally) {
  StringMap m(ValueSize::kNone);
  size_t resizing_inserts = 0;
  size_t most_buckets = 0;
  for (size_t i = 0; i < 20000; ++i) {
    ASSERT_TRUE(m.Insert(Key(i)));
    if (m.resizing()) {
      ++resizing_inserts;
      // Every element stays reachable in mid-move: sample a few.
      for (size_t j = 0; j <= i; j += 997) ASSERT_TRUE(m.Contains(Key(j))) << j;
    } else {
      // Idle between resizes: load within (1/2, 1].
      ASSERT_LE(m.size(), m.bucket_count());
      if (m.size() > 4) {
        ASSERT_GT(m.size() * 2, m.bucket_count());
      }
    }
    most_buckets = std::max(most_buckets, m.bucket_count());
  }
  EXPECT_GT(resizing_inserts, 8000u);        // resizes overlap most inserts...
  EXPECT_EQ(most_buckets, 16384u + 32768u);  // ...and never three tables' worth
}

// A new bucket array is cleared 1Ki heads per operation before any bucket moves; the
// old table alone serves meanwhile.
TEST(StringMapTest, LargeTablesAreClearedInSlices) {
  StringMap m(ValueSize::kNone);
  size_t i = 0;
  while (m.bucket_count() < (size_t{1} << 16) || m.resizing()) m.Insert(Key(i++));
  ASSERT_EQ(m.bucket_count(), size_t{1} << 16);
  while (!m.resizing()) m.Insert(Key(i++));
  ASSERT_EQ(m.bucket_count(), (size_t{1} << 16) * 3);
  // 128Ki heads at 1Ki per operation: 128 operations before any bucket moves, all of
  // them answered from the old table.
  for (int op = 0; op < 127; ++op) {
    m.Insert(Key(i++));
    ASSERT_TRUE(m.resizing());
    ASSERT_TRUE(m.Contains(Key(static_cast<size_t>(op) * 501)));
  }
  for (size_t j = 0; j < i; ++j) ASSERT_TRUE(m.Contains(Key(j))) << j;
  std::set<std::string> seen;
  uint64_t cursor = 0;
  do {
    cursor = m.Scan(cursor, [&](std::string_view k, std::string_view) { seen.emplace(k); });
  } while (cursor != 0);
  EXPECT_EQ(seen.size(), i);
  EXPECT_FALSE(m.Rehash(size_t{1} << 20));
  EXPECT_EQ(m.bucket_count(), size_t{1} << 17);
  EXPECT_EQ(m.size(), i);
  EXPECT_EQ(m.AllocatedBytes(), ExpectedBytes(m) + alloc::GoodSize((size_t{1} << 17) * 8));
}

TEST(StringMapTest, ShrinksWhenUnderATenthFull) {
  StringMap m;
  for (size_t i = 0; i < 10000; ++i) m.Insert(Key(i), "v");
  m.Rehash(1 << 20);
  ASSERT_EQ(m.bucket_count(), 16384u);
  size_t erased = 0;
  while (m.size() * 10 >= 16384) ASSERT_TRUE(m.Erase(Key(erased++)));
  EXPECT_TRUE(m.resizing());
  EXPECT_FALSE(m.Rehash(1 << 20));
  EXPECT_EQ(m.bucket_count(), std::bit_ceil(m.size()));
  for (size_t i = erased; i < 10000; ++i) ASSERT_TRUE(m.Contains(Key(i)));
  while (m.size() > 0) m.Erase(Key(erased++));
  m.Rehash(1 << 20);
  EXPECT_EQ(m.bucket_count(), 4u);
}

TEST(StringMapTest, ReserveSizesAnEmptyMap) {
  StringMap m;
  m.Reserve(1000);
  EXPECT_EQ(m.bucket_count(), 1024u);
  for (size_t i = 0; i < 1000; ++i) {
    m.Insert(Key(i), "v");
    ASSERT_FALSE(m.resizing());
  }
  m.Reserve(100000);  // not empty: no effect
  EXPECT_EQ(m.bucket_count(), 1024u);
}

// --- SCAN

std::vector<std::string> ScanAll(const StringMap& m) {
  std::vector<std::string> out;
  uint64_t cursor = 0;
  do {
    cursor = m.Scan(cursor, [&](std::string_view k, std::string_view) { out.emplace_back(k); });
  } while (cursor != 0);
  return out;
}

TEST(StringMapTest, ScanReturnsEveryElementOnceWhenUndisturbed) {
  StringMap m(ValueSize::kNone);
  EXPECT_EQ(m.Scan(0, [](std::string_view, std::string_view) { FAIL(); }), 0u);
  for (size_t i = 0; i < 5000; ++i) m.Insert(Key(i));
  m.Rehash(1 << 20);
  std::vector<std::string> seen = ScanAll(m);
  EXPECT_EQ(seen.size(), 5000u);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 5000u);
  // Also while a resize is in progress: both tables, each element once.
  for (size_t i = 5000; i < 8193; ++i) m.Insert(Key(i));
  ASSERT_TRUE(m.resizing());
  seen = ScanAll(m);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 8193u);
  EXPECT_EQ(seen.size(), 8193u);
}

TEST(StringMapTest, ScanToleratesAnyCursor) {
  StringMap m;
  for (size_t i = 0; i < 100; ++i) m.Insert(Key(i), "v");
  std::mt19937_64 rng(1);
  for (int i = 0; i < 1000; ++i) {
    m.Scan(rng(), [&](std::string_view k, std::string_view) { EXPECT_TRUE(m.Contains(k)); });
  }
}

// How the map changes between two SCAN steps.
enum class Churn { kGrow, kShrink, kGrowAndShrink, kRehashOnly, kHugeJumps };

// SCAN's guarantee under churn: every element present for the whole scan is returned,
// and nothing is returned that was not present at that step.
void CheckScanGuarantee(Churn churn, uint64_t seed) {
  std::mt19937_64 rng(seed);
  StringMap m(ValueSize::kNone);
  std::unordered_set<std::string> present;
  const size_t stable_count = 1 + rng() % 3000;
  std::vector<std::string> stable;
  for (size_t i = 0; i < stable_count; ++i) {
    stable.push_back("stable:" + std::to_string(i));
    m.Insert(stable.back());
    present.insert(stable.back());
  }
  size_t next_id = 0;
  std::vector<std::string> transient;
  auto add = [&](size_t n) {
    for (size_t i = 0; i < n; ++i) {
      transient.push_back("t:" + std::to_string(next_id++));
      m.Insert(transient.back());
      present.insert(transient.back());
    }
  };
  auto drop = [&](size_t n) {
    for (size_t i = 0; i < n && !transient.empty(); ++i) {
      size_t at = rng() % transient.size();
      m.Erase(transient[at]);
      present.erase(transient[at]);
      transient[at] = transient.back();
      transient.pop_back();
    }
  };
  if (churn == Churn::kShrink) add(40000);
  std::unordered_set<std::string> seen;
  uint64_t cursor = 0;
  size_t steps = 0;
  do {
    cursor = m.Scan(cursor, [&](std::string_view k, std::string_view) {
      std::string key(k);
      ASSERT_TRUE(present.count(key)) << key;
      seen.insert(key);
    });
    switch (churn) {
      case Churn::kGrow:
        // One new element per step on average: faster growth would outrun any scan, as
        // it does in Redis (each doubling of the table doubles the steps left).
        add(rng() % 3);
        break;
      case Churn::kShrink:
        drop(rng() % 200);
        break;
      case Churn::kGrowAndShrink:
        if ((steps / 64) % 2 == 0) {
          add(rng() % 100);
        } else {
          drop(rng() % 200);
        }
        break;
      case Churn::kRehashOnly:
        if (steps % 500 == 0) add(rng() % 300);
        m.Rehash(rng() % 3);
        break;
      case Churn::kHugeJumps:
        if (rng() % 40 == 0) {
          if (rng() % 2 == 0) {
            add(6000);
          } else {
            drop(transient.size());
          }
          m.Rehash(rng() % 2 == 0 ? 0 : size_t{1} << 20);
        }
        break;
    }
    ASSERT_LT(++steps, 10000000u);
  } while (cursor != 0);
  for (const std::string& k : stable) ASSERT_TRUE(seen.count(k)) << k << " seed " << seed;
}

TEST(StringMapTest, ScanGuaranteeWhileGrowing) {
  for (uint64_t seed = 0; seed < 20; ++seed) CheckScanGuarantee(Churn::kGrow, seed);
}

TEST(StringMapTest, ScanGuaranteeWhileShrinking) {
  for (uint64_t seed = 0; seed < 10; ++seed) CheckScanGuarantee(Churn::kShrink, seed);
}

TEST(StringMapTest, ScanGuaranteeWhileGrowingAndShrinking) {
  for (uint64_t seed = 0; seed < 20; ++seed) CheckScanGuarantee(Churn::kGrowAndShrink, seed);
}

TEST(StringMapTest, ScanGuaranteeWhileRehashing) {
  for (uint64_t seed = 0; seed < 20; ++seed) CheckScanGuarantee(Churn::kRehashOnly, seed);
}

TEST(StringMapTest, ScanGuaranteeAcrossHugeResizes) {
  for (uint64_t seed = 0; seed < 4; ++seed) CheckScanGuarantee(Churn::kHugeJumps, seed);
}

// --- Random elements

TEST(StringMapTest, RandomReachesEveryElementFairlyEnough) {
  StringMap m(ValueSize::kNone);
  EXPECT_FALSE(m.Random(1));
  const size_t n = 1000;
  for (size_t i = 0; i < n; ++i) m.Insert(Key(i));
  std::mt19937_64 rng(5);
  std::unordered_map<std::string, size_t> hits;
  const size_t draws = 400 * n;
  for (size_t i = 0; i < draws; ++i) {
    StringMap::Ref r = m.Random(rng());
    ASSERT_TRUE(r);
    ++hits[std::string(r.key())];
  }
  EXPECT_EQ(hits.size(), n);
  // Chain bias (see the header) keeps an element within a few times of the mean.
  for (auto& [k, h] : hits) {
    EXPECT_GT(h, 400u / 6) << k;
    EXPECT_LT(h, 400u * 3) << k;
  }
}

TEST(StringMapTest, RandomDuringAResizeAndWhenNearlyEmpty) {
  StringMap m(ValueSize::kNone);
  for (size_t i = 0; i < 100000; ++i) m.Insert(Key(i));
  m.Rehash(1 << 20);
  // Keep a resize in progress (a grow), then drain the map: Random still finds the rest.
  size_t i = 100000;
  while (!m.resizing()) m.Insert(Key(i++));
  for (size_t j = 0; j < i; ++j) {
    if (j % 20000 != 7) m.Erase(Key(j));
  }
  std::mt19937_64 rng(3);
  std::set<std::string> seen;
  for (int d = 0; d < 2000; ++d) {
    StringMap::Ref r = m.Random(rng());
    ASSERT_TRUE(r);
    ASSERT_TRUE(m.Contains(r.key()));
    seen.emplace(r.key());
  }
  EXPECT_EQ(seen.size(), m.size());
}

TEST(StringMapTest, SomeKeysReturnsDistinctMembers) {
  StringMap m(ValueSize::kNone);
  std::vector<StringMap::Ref> out(50);
  EXPECT_EQ(m.SomeKeys(1, out), 0u);
  for (size_t i = 0; i < 10; ++i) m.Insert(Key(i));
  EXPECT_EQ(m.SomeKeys(1, out), 10u);  // fewer elements than asked: all of them
  for (size_t i = 10; i < 20000; ++i) m.Insert(Key(i));
  std::mt19937_64 rng(9);
  size_t total = 0;
  for (int round = 0; round < 200; ++round) {
    size_t got = m.SomeKeys(rng(), out);
    ASSERT_LE(got, out.size());
    std::set<std::string_view> distinct;
    for (size_t i = 0; i < got; ++i) {
      ASSERT_TRUE(m.Contains(out[i].key()));
      distinct.insert(out[i].key());
    }
    ASSERT_EQ(distinct.size(), got);
    total += got;
  }
  EXPECT_GT(total, 200u * 45);  // a map at load >= 1/2 gives (nearly) all it is asked
}

TEST(StringMapTest, ExtractRandomDrainsTheMap) {
  StringMap m;
  for (size_t i = 0; i < 3000; ++i) m.Insert(Key(i), std::to_string(i));
  std::mt19937_64 rng(2);
  std::set<std::string> popped;
  while (!m.empty()) {
    StringMap::Node n = m.ExtractRandom(rng());
    ASSERT_TRUE(n);
    ASSERT_EQ("key:" + std::string(n.value()), n.key());
    ASSERT_TRUE(popped.emplace(n.key()).second);
  }
  EXPECT_EQ(popped.size(), 3000u);
  EXPECT_FALSE(m.ExtractRandom(1));
}

// --- Nodes, copies, moves, memory

TEST(StringMapTest, ExtractedNodesMoveBetweenMapsWithoutCopying) {
  StringMap a(ValueSize::kNone), b(ValueSize::kNone);
  a.Insert("x");
  a.Insert("y");
  b.Insert("y");
  size_t a_bytes = a.AllocatedBytes();
  StringMap::Node x = a.Extract("x");
  ASSERT_TRUE(x);
  const char* block = x.key().data();
  EXPECT_EQ(a.AllocatedBytes(), a_bytes - x.AllocatedBytes());
  EXPECT_TRUE(b.Insert(std::move(x)));
  EXPECT_FALSE(x);  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(b.Find("x").key().data(), block);
  EXPECT_FALSE(b.Insert(a.Extract("y")));  // replaces b's "y"
  EXPECT_EQ(b.size(), 2u);
  EXPECT_TRUE(a.empty());
  EXPECT_EQ(b.AllocatedBytes(), ExpectedBytes(b) + alloc::GoodSize(b.bucket_count() * 8));
  EXPECT_FALSE(a.Extract("nope"));
}

TEST(StringMapTest, CopyIsDeepAndMoveKeepsRefs) {
  StringMap a;
  for (size_t i = 0; i < 5000; ++i) a.Insert(Key(i), std::to_string(i));
  ASSERT_TRUE(a.resizing() || a.bucket_count() >= 5000);
  StringMap b = a;
  EXPECT_FALSE(b.resizing());
  EXPECT_EQ(Contents(b), Contents(a));
  b.Insert(Key(1), "changed");
  b.Erase(Key(2));
  EXPECT_EQ(a.Find(Key(1)).value(), "1");
  EXPECT_TRUE(a.Contains(Key(2)));
  EXPECT_EQ(b.AllocatedBytes(), ExpectedBytes(b) + alloc::GoodSize(b.bucket_count() * 8));

  StringMap::Ref r = a.Find(Key(3));
  size_t bytes = a.AllocatedBytes();
  StringMap c = std::move(a);
  EXPECT_EQ(c.Find(Key(3)), r);
  EXPECT_EQ(c.AllocatedBytes(), bytes);
  EXPECT_TRUE(a.empty());  // NOLINT(bugprone-use-after-move): moved-from is empty
  EXPECT_EQ(a.AllocatedBytes(), 0u);
  EXPECT_TRUE(a.Insert("again", "v"));  // and usable
  a = c;
  EXPECT_EQ(Contents(a), Contents(c));
  a = std::move(c);
  EXPECT_EQ(a.Find(Key(3)), r);
  a = a;
  EXPECT_EQ(a.size(), 5000u);
}

TEST(StringMapTest, AccountingMatchesTheAllocatorAndClearFreesAll) {
  int64_t base = alloc::KeyspaceMemory();
  {
    StringMap m;
    for (size_t i = 0; i < 50000; ++i) m.Insert(Key(i), std::string(i % 100, 'v'));
    EXPECT_EQ(alloc::KeyspaceMemory() - base, static_cast<int64_t>(m.AllocatedBytes()));
    m.Clear();
    EXPECT_EQ(alloc::KeyspaceMemory(), base);
    EXPECT_TRUE(m.Insert("k", "v"));  // usable after Clear
  }
  EXPECT_EQ(alloc::KeyspaceMemory(), base);
}

}  // namespace
}  // namespace ringdb::types
