#include "persist/rdb_set.h"

#include <algorithm>
#include <array>
#include <memory>
#include <optional>

#include "persist/rdb_string.h"
#include "persist/rdb_types.h"
#include "types/intset.h"

namespace ringdb::persist {
namespace {

using types::SetValue;

SetValue* ReadIntset(std::string_view in, size_t* pos, const types::EncodingLimits& limits) {
  std::string blob;
  if (!ReadRdbString(in, pos, &blob)) return nullptr;
  std::optional<types::Intset> is = types::Intset::FromBytes(blob);
  if (!is) return nullptr;
  // Kept as it is, width included: Redis keeps a width wider than the values need, and
  // so the next DUMP writes the same bytes.
  auto set = std::make_unique<SetValue>(std::move(*is));
  if (static_cast<int64_t>(set->size()) >
      std::min(limits.set_max_intset_entries, SetValue::kMaxIntsetEntriesCap)) {
    set->ConvertToHashtable();
  }
  return set.release();
}

SetValue* ReadMembers(std::string_view in, size_t* pos, const types::EncodingLimits& limits) {
  uint64_t len;
  if (!ReadRdbLength(in, pos, &len)) return nullptr;
  // Redis refuses an empty set; each member takes at least one byte, so a count past
  // the bytes left is corrupt (and must not size a table).
  if (len == 0 || len > in.size() - *pos) return nullptr;
  auto set = std::make_unique<SetValue>();
  const int64_t max_intset = std::min(limits.set_max_intset_entries,
                                      SetValue::kMaxIntsetEntriesCap);
  if (len > static_cast<uint64_t>(max_intset)) set->ConvertToHashtable(len);
  std::string member;
  for (uint64_t i = 0; i < len; ++i) {
    if (!ReadRdbString(in, pos, &member)) return nullptr;
    // Duplicates are corrupt, as Redis says ("Duplicate set members detected").
    if (!set->Add(member, max_intset)) return nullptr;
  }
  return set.release();
}

}  // namespace

void AppendRdbSet(const SetValue& value, std::string* out) {
  if (const types::Intset* is = value.intset()) {
    out->push_back(static_cast<char>(rdb_type::kSetIntset));
    AppendRdbString(is->bytes(), /*compress=*/true, out);
    return;
  }
  out->push_back(static_cast<char>(rdb_type::kSet));
  AppendRdbLength(value.size(), out);
  value.ForEach([&](const types::SetMember& m) {
    std::array<char, types::kInt64BufSize> buf;
    AppendRdbString(m.Text(buf), /*compress=*/true, out);
  });
}

bool IsRdbSetType(uint8_t rdb_type) {
  return rdb_type == rdb_type::kSet || rdb_type == rdb_type::kSetIntset;
}

SetValue* ReadRdbSet(uint8_t rdb_type, std::string_view in, size_t* pos,
                     const types::EncodingLimits& limits) {
  if (rdb_type == rdb_type::kSetIntset) return ReadIntset(in, pos, limits);
  if (rdb_type == rdb_type::kSet) return ReadMembers(in, pos, limits);
  return nullptr;
}

}  // namespace ringdb::persist
