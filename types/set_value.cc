#include "types/set_value.h"

#include <algorithm>

#include "alloc/memory.h"

namespace ringdb::types {
namespace {

int64_t CappedIntsetEntries(int64_t max_intset_entries) {
  return std::min(max_intset_entries, SetValue::kMaxIntsetEntriesCap);
}

}  // namespace

SetValue::SetValue(const SetValue& other) {
  if (const Intset* is = other.intset()) {
    members_ = *is;
    return;
  }
  auto table = std::make_unique<Table>();
  table->map = other.map();
  members_ = std::move(table);
}

size_t SetValue::AllocatedBytes() const {
  if (const Intset* is = intset()) return is->AllocatedBytes();
  const auto& table = std::get<std::unique_ptr<Table>>(members_);
  return alloc::UsableSize(table.get()) + table->map.AllocatedBytes();
}

size_t SetValue::size() const {
  if (const Intset* is = intset()) return is->size();
  return map().size();
}

void SetValue::ConvertToHashtable(size_t expected_members) {
  Intset* is = std::get_if<Intset>(&members_);
  if (is == nullptr) return;
  auto table = std::make_unique<Table>();
  // Sized up front, as Redis's setTypeConvert expands its dict: no rehash while filling.
  table->map.Reserve(std::max(expected_members, is->size()));
  std::array<char, kInt64BufSize> buf;
  for (size_t i = 0; i < is->size(); ++i) table->map.Insert(Int64ToChars(is->Get(i), buf));
  members_ = std::move(table);
}

bool SetValue::Add(std::string_view member, int64_t max_intset_entries) {
  int64_t v;
  if (intset() != nullptr && ParseInt64(member, &v)) {
    return Add(SetMember::Int(v), max_intset_entries);
  }
  ConvertToHashtable();
  return map().Insert(member);
}

bool SetValue::Add(const SetMember& member, int64_t max_intset_entries) {
  Intset* is = std::get_if<Intset>(&members_);
  if (is != nullptr && member.is_int()) {
    if (!is->Add(member.int_value())) return false;
    if (static_cast<int64_t>(is->size()) > CappedIntsetEntries(max_intset_entries)) {
      ConvertToHashtable();
    }
    return true;
  }
  if (is != nullptr) return Add(member.ToString(), max_intset_entries);
  std::array<char, kInt64BufSize> buf;
  return map().Insert(member.Text(buf));
}

bool SetValue::Remove(std::string_view member) {
  if (Intset* is = std::get_if<Intset>(&members_)) {
    int64_t v;
    return ParseInt64(member, &v) && is->Remove(v);
  }
  return map().Erase(member);
}

bool SetValue::Contains(std::string_view member) const {
  if (const Intset* is = intset()) {
    int64_t v;
    return ParseInt64(member, &v) && is->Contains(v);
  }
  return map().Contains(member);
}

bool SetValue::Contains(const SetMember& member) const {
  if (const Intset* is = intset(); is != nullptr && member.is_int()) {
    return is->Contains(member.int_value());
  }
  std::array<char, kInt64BufSize> buf;
  return Contains(member.Text(buf));
}

SetMember SetValue::Random(uint64_t rnd) const {
  if (const Intset* is = intset()) return SetMember::Int(is->Random(rnd));
  return SetMember::Str(map().Random(rnd).key());
}

std::string SetValue::PopRandom(uint64_t rnd) {
  if (Intset* is = std::get_if<Intset>(&members_)) {
    const int64_t v = is->Random(rnd);
    is->Remove(v);
    return SetMember::Int(v).ToString();
  }
  StringMap::Node node = map().ExtractRandom(rnd);
  return std::string(node.key());
}

}  // namespace ringdb::types
