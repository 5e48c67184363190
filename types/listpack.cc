#include "types/listpack.h"

#include <cstdlib>
#include <cstring>

#include "alloc/memory.h"

namespace ringdb::types {
namespace {

// First bytes of the encodings (listpack.h has the table).
constexpr uint8_t k6BitStr = 0x80;
constexpr uint8_t k13BitInt = 0xC0;
constexpr uint8_t k12BitStr = 0xE0;
constexpr uint8_t k32BitStr = 0xF0;
constexpr uint8_t k16BitInt = 0xF1;
constexpr uint8_t k24BitInt = 0xF2;
constexpr uint8_t k32BitInt = 0xF3;
constexpr uint8_t k64BitInt = 0xF4;
constexpr uint8_t kEof = 0xFF;

constexpr size_t kCountOffset = 4;
constexpr size_t kMaxBacklenBytes = 5;

uint64_t ReadLittle(const uint8_t* p, int bytes) {
  uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

void WriteLittle(uint8_t* p, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) p[i] = static_cast<uint8_t>(v >> (8 * i));
}

uint32_t TotalBytes(const uint8_t* lp) { return static_cast<uint32_t>(ReadLittle(lp, 4)); }
uint16_t HeaderCount(const uint8_t* lp) {
  return static_cast<uint16_t>(ReadLittle(lp + kCountOffset, 2));
}

// Redis's thresholds exactly: 16383 takes three bytes although two would hold it.
constexpr size_t BacklenBytes(uint64_t len) {
  if (len <= 127) return 1;
  if (len < 16383) return 2;
  if (len < 2097151) return 3;
  if (len < 268435455) return 4;
  return 5;
}

// The most significant 7-bit group goes first, without the continuation bit; every
// later byte has it, so a reader going backwards knows when to stop.
void WriteBacklen(uint8_t* out, uint64_t len, size_t n) {
  out[0] = static_cast<uint8_t>(len >> (7 * (n - 1)));
  for (size_t i = 1; i < n; ++i) {
    out[i] = static_cast<uint8_t>(((len >> (7 * (n - 1 - i))) & 127) | 128);
  }
}

// Reads the backlen whose last byte is `last`, backwards; false past five bytes. It
// reads as many bytes as the continuation bits say, as Redis does (so it may read a
// byte of the previous entry or the header, never before the block).
bool ReadBacklen(const uint8_t* last, uint64_t* len) {
  uint64_t v = 0;
  for (size_t i = 0; i < kMaxBacklenBytes; ++i) {
    const uint8_t b = *(last - i);
    v |= uint64_t{b & 127u} << (7 * i);
    if ((b & 128) == 0) {
      *len = v;
      return true;
    }
  }
  return false;
}

// Bytes of encoding and length before the data: 1, 2 or 5; 0 for 0xF5..0xFF.
size_t HeadBytes(uint8_t b) {
  if (b < k12BitStr) return 1;
  if (b < k32BitStr) return 2;
  if (b == k32BitStr) return 5;
  return b <= k64BitInt ? 1 : 0;
}

// Encoding plus data of the entry at `p`. REQUIRES: its head bytes are readable and
// its first byte is not 0xF5..0xFF.
uint64_t EncodedSize(const uint8_t* p) {
  const uint8_t b = p[0];
  if (b < k6BitStr) return 1;
  if (b < k13BitInt) return 1 + (b & 0x3F);
  if (b < k12BitStr) return 2;
  if (b < k32BitStr) return 2 + (((b & 0x0F) << 8) | p[1]);
  switch (b) {
    case k32BitStr:
      return 5 + ReadLittle(p + 1, 4);
    case k16BitInt:
      return 3;
    case k24BitInt:
      return 4;
    case k32BitInt:
      return 5;
    default:
      return 9;
  }
}

size_t FullSize(const uint8_t* p) {
  const uint64_t n = EncodedSize(p);
  return n + BacklenBytes(n);
}

ListpackElement IntElement(int64_t v) { return {.is_int = true, .num = v, .str = {}}; }

ListpackElement StrElement(const uint8_t* data, size_t len) {
  return {.is_int = false, .num = 0, .str = {reinterpret_cast<const char*>(data), len}};
}

// Decodes the (trusted) entry at `p` and returns its full size. The common encodings
// are tested first, in order of their first byte.
size_t Decode(const uint8_t* p, ListpackElement* e) {
  const uint8_t b = p[0];
  if (b < k6BitStr) {
    *e = IntElement(b);
    return 2;
  }
  if (b < k13BitInt) {
    const size_t len = b & 0x3F;
    *e = StrElement(p + 1, len);
    return len + 2;
  }
  if (b < k12BitStr) {
    const int64_t v = ((b & 0x1F) << 8) | p[1];
    *e = IntElement(v >= 4096 ? v - 8192 : v);
    return 3;
  }
  if (b < k32BitStr) {
    const size_t len = ((b & 0x0F) << 8) | p[1];
    *e = StrElement(p + 2, len);
    return len + 2 + BacklenBytes(len + 2);
  }
  switch (b) {
    case k32BitStr: {
      const size_t len = ReadLittle(p + 1, 4);
      *e = StrElement(p + 5, len);
      return len + 5 + BacklenBytes(len + 5);
    }
    case k16BitInt:
      *e = IntElement(static_cast<int16_t>(ReadLittle(p + 1, 2)));
      return 4;
    case k24BitInt: {
      const int64_t v = static_cast<int64_t>(ReadLittle(p + 1, 3));
      *e = IntElement(v >= (1 << 23) ? v - (1 << 24) : v);
      return 5;
    }
    case k32BitInt:
      *e = IntElement(static_cast<int32_t>(ReadLittle(p + 1, 4)));
      return 6;
    default:
      *e = IntElement(static_cast<int64_t>(ReadLittle(p + 1, 8)));
      return 10;
  }
}

// Checks the untrusted entry at lp[pos], pos < end (the terminator's offset): its
// encoding is known, it ends by `end`, and its backlen reads back its encoded size.
// Bounds are checked before each read. On success *size is its full size.
bool ValidEntryAt(const uint8_t* lp, size_t pos, size_t end, size_t* size) {
  const size_t head = HeadBytes(lp[pos]);
  if (head == 0 || head > end - pos) return false;
  const uint64_t encoded = EncodedSize(lp + pos);
  const uint64_t full = encoded + BacklenBytes(encoded);
  if (full > end - pos) return false;
  uint64_t backlen = 0;
  if (!ReadBacklen(lp + pos + full - 1, &backlen) || backlen != encoded) return false;
  *size = static_cast<size_t>(full);
  return true;
}

// The smallest integer encoding of `v`, as Redis picks it; returns its length.
size_t EncodeInt(int64_t v, uint8_t* out) {
  if (v >= 0 && v <= 127) {
    out[0] = static_cast<uint8_t>(v);
    return 1;
  }
  if (v >= -4096 && v <= 4095) {
    const uint64_t u = static_cast<uint64_t>(v) & 0x1FFF;
    out[0] = static_cast<uint8_t>(k13BitInt | (u >> 8));
    out[1] = static_cast<uint8_t>(u);
    return 2;
  }
  int bytes = 8;
  uint8_t tag = k64BitInt;
  if (v >= INT16_MIN && v <= INT16_MAX) {
    bytes = 2, tag = k16BitInt;
  } else if (v >= -(1 << 23) && v < (1 << 23)) {
    bytes = 3, tag = k24BitInt;
  } else if (v >= INT32_MIN && v <= INT32_MAX) {
    bytes = 4, tag = k32BitInt;
  }
  out[0] = tag;
  WriteLittle(out + 1, static_cast<uint64_t>(v), bytes);
  return 1 + static_cast<size_t>(bytes);
}

// The string encoding's head for a string of `len` bytes; returns its length.
size_t EncodeStrHead(size_t len, uint8_t* out) {
  if (len < 64) {
    out[0] = static_cast<uint8_t>(k6BitStr | len);
    return 1;
  }
  if (len < 4096) {
    out[0] = static_cast<uint8_t>(k12BitStr | (len >> 8));
    out[1] = static_cast<uint8_t>(len);
    return 2;
  }
  // A string this long breaks kMaxSafeBytes, which callers must check first.
  if (len > UINT32_MAX) std::abort();
  out[0] = k32BitStr;
  WriteLittle(out + 1, len, 4);
  return 5;
}

size_t StrHeadBytes(size_t len) { return len < 64 ? 1 : len < 4096 ? 2 : 5; }

size_t IntEncodedBytes(int64_t v) {
  if (v >= 0 && v <= 127) return 1;
  if (v >= -4096 && v <= 4095) return 2;
  if (v >= INT16_MIN && v <= INT16_MAX) return 3;
  if (v >= -(1 << 23) && v < (1 << 23)) return 4;
  if (v >= INT32_MIN && v <= INT32_MAX) return 5;
  return 9;
}

}  // namespace

// ---- ListpackElement

bool ListpackElement::Equals(std::string_view text) const {
  if (!is_int) return str == text;
  int64_t v = 0;
  return ParseInt64(text, &v) && v == num;
}

std::string ListpackElement::ToString() const {
  std::array<char, kInt64BufSize> buf;
  return std::string(ToText(buf));
}

size_t ListpackElement::TextSize() const {
  std::array<char, kInt64BufSize> buf;
  return ToText(buf).size();
}

// ---- Encoded: one value ready to be written as an entry.

struct Listpack::Encoded {
  uint8_t head[9];
  uint8_t backlen[kMaxBacklenBytes];
  size_t head_len = 0;
  size_t backlen_len = 0;
  std::string_view payload;

