#include "types/key_table.h"

#include <algorithm>
#include <utility>

namespace ringdb::types {
namespace {

// How far ahead a split prefetches the entries whose keys it hashes.
constexpr size_t kSplitPrefetch = 8;

}  // namespace

KeyTable::~KeyTable() { Clear(); }

KeyTable::KeyTable(KeyTable&& other) noexcept { *this = std::move(other); }

KeyTable& KeyTable::operator=(KeyTable&& other) noexcept {
  if (this != &other) {
    Clear();
    main_ = std::move(other.main_);
    dir_ = std::exchange(other.dir_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

KeySegment& KeyTable::PartFor(uint64_t hash) const {
  return dir_->parts[hash & ((size_t{1} << dir_->depth) - 1)]->segment;
}

KeySegment& KeyTable::MakeRoom(uint64_t hash) {
  for (;;) {
    KeySegment& s = SegmentFor(hash);
    if (!s.Full()) return s;
    if (s.capacity() < KeySegment::kMaxCapacity) {
      s.Resize(std::min<size_t>(s.GrownCapacity(), KeySegment::kMaxCapacity));
    } else if (dir_ == nullptr) {
      dir_ = new Directory;
      dir_->parts.push_back(new Part{std::move(main_), 0});
    } else if (size_t index = hash & (dir_->parts.size() - 1);
               dir_->parts[index]->depth < kMaxDepth) {
      Split(index);
    } else {
      s.Resize(s.GrownCapacity());
    }
  }
}

void KeyTable::Split(size_t index) {
  Part* old = dir_->parts[index];
  const uint32_t depth = old->depth;
  if (depth == dir_->depth) {
    // Double the directory: each new index shares the part of its low half.
    size_t n = dir_->parts.size();
    dir_->parts.resize(2 * n);
    std::copy_n(dir_->parts.begin(), n, dir_->parts.begin() + n);
    ++dir_->depth;
  }
  // Hash each key once to learn its side, then size both halves for their keys.
  std::vector<std::pair<Entry*, uint64_t>> entries;
  entries.reserve(old->segment.size());
  old->segment.ForEach([&](Entry* e) { entries.emplace_back(e, 0); });
  size_t ones = 0;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i + kSplitPrefetch < entries.size()) {
      __builtin_prefetch(entries[i + kSplitPrefetch].first);
    }
    entries[i].second = Hash(entries[i].first->key());
    ones += (entries[i].second >> depth) & 1;
  }
  Part* halves[2] = {new Part{{}, depth + 1}, new Part{{}, depth + 1}};
  const size_t counts[2] = {entries.size() - ones, ones};
  for (int side = 0; side < 2; ++side) {
    halves[side]->segment.Resize(KeySegment::CapacityFor(counts[side]));
  }
  for (auto [e, hash] : entries) {
    KeySegment& half = halves[(hash >> depth) & 1]->segment;
    half.Insert(half.PositionFor(hash), e, hash);
  }
  const size_t stride = size_t{1} << depth;
  for (size_t i = index & (stride - 1); i < dir_->parts.size(); i += stride) {
    dir_->parts[i] = halves[(i >> depth) & 1];
  }
  delete old;
}

Entry* KeyTable::Erase(std::string_view key, uint64_t hash) {
  KeySegment& s = SegmentFor(hash);
  KeySegment::Position p = s.Probe(key, hash);
  if (!p.found) return nullptr;
  --size_;
  return s.Remove(p);
}

void KeyTable::Clear() {
  ForEach([](Entry* e) { Entry::Destroy(e); });
  main_.Reset();
  if (dir_ != nullptr) {
    // From the top: a part is deleted at its lowest index, after its other ones.
    for (size_t i = dir_->parts.size(); i-- > 0;) {
      if (i < (size_t{1} << dir_->parts[i]->depth)) delete dir_->parts[i];
    }
    delete dir_;
    dir_ = nullptr;
  }
  size_ = 0;
}

Entry* KeyTable::EntryNear(uint64_t rnd) const {
  if (size_ == 0) return nullptr;
  if (dir_ == nullptr) return main_.EntryNear(rnd);
  const size_t n = dir_->parts.size();
  for (size_t k = 0;; ++k) {
    const KeySegment& s = dir_->parts[(rnd + k) & (n - 1)]->segment;
    if (s.size() != 0) return s.EntryNear(rnd >> 16);
  }
}

size_t KeyTable::TableBytes() const {
  size_t bytes = main_.CellBytes();
  if (dir_ != nullptr) {
    bytes += dir_->parts.capacity() * sizeof(Part*);
    ForEachPart([&](const KeySegment& s) { bytes += s.CellBytes() + sizeof(Part); });
  }
  return bytes;
}

size_t KeyTable::capacity() const {
  size_t cells = main_.capacity();
  if (dir_ != nullptr) ForEachPart([&](const KeySegment& s) { cells += s.capacity(); });
  return cells;
}

}  // namespace ringdb::types
