// The value of a hash key: field -> value, both binary-safe strings, in one of Redis
// 7.0's two encodings.
//
//   listpack   field, value, field, value... in one types/listpack.h block, in insertion
//              order (a field's value keeps its place when replaced). Every hash starts
//              here.
//   hashtable  a types/string_map.h map with variable values: one block per field.
//
// A hash converts to a hashtable, once and for good, at the points Redis 7.0 converts
// (t_hash.c): before storing a field or value longer than hash-max-listpack-value or a
// pair the listpack could not safely grow by (Listpack::SafeToAdd), and after a new
// field brings the count past hash-max-listpack-entries. Deleting never converts back.
// A listpack read from RDB converts only on its count, as Redis's loader does (a long
// element stays in the listpack until the hash is next written).
//
// Texts handed out (Get, ForEach, Pair) view into the value, or into a caller's buffer
// for a listpack integer; they are valid until the next mutation.
//
// Pure; the caller holds the lock of the key's slot (exclusively: a listpack's size()
// may rewrite its header even in a const call).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "types/encoding_limits.h"
#include "types/entry.h"
#include "types/listpack.h"
#include "types/number_format.h"
#include "types/object.h"
#include "types/string_map.h"

namespace ringdb::types {

class HashValue : public KeyspaceAllocated {
 public:
  static constexpr ValueType kType = ValueType::kHash;
  // Room for a listpack integer's text.
  using TextBuf = std::array<char, kInt64BufSize>;
  // One field and its value as stored (an integer or a view; see ListpackElement).
  struct Pair {
    ListpackElement field;
    ListpackElement value;
  };

  // An empty listpack-encoded hash: a caller adds a field before the key is stored.
  HashValue() = default;
  // A copy in the same encoding (COPY).
  HashValue(const HashValue& other);
  HashValue& operator=(const HashValue&) = delete;

  // A hash over `lp`, which holds field, value pairs with unique fields (the RDB
  // reader checks that). A hashtable when the pairs exceed hash-max-listpack-entries.
  static HashValue* FromListpack(Listpack lp, const EncodingLimits& limits);

  Encoding encoding() const { return map() ? Encoding::kHashtable : Encoding::kListpack; }
  // The heap owned beyond the object: the listpack block, or the map and its blocks.
  size_t AllocatedBytes() const;
  size_t size() const;
  bool empty() const { return size() == 0; }
  // REQUIRES: encoding() == kListpack.
  const Listpack& listpack() const { return std::get<Listpack>(rep_); }

  // Lookups are not const: a hashtable's lookup advances a resize in progress, as
  // Redis's dictFind does, so a hash that is only read still finishes resizing.
  bool Contains(std::string_view field);
  // The value of `field` (viewing into the hash or into `buf`), or nullopt.
  std::optional<std::string_view> Get(std::string_view field, TextBuf& buf);
  // Stores `value` under `field`, converting as the header says; true if the field is
  // new.
  bool Set(std::string_view field, std::string_view value, const EncodingLimits& limits);
  // Removes `field`; whether it was there.
  bool Delete(std::string_view field);
  // Makes a listpack-encoded hash a hashtable, its map sized for `expected` fields if
  // more than it holds (an RDB load that knows its count). No effect on a hashtable.
  void ConvertToHashtable(size_t expected = 0);

  // Calls f(field, value) for every pair: in insertion order for a listpack, in the
  // map's order for a hashtable. `f` must not modify the hash.
  template <typename F>
  void ForEach(F&& f) const;
  // One HSCAN call from `cursor`: calls f(field, value) for the pairs visited and
  // returns the next cursor (0: done). A listpack returns every pair with cursor 0, as
  // Redis does; a hashtable visits buckets until `count` pairs were seen or 10 * count
  // steps were taken (Redis's maxiterations).
  template <typename F>
  uint64_t Scan(uint64_t cursor, int64_t count, F&& f) const;

  // `count` pairs drawn independently and uniformly (repeats allowed), in random order,
  // appended to *out (HRANDFIELD with a negative count). REQUIRES: !empty().
  void RandomPairs(size_t count, std::mt19937_64& rng, std::vector<Pair>* out) const;
  // `count` distinct random pairs appended to *out: in listpack order for a listpack
  // (as Redis's lpRandomPairsUnique), in no particular order for a hashtable.
  // REQUIRES: count < size().
  void RandomDistinctPairs(size_t count, std::mt19937_64& rng, std::vector<Pair>* out) const;

 private:
  // The hashtable encoding's map, allocated as keyspace data.
  struct Table : KeyspaceAllocated {
    StringMap map{StringMap::ValueSize::kVariable};
  };

  explicit HashValue(Listpack lp) : rep_(std::move(lp)) {}

  const StringMap* map() const {
    const auto* t = std::get_if<std::unique_ptr<Table>>(&rep_);
    return t ? &(*t)->map : nullptr;
  }
  StringMap* map() { return const_cast<StringMap*>(std::as_const(*this).map()); }
  // The listpack position of `field`'s value, or Listpack::kEnd.
  static size_t FindValue(const Listpack& lp, std::string_view field);
  static ListpackElement AsElement(std::string_view s) { return {false, 0, s}; }
  // The listpack pairs at the positions pick(lp, count, rng, &positions) chose.
  template <typename Pick>
  void AppendPairsAt(Pick&& pick, size_t count, std::mt19937_64& rng,
                     std::vector<Pair>* out) const;

  std::variant<Listpack, std::unique_ptr<Table>> rep_;
};

template <typename F>
void HashValue::ForEach(F&& f) const {
  if (const StringMap* m = map()) return m->ForEach(f);
  const Listpack& lp = listpack();
  TextBuf fbuf, vbuf;
  for (size_t pos = lp.First(); pos != Listpack::kEnd;) {
    ListpackElement field = lp.Get(pos, &pos);
    ListpackElement value = lp.Get(pos, &pos);
    f(field.ToText(fbuf), value.ToText(vbuf));
  }
}

template <typename F>
uint64_t HashValue::Scan(uint64_t cursor, int64_t count, F&& f) const {
  const StringMap* m = map();
  if (m == nullptr) {
    ForEach(f);
    return 0;
  }
  int64_t seen = 0;
  int64_t steps_left = count * 10;
  auto visit = [&](std::string_view field, std::string_view value) {
    ++seen;
    f(field, value);
  };
  do {
    cursor = m->Scan(cursor, visit);
  } while (cursor != 0 && steps_left-- > 0 && seen < count);
  return cursor;
}

}  // namespace ringdb::types
