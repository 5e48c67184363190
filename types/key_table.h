// The hash table of one slot of one database: key -> Entry.
//
// A slot holds ~N/16384 keys, so its table is usually one KeySegment (see
// types/key_segment.h): Robin Hood cells that fill to 15/16 and grow by 1/8 without
// touching an entry. A slot that outgrows a segment (hash tags piling keys into one
// slot, or a keyspace past ~15M keys) becomes a directory of segments addressed by
// the hash's low bits (extendible hashing): a full segment splits in two by the next
// bit, hashing only its own keys, so growth never rehashes the whole slot and never
// pauses.
//
// Thread: none of its own; the owning slot's lock protects it, except that
// PrefetchUnlocked may run anywhere. Owns its entries.
#pragma once

#include <xxhash.h>

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "types/entry.h"
#include "types/key_segment.h"

namespace ringdb::types {

class KeyTable {
 public:
  KeyTable() = default;
  ~KeyTable();
  KeyTable(const KeyTable&) = delete;
  KeyTable& operator=(const KeyTable&) = delete;
  KeyTable(KeyTable&& other) noexcept;
  KeyTable& operator=(KeyTable&& other) noexcept;

  // Keys hash under a seed chosen at start-up (SeedHash), so that nobody can work out
  // offline which keys share a home cell and pile them into one long run.
  static uint64_t Hash(std::string_view key) {
    return XXH3_64bits_withSeed(key.data(), key.size(), hash_seed_);
  }
  // REQUIRES: no table holds a key, and no other thread hashes (call at start-up).
  static void SeedHash(uint64_t seed) { hash_seed_ = seed; }

  size_t size() const { return size_; }

  Entry* Find(std::string_view key, uint64_t hash) const {
    const KeySegment& s = SegmentFor(hash);
    KeySegment::Position p = s.Probe(key, hash);
    return p.found ? s.At(p.index) : nullptr;
  }
  // Stores what build(old) returns under `key`, where `old` is the entry there or
  // nullptr; build may return `old` itself, edited in place. One probe unless the
  // table must grow. Returns `old` (owned by the caller unless build returned it).
  template <typename Build>
  Entry* Emplace(std::string_view key, uint64_t hash, Build&& build) {
    KeySegment* s = &SegmentFor(hash);
    KeySegment::Position p = s->Probe(key, hash);
    if (p.found) {
      Entry* old = s->At(p.index);
      s->Set(p.index, build(old));
      return old;
    }
    if (s->Full()) {
      s = &MakeRoom(hash);
      p = s->PositionFor(hash);
    }
    s->Insert(p, build(nullptr), hash);
    ++size_;
    return nullptr;
  }
  // Inserts `e` or replaces the entry with the same key; returns the replaced entry
  // (now owned by the caller) or nullptr.
  Entry* Upsert(Entry* e, uint64_t hash) {
    return Emplace(e->key(), hash, [e](Entry*) { return e; });
  }
  // Points the cell of `e->key()` at `e` (after an Entry method moved the block).
  // REQUIRES: an entry with that key is present.
  void Repoint(Entry* e, uint64_t hash) {
    KeySegment& s = SegmentFor(hash);
    s.Set(s.Probe(e->key(), hash).index, e);
  }
  // Removes the entry with `key` and returns it (owned by the caller), or nullptr.
  Entry* Erase(std::string_view key, uint64_t hash);
  // Destroys every entry.
  void Clear();

  // Calls f(Entry*) for each entry. `f` must not modify the table.
  template <typename F>
  void ForEach(F&& f) const {
    main_.ForEach(f);
    if (dir_ != nullptr) ForEachPart([&](const KeySegment& s) { s.ForEach(f); });
  }
  // Calls f(Entry*) for each entry of the segment at `position` (0 to start) and
  // returns the next segment's position, or 0 once the last one was visited. Lets a
  // caller walk a huge table a segment (at most 1024 cells) at a time and let go of
  // the slot's lock in between: an entry present throughout is still visited, since
  // a split only moves entries to a part at a higher position.
  template <typename F>
  size_t ForEachInSegment(size_t position, F&& f) const {
    if (dir_ == nullptr) {
      if (position == 0) main_.ForEach(f);
      return 0;
    }
    const size_t positions = dir_->parts.size();
    for (size_t i = position; i < positions; ++i) {
      const Part* part = dir_->parts[i];
      if (i >= (size_t{1} << part->depth)) continue;  // another index of a part
      part->segment.ForEach(f);
      return i + 1 < positions ? i + 1 : 0;
    }
    return 0;
  }
  // An entry picked from the position `rnd` maps to; nullptr when empty.
  Entry* EntryNear(uint64_t rnd) const;

  // Hints the CPU to load the cell a lookup of `hash` starts at. Safe without the
  // owning slot's lock: only the unsplit table's segment is read (atomically, and
  // nothing is dereferenced), so a racing resize only makes the hint useless; a
  // split table's segments are not hinted.
  void PrefetchUnlocked(uint64_t hash) const { main_.PrefetchUnlocked(hash); }
  // Hints the CPU to load the entry a lookup of `hash` would compare first.
  // REQUIRES the owning slot's lock.
  void PrefetchEntry(uint64_t hash) const { SegmentFor(hash).PrefetchEntry(hash); }

  // Bytes used by the cells and directory (entries are counted by themselves).
  size_t TableBytes() const;
  // Cells allocated, over all segments (for tests and load figures).
  size_t capacity() const;

 private:
  // A segment of a split table, reached by the hashes whose low `depth` bits are
  // its directory index modulo 2^depth.
  struct Part {
    KeySegment segment;
    uint32_t depth = 0;
  };
  // 2^depth entries; a part of depth d appears 2^(depth-d) times, first at an index
  // below 2^d.
  struct Directory {
    uint32_t depth = 0;
    std::vector<Part*> parts;
  };
  // Beyond this depth a full part grows instead of splitting (only keys chosen to
  // share their hash's low bits get there).
  static constexpr uint32_t kMaxDepth = 32;

  KeySegment& SegmentFor(uint64_t hash) {
    return dir_ == nullptr ? main_ : PartFor(hash);
  }
  const KeySegment& SegmentFor(uint64_t hash) const {
    return dir_ == nullptr ? main_ : PartFor(hash);
  }
  KeySegment& PartFor(uint64_t hash) const;
  // Grows or splits the full segment a key of `hash` goes to until it has room;
  // returns the segment that now takes it.
  KeySegment& MakeRoom(uint64_t hash);
  // Splits the part at directory index `index` in two by its next hash bit.
  void Split(size_t index);
  // Calls f(const KeySegment&) for each part of a split table.
  template <typename F>
  void ForEachPart(F&& f) const {
    for (size_t i = 0; i < dir_->parts.size(); ++i) {
      const Part* part = dir_->parts[i];
      if (i < (size_t{1} << part->depth)) f(part->segment);
    }
  }

  static inline uint64_t hash_seed_ = 0;

  KeySegment main_;           // the whole table until it splits, then empty
  Directory* dir_ = nullptr;  // once split
  uint32_t size_ = 0;
};

}  // namespace ringdb::types
