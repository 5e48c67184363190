// A sorted set of distinct 64-bit integers in one flat block, byte-compatible with
// Redis 7.0's intset: the encoding of small all-integer sets, written as it is into
// DUMP payloads and RDB files (RDB_TYPE_SET_INTSET, type byte 11, as an RDB string).
//
// Format (all fields little-endian, no padding):
//   [u32 encoding][u32 length][length elements of `encoding` bytes each]
// `encoding` is the width of every element in bytes: 2 (int16), 4 (int32) or 8 (int64).
// Elements are signed, strictly ascending, hence distinct. A new set starts at width 2;
// adding a value that does not fit widens every element (an upgrade), and nothing ever
// narrows it again: removing the wide values keeps the width, as Redis does, so the
// bytes stay what Redis would hold after the same commands. An upgrading value is
// smaller or larger than all others, so it always lands at one end.
//
// The block is exactly header + length * width bytes long (the allocator's size class
// may hold a little more), as Redis reallocates on every add and remove: memory is
// what matters for a collection kept small on purpose. Add and Remove are O(n) (they
// shift the tail); lookups are binary searches, O(log n).
//
// Pure: no locks, no threads; the caller holds whatever guards the value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace ringdb::types {

class Intset {
 public:
  // The [encoding][length] header.
  static constexpr size_t kHeaderBytes = 8;
  // The length field is a u32.
  static constexpr size_t kMaxSize = UINT32_MAX;

  // An empty set of width 2. Allocates nothing until the first Add.
  Intset() = default;
  ~Intset();
  Intset(const Intset& other);
  Intset& operator=(const Intset& other);
  // Leaves `other` empty, width 2, holding no block.
  Intset(Intset&& other) noexcept;
  Intset& operator=(Intset&& other) noexcept;

  // Parses an intset blob from an untrusted source (RESTORE, an RDB file) and returns a
  // copy in its own block, or nullopt unless all of these hold, as Redis's deep
  // integrity check requires: the header is present, the encoding is 2, 4 or 8, the
  // length is not 0 (Redis never writes an empty set and rejects one), the blob holds
  // exactly header + length * encoding bytes, and the elements are strictly ascending
  // (no duplicates). A width wider than the values need is accepted, as Redis accepts
  // it; the set keeps that width.
  static std::optional<Intset> FromBytes(std::string_view blob);

  // Adds `value`; returns false (and changes nothing) if it was already present.
  // REQUIRES: size() < kMaxSize.
  bool Add(int64_t value);
  // Removes `value`; returns false if it was absent. Never narrows the width.
  bool Remove(int64_t value);
  bool Contains(int64_t value) const;
  // Removes every element; the width stays.
  void Clear();

  size_t size() const { return data_ == nullptr ? 0 : LoadU32(data_ + 4); }
  bool empty() const { return size() == 0; }
  // Bytes per element: 2, 4 or 8 (the header's encoding field).
  uint32_t width() const { return data_ == nullptr ? 2 : LoadU32(data_); }

  // The element at `index` in ascending order. REQUIRES: index < size().
  int64_t Get(size_t index) const;
  // The element at index `rnd` % size(): uniform for a uniform 64-bit `rnd` (the
  // modulo bias is below size() / 2^64). REQUIRES: !empty().
  int64_t Random(uint64_t rnd) const { return Get(rnd % size()); }
  // REQUIRES: !empty().
  int64_t Min() const { return Get(0); }
  int64_t Max() const { return Get(size() - 1); }

  // The whole blob in Redis's format, header included (8 bytes {2, 0} for a set that
  // never held a block). Valid until the set is next modified.
  std::string_view bytes() const;
  // Bytes of the block in the allocator (0 while it holds none): what MEMORY USAGE
  // charges for the elements. The Intset object itself is not included.
  size_t AllocatedBytes() const { return capacity_; }

  // The narrowest width (2, 4 or 8) that holds `value`.
  static uint32_t WidthFor(int64_t value);

 private:
  static uint32_t LoadU32(const uint8_t* p);
  static void StoreU32(uint8_t* p, uint32_t v);
  // Element `index` of a blob of `width`, and its store.
  static int64_t LoadAt(const uint8_t* elements, uint32_t width, size_t index);
  static void StoreAt(uint8_t* elements, uint32_t width, size_t index, int64_t value);

  // The index of `value`, or where it would be inserted, and whether it is there.
  struct Position {
    size_t index;
    bool found;
  };
  Position Search(int64_t value) const;
  // Moves the contents into a block for `length` elements of `width` (both stored in
  // the new header), keeping the first min(length, size()) elements where they are
  // when the width is unchanged. Reuses the block when its size class already fits.
  void Resize(size_t length, uint32_t width);
  // Widens every element to `width` and adds `value` (which needs it) at its end.
  void Upgrade(int64_t value);

  uint8_t* data_ = nullptr;  // header + elements; null while empty and width 2
  size_t capacity_ = 0;      // the block's usable size
};

}  // namespace ringdb::types
