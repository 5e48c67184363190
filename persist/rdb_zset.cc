#include "persist/rdb_zset.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>

#include "persist/rdb_string.h"
#include "persist/rdb_types.h"
#include "types/listpack.h"
#include "types/skiplist.h"

namespace ringdb::persist {
namespace {

using types::ZSetValue;

void AppendBinaryDouble(double d, std::string* out) {
  char bytes[sizeof d];
  std::memcpy(bytes, &d, sizeof d);  // little-endian hosts only (string_map.h asserts it)
  out->append(bytes, sizeof bytes);
}

// The whole of `text` as a double, or nullopt.
std::optional<double> ParseWhole(std::string_view text) {
  const std::string s(text);
  char* end = nullptr;
  const double d = std::strtod(s.c_str(), &end);
  if (s.empty() || end != s.c_str() + s.size()) return std::nullopt;
  return d;
}

// Type 17: pairs in strict (score, member) order, unique members, non-NaN scores.
ZSetValue* ReadListpack(std::string_view in, size_t* pos, const types::EncodingLimits& limits) {
  std::string blob;
  if (!ReadRdbString(in, pos, &blob)) return nullptr;
  std::optional<types::Listpack> lp = types::Listpack::FromBytes(blob);
  if (!lp || lp->empty() || lp->size() % 2 != 0) return nullptr;
  std::unordered_set<std::string> members;
  std::optional<double> prev_score;
  std::string prev_member;
  for (size_t p = lp->First(); p != types::Listpack::kEnd;) {
    std::string member = lp->Get(p, &p).ToString();
    std::optional<double> score = ParseWhole(lp->Get(p, &p).ToString());
    if (!score || std::isnan(*score)) return nullptr;
    if (prev_score && (*score < *prev_score ||
                       (*score == *prev_score && types::CompareMembers(member, prev_member) <= 0))) {
      return nullptr;
    }
    if (!members.insert(member).second) return nullptr;
    prev_score = score;
    prev_member = std::move(member);
  }
  return ZSetValue::FromListpack(std::move(*lp), limits);
}

bool ReadScore(uint8_t rdb_type, std::string_view in, size_t* pos, double* out) {
  if (rdb_type == rdb_type::kZSet2) {
    if (in.size() - *pos < sizeof(double)) return false;
    std::memcpy(out, in.data() + *pos, sizeof(double));
    *pos += sizeof(double);
    return true;
  }
  if (*pos >= in.size()) return false;
  const auto len = static_cast<uint8_t>(in[(*pos)++]);
  switch (len) {
    case 253: *out = std::nan(""); return true;
    case 254: *out = HUGE_VAL; return true;
    case 255: *out = -HUGE_VAL; return true;
    default: break;
  }
  if (in.size() - *pos < len) return false;
  std::optional<double> d = ParseWhole(in.substr(*pos, len));
  *pos += len;
  if (!d) return false;
  *out = *d;
  return true;
}

// Types 5 and 3: element by element into a skiplist, then a listpack if it fits.
ZSetValue* ReadElements(uint8_t rdb_type, std::string_view in, size_t* pos,
                        const types::EncodingLimits& limits) {
  uint64_t count = 0;
  // Each element takes at least two bytes: a bigger count is a lie.
  if (!ReadRdbLength(in, pos, &count) || count == 0 || count > (in.size() - *pos) / 2) {
    return nullptr;
  }
  auto z = std::make_unique<ZSetValue>(0, limits);
  z->ConvertToSkiplist();
  std::string member;
  for (uint64_t i = 0; i < count; ++i) {
    double score = 0;
    if (!ReadRdbString(in, pos, &member) || !ReadScore(rdb_type, in, pos, &score)) return nullptr;
    if (std::isnan(score) || z->Score(member)) return nullptr;
    double ignored;
    (void)z->Add(score, member, types::ZAddFlags{}, limits, &ignored);
  }
  z->ShrinkIfFits(limits);
  return z.release();
}

}  // namespace

void AppendRdbZSet(const ZSetValue& value, std::string* out) {
  if (value.encoding() == types::Encoding::kListpack) {
    out->push_back(static_cast<char>(rdb_type::kZSetListpack));
    return AppendRdbString(value.listpack().bytes(), /*compress=*/true, out);
  }
  out->push_back(static_cast<char>(rdb_type::kZSet2));
  const types::Skiplist& list = value.skiplist();
  AppendRdbLength(list.size(), out);
  for (const types::Skiplist::Node* n = list.last(); n != nullptr; n = n->prev()) {
    AppendRdbString(n->member(), /*compress=*/true, out);
    AppendBinaryDouble(n->score(), out);
  }
}

bool IsRdbZSetType(uint8_t t) {
  return t == rdb_type::kZSetListpack || t == rdb_type::kZSet2 || t == rdb_type::kZSet;
}

ZSetValue* ReadRdbZSet(uint8_t rdb_type, std::string_view in, size_t* pos,
                       const types::EncodingLimits& limits) {
  if (rdb_type == rdb_type::kZSetListpack) return ReadListpack(in, pos, limits);
  return ReadElements(rdb_type, in, pos, limits);
}

}  // namespace ringdb::persist
