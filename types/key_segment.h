// One open-addressing table of key -> Entry: the unit a KeyTable is made of.
//
// Robin Hood linear probing over 8-byte cells. A cell holds the entry pointer in its
// low 48 bits and the top 16 bits of the key's hash in its high 16, and those 16 bits
// alone give the key's home cell: home = fastrange16(hash bits, capacity). So the
// cells of a run are kept ordered by home, a probe compares a key only where all
// 16 bits match, a lookup of an absent key stops at the first cell closer to its
// home than the probe is, and a resize re-places the cells without reading a single
// entry or hashing a key. Deletion shifts the following cells back, insertion shifts
// them forward: no tombstones.
//
// Because a resize costs only the cells, the segment can grow in small steps and stay
// full: it fills to 15/16 and grows by 1/8 (capacity is not a power of two), so it
// averages ~88% load, ~9 bytes of cells per key. Sixteen bits place keys well in up to
// about a thousand cells; KeyTable splits a segment before it outgrows kMaxCapacity.
//
// Thread: none of its own; the owning slot's lock protects it, except that
// PrefetchUnlocked may run anywhere. Does not own its entries (KeyTable does).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>

#include "types/entry.h"

namespace ringdb::types {

class KeySegment {
 public:
  // Where a probe stopped: the key's cell, or where the key would be inserted.
  struct Position {
    size_t index = 0;
    bool found = false;
  };

  // Past this many cells, homes from 16 bits share too many hash bits to filter
  // keys well: KeyTable splits the segment instead of growing it.
  static constexpr uint32_t kMaxCapacity = 1024;

  KeySegment() = default;
  ~KeySegment();
  KeySegment(const KeySegment&) = delete;
  KeySegment& operator=(const KeySegment&) = delete;
  KeySegment(KeySegment&& other) noexcept { *this = std::move(other); }
  KeySegment& operator=(KeySegment&& other) noexcept;

  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }
  // Whether one more key needs a bigger segment.
  bool Full() const { return capacity_ == 0 || size_ + 1 > capacity_ * 15 / 16; }

  // The key's cell, or where it would go.
  Position Probe(std::string_view key, uint64_t hash) const;
  // Where a key of `hash`, known to be absent, would go.
  Position PositionFor(uint64_t hash) const { return PositionForTag(Tag(hash)); }
  Entry* At(size_t index) const { return EntryOf(cells_[index]); }
  void Set(size_t index, Entry* e) {
    cells_[index] = (cells_[index] & ~kPtrMask) | reinterpret_cast<uint64_t>(e);
  }
  // Adds `e` at `p` (from Probe or PositionFor, with no change since).
  // REQUIRES: !Full().
  void Insert(Position p, Entry* e, uint64_t hash);
  // Removes the entry at `p` (found) and returns it; shrinks a drained segment.
  Entry* Remove(Position p);
  // Rehashes into at least `capacity` cells (all its allocation holds).
  // REQUIRES: room for size() keys.
  void Resize(size_t capacity);
  // The capacity to grow to when Full().
  size_t GrownCapacity() const;
  // The capacity for `keys` keys at 7/8 load: room to take more before growing.
  static size_t CapacityFor(size_t keys);
  // Forgets every entry (not destroyed) and frees the cells.
  void Reset();

  template <typename F>
  void ForEach(F&& f) const {
    for (size_t i = 0; i < capacity_; ++i)
      if (cells_[i] != 0) f(EntryOf(cells_[i]));
  }
  // An entry picked from the position `rnd` maps to; nullptr when empty.
  Entry* EntryNear(uint64_t rnd) const;

  // See KeyTable::PrefetchUnlocked.
  void PrefetchUnlocked(uint64_t hash) const {
    uint64_t* cells =
        std::atomic_ref(const_cast<uint64_t*&>(cells_)).load(std::memory_order_relaxed);
    uint32_t capacity =
        std::atomic_ref(const_cast<uint32_t&>(capacity_)).load(std::memory_order_relaxed);
    if (capacity != 0) __builtin_prefetch(&cells[HomeIn(Tag(hash), capacity)]);
  }
  // Prefetches the entry of the first cell whose 16 bits match `hash`'s.
  void PrefetchEntry(uint64_t hash) const;

  size_t CellBytes() const { return capacity_ * sizeof(uint64_t); }

 private:
  static constexpr int kTagShift = 48;
  static constexpr uint64_t kPtrMask = (uint64_t{1} << kTagShift) - 1;

  static Entry* EntryOf(uint64_t cell) { return reinterpret_cast<Entry*>(cell & kPtrMask); }
  static uint32_t Tag(uint64_t hash) { return static_cast<uint32_t>(hash >> kTagShift); }
  static uint32_t TagOf(uint64_t cell) { return static_cast<uint32_t>(cell >> kTagShift); }
  static size_t HomeIn(uint32_t tag, uint32_t capacity) {
    return (size_t{tag} * capacity) >> 16;
  }
  // How far cells[i] is from its home.
  size_t Distance(size_t i) const {
    size_t home = HomeIn(TagOf(cells_[i]), capacity_);
    return i >= home ? i - home : i + capacity_ - home;
  }
  size_t Next(size_t i) const { return i + 1 == capacity_ ? 0 : i + 1; }
  Position PositionForTag(uint32_t tag) const;
  // Puts `cell` at `index`, moving the rest of the run one cell on.
  void Place(size_t index, uint64_t cell);
  // The only writer of cells_ and capacity_ (atomically: see PrefetchUnlocked).
  void SetCells(uint64_t* cells, size_t capacity);

  uint64_t* cells_ = nullptr;
  uint32_t capacity_ = 0;
  uint32_t size_ = 0;
};

}  // namespace ringdb::types
