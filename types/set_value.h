// The value of a set key, in Redis 7.0's two encodings:
//   - "intset" (types/intset.h) while every member is an integer in Redis's string2ll
//     form and there are at most set-max-intset-entries of them;
//   - "hashtable" (types/string_map.h, members only) otherwise.
// A set converts to a hashtable when a non-integer member is added or the intset
// grows past the limit, and never converts back (Redis 7.0 has no listpack sets; that
// is 7.2). Redis's setTypeCreate picks the encoding from the first member; starting
// every set as an empty intset and adding that member gives the same result, so there
// is one constructor.
//
// Members are read as SetMember: an intset's integer or a view of a hashtable member's
// bytes, valid until the set is next modified. Integers stay integers (no text is made
// for them) until a caller asks for their text.
//
// Pure: no locks, no threads; the caller holds whatever guards the value.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <variant>
#include <vector>

#include "types/entry.h"
#include "types/intset.h"
#include "types/number_format.h"
#include "types/object.h"
#include "types/string_map.h"

namespace ringdb::types {

// One member read from a set (see the header comment for how long a view stays valid).
class SetMember {
 public:
  static SetMember Int(int64_t v) { return SetMember(v, {}, true); }
  static SetMember Str(std::string_view s) { return SetMember(0, s, false); }

  bool is_int() const { return is_int_; }
  // REQUIRES: is_int().
  int64_t int_value() const { return int_; }
  // The member's bytes: the view, or the integer formatted into `buf`.
  std::string_view Text(std::array<char, kInt64BufSize>& buf) const {
    return is_int_ ? Int64ToChars(int_, buf) : str_;
  }
  // The member as a string of its own.
  std::string ToString() const {
    std::array<char, kInt64BufSize> buf;
    return std::string(Text(buf));
  }

 private:
  SetMember(int64_t i, std::string_view s, bool is_int) : int_(i), str_(s), is_int_(is_int) {}
  int64_t int_;
  std::string_view str_;
  bool is_int_;
};

class SetValue : public KeyspaceAllocated {
 public:
  static constexpr ValueType kType = ValueType::kSet;
  // Redis caps set-max-intset-entries at 1G whatever the config says (intset internals).
  static constexpr int64_t kMaxIntsetEntriesCap = int64_t{1} << 30;

  // An empty intset: what a set is before its first member, and what set algebra
  // builds its results in (Redis's createIntsetObject).
  SetValue() = default;
  // A set holding `members` as its intset. REQUIRES: !members.empty().
  explicit SetValue(Intset members) : members_(std::move(members)) {}
  SetValue(const SetValue& other);
  SetValue(SetValue&& other) noexcept = default;
  SetValue& operator=(SetValue&& other) noexcept = default;

  Encoding encoding() const { return intset() != nullptr ? Encoding::kIntset : Encoding::kHashtable; }
  // Heap bytes the value holds beyond the object itself (MEMORY USAGE).
  size_t AllocatedBytes() const;
  size_t size() const;
  bool empty() const { return size() == 0; }

  // Adds `member`; returns false if it was already there. Converts to a hashtable for a
  // non-integer member, or when the intset would exceed `max_intset_entries` members
  // (capped at kMaxIntsetEntriesCap), as Redis's setTypeAdd.
  bool Add(std::string_view member, int64_t max_intset_entries);
  bool Add(const SetMember& member, int64_t max_intset_entries);
  // Removes `member`; returns whether it was there. Never converts.
  bool Remove(std::string_view member);
  bool Contains(std::string_view member) const;
  bool Contains(const SetMember& member) const;

  // Calls f(const SetMember&) for every member: ascending for an intset, table order
  // for a hashtable. `f` must not modify the set.
  template <typename F>
  void ForEach(F&& f) const;

