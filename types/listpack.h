// Redis 7.0's listpack: a sequence of strings and integers packed into one heap block,
// byte-for-byte as Redis lays it out, so that a DUMP payload or an RDB file can carry
// the block as it is and a Redis dump loads straight into one. Small hashes (field,
// value, field, value...), small sorted sets (member, score, ...) and quicklist nodes
// are built on it.
//
// Format (all integers little-endian):
//   [u32 total bytes][u16 element count][entry]...[0xFF]
// The count is exact while below 65535; 65535 means "unknown: walk to count". An entry
// that reaches 65535 elements leaves it there; a walk that finds fewer stores the exact
// count again (Redis's lpLength). An empty listpack is 7 bytes: 07 00 00 00 00 00 FF.
//
// Each entry is [encoding][data][backlen]. The first byte selects the encoding:
//   0xxxxxxx                 7-bit unsigned int, in the byte itself
//   10xxxxxx <data>          string of up to 63 bytes (length in the 6 bits)
//   110xxxxx yyyyyyyy        13-bit signed int (x = high bits, two's complement)
//   1110xxxx yyyyyyyy <data> string of up to 4095 bytes (x = high bits of the length)
//   0xF0 <u32 len> <data>    string with a 32-bit length
//   0xF1 / F2 / F3 / F4      16 / 24 / 32 / 64-bit signed int, in the next 2/3/4/8 bytes
//   0xF5..0xFE               unused (invalid); 0xFF ends the listpack
// backlen is the size of encoding+data, written so that it reads from its last byte
// backwards: 7 bits a byte, most significant group first in memory, every byte but the
// first with its high bit set. Its size follows the value: <= 127 one byte, < 16383 two,
// < 2097151 three, < 268435455 four, else five (16383 itself takes three, as in Redis).
//
// Values are stored as Redis stores them: a string that ParseInt64 accepts (a canonical
// int64: "7", "-12", not "07", "-0" or "+1") becomes an integer in the smallest
// encoding (0..127 7-bit, -4096..4095 13-bit, then 16, 24, 32, 64-bit); any other string
// takes the smallest string encoding for its length. An integer reads back as its
// canonical decimal text, so every element reads back as the text that was stored.
//
// Positions are byte offsets of elements inside bytes(), valid until the next mutation;
// kEnd stands for "no element" (past the last, before the first, not found). Element
// indexes are 0-based from the head; negative ones count from the tail (-1 the last).
//
// The block comes from alloc::Allocate, so keyspace accounting sees it. It is always of
// the allocator's size class for bytes_size() (as Redis reallocs to the exact size on
// every change): growth and shrinking are amortised by the size classes themselves.
//
// Thread: none of its own; whoever holds the value's lock calls it. size() may rewrite
// the header's count (see above), so even const calls need that lock held exclusively.
// Pure: no config, no replies, no locks. Contents are trusted once inside: FromBytes is
// the only way in for untrusted bytes, and it validates every entry.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "types/number_format.h"

namespace ringdb::types {

// One element as read from a listpack: an integer, or a string viewing into the
// listpack (valid until its next mutation).
struct ListpackElement {
  bool is_int = false;
  int64_t num = 0;       // when is_int
  std::string_view str;  // when !is_int

  // Whether the element reads as `text`: an integer equals only its canonical decimal
  // text (ParseInt64 decides), a string only the same bytes.
  bool Equals(std::string_view text) const;
  // The element's text: a string's bytes, or an integer written into `buf`.
  std::string_view ToText(std::array<char, kInt64BufSize>& buf) const {
    return is_int ? Int64ToChars(num, buf) : str;
  }
  std::string ToString() const;
  // The length of ToText's result, without writing it.
  size_t TextSize() const;
};

class Listpack {
 public:
  static constexpr size_t kEnd = std::numeric_limits<size_t>::max();
  static constexpr size_t kHeaderBytes = 6;
  static constexpr size_t kEmptyBytes = kHeaderBytes + 1;
  // The header count that means "65535 or more: walk to count".
  static constexpr uint16_t kUnknownCount = 65535;
  // Redis's LISTPACK_MAX_SAFETY_SIZE: no listpack may grow past 1 GiB (callers convert
  // to another encoding instead), which keeps total bytes far from the u32 limit.
  static constexpr size_t kMaxSafeBytes = size_t{1} << 30;

