// The value of a sorted-set key, in Redis 7.0's two encodings:
//   - listpack: member, score, member, score... in order (score, then member), the
//     score stored as Redis's zzlInsertAt stores it (an integer entry when integral
//     within +-LLONG_MAX/2, else d2string's text), while the set has at most
//     zset-max-listpack-entries members of at most zset-max-listpack-value bytes;
//   - skiplist: a span-counting Skiplist for order and ranks plus a StringMap member ->
//     8-byte score for lookups, once a limit is crossed. It never converts back (only a
//     store result or an RDB load is built in the encoding that fits it).
// Commands use only this API, whatever the encoding. Ranks are 0-based, ascending.
//
// Pure: no locks, no replies; the caller holds the slot's lock.
#pragma once

#include <array>
#include <cstddef>
#include <cstring>
#include <optional>
#include <random>
#include <string_view>
#include <vector>

#include "types/encoding_limits.h"
#include "types/entry.h"
#include "types/listpack.h"
#include "types/number_format.h"
#include "types/object.h"
#include "types/skiplist.h"
#include "types/string_map.h"

namespace ringdb::types {

// ZADD's conditions, as Redis's ZADD_IN_* flags.
struct ZAddFlags {
  bool incr = false;
  bool nx = false;
  bool xx = false;
  bool gt = false;
  bool lt = false;
};

// What one ZAdd did.
enum class ZAddResult { kAdded, kUpdated, kUnchanged, kSkipped, kNaN };

// An element viewed in place: valid while the value it came from is unchanged.
struct ScoredMember {
  std::string_view member;
  double score;
};

// An element drawn by ZRANDMEMBER: a listpack integer member stays an integer.
struct DrawnMember {
  ListpackElement member;
  double score;
};

class ZSetValue : public KeyspaceAllocated {
 public:
  static constexpr ValueType kType = ValueType::kZSet;

  // An empty set in the encoding ZADD creates a new key with (Redis 7.0 looks at the
  // first member only).
  ZSetValue(size_t first_member_len, const EncodingLimits& limits);
  ZSetValue(const ZSetValue& other);
  ~ZSetValue();
  ZSetValue& operator=(const ZSetValue&) = delete;

  Encoding encoding() const { return big_ ? Encoding::kSkiplist : Encoding::kListpack; }
  // Heap bytes the value holds beyond the object itself (MEMORY USAGE).
  size_t AllocatedBytes() const;
  size_t size() const;
  bool empty() const { return size() == 0; }

  std::optional<double> Score(std::string_view member) const;
  // Redis's zsetAdd: adds or updates `member` under `flags`; *new_score gets the score
  // it holds afterwards (for INCR) unless kSkipped or kNaN.
  ZAddResult Add(double score, std::string_view member, const ZAddFlags& flags,
                 const EncodingLimits& limits, double* new_score);
  bool Remove(std::string_view member);
  std::optional<size_t> Rank(std::string_view member) const;

  // How many leading elements satisfy before(score, member) (a predicate true for a
  // prefix of the order): range bounds and ranks.
  template <typename Before>
  size_t CountBefore(Before&& before) const;
  // Calls f(member, score) for elements from `rank` on, towards the tail (or the head
  // when `reverse`), while f returns true. Views are valid during the call only.
  // REQUIRES: rank < size().
  template <typename F>
  void WalkFrom(size_t rank, bool reverse, F&& f) const;
  void RemoveRanks(size_t start, size_t count);
  // One ZSCAN call from `cursor`: calls f(member, score text) for the elements visited
  // and returns the next cursor (0: done). A listpack returns every element with cursor
  // 0 and its scores as stored, as Redis does; a skiplist visits the member map's
  // buckets until `count` elements were seen or 10 * count steps were taken (Redis's
  // maxiterations), its scores as Redis's d2string prints them (FormatDouble).
  template <typename F>
  uint64_t Scan(uint64_t cursor, int64_t count, F&& f) const;

  // `count` elements drawn independently and uniformly (repeats allowed), in random
  // order (ZRANDMEMBER with a negative count). REQUIRES: !empty().
  void RandomMembers(size_t count, std::mt19937_64& rng, std::vector<DrawnMember>* out) const;
  // `count` distinct random elements: in listpack order for a listpack, in no
  // particular order for a skiplist. REQUIRES: count <= size().
  void RandomDistinctMembers(size_t count, std::mt19937_64& rng,
                             std::vector<DrawnMember>* out) const;