  // A uniformly random member (for a hashtable, as fair as StringMap::Random) from the
  // random 64-bit `rnd`. REQUIRES: !empty().
  SetMember Random(uint64_t rnd) const;
  // Removes a random member and returns its text. REQUIRES: !empty().
  std::string PopRandom(uint64_t rnd);
  // `count` distinct random members, in random order. REQUIRES: count <= size().
  // Work is O(count) expected when count is small against size(), else O(size()).
  template <typename Rng>
  std::vector<SetMember> RandomDistinct(size_t count, Rng& rng) const;

  // One SSCAN step from `cursor`: calls f(const SetMember&) for the members it visits
  // and returns the next cursor (0 when done). An intset is returned whole at once
  // with cursor 0, as Redis does; a hashtable steps through StringMap::Scan, visiting
  // buckets until `count` members were seen or count * 10 steps were taken (Redis's
  // scanGenericCommand bounds).
  template <typename F>
  uint64_t Scan(uint64_t cursor, int64_t count, F&& f) const;

  // The intset while that is the encoding, else null (RDB writes its bytes as they are).
  const Intset* intset() const { return std::get_if<Intset>(&members_); }
  // Converts an intset to a hashtable sized for `expected_members` (at least size()),
  // as an RDB load of a large set does before adding; no effect on a hashtable.
  void ConvertToHashtable(size_t expected_members = 0);

 private:
  // The hashtable encoding's map, in its own keyspace-allocated block so that the
  // common small set pays only for an Intset here.
  struct Table : KeyspaceAllocated {
    StringMap map{StringMap::ValueSize::kNone};
  };
  // REQUIRES: the hashtable encoding.
  StringMap& map() { return std::get<std::unique_ptr<Table>>(members_)->map; }
  const StringMap& map() const { return std::get<std::unique_ptr<Table>>(members_)->map; }

  std::variant<Intset, std::unique_ptr<Table>> members_;
};

template <typename F>
void SetValue::ForEach(F&& f) const {
  if (const Intset* is = intset()) {
    for (size_t i = 0; i < is->size(); ++i) f(SetMember::Int(is->Get(i)));
    return;
  }
  map().ForEach([&](std::string_view key, std::string_view) { f(SetMember::Str(key)); });
}

template <typename F>
uint64_t SetValue::Scan(uint64_t cursor, int64_t count, F&& f) const {
  if (intset() != nullptr) {
    ForEach(f);
    return 0;
  }
  const StringMap& m = map();
  int64_t seen = 0;
  int64_t steps_left = count * 10;
  do {
    cursor = m.Scan(cursor, [&](std::string_view key, std::string_view) {
      f(SetMember::Str(key));
      ++seen;
    });
  } while (cursor != 0 && steps_left-- > 0 && seen < count);
  return cursor;
}

template <typename Rng>
std::vector<SetMember> SetValue::RandomDistinct(size_t count, Rng& rng) const {
  std::vector<SetMember> out;
  out.reserve(count);
  // Near the whole set (Redis's SRANDMEMBER_SUB_STRATEGY_MUL of 3): take every member
  // and keep a random `count` of them (a partial Fisher-Yates shuffle).
  if (count * 3 > size()) {
    ForEach([&](const SetMember& m) { out.push_back(m); });
    for (size_t i = 0; i < count; ++i) std::swap(out[i], out[i + rng() % (out.size() - i)]);
    out.erase(out.begin() + static_cast<ptrdiff_t>(count), out.end());
    return out;
  }
  // Few of many: draw until `count` distinct ones came up (under 1.5 draws each on
  // average, since at most a third of the set is ever taken). An integer is told
  // apart by its value, a hashtable member by where its bytes are.
  std::unordered_set<uint64_t> taken;
  while (out.size() < count) {
    SetMember m = Random(rng());
    std::array<char, kInt64BufSize> buf;
    const uint64_t id = m.is_int() ? static_cast<uint64_t>(m.int_value())
                                   : reinterpret_cast<uintptr_t>(m.Text(buf).data());
    if (taken.insert(id).second) out.push_back(m);
  }
  return out;
}

}  // namespace ringdb::types
