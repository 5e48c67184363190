// The hash table behind the "hashtable" encodings of hashes (field -> value), sets
// (member, no value) and sorted sets (member -> 8-byte score): unique binary-safe byte
// keys, each with a value whose shape the map fixes at construction (ValueSize below).
//
// Memory. Each element is one block from alloc::Allocate holding everything inline:
//   [next: 6 bytes][key length][key][value length, if variable][value]
// A length is one byte when < 255, else 0xFF and a u64. `next` is the chain link packed
// to 48 bits, as types/key_segment.h packs its pointers (user-space addresses fit; a
// block that does not aborts). The slab pool has 2-byte size classes up to 64 bytes, so
// the exact size is what is paid: a 16-byte set member takes 23 -> 24 bytes, a 16-byte
// zset member with its score 31 -> 32, a 16-byte hash field with a 16-byte value 40.
// Buckets are one 8-byte head pointer each, a power of two of them, chained; the load
// stays between 1/2 and 1 while growing (AllocatedBytes() reports blocks and buckets at
// their allocator sizes). Hashes are not stored: a rehash hashes each key again (XXH3 of
// a short key costs a few ns), which is cheaper than 8 bytes on every element.
//
// No pauses. Growing and shrinking are incremental: a resize allocates the new bucket
// array and, while it lasts, the map holds two tables; every Insert, TryInsert, Erase,
// Extract and non-const Find moves one non-empty bucket (after skipping at most 16
// empty ones) from the old table to the new one, and lookups check both. The new array
// is not cleared at once either: before any bucket moves, each of those operations
// clears 1Ki heads of it (8 KiB: first-touching fresh pages is what costs, ~10 µs a page
// in a VM) while the old table alone serves. So growing a 10M-element map costs µs per
// operation, never one 128 MiB memset. What remains is the allocator's: freeing the old
// array when a resize ends (~1 ms for the 32 MiB of a 4Mi-bucket table, measured in a
// VM) and mapping fresh chunks for elements.
//
// The map grows to twice its buckets when an insert finds as many elements as buckets
// (load 1) and shrinks to the smallest power of two >= size() when an erase leaves it
// under 10% full, as Redis's dicts do. A resize never starts while one is in progress
// (a shrink that came due meanwhile starts when it ends). Rehash(n) lets an idle map
// finish its resize from a timer. Clear(), the destructor and the copy constructor are
// O(n), as they are in Redis (its lazyfree is the engine's business).
//
// Scan gives Redis's SCAN guarantee: an element present for the whole scan is returned
// at least once, however the map grows, shrinks or rehashes between calls. The cursor
// counts bucket indexes with their bits reversed, so that the buckets a table of 2^n
// heads splits one bucket into (or merges into one) are consecutive in cursor order;
// while two tables are live, a step visits one bucket of the smaller table and every
// bucket of the larger one that expands it. Elements may be returned more than once
// (after a shrink, or while moving buckets). Scan itself never rehashes.
//
// Element references (Ref) point at the element's block, which rehashing only relinks:
// a Ref stays valid until that element is erased or extracted, its value is replaced
// by one needing a different block size (Insert), or the map is cleared or destroyed.
// Moving the map keeps Refs valid.
//
// Keys hash with XXH3 under the keyspace's process-wide seed (KeyTable::SeedHash, set
// at start-up), so that nobody can work out offline which keys share a bucket.
//
// Pure: no locks, no threads; the caller holds whatever guards the value (the slot's
// lock, under which even a const Find may not race a non-const call).
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>
#include <type_traits>
#include <utility>

