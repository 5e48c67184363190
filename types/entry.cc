#include "types/entry.h"

#include <algorithm>
#include <cstring>

#include "alloc/memory.h"
#include "types/number_format.h"
#include "types/object.h"

namespace ringdb::types {
namespace {

constexpr uint8_t kLongLen = 0xFF;
constexpr size_t kHeaderBytes = 4;

size_t LenFieldSize(size_t len) { return len < kLongLen ? 1 : 1 + sizeof(uint64_t); }

size_t WriteLen(uint8_t* p, size_t len) {
  if (len < kLongLen) {
    p[0] = static_cast<uint8_t>(len);
    return 1;
  }
  p[0] = kLongLen;
  uint64_t v = len;
  std::memcpy(p + 1, &v, sizeof v);
  return 1 + sizeof v;
}

// Returns the length and sets *field to the size of its field.
size_t ReadLen(const uint8_t* p, size_t* field) {
  if (p[0] != kLongLen) {
    *field = 1;
    return p[0];
  }
  uint64_t v;
  std::memcpy(&v, p + 1, sizeof v);
  *field = 1 + sizeof v;
  return v;
}

size_t KeyPartSize(size_t key_len, bool expire) {
  return kHeaderBytes + LenFieldSize(key_len) + (expire ? sizeof(int64_t) : 0) + key_len;
}

size_t StringBlockSize(size_t key_len, size_t value_len, bool expire) {
  return KeyPartSize(key_len, expire) + LenFieldSize(value_len) + value_len;
}

// Growth policy for strings edited in place (APPEND): double small values, then add
// 1 MiB at a time, as Redis's sds does, so repeated appends stay amortized O(1).
size_t GrowCapacity(size_t needed) {
  constexpr size_t kMaxPrealloc = 1024 * 1024;
  return needed < kMaxPrealloc ? needed * 2 : needed + kMaxPrealloc;
}

}  // namespace

std::string_view TypeName(ValueType type) {
  switch (type) {
    case ValueType::kString: return "string";
    case ValueType::kList: return "list";
    case ValueType::kSet: return "set";
    case ValueType::kZSet: return "zset";
    case ValueType::kHash: return "hash";
    case ValueType::kStream: return "stream";
  }
  return "none";
}

std::string_view EncodingName(Encoding encoding) {
  switch (encoding) {
    case Encoding::kRaw: return "raw";
    case Encoding::kInt: return "int";
    case Encoding::kEmbstr: return "embstr";
    case Encoding::kListpack: return "listpack";
    case Encoding::kQuicklist: return "quicklist";
    case Encoding::kIntset: return "intset";
    case Encoding::kHashtable: return "hashtable";
    case Encoding::kSkiplist: return "skiplist";
    case Encoding::kStream: return "stream";
  }
  return "unknown";
}

Encoding ChooseStringEncoding(std::string_view value) {
  int64_t ignored;
  if (IsIntEncodable(value, &ignored)) return Encoding::kInt;
  return value.size() <= kEmbstrSizeLimit ? Encoding::kEmbstr : Encoding::kRaw;
}

Entry* Entry::Build(std::string_view key, std::string_view value, size_t value_len,
                    ValueType type, Encoding encoding, int64_t expire_ms, uint32_t lru,
                    size_t capacity) {
  bool expire = expire_ms != kNoExpire;
  size_t size = std::max(StringBlockSize(key.size(), value_len, expire), capacity);
  auto* e = static_cast<Entry*>(alloc::Allocate(size));
  size_t off = e->WriteKeyPart(key, type, encoding, expire_ms, lru);
  uint8_t* p = e->bytes_;
  off += WriteLen(p + off, value_len);
  size_t copy = std::min(value.size(), value_len);
  if (copy) std::memcpy(p + off, value.data(), copy);
  if (value_len > copy) std::memset(p + off + copy, 0, value_len - copy);
  return e;
}

size_t Entry::WriteKeyPart(std::string_view key, ValueType type, Encoding encoding,
                           int64_t expire_ms, uint32_t lru) {
  const bool expire = expire_ms != kNoExpire;
  bytes_[0] = static_cast<uint8_t>(static_cast<uint8_t>(type) | (expire ? kFlagExpire : 0) |
                                   (static_cast<uint8_t>(encoding) << kEncodingShift));
  set_lru(lru);
  size_t off = kHeaderBytes + WriteLen(bytes_ + kHeaderBytes, key.size());
  if (expire) {
    std::memcpy(bytes_ + off, &expire_ms, sizeof expire_ms);
    off += sizeof expire_ms;
  }
  std::memcpy(bytes_ + off, key.data(), key.size());
  return off + key.size();
}

Entry* Entry::BuildObject(std::string_view key, ValueType type, void* object,
                          int64_t expire_ms, uint32_t lru) {
  auto* e = static_cast<Entry*>(
      alloc::Allocate(KeyPartSize(key.size(), expire_ms != kNoExpire) + sizeof object));
  // The encoding bits of an object entry are unused: the object keeps its own.
  e->set_object_at(e->WriteKeyPart(key, type, Encoding::kRaw, expire_ms, lru), object);
  return e;
}

Entry* Entry::NewObject(std::string_view key, ValueType type, void* object,
                        int64_t expire_ms) {
  return BuildObject(key, type, object, expire_ms, 0);
}

Entry* Entry::NewString(std::string_view key, std::string_view value, Encoding encoding,
                        int64_t expire_ms) {
  return Build(key, value, value.size(), ValueType::kString, encoding, expire_ms, 0, 0);
}

Entry* Entry::CloneWithKey(const Entry& src, std::string_view key) {
  const int64_t expire_ms = src.has_expire() ? src.expire_ms() : kNoExpire;
  if (!src.is_string()) {
    return BuildObject(key, src.type(), CloneObject(src.type(), src.object()), expire_ms,
                       src.lru());
  }
  return Build(key, src.str(), src.str().size(), src.type(), src.encoding(), expire_ms,
               src.lru(), 0);
}

// A new block for `e`'s value under `key` and `expire_ms`. An object moves to the new
// block: `e` is left without one, so destroying it frees only its block.
Entry* Entry::Rebuild(Entry* e, std::string_view key, int64_t expire_ms) {
  if (!e->is_string()) {
    Entry* moved = BuildObject(key, e->type(), e->object(), expire_ms, e->lru());
    e->set_object(nullptr);
    return moved;
  }
  return Build(key, e->str(), e->str().size(), e->type(), e->encoding(), expire_ms, e->lru(),
               0);
}

Entry* Entry::MoveToKey(Entry* src, std::string_view key) {
  return Rebuild(src, key, src->has_expire() ? src->expire_ms() : kNoExpire);
}

Entry* Entry::WithExpire(Entry* e, int64_t expire_ms) {
  bool want = expire_ms != kNoExpire;
  if (want == e->has_expire()) {
    if (want) e->set_expire_ms(expire_ms);
    return e;
  }
  return Rebuild(e, e->key(), expire_ms);
}

Entry* Entry::ResizeString(Entry* e, size_t len) {
  std::string_view old = e->str();
  size_t old_len = old.size();
  size_t field = LenFieldSize(old_len);
  bool fits = LenFieldSize(len) == field && e->ValueOffset() + field + len <= e->AllocatedSize();
  if (fits) {
    uint8_t* v = e->bytes_ + e->ValueOffset();
    WriteLen(v, len);
    if (len > old_len) std::memset(v + field + old_len, 0, len - old_len);
    e->set_encoding(Encoding::kRaw);
    return e;
  }
  bool expire = e->has_expire();
  size_t capacity = len > old_len ? GrowCapacity(StringBlockSize(e->key().size(), len, expire)) : 0;
  return Build(e->key(), old, len, ValueType::kString, Encoding::kRaw,
               expire ? e->expire_ms() : kNoExpire, e->lru(), capacity);
}

bool Entry::AssignString(Entry* e, std::string_view value, Encoding encoding,
                         int64_t expire_ms) {
  const bool expire = expire_ms != kNoExpire;
  if (e->type() != ValueType::kString || e->has_expire() != expire) return false;
  const size_t key_len = e->key().size();
  const size_t old_len = e->str().size();
  if (LenFieldSize(value.size()) != LenFieldSize(old_len) ||
      alloc::GoodSize(StringBlockSize(key_len, value.size(), expire)) !=
          alloc::GoodSize(StringBlockSize(key_len, old_len, expire))) {
    return false;
  }
  uint8_t* v = e->bytes_ + e->ValueOffset();
  std::memmove(v + WriteLen(v, value.size()), value.data(), value.size());
  e->set_encoding(encoding);
  if (expire) e->set_expire_ms(expire_ms);
  return true;
}

Entry* Entry::ReplaceString(Entry* e, std::string_view value, Encoding encoding) {
  const int64_t expire_ms = e->has_expire() ? e->expire_ms() : kNoExpire;
  if (AssignString(e, value, encoding, expire_ms)) return e;
  return Build(e->key(), value, value.size(), ValueType::kString, encoding, expire_ms, e->lru(),
               0);
}

void Entry::Destroy(Entry* e) {
  if (!e->is_string()) {
    if (void* object = e->object()) DestroyObject(e->type(), object);
  }
  alloc::Free(e);
}

size_t Entry::KeyOffset() const {
  size_t field;
  ReadLen(bytes_ + KeyLenOffset(), &field);
  return KeyLenOffset() + field + (has_expire() ? sizeof(int64_t) : 0);
}

size_t Entry::ValueOffset() const {
  size_t field;
  size_t key_len = ReadLen(bytes_ + KeyLenOffset(), &field);
  return KeyLenOffset() + field + (has_expire() ? sizeof(int64_t) : 0) + key_len;
}

std::string_view Entry::key() const {
  size_t field;
  size_t len = ReadLen(bytes_ + KeyLenOffset(), &field);
  size_t off = KeyLenOffset() + field + (has_expire() ? sizeof(int64_t) : 0);
  return {reinterpret_cast<const char*>(bytes_ + off), len};
}

int64_t Entry::expire_ms() const {
  size_t field;
  ReadLen(bytes_ + KeyLenOffset(), &field);
  int64_t ms;
  std::memcpy(&ms, bytes_ + KeyLenOffset() + field, sizeof ms);
  return ms;
}

void Entry::set_expire_ms(int64_t ms) {
  size_t field;
  ReadLen(bytes_ + KeyLenOffset(), &field);
  std::memcpy(bytes_ + KeyLenOffset() + field, &ms, sizeof ms);
}

std::string_view Entry::str() const {
  size_t off = ValueOffset();
  size_t field;
  size_t len = ReadLen(bytes_ + off, &field);
  return {reinterpret_cast<const char*>(bytes_ + off + field), len};
}

char* Entry::mutable_str() {
  size_t off = ValueOffset();
  size_t field;
  ReadLen(bytes_ + off, &field);
  return reinterpret_cast<char*>(bytes_ + off + field);
}

void* Entry::object() const {
  void* object;
  std::memcpy(&object, bytes_ + ValueOffset(), sizeof object);
  return object;
}

void Entry::set_object_at(size_t offset, void* object) {
  std::memcpy(bytes_ + offset, &object, sizeof object);
}

void Entry::set_object(void* object) { set_object_at(ValueOffset(), object); }

Encoding Entry::ObjectEncoding() const { return types::ObjectEncoding(type(), object()); }

size_t Entry::AllocatedSize() const { return alloc::UsableSize(this); }

size_t Entry::MemoryUsage() const {
  return AllocatedSize() + (is_string() ? 0 : ObjectBytes(type(), object()));
}

}  // namespace ringdb::types
