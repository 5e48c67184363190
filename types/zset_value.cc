#include "types/zset_value.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>
#include <utility>

#include "types/random_pairs.h"

namespace ringdb::types {
namespace {

// A score's listpack entry as Redis's zzlInsertAt writes it: an integral score within
// +-LLONG_MAX/2 as an integer (double2ll; so 1.2345678901234568e+17 is stored as
// 123456789012345680), any other as d2string's text.
std::string ListpackScore(double score) {
  constexpr auto kLimit = static_cast<double>(std::numeric_limits<int64_t>::max() / 2);
  if (score >= -kLimit && score <= kLimit) {
    const auto ll = static_cast<int64_t>(score);
    if (static_cast<double>(ll) == score) return std::to_string(ll);
  }
  return D2String(score);
}

}  // namespace

ZSetValue::ZSetValue(size_t first_member_len, const EncodingLimits& limits) {
  if (limits.zset_max_listpack_entries == 0 ||
      static_cast<int64_t>(first_member_len) > limits.zset_max_listpack_value) {
    ConvertToSkiplist();
  }
}

ZSetValue::ZSetValue(const ZSetValue& other) : lp_(other.lp_) {
  if (other.big_) big_ = new Big(*other.big_);
}

ZSetValue::~ZSetValue() { delete big_; }

size_t ZSetValue::AllocatedBytes() const {
  size_t bytes = lp_.AllocatedBytes();
  if (big_) {
    bytes += alloc::UsableSize(big_) + big_->list.AllocatedBytes() +
             big_->scores.AllocatedBytes();
  }
  return bytes;
}

size_t ZSetValue::size() const { return big_ ? big_->list.size() : lp_.size() / 2; }

// Redis's zzlStrtod: the stored text read back with strtod.
double ZSetValue::ScoreOf(const ListpackElement& e) {
  if (e.is_int) return static_cast<double>(e.num);
  const std::string text(e.str);
  return std::strtod(text.c_str(), nullptr);
}

size_t ZSetValue::FindInListpack(std::string_view member) const {
  return lp_.Find(member, lp_.First(), 1);
}

std::optional<double> ZSetValue::Score(std::string_view member) const {
  if (big_) {
    StringMap::Ref r = static_cast<const StringMap&>(big_->scores).Find(member);
    if (!r) return std::nullopt;
    return MapScore(r);
  }
  const size_t pos = FindInListpack(member);
  if (pos == Listpack::kEnd) return std::nullopt;
  return ScoreOf(lp_.Get(lp_.Next(pos)));
}

// Redis's zzlInsert: before the first element greater than (score, member).
void ZSetValue::InsertInListpack(double score, std::string_view member) {
  const std::string text = ListpackScore(score);
  const std::string_view pair[2] = {member, text};
  std::array<char, kInt64BufSize> buf;
  for (size_t pos = lp_.First(); pos != Listpack::kEnd;) {
    const size_t at = pos;
    ListpackElement m = lp_.Get(pos, &pos);
    const double s = ScoreOf(lp_.Get(pos, &pos));
    if (s > score || (s == score && CompareMembers(m.ToText(buf), member) > 0)) {
      lp_.InsertManyBefore(at, pair);
      return;
    }
  }
  lp_.AppendMany(pair);
}

void ZSetValue::InsertInBig(double score, std::string_view member) {
  big_->list.Insert(score, member);
  big_->scores.Insert(member, {reinterpret_cast<const char*>(&score), sizeof score});
}

void ZSetValue::ConvertToSkiplist() {
  if (big_) return;
  // Built aside and installed last: WalkFrom reads the listpack while big_ is null.
  Big* big = new Big;
  big->scores.Reserve(size());
  if (!lp_.empty()) {
    WalkFrom(0, false, [&](std::string_view m, double s) {
      big->list.Insert(s, m);
      big->scores.Insert(m, {reinterpret_cast<const char*>(&s), sizeof s});
      return true;
    });
  }
  big_ = big;
  lp_.Clear();
}

ZAddResult ZSetValue::Add(double score, std::string_view member, const ZAddFlags& flags,
                          const EncodingLimits& limits, double* new_score) {
  if (std::isnan(score)) return ZAddResult::kNaN;
  const std::optional<double> cur = Score(member);
  if (cur) {
    if (flags.nx) return ZAddResult::kSkipped;
    if (flags.incr) {
      score += *cur;
      if (std::isnan(score)) return ZAddResult::kNaN;
    }
    if ((flags.lt && score >= *cur) || (flags.gt && score <= *cur)) return ZAddResult::kSkipped;
    *new_score = score;
    if (score == *cur) return ZAddResult::kUnchanged;
    if (big_) {
      big_->list.UpdateScore(*cur, member, score);
      std::memcpy(big_->scores.Find(member).mutable_value(), &score, sizeof score);
    } else {
      lp_.DeleteAt(FindInListpack(member), 2);
      InsertInListpack(score, member);
    }
    return ZAddResult::kUpdated;
  }
  if (flags.xx) return ZAddResult::kSkipped;
  if (!big_ && (static_cast<int64_t>(size()) + 1 > limits.zset_max_listpack_entries ||
                static_cast<int64_t>(member.size()) > limits.zset_max_listpack_value ||
                !Listpack::SafeToAdd(lp_.bytes_size(), member.size()))) {
    ConvertToSkiplist();
  }
  if (big_) {
    InsertInBig(score, member);
  } else {
    InsertInListpack(score, member);
  }
  *new_score = score;
  return ZAddResult::kAdded;
}

bool ZSetValue::Remove(std::string_view member) {
  if (big_) {
    StringMap::Ref r = big_->scores.Find(member);
    if (!r) return false;
    big_->list.Delete(MapScore(r), member);
    big_->scores.Erase(member);
    return true;
  }
  const size_t pos = FindInListpack(member);
  if (pos == Listpack::kEnd) return false;
  lp_.DeleteAt(pos, 2);
  return true;
}

std::optional<size_t> ZSetValue::Rank(std::string_view member) const {
  const std::optional<double> score = Score(member);
  if (!score) return std::nullopt;
  const double s = *score;
  return CountBefore([&](double es, std::string_view em) {
    return es < s || (es == s && CompareMembers(em, member) < 0);
  });
}

void ZSetValue::RemoveRanks(size_t start, size_t count) {
  if (big_) {
    big_->list.DeleteRanks(start, count, [&](std::string_view m) { big_->scores.Erase(m); });
    return;
  }
  lp_.DeleteRange(static_cast<int64_t>(2 * start), 2 * count);
}

ZSetValue* ZSetValue::FromListpack(Listpack lp, const EncodingLimits& limits) {
  auto* z = new ZSetValue(0, EncodingLimits{});
  z->lp_ = std::move(lp);
  if (static_cast<int64_t>(z->size()) > limits.zset_max_listpack_entries) z->ConvertToSkiplist();
  return z;
}

ZSetValue* ZSetValue::FromScores(StringMap scores, const EncodingLimits& limits) {
  size_t longest = 0, total = 0;
  scores.ForEach([&](std::string_view m, std::string_view) {
    longest = std::max(longest, m.size());
    total += m.size();
  });
  auto* z = new ZSetValue(0, EncodingLimits{});
  if (static_cast<int64_t>(scores.size()) <= limits.zset_max_listpack_entries &&
      static_cast<int64_t>(longest) <= limits.zset_max_listpack_value &&
      Listpack::SafeToAdd(0, total)) {
    for (const ScoredMember& e : Sorted(scores)) {
      const std::string text = ListpackScore(e.score);
      const std::string_view pair[2] = {e.member, text};
      z->lp_.AppendMany(pair);
    }
    return z;
  }
  // The accumulated map becomes the member -> score half as it is.
  z->big_ = new Big;
  scores.ForEach(
      [&](std::string_view m, std::string_view v) { z->big_->list.Insert(StoredScore(v), m); });
  z->big_->scores = std::move(scores);
  return z;
}

std::vector<ScoredMember> ZSetValue::Sorted(const StringMap& scores) {
  std::vector<ScoredMember> out;
  out.reserve(scores.size());
  scores.ForEach(
      [&](std::string_view m, std::string_view v) { out.push_back({m, StoredScore(v)}); });
  std::sort(out.begin(), out.end(), [](const ScoredMember& a, const ScoredMember& b) {
    return a.score < b.score || (a.score == b.score && CompareMembers(a.member, b.member) < 0);
  });
  return out;
}

void ZSetValue::RandomMembers(size_t count, std::mt19937_64& rng,
                              std::vector<DrawnMember>* out) const {
  if (big_) {
    for (size_t i = 0; i < count; ++i) {
      StringMap::Ref r = big_->scores.Random(rng());
      out->push_back({{false, 0, r.key()}, MapScore(r)});
    }
    return;
  }
  AppendMembersAt(RandomPairPositions, count, rng, out);
}

void ZSetValue::RandomDistinctMembers(size_t count, std::mt19937_64& rng,
                                      std::vector<DrawnMember>* out) const {
  if (big_) {
    std::vector<MapElement> picked;
    RandomDistinctElements(big_->scores, count, rng, &picked);
    for (const MapElement& e : picked) out->push_back({{false, 0, e.first}, StoredScore(e.second)});
    return;
  }
  AppendMembersAt(RandomDistinctPairPositions, count, rng, out);
}

template <typename Pick>
void ZSetValue::AppendMembersAt(Pick&& pick, size_t count, std::mt19937_64& rng,
                                std::vector<DrawnMember>* out) const {
  std::vector<size_t> positions;
  positions.reserve(count);
  pick(lp_, count, rng, &positions);
  for (size_t pos : positions) out->push_back({lp_.Get(pos), ScoreOf(lp_.Get(lp_.Next(pos)))});
}

void ZSetValue::ShrinkIfFits(const EncodingLimits& limits) {
  if (!big_ || static_cast<int64_t>(size()) > limits.zset_max_listpack_entries) return;
  size_t total = 0;
  for (const Skiplist::Node* n = big_->list.first(); n != nullptr; n = n->next()) {
    if (static_cast<int64_t>(n->member().size()) > limits.zset_max_listpack_value) return;
    total += n->member().size();
  }
  if (!Listpack::SafeToAdd(0, total)) return;
  Listpack lp;
  for (const Skiplist::Node* n = big_->list.first(); n != nullptr; n = n->next()) {
    const std::string text = ListpackScore(n->score());
    const std::string_view pair[2] = {n->member(), text};
    lp.AppendMany(pair);
  }
  lp_ = std::move(lp);
  delete big_;
  big_ = nullptr;
}

}  // namespace ringdb::types