namespace ringdb::types {

// The node encoding, shared by StringMap and its inline accessors. Not an API.
namespace string_map_internal {

static_assert(std::endian::native == std::endian::little, "the 48-bit links are little-endian");

inline constexpr size_t kLinkBytes = 6;
inline constexpr uint32_t kVariable = UINT32_MAX;
inline constexpr uint8_t kLongLength = 0xFF;

inline size_t LengthBytes(size_t len) { return len < kLongLength ? 1 : 1 + sizeof(uint64_t); }

// Reads a length at `p` into *len; returns the bytes it took.
inline size_t ReadLength(const char* p, size_t* len) {
  uint8_t first = static_cast<uint8_t>(*p);
  if (first != kLongLength) {
    *len = first;
    return 1;
  }
  uint64_t v;
  std::memcpy(&v, p + 1, sizeof v);
  *len = v;
  return 1 + sizeof v;
}

// The key of a node.
inline std::string_view KeyOf(const char* node) {
  size_t len;
  size_t n = ReadLength(node + kLinkBytes, &len);
  return {node + kLinkBytes + n, len};
}

// The value of a node whose map's ValueSize is `value_size` (kVariable: the node's own).
inline std::string_view ValueOf(const char* node, uint32_t value_size) {
  std::string_view key = KeyOf(node);
  const char* p = key.data() + key.size();
  if (value_size != kVariable) return {p, value_size};
  size_t len;
  size_t n = ReadLength(p, &len);
  return {p + n, len};
}

// Blocks are at least 8 bytes (Allocate is asked for at least that), so the 6-byte link
// reads as one 8-byte load.
inline char* NextOf(const char* node) {
  uint64_t v;
  std::memcpy(&v, node, sizeof v);
  return reinterpret_cast<char*>(v & ((uint64_t{1} << (8 * kLinkBytes)) - 1));
}

}  // namespace string_map_internal

class StringMap {
 public:
  // What each element stores beside its key, fixed for the map's life.
  struct ValueSize {
    // Values of any length, each with its own length (hash values).
    static constexpr uint32_t kVariable = string_map_internal::kVariable;
    // No value at all (set members): not one byte is stored for it.
    static constexpr uint32_t kNone = 0;
    // Any other number: every value is exactly that many bytes and no length is stored
    // (sorted-set scores: sizeof(double)).
  };

  // One element in the map. See the header comment for how long it stays valid.
  class Ref {
   public:
    Ref() = default;
    explicit operator bool() const { return node_ != nullptr; }
    std::string_view key() const { return string_map_internal::KeyOf(node_); }
    std::string_view value() const { return string_map_internal::ValueOf(node_, value_size_); }
    // The value's value().size() bytes, writable in place (a score updated by ZINCRBY).
    // Not aligned: read and write it with memcpy.
    char* mutable_value() const { return const_cast<char*>(value().data()); }
    bool operator==(const Ref& other) const { return node_ == other.node_; }

   private:
    friend class StringMap;
    Ref(char* node, uint32_t value_size) : node_(node), value_size_(value_size) {}
    char* node_ = nullptr;
    uint32_t value_size_ = 0;
  };

  // An element taken out of a map (Extract), owning its block: it can go into another
  // map of the same ValueSize without a copy (SMOVE), or be read and dropped (SPOP).
  class Node {
   public:
    Node() = default;
    ~Node();
    Node(Node&& other) noexcept
        : node_(std::exchange(other.node_, nullptr)), value_size_(other.value_size_) {}
    Node& operator=(Node&& other) noexcept;
    explicit operator bool() const { return node_ != nullptr; }
    // REQUIRES: *this.
    std::string_view key() const { return string_map_internal::KeyOf(node_); }
    std::string_view value() const { return string_map_internal::ValueOf(node_, value_size_); }
    // The block's size in the allocator (0 when empty).
    size_t AllocatedBytes() const;

   private:
    friend class StringMap;
    Node(char* node, uint32_t value_size) : node_(node), value_size_(value_size) {}
    char* node_ = nullptr;
    uint32_t value_size_ = 0;
  };

