#include "types/key_segment.h"

#include <algorithm>
#include <cstring>
#include <utility>

#include "alloc/memory.h"

namespace ringdb::types {
namespace {

constexpr size_t kMinCapacity = 4;
// Shrink below 40% load to 80%, so a drained segment gives its memory back without
// resizing back and forth around one size.
bool UnderLoaded(size_t size, size_t capacity) {
  return capacity > kMinCapacity && size * 5 < capacity * 2;
}
size_t Shrunk(size_t size) { return size == 0 ? 0 : std::max(kMinCapacity, size * 5 / 4 + 1); }

}  // namespace

KeySegment::~KeySegment() { alloc::Free(cells_); }

KeySegment& KeySegment::operator=(KeySegment&& other) noexcept {
  if (this != &other) {
    alloc::Free(cells_);
    SetCells(other.cells_, other.capacity_);
    size_ = std::exchange(other.size_, 0);
    other.SetCells(nullptr, 0);
  }
  return *this;
}

void KeySegment::SetCells(uint64_t* cells, size_t capacity) {
  std::atomic_ref(cells_).store(cells, std::memory_order_relaxed);
  std::atomic_ref(capacity_).store(static_cast<uint32_t>(capacity), std::memory_order_relaxed);
}

KeySegment::Position KeySegment::Probe(std::string_view key, uint64_t hash) const {
  if (capacity_ == 0) return {};
  const uint32_t tag = Tag(hash);
  size_t i = HomeIn(tag, capacity_);
  for (size_t d = 0;; ++d, i = Next(i)) {
    uint64_t cell = cells_[i];
    if (cell == 0) return {i, false};
    if (TagOf(cell) == tag) {
      if (EntryOf(cell)->key() == key) return {i, true};
    } else if (Distance(i) < d) {
      return {i, false};
    }
  }
}

KeySegment::Position KeySegment::PositionForTag(uint32_t tag) const {
  size_t i = HomeIn(tag, capacity_);
  for (size_t d = 0; cells_[i] != 0 && Distance(i) >= d; ++d) i = Next(i);
  return {i, false};
}

void KeySegment::Place(size_t index, uint64_t cell) {
  for (size_t i = index; cell != 0; i = Next(i)) cell = std::exchange(cells_[i], cell);
}

void KeySegment::Insert(Position p, Entry* e, uint64_t hash) {
  Place(p.index, reinterpret_cast<uint64_t>(e) | uint64_t{Tag(hash)} << kTagShift);
  ++size_;
}

Entry* KeySegment::Remove(Position p) {
  Entry* e = EntryOf(cells_[p.index]);
  // Moves the rest of the run one cell back, to where it would have been without e.
  size_t hole = p.index;
  for (size_t j = Next(hole); cells_[j] != 0 && Distance(j) != 0; j = Next(j)) {
    cells_[hole] = cells_[j];
    hole = j;
  }
  cells_[hole] = 0;
  --size_;
  if (UnderLoaded(size_, capacity_)) Resize(Shrunk(size_));
  return e;
}

size_t KeySegment::GrownCapacity() const {
  return capacity_ == 0 ? kMinCapacity : capacity_ + std::max<size_t>(4, capacity_ / 8);
}

size_t KeySegment::CapacityFor(size_t keys) { return std::max(kMinCapacity, keys * 8 / 7 + 1); }

void KeySegment::Resize(size_t capacity) {
  KeySegment next;
  if (capacity != 0) {
    // The allocator's size class is paid for whole: use all of it.
    capacity = alloc::GoodSize(capacity * sizeof(uint64_t)) / sizeof(uint64_t);
    auto* cells = static_cast<uint64_t*>(alloc::Allocate(capacity * sizeof(uint64_t)));
    std::memset(cells, 0, capacity * sizeof(uint64_t));
    next.SetCells(cells, capacity);
  }
  for (size_t i = 0; i < capacity_; ++i) {
    if (cells_[i] != 0) next.Place(next.PositionForTag(TagOf(cells_[i])).index, cells_[i]);
  }
  uint64_t* old = cells_;
  SetCells(next.cells_, next.capacity_);
  next.SetCells(nullptr, 0);
  alloc::Free(old);
}

void KeySegment::Reset() {
  alloc::Free(cells_);
  SetCells(nullptr, 0);
  size_ = 0;
}

void KeySegment::PrefetchEntry(uint64_t hash) const {
  if (size_ == 0) return;
  const uint32_t tag = Tag(hash);
  size_t i = HomeIn(tag, capacity_);
  for (size_t d = 0; cells_[i] != 0; ++d, i = Next(i)) {
    if (TagOf(cells_[i]) == tag) {
      // A short key's entry is at most 40 bytes: its first and last cache line.
      const char* e = reinterpret_cast<const char*>(EntryOf(cells_[i]));
      __builtin_prefetch(e);
      __builtin_prefetch(e + 39);
      return;
    }
    if (Distance(i) < d) return;
  }
}

Entry* KeySegment::EntryNear(uint64_t rnd) const {
  if (size_ == 0) return nullptr;
  size_t i = rnd % capacity_;
  while (cells_[i] == 0) i = Next(i);
  return EntryOf(cells_[i]);
}

}  // namespace ringdb::types
