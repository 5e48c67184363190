// The random pair draws HRANDFIELD and ZRANDMEMBER share: positions that land on pair
// starts, distinct draws that are distinct (and in order for a listpack), and both of
// the map's distinct strategies (a shuffle near the whole map, rejection far from it).
#include "types/random_pairs.h"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ringdb::types {
namespace {

// Pairs ("f<i>", "v<i>") for i in [0, n).
Listpack Pairs(int n) {
  Listpack lp;
  for (int i = 0; i < n; ++i) {
    const std::string f = "f" + std::to_string(i), v = "v" + std::to_string(i);
    const std::string_view pair[2] = {f, v};
    lp.AppendMany(pair);
  }
  return lp;
}

std::string FieldAt(const Listpack& lp, size_t pos) { return lp.Get(pos).ToString(); }

TEST(RandomPairsTest, DrawsLandOnPairStarts) {
  const Listpack lp = Pairs(10);
  std::mt19937_64 rng(7);
  std::vector<size_t> positions;
  RandomPairPositions(lp, 500, rng, &positions);
  ASSERT_EQ(positions.size(), 500u);
  std::set<std::string> seen;
  for (size_t pos : positions) {
    const std::string f = FieldAt(lp, pos);
    ASSERT_EQ(f[0], 'f');
    EXPECT_EQ(lp.Get(lp.Next(pos)).ToString(), "v" + f.substr(1));
    seen.insert(f);
  }
  EXPECT_EQ(seen.size(), 10u);  // 500 draws of 10 miss none in practice
}

TEST(RandomPairsTest, DistinctListpackDrawsAreDistinctAndInOrder) {
  const Listpack lp = Pairs(10);
  std::mt19937_64 rng(11);
  for (size_t count : {0u, 1u, 4u, 10u}) {
    std::vector<size_t> positions;
    RandomDistinctPairPositions(lp, count, rng, &positions);
    ASSERT_EQ(positions.size(), count);
    for (size_t i = 1; i < positions.size(); ++i) EXPECT_LT(positions[i - 1], positions[i]);
    for (size_t pos : positions) EXPECT_EQ(FieldAt(lp, pos)[0], 'f');
  }
}

TEST(RandomPairsTest, DistinctMapDrawsNearAndFarFromTheWhole) {
  StringMap m(StringMap::ValueSize::kVariable);
  for (int i = 0; i < 300; ++i) m.Insert("k" + std::to_string(i), "v" + std::to_string(i));
  std::mt19937_64 rng(3);
  for (size_t count : {5u, 99u, 100u, 101u, 299u, 300u}) {
    std::vector<MapElement> picked;
    RandomDistinctElements(m, count, rng, &picked);
    ASSERT_EQ(picked.size(), count);
    std::set<std::string_view> keys;
    for (const MapElement& e : picked) {
      keys.insert(e.first);
      EXPECT_EQ(e.second.substr(1), e.first.substr(1));
    }
    EXPECT_EQ(keys.size(), count);
  }
}

}  // namespace
}  // namespace ringdb::types
