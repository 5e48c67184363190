// The compact hash table of one slot of one database: key -> Entry.
//
// Open addressing with linear probing over 8-byte cells. A cell holds the entry
// pointer in its low 48 bits and 16 bits of the key's hash in its high bits, so a
// probe rejects non-matching cells without touching the entry. Capacity is not a
// power of two (index = fastrange of the hash) and grows by 1.5x at 80% load, so the
// table costs ~11 bytes per key on average instead of the 16 that doubling gives.
// Deletion shifts the following cells back (no tombstones).
//
// A table belongs to one slot; a slot holds ~N/16384 keys, so growth rehashes a few
// dozen entries, never a pause.
//
// Thread: none of its own; the owning slot's lock protects it, except that
// PrefetchUnlocked may run anywhere. Owns its entries.
#pragma once

#include <xxhash.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "types/entry.h"

namespace ringdb::types {

class KeyTable {
 public:
  KeyTable() = default;
  ~KeyTable();
  KeyTable(const KeyTable&) = delete;
  KeyTable& operator=(const KeyTable&) = delete;
  KeyTable(KeyTable&& other) noexcept;
  KeyTable& operator=(KeyTable&& other) noexcept;

  static uint64_t Hash(std::string_view key) { return XXH3_64bits(key.data(), key.size()); }

  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }

  Entry* Find(std::string_view key, uint64_t hash) const;
  // Stores what build(old) returns under `key`, where `old` is the entry there or
  // nullptr; build may return `old` itself, edited in place. One probe either way.
  // Returns `old` (owned by the caller unless build returned it).
  template <typename Build>
  Entry* Emplace(std::string_view key, uint64_t hash, Build&& build) {
    ReserveOneMore();
    size_t i = Probe(key, hash);
    Entry* old = cells_[i] ? EntryOf(cells_[i]) : nullptr;
    Entry* e = build(old);
    if (old == nullptr) ++size_;
    cells_[i] = MakeCell(e, hash);
    return old;
  }
  // Inserts `e` or replaces the entry with the same key; returns the replaced entry
  // (now owned by the caller) or nullptr.
  Entry* Upsert(Entry* e, uint64_t hash) {
    return Emplace(e->key(), hash, [e](Entry*) { return e; });
  }
  // Points the cell of `e->key()` at `e` (after an Entry method moved the block).
  // REQUIRES: an entry with that key is present.
  void Repoint(Entry* e, uint64_t hash);
  // Removes the entry with `key` and returns it (owned by the caller), or nullptr.
  Entry* Erase(std::string_view key, uint64_t hash);
  // Destroys every entry.
  void Clear();

  // Calls f(Entry*) for each entry. `f` must not modify the table.
  template <typename F>
  void ForEach(F&& f) const {
    for (size_t i = 0; i < capacity_; ++i)
      if (cells_[i] != 0) f(EntryOf(cells_[i]));
  }
  // An entry picked from the position `rnd` maps to; nullptr when empty.
  Entry* EntryNear(uint64_t rnd) const;

  // Hints the CPU to load the cell a lookup of `hash` starts at. Safe without the
  // owning slot's lock: cells_ and capacity_ are read atomically and nothing is
  // dereferenced, so a racing resize only makes the hint useless.
  void PrefetchUnlocked(uint64_t hash) const {
    uint64_t* cells =
        std::atomic_ref(const_cast<uint64_t*&>(cells_)).load(std::memory_order_relaxed);
    uint32_t capacity =
        std::atomic_ref(const_cast<uint32_t&>(capacity_)).load(std::memory_order_relaxed);
    if (capacity != 0) __builtin_prefetch(&cells[HomeIn(hash, capacity)]);
  }

  // Hints the CPU to load the entry a lookup of `hash` would compare first: the
  // first cell from home whose tag matches. REQUIRES the owning slot's lock.
  void PrefetchEntry(uint64_t hash) const;

  // Bytes used by the cells (entries are counted by themselves).
  size_t TableBytes() const { return capacity_ * sizeof(uint64_t); }

 private:
  static constexpr uint64_t kPtrMask = (uint64_t{1} << 48) - 1;
  static Entry* EntryOf(uint64_t cell) { return reinterpret_cast<Entry*>(cell & kPtrMask); }
  static uint64_t Tag(uint64_t hash) { return (hash & 0xFFFF) << 48; }
  static uint64_t MakeCell(Entry* e, uint64_t hash) {
    return reinterpret_cast<uint64_t>(e) | Tag(hash);
  }
  // The cell a lookup of `hash` starts at in a table of `capacity` (fastrange).
  static size_t HomeIn(uint64_t hash, uint32_t capacity) {
    return ((hash >> 32) * capacity) >> 32;
  }
  size_t Home(uint64_t hash) const { return HomeIn(hash, capacity_); }
  size_t Next(size_t i) const { return i + 1 == capacity_ ? 0 : i + 1; }
  // Index of the cell holding `key`, or of the empty cell where it would go.
  size_t Probe(std::string_view key, uint64_t hash) const;
  void Resize(size_t new_capacity);
  // Grows the table if one more entry would overload it.
  void ReserveOneMore();
  // The only writer of cells_ and capacity_ (atomically: see PrefetchUnlocked).
  void SetCells(uint64_t* cells, size_t capacity);
  void ShiftBack(size_t hole);

  uint64_t* cells_ = nullptr;
  uint32_t capacity_ = 0;
  uint32_t size_ = 0;
};

}  // namespace ringdb::types