  // `value_size` is ValueSize::kVariable, ValueSize::kNone or a fixed byte count.
  // Allocates nothing until the first insert.
  explicit StringMap(uint32_t value_size = ValueSize::kVariable) : value_size_(value_size) {}
  ~StringMap() { Clear(); }
  // A deep copy (COPY), built at its final size with no resize in progress. O(n).
  StringMap(const StringMap& other);
  StringMap& operator=(const StringMap& other);
  // Leaves `other` empty, holding nothing, with its ValueSize.
  StringMap(StringMap&& other) noexcept;
  StringMap& operator=(StringMap&& other) noexcept;

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  uint32_t value_size() const { return value_size_; }

  // The element with `key`, or a null Ref. The non-const overload also advances a
  // resize in progress; the const one changes nothing.
  Ref Find(std::string_view key);
  Ref Find(std::string_view key) const;
  bool Contains(std::string_view key) const { return static_cast<bool>(Find(key)); }

  // Stores `value` under `key`; returns true if the key was new. An existing key's value
  // is replaced, in its block when the new element needs a block of the same size
  // (always, for a fixed ValueSize), else in a new block (so memory is what a fresh
  // insert would take). `key` and `value` may point into this map's own elements.
  // REQUIRES: value.size() == value_size() unless ValueSize::kVariable (so: empty for
  // kNone).
  bool Insert(std::string_view key, std::string_view value = {});
  // Stores `value` under `key` only if the key is absent; returns the element under
  // `key` and whether it was inserted (HSETNX, HINCRBY's "0" start, ZADD NX).
  // REQUIRES: as Insert.
  std::pair<Ref, bool> TryInsert(std::string_view key, std::string_view value = {});
  // Links an extracted element in, without copying it, replacing (and freeing) the
  // element with the same key if any; returns true if the key was new.
  // REQUIRES: node, from a map with this value_size().
  bool Insert(Node&& node);

  // Removes the element with `key`; returns whether there was one.
  bool Erase(std::string_view key);
  // Removes the element with `key` and hands it over; an empty Node if there was none.
  Node Extract(std::string_view key);
  // Removes every element and frees every block and bucket array. O(n).
  void Clear();
  // Sizes the buckets of an empty map for `n` elements, so that filling it from a
  // known count (a listpack converting, an RDB load) never resizes. The array is
  // cleared at once: O(n). No effect on a map that holds elements or is resizing.
  void Reserve(size_t n);

  // Calls f(key, value) for every element. `f` must not modify the map.
  template <typename F>
  void ForEach(F&& f) const;

  // One SCAN step: calls f(key, value) for every element of the buckets at `cursor`
  // (start with 0) and returns the next cursor, 0 once the scan is complete. A step
  // returns whole buckets: one (about one element at load 1), or while rehashing one of
  // the smaller table and the 2^k of the larger one it splits into. `f` must not modify
  // the map. Any cursor value is safe to pass (SCAN cursors come from clients).
  template <typename F>
  uint64_t Scan(uint64_t cursor, F&& f) const;

  // A random element from the random 64-bit `rnd` (it seeds further draws), or a null
  // Ref when empty. Probes up to 64 random buckets for a non-empty one, then walks on
  // from the last probe, and picks uniformly in that bucket's chain. Caveat: an element
  // sharing its bucket with k others is picked with probability ~1/(k+1) of a lone
  // one's; at load <= 1 with a seeded hash chains are short, so this is fair enough for
  // SRANDMEMBER, SPOP, HRANDFIELD and ZRANDMEMBER, as Redis's dictGetRandomKey is.
  Ref Random(uint64_t rnd) const;
  // Up to out.size() distinct elements from consecutive buckets starting at a random
  // one; returns how many it stored. Bounded work: it visits at most 10 buckets per
  // element asked for (and never a bucket twice), so it can return fewer than asked
  // even when the map holds enough (a sparse stretch of buckets), and elements that
  // hash near each other come together: a cheap sample, not independent draws (for
  // SRANDMEMBER/SPOP with a count, as Redis's dictGetSomeKeys).
  size_t SomeKeys(uint64_t rnd, std::span<Ref> out) const;
  // Random(rnd), extracted; an empty Node when the map is empty.
  Node ExtractRandom(uint64_t rnd);

