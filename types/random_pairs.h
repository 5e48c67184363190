// Random picks shared by the two pair-shaped collections, hashes (field, value) and
// sorted sets (member, score), over both of their encodings: a listpack of pairs, and
// a StringMap keyed by field or member. HRANDFIELD and ZRANDMEMBER draw the same way in
// Redis 7.0 (lpRandomPairs, lpRandomPairsUnique, dictGetFairRandomKey), so they share
// these; each value type turns the positions or refs into its own pairs.
//
// Positions are those of a pair's first element, valid until the listpack's next
// mutation; map elements come as (key, value) views into the map, valid until it changes.
//
// Pure: no locks, no replies; the caller holds the value's lock.
#pragma once

#include <cstddef>
#include <random>
#include <string_view>
#include <utility>
#include <vector>

#include "types/listpack.h"
#include "types/string_map.h"

namespace ringdb::types {

// `count` pairs drawn independently and uniformly (repeats allowed), in random order,
// appended to *out (Redis's lpRandomPairs). REQUIRES: !lp.empty().
void RandomPairPositions(const Listpack& lp, size_t count, std::mt19937_64& rng,
                         std::vector<size_t>* out);
// `count` distinct pairs, in listpack order, appended to *out. REQUIRES: count <= pairs.
void RandomDistinctPairPositions(const Listpack& lp, size_t count, std::mt19937_64& rng,
                                 std::vector<size_t>* out);
// `count` distinct elements of `m`, in no particular order, appended to *out.
// REQUIRES: count <= m.size().
using MapElement = std::pair<std::string_view, std::string_view>;
void RandomDistinctElements(const StringMap& m, size_t count, std::mt19937_64& rng,
                            std::vector<MapElement>* out);

}  // namespace ringdb::types