  static Encoded Int(int64_t v) {
    Encoded e;
    e.head_len = EncodeInt(v, e.head);
    e.AddBacklen();
    return e;
  }
  // As Redis's lpInsertString: an integer when ParseInt64 accepts the string.
  static Encoded Of(std::string_view s) {
    int64_t v = 0;
    if (ParseInt64(s, &v)) return Int(v);
    Encoded e;
    e.head_len = EncodeStrHead(s.size(), e.head);
    e.payload = s;
    e.AddBacklen();
    return e;
  }

  size_t size() const { return head_len + payload.size() + backlen_len; }
  void WriteTo(uint8_t* out) const {
    std::memcpy(out, head, head_len);
    if (!payload.empty()) std::memcpy(out + head_len, payload.data(), payload.size());
    std::memcpy(out + head_len + payload.size(), backlen, backlen_len);
  }

 private:
  void AddBacklen() {
    const size_t encoded = head_len + payload.size();
    backlen_len = BacklenBytes(encoded);
    WriteBacklen(backlen, encoded, backlen_len);
  }
};

// ---- Construction

Listpack::Listpack() : lp_(static_cast<uint8_t*>(alloc::Allocate(kEmptyBytes))) {
  WriteLittle(lp_, kEmptyBytes, 4);
  WriteLittle(lp_ + kCountOffset, 0, 2);
  lp_[kHeaderBytes] = kEof;
}

Listpack::~Listpack() { alloc::Free(lp_); }

Listpack::Listpack(const Listpack& other)
    : lp_(static_cast<uint8_t*>(alloc::Allocate(other.bytes_size()))) {
  std::memcpy(lp_, other.lp_, other.bytes_size());
}

Listpack& Listpack::operator=(const Listpack& other) {
  if (this != &other) *this = Listpack(other);
  return *this;
}

Listpack& Listpack::operator=(Listpack&& other) noexcept {
  if (this != &other) {
    alloc::Free(lp_);
    lp_ = other.lp_;
    other.lp_ = nullptr;
  }
  return *this;
}

bool Listpack::IsValid(std::string_view bytes, size_t* elements) {
  const auto* lp = reinterpret_cast<const uint8_t*>(bytes.data());
  const size_t size = bytes.size();
  if (size < kEmptyBytes || TotalBytes(lp) != size || lp[size - 1] != kEof) return false;
  const size_t end = size - 1;
  size_t count = 0;
  for (size_t pos = kHeaderBytes; pos < end; ++count) {
    size_t entry = 0;
    if (!ValidEntryAt(lp, pos, end, &entry)) return false;
    pos += entry;
  }
  const uint16_t header = HeaderCount(lp);
  if (header != kUnknownCount && header != count) return false;
  if (elements != nullptr) *elements = count;
  return true;
}

std::optional<Listpack> Listpack::FromBytes(std::string_view bytes) {
  if (!IsValid(bytes)) return std::nullopt;
  auto* lp = static_cast<uint8_t*>(alloc::Allocate(bytes.size()));
  std::memcpy(lp, bytes.data(), bytes.size());
  return Listpack(lp);
}

// ---- Sizes

size_t Listpack::bytes_size() const { return TotalBytes(lp_); }

size_t Listpack::AllocatedBytes() const { return alloc::UsableSize(lp_); }

size_t Listpack::size() const {
  const uint16_t header = HeaderCount(lp_);
  if (header != kUnknownCount) return header;
  size_t count = 0;
  for (const uint8_t* p = lp_ + kHeaderBytes; *p != kEof; p += FullSize(p)) ++count;
  // The header is a cache of the count, not part of the contents: Redis refreshes it
  // from a walk, and DUMP output must show the same bytes.
  if (count < kUnknownCount) WriteLittle(lp_ + kCountOffset, count, 2);
  return count;
}

size_t Listpack::EntryBytes(std::string_view value) {
  int64_t v = 0;
  if (ParseInt64(value, &v)) return EntryBytesInt(v);
  const size_t encoded = StrHeadBytes(value.size()) + value.size();
  return encoded + BacklenBytes(encoded);
}

size_t Listpack::EntryBytesInt(int64_t value) { return IntEncodedBytes(value) + 1; }

// ---- Positions

size_t Listpack::EntrySize(size_t pos) const { return FullSize(lp_ + pos); }

size_t Listpack::Last() const { return empty() ? kEnd : Prev(bytes_size() - 1); }

size_t Listpack::Next(size_t pos) const {
  const size_t next = pos + EntrySize(pos);
  return lp_[next] == kEof ? kEnd : next;
}

size_t Listpack::Prev(size_t pos) const {
  if (pos == kHeaderBytes) return kEnd;
  uint64_t encoded = 0;
  ReadBacklen(lp_ + pos - 1, &encoded);  // validated when the entry came in
  return pos - static_cast<size_t>(encoded + BacklenBytes(encoded));
}

size_t Listpack::Seek(int64_t index) const {
  const uint16_t count = HeaderCount(lp_);
  bool forward = true;
  if (count != kUnknownCount) {
    if (index < 0) index += count;
    if (index < 0 || index >= count) return kEnd;
    if (index > count / 2) {
      forward = false;
      index -= count;  // now negative: -1 is the last element
    }
  } else {
    forward = index >= 0;
  }
  if (forward) {
    size_t pos = First();
    for (; index > 0 && pos != kEnd; --index) pos = Next(pos);
    return pos;
  }
  size_t pos = Last();
  for (; index < -1 && pos != kEnd; ++index) pos = Prev(pos);
  return pos;
}

ListpackElement Listpack::Get(size_t pos) const {
  ListpackElement e;
  Decode(lp_ + pos, &e);
  return e;
}

ListpackElement Listpack::Get(size_t pos, size_t* next) const {
  ListpackElement e;
  const size_t after = pos + Decode(lp_ + pos, &e);
  *next = lp_[after] == kEof ? kEnd : after;
  return e;
}

size_t Listpack::Find(std::string_view value, size_t start, size_t skip) const {
  if (start == kEnd) return kEnd;
  int64_t probe = 0;
  const bool probe_is_int = ParseInt64(value, &probe);
  const uint8_t* p = lp_ + start;
  size_t to_skip = 0;
  while (*p != kEof) {
    if (to_skip > 0) {
      --to_skip;
      p += FullSize(p);
      continue;
    }
    // Short strings, the most common case, are compared without a full decode.
    const uint8_t b = p[0];
    if (b >= k6BitStr && b < k13BitInt) {
      const size_t len = b & 0x3F;
      if (len == value.size() && std::memcmp(p + 1, value.data(), len) == 0) break;
      p += len + 2;
    } else {
      ListpackElement e;
      const size_t size = Decode(p, &e);
      if (e.is_int ? probe_is_int && e.num == probe : e.str == value) break;
      p += size;
    }
    to_skip = skip;
  }
  return *p == kEof ? kEnd : static_cast<size_t>(p - lp_);
}

// ---- Mutations

uint8_t* Listpack::Splice(size_t off, size_t old_len, size_t new_len) {
  const size_t total = bytes_size();
  const size_t tail = total - off - old_len;
  const uint64_t new_total = uint64_t{total} - old_len + new_len;
  // Callers keep listpacks within kMaxSafeBytes; past u32 the header would lie.
  if (new_total > UINT32_MAX) std::abort();
  const size_t usable = alloc::UsableSize(lp_);
  if (new_total > usable || alloc::GoodSize(new_total) < usable) {
    // A new block: copy the two parts straight to their places.
    auto* block = static_cast<uint8_t*>(alloc::Allocate(new_total));
    std::memcpy(block, lp_, off);
    std::memcpy(block + off + new_len, lp_ + off + old_len, tail);
    alloc::Free(lp_);
    lp_ = block;
  } else if (old_len != new_len) {
    std::memmove(lp_ + off + new_len, lp_ + off + old_len, tail);
  }
  WriteLittle(lp_, new_total, 4);
  return lp_ + off;
}

void Listpack::SetCount(size_t count) {
  WriteLittle(lp_ + kCountOffset, count < kUnknownCount ? count : kUnknownCount, 2);
}

void Listpack::AdjustCount(int64_t delta) {
  const uint16_t header = HeaderCount(lp_);
  if (header != kUnknownCount) SetCount(static_cast<size_t>(header + delta));
}

size_t Listpack::InsertAt(size_t off, const Encoded& value) {
  value.WriteTo(Splice(off, 0, value.size()));
  AdjustCount(1);
  return off;
}

void Listpack::AppendInt(int64_t value) { InsertAt(bytes_size() - 1, Encoded::Int(value)); }

size_t Listpack::InsertBefore(size_t pos, std::string_view value) {
  return InsertAt(pos == kEnd ? bytes_size() - 1 : pos, Encoded::Of(value));
}

size_t Listpack::InsertAfter(size_t pos, std::string_view value) {
  return InsertAt(pos + EntrySize(pos), Encoded::Of(value));
}

size_t Listpack::InsertManyBefore(size_t pos, std::span<const std::string_view> values) {
  if (values.empty()) return kEnd;
  const size_t off = pos == kEnd ? bytes_size() - 1 : pos;
  // Two passes (size, then write) rather than a buffer of encodings: parsing a value
  // twice costs less than allocating.
  size_t add = 0;
  for (std::string_view v : values) add += EntryBytes(v);
  uint8_t* out = Splice(off, 0, add);
  for (std::string_view v : values) {
    const Encoded e = Encoded::Of(v);
    e.WriteTo(out);
    out += e.size();
  }
  AdjustCount(static_cast<int64_t>(values.size()));
  return off;
}

size_t Listpack::ReplaceWith(size_t pos, const Encoded& value) {
  value.WriteTo(Splice(pos, EntrySize(pos), value.size()));
  return pos;
}

size_t Listpack::Replace(size_t pos, std::string_view value) {
  return ReplaceWith(pos, Encoded::Of(value));
}

size_t Listpack::ReplaceInt(size_t pos, int64_t value) {
  return ReplaceWith(pos, Encoded::Int(value));
}

size_t Listpack::Delete(size_t pos) { return DeleteAt(pos, 1); }

size_t Listpack::DeleteAt(size_t pos, size_t count) {
  size_t deleted = 0;
  return DeleteCounted(pos, count, &deleted);
}

size_t Listpack::DeleteCounted(size_t pos, size_t count, size_t* deleted) {
  size_t end = pos;
  size_t n = 0;
  for (; n < count && lp_[end] != kEof; ++n) end += EntrySize(end);
  Splice(pos, end - pos, 0);
  AdjustCount(-static_cast<int64_t>(n));
  *deleted = n;
  return lp_[pos] == kEof ? kEnd : pos;
}

size_t Listpack::DeleteRange(int64_t first_index, size_t count) {
  if (count == 0) return 0;
  const size_t pos = Seek(first_index);
  if (pos == kEnd) return 0;
  const uint16_t header = HeaderCount(lp_);
  if (header != kUnknownCount) {
    // Known count and a range reaching the tail: cut there without walking, and the
    // count becomes exact (Redis's lpDeleteRange does both).
    const int64_t index = first_index < 0 ? first_index + header : first_index;
    const size_t remaining = header - static_cast<size_t>(index);
    if (remaining <= count) {
      Splice(pos, bytes_size() - 1 - pos, 0);
      SetCount(static_cast<size_t>(index));
      return remaining;
    }
  }
  size_t deleted = 0;
  DeleteCounted(pos, count, &deleted);
  return deleted;
}

void Listpack::Concat(const Listpack& other) {
  if (&other == this) {
    const Listpack copy(other);
    Concat(copy);
    return;
  }
  // Both counts through size(), which refreshes unknown ones, as lpMerge's lpLength.
  const size_t count = size() + other.size();
  const size_t add = other.bytes_size() - kEmptyBytes;
  std::memcpy(Splice(bytes_size() - 1, 0, add), other.lp_ + kHeaderBytes, add);
  SetCount(count);
}

void Listpack::Clear() {
  Splice(kHeaderBytes, bytes_size() - kEmptyBytes, 0);
  SetCount(0);
}

}  // namespace ringdb::types