  // Whether a resize is in progress (two bucket arrays allocated).
  bool resizing() const { return next_.heads != nullptr; }
  // Advances a resize in progress by up to `steps` operations' worth of work (for an
  // idle map on a timer); returns whether one is still in progress.
  bool Rehash(size_t steps);
  // Bucket heads allocated, both arrays counted (for tests and load figures).
  size_t bucket_count() const { return table_.count() + next_.count(); }

  // Bytes the map owns in the allocator: every element's block and the bucket arrays,
  // at their usable sizes (the StringMap object itself is not included).
  size_t AllocatedBytes() const { return node_bytes_ + table_bytes_; }
  // The allocator size of one element's block with this map's ValueSize.
  size_t ElementBytes(size_t key_len, size_t value_len) const;

 private:
  struct Table {
    char** heads = nullptr;
    size_t mask = 0;  // heads - 1 when allocated
    size_t count() const { return heads == nullptr ? 0 : mask + 1; }
  };
  // Where a key is, or would be: its bucket, the node before it in the chain (null at
  // the head) and the node (null when absent).
  struct Position {
    char** head = nullptr;
    char* prev = nullptr;
    char* node = nullptr;
  };
  using Visit = void (*)(void* ctx, std::string_view key, std::string_view value);

  static uint64_t Hash(std::string_view key);
  static void SetNext(char* node, char* next);

  // Whether the new table is cleared and takes new elements (the second resize phase).
  bool rehashing() const { return resizing() && cleared_ == next_.count(); }
  size_t NodeSize(size_t key_len, size_t value_len) const;
  char* NewNode(std::string_view key, std::string_view value);
  void FreeNode(char* node);
  Position Locate(std::string_view key, uint64_t hash) const;
  void Unlink(const Position& p);
  // Puts `node` (absent, of `hash`) where new elements go, growing first if full.
  void AddNew(char* node, uint64_t hash);
  void ReplaceValue(const Position& p, std::string_view value);
  // Links `fresh` (same key) where p.node is and frees p.node.
  void ReplaceNode(const Position& p, char* fresh);
  void ShrinkIfSparse();

  Table NewTable(size_t count);
  void FreeTable(Table* t);
  void StartResize(size_t count);
  // One operation's share of a resize in progress.
  void Step();
  void MoveBucket(size_t index);
  void FinishResize();

  uint64_t ScanImpl(uint64_t cursor, Visit visit, void* ctx) const;
  Ref PickInChain(char* head, uint64_t rnd) const;

  template <typename F>
  static void ForEachInChain(const char* node, uint32_t value_size, F& f) {
    for (; node != nullptr; node = string_map_internal::NextOf(node)) {
      f(string_map_internal::KeyOf(node), string_map_internal::ValueOf(node, value_size));
    }
  }

  Table table_;  // the only table, or the old one while resizing
  Table next_;   // the new table while resizing
  // While rehashing: the buckets of table_ below it have moved to next_.
  size_t rehash_index_ = 0;
  // While resizing: next_'s heads cleared so far; next_ is unused until all are.
  size_t cleared_ = 0;
  size_t size_ = 0;
  size_t node_bytes_ = 0;
  size_t table_bytes_ = 0;
  uint32_t value_size_;
};

template <typename F>
void StringMap::ForEach(F&& f) const {
  for (size_t i = 0; i < table_.count(); ++i) ForEachInChain(table_.heads[i], value_size_, f);
  if (rehashing()) {
    for (size_t i = 0; i < next_.count(); ++i) ForEachInChain(next_.heads[i], value_size_, f);
  }
}

template <typename F>
uint64_t StringMap::Scan(uint64_t cursor, F&& f) const {
  auto visit = [](void* ctx, std::string_view key, std::string_view value) {
    (*static_cast<std::remove_reference_t<F>*>(ctx))(key, value);
  };
  return ScanImpl(cursor, visit, const_cast<void*>(static_cast<const void*>(&f)));
}

}  // namespace ringdb::types
