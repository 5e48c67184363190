#include "types/key_table.h"

#include <cstring>
#include <utility>

#include "alloc/memory.h"

namespace ringdb::types {
namespace {

constexpr size_t kMinCapacity = 4;
// Grow past 80% load: linear probing stays short (~3 probes for a miss) while the
// table stays small.
bool OverLoaded(size_t size, size_t capacity) { return size * 5 > capacity * 4; }
// Shrink below 20% load so a drained slot gives its memory back.
bool UnderLoaded(size_t size, size_t capacity) {
  return capacity > kMinCapacity && size * 5 < capacity;
}

}  // namespace

KeyTable::~KeyTable() { Clear(); }

KeyTable::KeyTable(KeyTable&& other) noexcept { *this = std::move(other); }

KeyTable& KeyTable::operator=(KeyTable&& other) noexcept {
  if (this != &other) {
    Clear();
    SetCells(other.cells_, other.capacity_);
    size_ = std::exchange(other.size_, 0);
    other.SetCells(nullptr, 0);
  }
  return *this;
}

void KeyTable::SetCells(uint64_t* cells, size_t capacity) {
  std::atomic_ref(cells_).store(cells, std::memory_order_relaxed);
  std::atomic_ref(capacity_).store(static_cast<uint32_t>(capacity), std::memory_order_relaxed);
}

size_t KeyTable::Probe(std::string_view key, uint64_t hash) const {
  uint64_t tag = Tag(hash);
  size_t i = Home(hash);
  while (cells_[i] != 0) {
    uint64_t cell = cells_[i];
    if ((cell & ~kPtrMask) == tag && EntryOf(cell)->key() == key) return i;
    i = Next(i);
  }
  return i;
}

void KeyTable::PrefetchEntry(uint64_t hash) const {
  if (size_ == 0) return;
  const uint64_t tag = Tag(hash);
  for (size_t i = Home(hash); cells_[i] != 0; i = Next(i)) {
    if ((cells_[i] & ~kPtrMask) != tag) continue;
    // A short key's entry is at most 40 bytes: its first and last cache line.
    const char* e = reinterpret_cast<const char*>(EntryOf(cells_[i]));
    __builtin_prefetch(e);
    __builtin_prefetch(e + 39);
    return;
  }
}

Entry* KeyTable::Find(std::string_view key, uint64_t hash) const {
  if (size_ == 0) return nullptr;
  size_t i = Probe(key, hash);
  return cells_[i] ? EntryOf(cells_[i]) : nullptr;
}

void KeyTable::ReserveOneMore() {
  if (capacity_ == 0 || OverLoaded(size_ + 1, capacity_)) {
    Resize(capacity_ < kMinCapacity ? kMinCapacity : capacity_ + capacity_ / 2);
  }
}

void KeyTable::Repoint(Entry* e, uint64_t hash) {
  size_t i = Probe(e->key(), hash);
  cells_[i] = MakeCell(e, hash);
}

Entry* KeyTable::Erase(std::string_view key, uint64_t hash) {
  if (size_ == 0) return nullptr;
  size_t i = Probe(key, hash);
  if (cells_[i] == 0) return nullptr;
  Entry* e = EntryOf(cells_[i]);
  cells_[i] = 0;
  --size_;
  ShiftBack(i);
  if (UnderLoaded(size_, capacity_)) Resize(size_ == 0 ? 0 : capacity_ / 2);
  return e;
}

void KeyTable::ShiftBack(size_t hole) {
  // Moves each following cell of the run into the hole when its home position allows,
  // so lookups never need tombstones.
  size_t j = Next(hole);
  while (cells_[j] != 0) {
    Entry* e = EntryOf(cells_[j]);
    size_t home = Home(Hash(e->key()));
    size_t dist_home = (j + capacity_ - home) % capacity_;
    size_t dist_hole = (j + capacity_ - hole) % capacity_;
    if (dist_home >= dist_hole) {
      cells_[hole] = cells_[j];
      cells_[j] = 0;
      hole = j;
    }
    j = Next(j);
  }
}

void KeyTable::Resize(size_t new_capacity) {
  uint64_t* old = cells_;
  size_t old_capacity = capacity_;
  uint64_t* cells = nullptr;
  if (new_capacity != 0) {
    cells = static_cast<uint64_t*>(alloc::Allocate(new_capacity * sizeof(uint64_t)));
    std::memset(cells, 0, new_capacity * sizeof(uint64_t));
  }
  SetCells(cells, new_capacity);
  for (size_t i = 0; i < old_capacity; ++i) {
    if (old[i] == 0) continue;
    Entry* e = EntryOf(old[i]);
    uint64_t hash = Hash(e->key());
    size_t j = Home(hash);
    while (cells_[j] != 0) j = Next(j);
    cells_[j] = MakeCell(e, hash);
  }
  alloc::Free(old);
}

void KeyTable::Clear() {
  for (size_t i = 0; i < capacity_; ++i) {
    if (cells_[i] != 0) Entry::Destroy(EntryOf(cells_[i]));
  }
  alloc::Free(cells_);
  SetCells(nullptr, 0);
  size_ = 0;
}

Entry* KeyTable::EntryNear(uint64_t rnd) const {
  if (size_ == 0) return nullptr;
  size_t i = rnd % capacity_;
  while (cells_[i] == 0) i = Next(i);
  return EntryOf(cells_[i]);
}

}  // namespace ringdb::types
