#include "types/random_pairs.h"

#include <algorithm>
#include <string_view>
#include <unordered_set>
#include <utility>

namespace ringdb::types {

void RandomPairPositions(const Listpack& lp, size_t count, std::mt19937_64& rng,
                         std::vector<size_t>* out) {
  // Draw the indexes, visit them in listpack order in one walk, and store each pair
  // where its draw came, so the order stays random.
  struct Pick {
    size_t index;
    size_t slot;
  };
  const size_t n = lp.size() / 2;
  std::vector<Pick> picks(count);
  for (size_t i = 0; i < count; ++i) picks[i] = {static_cast<size_t>(rng() % n), i};
  std::sort(picks.begin(), picks.end(),
            [](const Pick& a, const Pick& b) { return a.index < b.index; });
  const size_t base = out->size();
  out->resize(base + count);
  size_t pos = lp.First();
  size_t index = 0;
  for (const Pick& p : picks) {
    for (; index < p.index; ++index) pos = lp.Next(lp.Next(pos));
    (*out)[base + p.slot] = pos;
  }
}

void RandomDistinctPairPositions(const Listpack& lp, size_t count, std::mt19937_64& rng,
                                 std::vector<size_t>* out) {
  // Selection sampling: each pair is taken with probability wanted / left, so exactly
  // `count` distinct pairs come, in listpack order.
  size_t wanted = count;
  for (size_t pos = lp.First(), left = lp.size() / 2; wanted > 0; --left) {
    if (rng() % left < wanted) {
      out->push_back(pos);
      --wanted;
    }
    pos = lp.Next(lp.Next(pos));
  }
}

void RandomDistinctElements(const StringMap& m, size_t count, std::mt19937_64& rng,
                            std::vector<MapElement>* out) {
  const size_t n = m.size();
  if (count * 3 > n) {
    // Close to the whole map: a partial shuffle of every element (Redis's CASE 3 copies
    // the collection and removes random elements, which draws the same distribution).
    std::vector<MapElement> all;
    all.reserve(n);
    m.ForEach([&](std::string_view key, std::string_view value) { all.emplace_back(key, value); });
    for (size_t i = 0; i < count; ++i) {
      std::swap(all[i], all[i + rng() % (n - i)]);
      out->push_back(all[i]);
    }
    return;
  }
  // Far from it: random draws until enough distinct elements came (Redis's CASE 4); at
  // most a third is taken, so few draws repeat.
  std::unordered_set<const char*> taken;
  taken.reserve(count);
  while (taken.size() < count) {
    StringMap::Ref r = m.Random(rng());
    if (taken.insert(r.key().data()).second) out->emplace_back(r.key(), r.value());
  }
}

}  // namespace ringdb::types
