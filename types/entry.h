// One key and its value in a single heap block: the unit the keyspace tables point to.
//
// Layout (packed, unaligned fields read with memcpy):
//   [u8 type | expire flag<<3 | encoding<<4][u24 lru][key length]
//   [expire ms: i64, if flagged][key bytes][value]
// A length is one byte when < 255, else 0xFF followed by a u64. A string value is
// stored inline as [length][bytes]; the block's usable size beyond that is spare
// capacity that APPEND/SETRANGE grow into without reallocating. Any other value is an
// object the entry owns (types/object.h), stored as its 8-byte pointer. A 16-byte key with a
// 16-byte value takes 38 bytes. Type, expiry flag and encoding share one byte because
// every byte here is paid by every key: the slab pool stores those 38 bytes in 38
// (Debian's mimalloc 2.0.9 would round to 48).
//
// Entries know nothing of locks: the slot that holds an entry is locked by whoever
// touches it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ringdb::types {

enum class ValueType : uint8_t { kString = 0, kList, kSet, kZSet, kHash, kStream };

// What OBJECT ENCODING reports. For strings: kInt when the value is a canonical
// 64-bit integer, kEmbstr for short values set whole, kRaw otherwise (and after any
// in-place edit, as Redis does). Other values keep their own (types/object.h).
enum class Encoding : uint8_t {
  kRaw = 0, kInt, kEmbstr, kListpack, kQuicklist, kIntset, kHashtable, kSkiplist, kStream
};

// Redis's name for the type ("string", "list", ...) and the encoding ("embstr", ...).
std::string_view TypeName(ValueType type);
std::string_view EncodingName(Encoding encoding);

// Redis's OBJ_ENCODING_EMBSTR_SIZE_LIMIT: values up to this length are "embstr".
inline constexpr size_t kEmbstrSizeLimit = 44;
// The encoding Redis 7.0 gives a string value set whole (SET, MSET, ...).
Encoding ChooseStringEncoding(std::string_view value);

inline constexpr int64_t kNoExpire = -1;

class Entry {
 public:
  Entry() = delete;

  // A new string entry. `expire_ms` is an absolute unix time in ms or kNoExpire.
  static Entry* NewString(std::string_view key, std::string_view value, Encoding encoding,
                          int64_t expire_ms);
  // A new entry owning `object`, a value of `type` (types/object.h). REQUIRES: type is
  // not kString.
  static Entry* NewObject(std::string_view key, ValueType type, void* object, int64_t expire_ms);
  // A copy of `src` (key, value, expiry, encoding) under `key`: a deep copy (COPY).
  static Entry* CloneWithKey(const Entry& src, std::string_view key);
  // An entry under `key` that takes `src`'s value, expiry and LRU clock without copying
  // the value (RENAME); `src` keeps its key but no value, and is only fit to be
  // destroyed.
  static Entry* MoveToKey(Entry* src, std::string_view key);
  // The methods below return `e` itself when they could edit in place, else a new
  // block that the caller stores in place of `e` before destroying `e` (the table
  // still points at `e` until then).
  //
  // Sets or clears the expiry.
  static Entry* WithExpire(Entry* e, int64_t expire_ms);
  // Makes the string value `len` bytes long keeping its first min(len, old) bytes;
  // new bytes are zero. The encoding becomes kRaw (Redis's APPEND/SETRANGE result).
  static Entry* ResizeString(Entry* e, size_t len);
  // Replaces the string value, keeping the expiry.
  static Entry* ReplaceString(Entry* e, std::string_view value, Encoding encoding);
  // Overwrites string entry `e` with `value` and `expire_ms` in place and returns true
  // when that needs no other block: same expiry presence and a value whose block would
  // be the same size as the old one's (so memory is as a fresh block would be); else
  // returns false and leaves `e` as it was.
  static bool AssignString(Entry* e, std::string_view value, Encoding encoding,
                           int64_t expire_ms);
  static void Destroy(Entry* e);

  ValueType type() const { return static_cast<ValueType>(bytes_[0] & kTypeMask); }
  bool is_string() const { return type() == ValueType::kString; }
  Encoding encoding() const {
    return is_string() ? static_cast<Encoding>(bytes_[0] >> kEncodingShift) : ObjectEncoding();
  }
  // REQUIRES: is_string().
  void set_encoding(Encoding e) {
    bytes_[0] = static_cast<uint8_t>((bytes_[0] & (kTypeMask | kFlagExpire)) |
                                     (static_cast<uint8_t>(e) << kEncodingShift));
  }

  std::string_view key() const;
  bool has_expire() const { return (bytes_[0] & kFlagExpire) != 0; }
  // REQUIRES: has_expire().
  int64_t expire_ms() const;
  // REQUIRES: has_expire().
  void set_expire_ms(int64_t ms);

  // REQUIRES: type() == kString.
  std::string_view str() const;
  // Writable view of the string value (for SETRANGE / SETBIT / BITFIELD in place).
  // REQUIRES: type() == kString.
  char* mutable_str();

  // The value object of a non-string entry; a caller casts it to the class of type().
  // REQUIRES: !is_string().
  void* object() const;
  // Typed access: the value if the entry holds a T (types/object.h), else nullptr.
  template <typename T>
  T* value() const {
    return type() == T::kType ? static_cast<T*>(object()) : nullptr;
  }

  // 24-bit clock in seconds, as Redis's LRU clock.
  uint32_t lru() const { return bytes_[1] | (bytes_[2] << 8) | (uint32_t{bytes_[3]} << 16); }
  void set_lru(uint32_t clock) {
    bytes_[1] = clock & 0xFF;
    bytes_[2] = (clock >> 8) & 0xFF;
    bytes_[3] = (clock >> 16) & 0xFF;
  }

  // Bytes the block occupies in the allocator.
  size_t AllocatedSize() const;
  // The block plus the value object and all it owns (MEMORY USAGE, DEBUG OBJECT).
  size_t MemoryUsage() const;

 private:
  // The first byte's fields.
  static constexpr uint8_t kTypeMask = 0x07;
  static constexpr uint8_t kFlagExpire = 0x08;
  static constexpr int kEncodingShift = 4;
  static_assert(static_cast<uint8_t>(ValueType::kStream) <= kTypeMask);
  static_assert(static_cast<uint8_t>(Encoding::kStream) < (1 << (8 - kEncodingShift)));

  // Allocates and fills a string entry; the value is `value` cut or zero-padded to
  // `value_len` bytes, in a block of at least `capacity` bytes.
  static Entry* Build(std::string_view key, std::string_view value, size_t value_len,
                      ValueType type, Encoding encoding, int64_t expire_ms, uint32_t lru,
                      size_t capacity);

  static Entry* BuildObject(std::string_view key, ValueType type, void* object,
                            int64_t expire_ms, uint32_t lru);
  static Entry* Rebuild(Entry* e, std::string_view key, int64_t expire_ms);
  // Writes the header, key length, expiry and key; returns the value's offset.
  size_t WriteKeyPart(std::string_view key, ValueType type, Encoding encoding,
                      int64_t expire_ms, uint32_t lru);
  Encoding ObjectEncoding() const;
  void set_object(void* object);
  void set_object_at(size_t offset, void* object);

  size_t KeyLenOffset() const { return 4; }
  size_t KeyOffset() const;
  size_t ValueOffset() const;

  uint8_t bytes_[1];
};

}  // namespace ringdb::types
