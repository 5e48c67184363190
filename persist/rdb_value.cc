#include "persist/rdb_value.h"

#include <cstdlib>
#include <utility>

#include "persist/rdb_hash.h"
#include "persist/rdb_list.h"
#include "persist/rdb_set.h"
#include "persist/rdb_string.h"
#include "persist/rdb_types.h"
#include "persist/rdb_zset.h"
#include "types/object.h"

namespace ringdb::persist {

using types::ValueType;

RdbValue::~RdbValue() { Reset(); }

void RdbValue::Reset() {
  if (object_ != nullptr) types::DestroyObject(type_, object_);
  object_ = nullptr;
  type_ = ValueType::kString;
  str_.clear();
}

types::Entry* RdbValue::TakeEntry(std::string_view key, int64_t expire_ms) {
  if (type_ == ValueType::kString) {
    return types::Entry::NewString(key, str_, types::ChooseStringEncoding(str_), expire_ms);
  }
  types::Entry* e = types::Entry::NewObject(key, type_, std::exchange(object_, nullptr), expire_ms);
  Reset();
  return e;
}

void AppendRdbValue(const types::Entry& e, std::string* out) {
  switch (e.type()) {
    case ValueType::kString:
      out->push_back(static_cast<char>(rdb_type::kString));
      return AppendRdbString(e.str(), /*compress=*/true, out);
    case ValueType::kList: return AppendRdbList(*e.value<types::ListValue>(), out);
    case ValueType::kHash: return AppendRdbHash(*e.value<types::HashValue>(), out);
    case ValueType::kSet: return AppendRdbSet(*e.value<types::SetValue>(), out);
    case ValueType::kZSet: return AppendRdbZSet(*e.value<types::ZSetValue>(), out);
    case ValueType::kStream: break;
  }
  std::abort();  // no stream entry can exist yet
}

namespace {

// Reads the body of an object type; sets *type and returns the owned object, or null.
void* ReadObject(uint8_t t, std::string_view in, size_t* pos,
                 const types::EncodingLimits& limits, ValueType* type) {
  if (IsRdbListType(t)) {
    *type = ValueType::kList;
    return ReadRdbList(t, in, pos, limits);
  }
  if (IsRdbHashType(t)) {
    *type = ValueType::kHash;
    return ReadRdbHash(t, in, pos, limits);
  }
  if (IsRdbSetType(t)) {
    *type = ValueType::kSet;
    return ReadRdbSet(t, in, pos, limits);
  }
  if (IsRdbZSetType(t)) {
    *type = ValueType::kZSet;
    return ReadRdbZSet(t, in, pos, limits);
  }
  return nullptr;
}

}  // namespace

bool ReadRdbValue(std::string_view in, size_t* pos, const types::EncodingLimits& limits,
                  RdbValue* out) {
  out->Reset();
  if (*pos >= in.size()) return false;
  const auto t = static_cast<uint8_t>(in[(*pos)++]);
  if (t == rdb_type::kString) return ReadRdbString(in, pos, &out->str_);
  ValueType type = ValueType::kString;
  void* object = ReadObject(t, in, pos, limits, &type);
  if (object == nullptr) return false;
  out->type_ = type;
  out->object_ = object;
  return true;
}

}  // namespace ringdb::persist