  // An empty listpack (7 bytes).
  Listpack();
  ~Listpack();
  Listpack(const Listpack& other);
  Listpack& operator=(const Listpack& other);
  // A moved-from listpack may only be destroyed or assigned to.
  Listpack(Listpack&& other) noexcept : lp_(other.lp_) { other.lp_ = nullptr; }
  Listpack& operator=(Listpack&& other) noexcept;

  // A copy of `bytes` when they are a well-formed listpack: total bytes equal to
  // bytes.size(), every entry's encoding known, its length and backlen consistent and
  // within bounds, the terminator right after the last entry, and the count exact
  // unless kUnknownCount. Reads nothing outside `bytes` whatever they hold (RESTORE
  // payloads and RDB files feed it). Whether the elements make sense for the type
  // (pairs, duplicates, score syntax) is the caller's to check.
  static std::optional<Listpack> FromBytes(std::string_view bytes);
  // FromBytes's checks without the copy; on success *elements (if non-null) gets the
  // number of elements found.
  static bool IsValid(std::string_view bytes, size_t* elements = nullptr);

  // The whole serialized block, header and terminator included.
  std::string_view bytes() const { return {reinterpret_cast<const char*>(lp_), bytes_size()}; }
  size_t bytes_size() const;
  // What the block costs the allocator (its usable size).
  size_t AllocatedBytes() const;
  // The number of elements: the header's count, or a walk when it is kUnknownCount, in
  // which case a result under 65535 is stored back into the header as Redis does.
  size_t size() const;
  bool empty() const { return lp_[kHeaderBytes] == kTerminator; }

  // ---- Positions. Each REQUIRES `pos` to be an element's position (not kEnd).
  size_t First() const { return empty() ? kEnd : kHeaderBytes; }
  size_t Last() const;
  size_t Next(size_t pos) const;
  size_t Prev(size_t pos) const;
  // The element at `index` (negative: from the tail), or kEnd when out of range. Walks
  // from the nearer end when the count is known; with an unknown count, from the head
  // for index >= 0 and from the tail otherwise (Redis's lpSeek).
  size_t Seek(int64_t index) const;

  ListpackElement Get(size_t pos) const;
  // Get plus the position of the following element (kEnd after the last), decoding the
  // entry once: the fast way to iterate.
  ListpackElement Get(size_t pos, size_t* next) const;
  // Calls f(const ListpackElement&) for each element from the head.
  template <typename F>
  void ForEach(F&& f) const {
    for (size_t pos = First(); pos != kEnd;) f(Get(pos, &pos));
  }

  // The first element from `start` on that reads as `value`, comparing one element and
  // then stepping over `skip` (a hash's fields: start First(), skip 1), or kEnd. As
  // Redis's lpFind: an integer element matches when `value` parses as that integer (it
  // is parsed once), a string element when the bytes are equal (lengths first).
  // `start` may be kEnd (then kEnd).
  size_t Find(std::string_view value, size_t start, size_t skip = 0) const;