  // The listpack block (RDB type 17). REQUIRES: listpack encoding.
  const Listpack& listpack() const { return lp_; }
  // The skiplist (RDB type 5). REQUIRES: skiplist encoding.
  const Skiplist& skiplist() const { return big_->list; }

  // Builds from a listpack already checked to be pairs in order with unique members
  // and valid scores, converting when it holds more than the limit allows.
  static ZSetValue* FromListpack(Listpack lp, const EncodingLimits& limits);
  // A store result (ZUNIONSTORE...) holding `scores` (member -> 8-byte score, as the
  // skiplist encoding's map; empty gives an empty set), in the encoding Redis's
  // zsetConvertToListpackIfNeeded gives it: listpack when the count, the longest member
  // and the members' total bytes all fit.
  static ZSetValue* FromScores(StringMap scores, const EncodingLimits& limits);
  // The elements of `scores` (as FromScores takes) in Redis's order, viewing into it.
  static std::vector<ScoredMember> Sorted(const StringMap& scores);
  // Converts a skiplist set back to a listpack when it fits (RDB loads).
  void ShrinkIfFits(const EncodingLimits& limits);
  void ConvertToSkiplist();

 private:
  struct Big : KeyspaceAllocated {
    Skiplist list;
    StringMap scores{sizeof(double)};
  };
  static double ScoreOf(const ListpackElement& e);
  // A score as the member map stores it (8 unaligned bytes).
  static double StoredScore(std::string_view bytes) {
    double d;
    std::memcpy(&d, bytes.data(), sizeof d);
    return d;
  }
  static double MapScore(const StringMap::Ref& r) { return StoredScore(r.value()); }
  // The member's listpack position, or kEnd.
  size_t FindInListpack(std::string_view member) const;
  void InsertInListpack(double score, std::string_view member);
  void InsertInBig(double score, std::string_view member);
  // The listpack elements at the positions pick(lp_, count, rng, &positions) chose.
  template <typename Pick>
  void AppendMembersAt(Pick&& pick, size_t count, std::mt19937_64& rng,
                       std::vector<DrawnMember>* out) const;

  Listpack lp_;         // the elements while listpack; empty once converted
  Big* big_ = nullptr;  // owned; non-null in the skiplist encoding
};

template <typename Before>
size_t ZSetValue::CountBefore(Before&& before) const {
  if (big_) return big_->list.CountBefore(before);
  size_t n = 0;
  std::array<char, kInt64BufSize> buf;
  for (size_t pos = lp_.First(); pos != Listpack::kEnd;) {
    ListpackElement m = lp_.Get(pos, &pos);
    ListpackElement s = lp_.Get(pos, &pos);
    if (!before(ScoreOf(s), m.ToText(buf))) break;
    ++n;
  }
  return n;
}

template <typename F>
void ZSetValue::WalkFrom(size_t rank, bool reverse, F&& f) const {
  if (big_) {
    for (const Skiplist::Node* n = big_->list.AtRank(rank); n != nullptr;
         n = reverse ? n->prev() : n->next()) {
      if (!f(n->member(), n->score())) return;
    }
    return;
  }
  std::array<char, kInt64BufSize> buf;
  for (size_t pos = lp_.Seek(static_cast<int64_t>(2 * rank)); pos != Listpack::kEnd;) {
    const size_t score_pos = lp_.Next(pos);
    ListpackElement m = lp_.Get(pos);
    if (!f(m.ToText(buf), ScoreOf(lp_.Get(score_pos)))) return;
    if (reverse) {
      pos = pos == lp_.First() ? Listpack::kEnd : lp_.Prev(lp_.Prev(pos));
    } else {
      pos = lp_.Next(score_pos);
    }
  }
}

template <typename F>
uint64_t ZSetValue::Scan(uint64_t cursor, int64_t count, F&& f) const {
  if (!big_) {
    std::array<char, kInt64BufSize> mbuf, sbuf;
    for (size_t pos = lp_.First(); pos != Listpack::kEnd;) {
      ListpackElement m = lp_.Get(pos, &pos);
      ListpackElement s = lp_.Get(pos, &pos);
      f(m.ToText(mbuf), s.ToText(sbuf));
    }
    return 0;
  }
  int64_t seen = 0;
  int64_t steps_left = count * 10;
  auto visit = [&](std::string_view member, std::string_view score) {
    ++seen;
    char buf[kDoubleBufSize];
    f(member, std::string_view(buf, FormatDouble(StoredScore(score), buf, sizeof buf)));
  };
  do {
    cursor = big_->scores.Scan(cursor, visit);
  } while (cursor != 0 && steps_left-- > 0 && seen < count);
  return cursor;
}

}  // namespace ringdb::types
