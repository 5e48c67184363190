#include "types/hash_value.h"

#include <algorithm>

#include "alloc/memory.h"
#include "types/random_pairs.h"

namespace ringdb::types {

HashValue::HashValue(const HashValue& other) {
  if (const auto* t = std::get_if<std::unique_ptr<Table>>(&other.rep_)) {
    rep_ = std::make_unique<Table>(**t);
  } else {
    rep_ = other.listpack();
  }
}

HashValue* HashValue::FromListpack(Listpack lp, const EncodingLimits& limits) {
  auto* h = new HashValue(std::move(lp));
  if (static_cast<int64_t>(h->size()) > limits.hash_max_listpack_entries) {
    h->ConvertToHashtable();
  }
  return h;
}

size_t HashValue::AllocatedBytes() const {
  if (const auto* t = std::get_if<std::unique_ptr<Table>>(&rep_)) {
    return alloc::UsableSize(t->get()) + (*t)->map.AllocatedBytes();
  }
  return listpack().AllocatedBytes();
}

size_t HashValue::size() const {
  if (const StringMap* m = map()) return m->size();
  return listpack().size() / 2;
}

size_t HashValue::FindValue(const Listpack& lp, std::string_view field) {
  const size_t pos = lp.Find(field, lp.First(), /*skip=*/1);
  return pos == Listpack::kEnd ? Listpack::kEnd : lp.Next(pos);
}

bool HashValue::Contains(std::string_view field) {
  if (StringMap* m = map()) return static_cast<bool>(m->Find(field));
  return FindValue(listpack(), field) != Listpack::kEnd;
}

std::optional<std::string_view> HashValue::Get(std::string_view field, TextBuf& buf) {
  if (StringMap* m = map()) {
    StringMap::Ref r = m->Find(field);
    if (!r) return std::nullopt;
    return r.value();
  }
  const Listpack& lp = listpack();
  const size_t pos = FindValue(lp, field);
  if (pos == Listpack::kEnd) return std::nullopt;
  return lp.Get(pos).ToText(buf);
}

bool HashValue::Set(std::string_view field, std::string_view value,
                    const EncodingLimits& limits) {
  if (auto* lp = std::get_if<Listpack>(&rep_)) {
    const auto max_len = static_cast<uint64_t>(limits.hash_max_listpack_value);
    // Redis's hashTypeTryConversion and hashTypeSet: a long element never enters.
    if (field.size() > max_len || value.size() > max_len ||
        !Listpack::SafeToAdd(lp->bytes_size(), field.size() + value.size())) {
      ConvertToHashtable();
      return map()->Insert(field, value);
    }
    const size_t pos = FindValue(*lp, field);
    if (pos != Listpack::kEnd) {
      lp->Replace(pos, value);
      return false;
    }
    const std::string_view pair[] = {field, value};
    lp->AppendMany(pair);
    if (static_cast<int64_t>(size()) > limits.hash_max_listpack_entries) ConvertToHashtable();
    return true;
  }
  return map()->Insert(field, value);
}

bool HashValue::Delete(std::string_view field) {
  if (StringMap* m = map()) return m->Erase(field);
  auto& lp = std::get<Listpack>(rep_);
  const size_t pos = lp.Find(field, lp.First(), /*skip=*/1);
  if (pos == Listpack::kEnd) return false;
  lp.DeleteAt(pos, 2);
  return true;
}

void HashValue::ConvertToHashtable(size_t expected) {
  if (map() != nullptr) return;
  auto table = std::make_unique<Table>();
  table->map.Reserve(std::max(size(), expected));
  ForEach([&](std::string_view field, std::string_view value) { table->map.Insert(field, value); });
  rep_ = std::move(table);
}

void HashValue::RandomPairs(size_t count, std::mt19937_64& rng, std::vector<Pair>* out) const {
  if (const StringMap* m = map()) {
    for (size_t i = 0; i < count; ++i) {
      StringMap::Ref r = m->Random(rng());
      out->push_back({AsElement(r.key()), AsElement(r.value())});
    }
    return;
  }
  AppendPairsAt(RandomPairPositions, count, rng, out);
}

void HashValue::RandomDistinctPairs(size_t count, std::mt19937_64& rng,
                                    std::vector<Pair>* out) const {
  if (const StringMap* m = map()) {
    std::vector<MapElement> picked;
    RandomDistinctElements(*m, count, rng, &picked);
    for (const MapElement& e : picked) out->push_back({AsElement(e.first), AsElement(e.second)});
    return;
  }
  AppendPairsAt(RandomDistinctPairPositions, count, rng, out);
}

template <typename Pick>
void HashValue::AppendPairsAt(Pick&& pick, size_t count, std::mt19937_64& rng,
                              std::vector<Pair>* out) const {
  const Listpack& lp = listpack();
  std::vector<size_t> positions;
  positions.reserve(count);
  pick(lp, count, rng, &positions);
  for (size_t pos : positions) out->push_back({lp.Get(pos), lp.Get(lp.Next(pos))});
}

}  // namespace ringdb::types