  // ---- Mutations. Each invalidates every position and element view taken before it,
  // except the positions it returns. REQUIRES: the result stays within kMaxSafeBytes
  // (check with SafeToAdd first); a result past u32 total bytes aborts.
  //
  // String values go through ParseInt64 and are stored as integers when it accepts
  // them; the *Int forms store an integer directly.
  void Append(std::string_view value) { InsertBefore(kEnd, value); }
  void AppendInt(int64_t value);
  void Prepend(std::string_view value) { InsertBefore(empty() ? kEnd : First(), value); }
  // Appends all of `values` in order with one reallocation (HSET f1 v1 f2 v2...).
  void AppendMany(std::span<const std::string_view> values) { InsertManyBefore(kEnd, values); }
  // Inserts before the element at `pos` (kEnd: at the tail); returns the new element's
  // position.
  size_t InsertBefore(size_t pos, std::string_view value);
  // Inserts after the element at `pos` (REQUIRES: not kEnd); returns the new element's
  // position.
  size_t InsertAfter(size_t pos, std::string_view value);
  // Inserts all of `values` in order before `pos` (kEnd: at the tail) with one
  // reallocation (a zset's member and score); returns the first new element's position
  // (kEnd if `values` is empty).
  size_t InsertManyBefore(size_t pos, std::span<const std::string_view> values);
  // Overwrites the element at `pos`; returns its (unchanged) position. An entry of the
  // same encoded size is rewritten without moving anything else (HINCRBY).
  size_t Replace(size_t pos, std::string_view value);
  size_t ReplaceInt(size_t pos, int64_t value);
  // Removes the element at `pos`; returns the position of the one that followed it
  // (now at `pos`), or kEnd.
  size_t Delete(size_t pos);
  // Removes up to `count` elements from `pos` on (a hash's field and value: 2); returns
  // the position of the one that followed them, or kEnd.
  size_t DeleteAt(size_t pos, size_t count);
  // Removes up to `count` elements from `first_index` (negative: from the tail) on;
  // returns how many went. Nothing when the index is out of range (LTRIM, LREM).
  size_t DeleteRange(int64_t first_index, size_t count);
  // Appends every element of `other` (a copy when it is *this): quicklist merges. The
  // count is the sum of both, or kUnknownCount from 65535 on (Redis's lpMerge).
  void Concat(const Listpack& other);
  // Removes every element.
  void Clear();

  // ---- Sizes, for callers deciding whether an element fits before adding it.
  //
  // Redis's lpSafeToAdd: whether `add` more bytes keep a listpack of `current_bytes`
  // within kMaxSafeBytes.
  static bool SafeToAdd(size_t current_bytes, size_t add) {
    return add <= kMaxSafeBytes && current_bytes <= kMaxSafeBytes - add;
  }
  // Exactly what storing `value` adds to bytes_size(): encoding, data and backlen.
  // (Redis 7.0's quicklist decides whether a value fits a node from its own estimate,
  // not from this: a quicklist that must split nodes where Redis does copies that rule.)
  static size_t EntryBytes(std::string_view value);
  static size_t EntryBytesInt(int64_t value);

 private:
  static constexpr uint8_t kTerminator = 0xFF;

  // One value encoded for writing (listpack.cc).
  struct Encoded;

  explicit Listpack(uint8_t* lp) : lp_(lp) {}
  // The full size (encoding, data, backlen) of the entry at `pos`.
  size_t EntrySize(size_t pos) const;
  // Resizes the `old_len` bytes at `off` to `new_len`, moving what follows and
  // reallocating when the size class changes; updates total bytes. Returns the gap.
  uint8_t* Splice(size_t off, size_t old_len, size_t new_len);
  // Adds `delta` to a known header count (kUnknownCount from 65535 on); an unknown
  // count stays unknown (Redis's lpInsert and lpDeleteRangeWithEntry).
  void AdjustCount(int64_t delta);
  // Stores `count`, or kUnknownCount from 65535 on.
  void SetCount(size_t count);
  // Writes `value` as a new entry at byte offset `off` (an entry's or the terminator's);
  // returns `off`.
  size_t InsertAt(size_t off, const Encoded& value);
  size_t ReplaceWith(size_t pos, const Encoded& value);
  // DeleteAt, also reporting how many elements went.
  size_t DeleteCounted(size_t pos, size_t count, size_t* deleted);

  uint8_t* lp_;
};

}  // namespace ringdb::types
