#include "persist/rdb_hash.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <vector>

#include "persist/rdb_string.h"
#include "persist/rdb_types.h"
#include "types/listpack.h"

namespace ringdb::persist {
namespace {

using types::HashValue;
using types::Listpack;

// Whether the listpack holds field, value pairs, at least one, with no field twice.
bool IsValidHashListpack(const Listpack& lp) {
  const size_t n = lp.size();
  if (n == 0 || n % 2 != 0) return false;
  std::vector<std::string> fields;
  fields.reserve(n / 2);
  for (size_t pos = lp.First(); pos != Listpack::kEnd; pos = lp.Next(pos)) {
    fields.push_back(lp.Get(pos).ToString());
    pos = lp.Next(pos);  // the value
  }
  std::sort(fields.begin(), fields.end());
  return std::adjacent_find(fields.begin(), fields.end()) == fields.end();
}

HashValue* ReadListpack(std::string_view in, size_t* pos, const types::EncodingLimits& limits) {
  std::string blob;
  if (!ReadRdbString(in, pos, &blob)) return nullptr;
  std::optional<Listpack> lp = Listpack::FromBytes(blob);
  if (!lp || !IsValidHashListpack(*lp)) return nullptr;
  return HashValue::FromListpack(std::move(*lp), limits);
}

HashValue* ReadPairs(std::string_view in, size_t* pos, const types::EncodingLimits& limits) {
  uint64_t len = 0;
  if (!ReadRdbLength(in, pos, &len) || len == 0) return nullptr;
  // Each pair takes at least two bytes: a larger count cannot be genuine, and must not
  // size the map.
  if (len > (in.size() - *pos) / 2) return nullptr;
  auto h = std::make_unique<HashValue>();
  if (static_cast<int64_t>(len) > limits.hash_max_listpack_entries) h->ConvertToHashtable(len);
  std::string field, value;
  for (uint64_t i = 0; i < len; ++i) {
    if (!ReadRdbString(in, pos, &field) || !ReadRdbString(in, pos, &value)) return nullptr;
    if (!h->Set(field, value, limits)) return nullptr;  // a field twice
  }
  return h.release();
}

}  // namespace

void AppendRdbHash(const types::HashValue& value, std::string* out) {
  if (value.encoding() == types::Encoding::kListpack) {
    out->push_back(static_cast<char>(rdb_type::kHashListpack));
    return AppendRdbString(value.listpack().bytes(), /*compress=*/true, out);
  }
  out->push_back(static_cast<char>(rdb_type::kHash));
  AppendRdbLength(value.size(), out);
  value.ForEach([&](std::string_view field, std::string_view v) {
    AppendRdbString(field, /*compress=*/true, out);
    AppendRdbString(v, /*compress=*/true, out);
  });
}

bool IsRdbHashType(uint8_t rdb_type) {
  return rdb_type == rdb_type::kHash || rdb_type == rdb_type::kHashListpack;
}

types::HashValue* ReadRdbHash(uint8_t rdb_type, std::string_view in, size_t* pos,
                             const types::EncodingLimits& limits) {
  switch (rdb_type) {
    case rdb_type::kHash: return ReadPairs(in, pos, limits);
    case rdb_type::kHashListpack: return ReadListpack(in, pos, limits);
    default: return nullptr;
  }
}

}  // namespace ringdb::persist
