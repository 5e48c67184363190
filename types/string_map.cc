#include "types/string_map.h"

#include <algorithm>
#include <cassert>
#include <cstdio>
#include <cstdlib>

#include "alloc/memory.h"
#include "types/key_table.h"

namespace ringdb::types {
namespace {

using string_map_internal::KeyOf;
using string_map_internal::kLinkBytes;
using string_map_internal::kLongLength;
using string_map_internal::LengthBytes;
using string_map_internal::NextOf;

constexpr size_t kMinBuckets = 4;
// A new bucket array is cleared at most this many heads (8 KiB, two pages) per
// operation: what costs is the first touch of fresh pages (~10 µs a page fault in a
// VM), so even a 512 KiB memset would pause a call for over a millisecond.
constexpr size_t kClearHeadsPerStep = 1024;
// A rehash step moves one non-empty bucket, skipping at most this many empty ones.
constexpr size_t kEmptyBucketsPerStep = 16;
// Random(): random buckets probed before walking to the next non-empty one.
constexpr int kRandomProbes = 64;
// SomeKeys(): buckets visited per element asked for.
constexpr size_t kSampleBucketsPerKey = 10;
// Shrink when fewer than 1 in this many buckets' worth of elements remain.
constexpr size_t kShrinkRatio = 10;

constexpr uint64_t kLinkMask = (uint64_t{1} << (8 * kLinkBytes)) - 1;

size_t BucketsFor(size_t n) { return std::bit_ceil(std::max(n, kMinBuckets)); }

size_t WriteLength(char* p, size_t len) {
  if (len < kLongLength) {
    *p = static_cast<char>(len);
    return 1;
  }
  *p = static_cast<char>(kLongLength);
  uint64_t v = len;
  std::memcpy(p + 1, &v, sizeof v);
  return 1 + sizeof v;
}

// splitmix64: a stream of well-mixed values from one caller-provided random value.
uint64_t NextRandom(uint64_t* state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

uint64_t ReverseBits(uint64_t v) {
  v = ((v >> 1) & 0x5555555555555555ULL) | ((v & 0x5555555555555555ULL) << 1);
  v = ((v >> 2) & 0x3333333333333333ULL) | ((v & 0x3333333333333333ULL) << 2);
  v = ((v >> 4) & 0x0F0F0F0F0F0F0F0FULL) | ((v & 0x0F0F0F0F0F0F0F0FULL) << 4);
  return __builtin_bswap64(v);
}

// The next cursor after `cursor` among the bucket indexes under `mask`, counting with
// the bits reversed (the mask's top bit is the lowest digit): with the bits above the
// mask set, the reversed +1 carries through them into that digit, and a carry out of
// the mask's bottom bit leaves 0, the end.
uint64_t NextCursor(uint64_t cursor, uint64_t mask) {
  cursor |= ~mask;
  return ReverseBits(ReverseBits(cursor) + 1);
}

// memmove that accepts an empty view's null data (memcpy/memmove may not be passed null).
void CopyBytes(char* dst, std::string_view src) {
  if (!src.empty()) std::memmove(dst, src.data(), src.size());
}

// The byte count a block must be asked for: the 8-byte load of a link stays inside it.
size_t BlockRequest(size_t node_size) { return std::max(node_size, sizeof(uint64_t)); }

}  // namespace

// --- Node

StringMap::Node::~Node() { alloc::Free(node_); }

StringMap::Node& StringMap::Node::operator=(Node&& other) noexcept {
  if (this != &other) {
    alloc::Free(node_);
    node_ = std::exchange(other.node_, nullptr);
    value_size_ = other.value_size_;
  }
  return *this;
}

size_t StringMap::Node::AllocatedBytes() const { return alloc::UsableSize(node_); }

// --- Construction

StringMap::StringMap(const StringMap& other) : value_size_(other.value_size_) {
  Reserve(other.size_);
  auto copy = [this](const char* node) {
    std::string_view key = KeyOf(node);
    std::string_view value = string_map_internal::ValueOf(node, value_size_);
    AddNew(NewNode(key, value), Hash(key));
  };
  auto copy_chains = [&](const Table& t) {
    for (size_t i = 0; i < t.count(); ++i) {
      for (const char* n = t.heads[i]; n != nullptr; n = NextOf(n)) copy(n);
    }
  };
  copy_chains(other.table_);
  if (other.rehashing()) copy_chains(other.next_);
}

StringMap& StringMap::operator=(const StringMap& other) {
  if (this != &other) *this = StringMap(other);
  return *this;
}

StringMap::StringMap(StringMap&& other) noexcept : value_size_(other.value_size_) {
  *this = std::move(other);
}

StringMap& StringMap::operator=(StringMap&& other) noexcept {
  if (this == &other) return *this;
  Clear();
  table_ = std::exchange(other.table_, {});
  next_ = std::exchange(other.next_, {});
  rehash_index_ = std::exchange(other.rehash_index_, 0);
  cleared_ = std::exchange(other.cleared_, 0);
  size_ = std::exchange(other.size_, 0);
  node_bytes_ = std::exchange(other.node_bytes_, 0);
  table_bytes_ = std::exchange(other.table_bytes_, 0);
  value_size_ = other.value_size_;
  return *this;
}

void StringMap::Clear() {
  auto free_chains = [this](Table& t) {
    for (size_t i = 0; i < t.count(); ++i) {
      for (char* n = t.heads[i]; n != nullptr;) {
        char* next = NextOf(n);
        alloc::Free(n);
        n = next;
      }
    }
  };
  free_chains(table_);
  if (rehashing()) free_chains(next_);
  FreeTable(&table_);
  FreeTable(&next_);
  rehash_index_ = cleared_ = size_ = node_bytes_ = 0;
  assert(table_bytes_ == 0);
}

void StringMap::Reserve(size_t n) {
  if (size_ != 0 || resizing()) return;
  size_t count = BucketsFor(n);
  if (table_.count() == count) return;
  FreeTable(&table_);
  table_ = NewTable(count);
  std::memset(table_.heads, 0, count * sizeof(char*));
}

// --- Nodes

uint64_t StringMap::Hash(std::string_view key) { return KeyTable::Hash(key); }

void StringMap::SetNext(char* node, char* next) {
  uint64_t v = reinterpret_cast<uint64_t>(next);
  std::memcpy(node, &v, kLinkBytes);
}

size_t StringMap::NodeSize(size_t key_len, size_t value_len) const {
  size_t value_part =
      value_size_ == ValueSize::kVariable ? LengthBytes(value_len) + value_len : value_size_;
  return kLinkBytes + LengthBytes(key_len) + key_len + value_part;
}

size_t StringMap::ElementBytes(size_t key_len, size_t value_len) const {
  return alloc::GoodSize(BlockRequest(NodeSize(key_len, value_len)));
}

char* StringMap::NewNode(std::string_view key, std::string_view value) {
  assert(value_size_ == ValueSize::kVariable || value.size() == value_size_);
  auto* node =
      static_cast<char*>(alloc::Allocate(BlockRequest(NodeSize(key.size(), value.size()))));
  if ((reinterpret_cast<uint64_t>(node) & ~kLinkMask) != 0) {
    // A 6-byte link could not find this block again: fail loudly, never corrupt.
    std::fprintf(stderr, "ringdb: block at %p is beyond 48-bit addresses\n", node);
    std::abort();
  }
  SetNext(node, nullptr);
  char* p = node + kLinkBytes;
  p += WriteLength(p, key.size());
  CopyBytes(p, key);
  p += key.size();
  if (value_size_ == ValueSize::kVariable) p += WriteLength(p, value.size());
  CopyBytes(p, value);
  node_bytes_ += alloc::UsableSize(node);
  return node;
}

void StringMap::FreeNode(char* node) {
  node_bytes_ -= alloc::UsableSize(node);
  alloc::Free(node);
}

// --- Tables and resizing

StringMap::Table StringMap::NewTable(size_t count) {
  Table t;
  t.heads = static_cast<char**>(alloc::Allocate(count * sizeof(char*)));
  t.mask = count - 1;
  table_bytes_ += alloc::UsableSize(t.heads);
  return t;
}

void StringMap::FreeTable(Table* t) {
  if (t->heads == nullptr) return;
  table_bytes_ -= alloc::UsableSize(t->heads);
  alloc::Free(t->heads);
  *t = {};
}

void StringMap::StartResize(size_t count) {
  next_ = NewTable(count);
  rehash_index_ = 0;
  cleared_ = 0;
  if (count <= kClearHeadsPerStep) {
    std::memset(next_.heads, 0, count * sizeof(char*));
    cleared_ = count;
  }
}

void StringMap::Step() {
  if (!resizing()) return;
  if (!rehashing()) {
    size_t n = std::min(kClearHeadsPerStep, next_.count() - cleared_);
    std::memset(next_.heads + cleared_, 0, n * sizeof(char*));
    cleared_ += n;
    return;
  }
  for (size_t empty = 0; rehash_index_ < table_.count(); ++rehash_index_) {
    if (table_.heads[rehash_index_] != nullptr) {
      MoveBucket(rehash_index_++);
      break;
    }
    if (++empty == kEmptyBucketsPerStep) {
      ++rehash_index_;
      break;
    }
  }
  if (rehash_index_ == table_.count()) FinishResize();
}

void StringMap::MoveBucket(size_t index) {
  for (char* n = table_.heads[index]; n != nullptr;) {
    char* next = NextOf(n);
    char** head = &next_.heads[Hash(KeyOf(n)) & next_.mask];
    SetNext(n, *head);
    *head = n;
    n = next;
  }
  table_.heads[index] = nullptr;
}

void StringMap::FinishResize() {
  FreeTable(&table_);
  table_ = std::exchange(next_, {});
  rehash_index_ = 0;
  cleared_ = 0;
  // Erases during a resize could not start a shrink: one that is due starts now.
  ShrinkIfSparse();
}

bool StringMap::Rehash(size_t steps) {
  for (; steps > 0 && resizing(); --steps) Step();
  return resizing();
}

void StringMap::ShrinkIfSparse() {
  if (resizing() || table_.count() <= kMinBuckets) return;
  if (size_ * kShrinkRatio < table_.count()) StartResize(BucketsFor(size_));
}

// --- Lookup and update

StringMap::Position StringMap::Locate(std::string_view key, uint64_t hash) const {
  auto search = [&](const Table& t) {
    Position p{&t.heads[hash & t.mask], nullptr, nullptr};
    for (char* n = *p.head; n != nullptr; p.prev = n, n = NextOf(n)) {
      if (KeyOf(n) == key) {
        p.node = n;
        break;
      }
    }
    return p;
  };
  if (table_.heads == nullptr) return {};
  bool two = rehashing();
  if (!two || (hash & table_.mask) >= rehash_index_) {
    Position p = search(table_);
    if (p.node != nullptr || !two) return p;
  }
  return search(next_);
}

void StringMap::Unlink(const Position& p) {
  char* next = NextOf(p.node);
  if (p.prev == nullptr) {
    *p.head = next;
  } else {
    SetNext(p.prev, next);
  }
}

StringMap::Ref StringMap::Find(std::string_view key) {
  Step();
  return std::as_const(*this).Find(key);
}

StringMap::Ref StringMap::Find(std::string_view key) const {
  if (size_ == 0) return {};
  return {Locate(key, Hash(key)).node, value_size_};
}

void StringMap::AddNew(char* node, uint64_t hash) {
  if (table_.heads == nullptr) {
    Reserve(kMinBuckets);
  } else if (!resizing() && size_ >= table_.count()) {
    StartResize(table_.count() * 2);
  }
  Table& t = rehashing() ? next_ : table_;
  char** head = &t.heads[hash & t.mask];
  SetNext(node, *head);
  *head = node;
  ++size_;
}

void StringMap::ReplaceValue(const Position& p, std::string_view value) {
  assert(value_size_ == ValueSize::kVariable || value.size() == value_size_);
  std::string_view key = KeyOf(p.node);
  char* value_at = const_cast<char*>(key.data()) + key.size();
  if (value_size_ != ValueSize::kVariable) {
    CopyBytes(value_at, value);
    return;
  }
  if (ElementBytes(key.size(), value.size()) == alloc::UsableSize(p.node)) {
    // Value first: `value` may lie in this very block, where the length goes.
    CopyBytes(value_at + LengthBytes(value.size()), value);
    WriteLength(value_at, value.size());
    return;
  }
  ReplaceNode(p, NewNode(key, value));  // NewNode copies out of the old block first
}

void StringMap::ReplaceNode(const Position& p, char* fresh) {
  SetNext(fresh, NextOf(p.node));
  if (p.prev == nullptr) {
    *p.head = fresh;
  } else {
    SetNext(p.prev, fresh);
  }
  FreeNode(p.node);
}

bool StringMap::Insert(std::string_view key, std::string_view value) {
  Step();
  uint64_t hash = Hash(key);
  Position p = Locate(key, hash);
  if (p.node != nullptr) {
    ReplaceValue(p, value);
    return false;
  }
  AddNew(NewNode(key, value), hash);
  return true;
}

std::pair<StringMap::Ref, bool> StringMap::TryInsert(std::string_view key, std::string_view value) {
  Step();
  uint64_t hash = Hash(key);
  Position p = Locate(key, hash);
  if (p.node != nullptr) return {Ref(p.node, value_size_), false};
  char* node = NewNode(key, value);
  AddNew(node, hash);
  return {Ref(node, value_size_), true};
}

bool StringMap::Insert(Node&& node) {
  assert(node && node.value_size_ == value_size_);
  Step();
  char* fresh = std::exchange(node.node_, nullptr);
  node_bytes_ += alloc::UsableSize(fresh);
  uint64_t hash = Hash(KeyOf(fresh));
  Position p = Locate(KeyOf(fresh), hash);
  if (p.node == nullptr) {
    AddNew(fresh, hash);
    return true;
  }
  ReplaceNode(p, fresh);
  return false;
}

StringMap::Node StringMap::Extract(std::string_view key) {
  Step();
  if (size_ == 0) return {};
  Position p = Locate(key, Hash(key));
  if (p.node == nullptr) return {};
  Unlink(p);
  --size_;
  node_bytes_ -= alloc::UsableSize(p.node);
  ShrinkIfSparse();
  return Node(p.node, value_size_);
}

bool StringMap::Erase(std::string_view key) {
  Node node = Extract(key);
  return static_cast<bool>(node);
}

StringMap::Node StringMap::ExtractRandom(uint64_t rnd) {
  Ref r = Random(rnd);
  return r ? Extract(r.key()) : Node();
}

// --- Scan and sampling

uint64_t StringMap::ScanImpl(uint64_t cursor, Visit visit, void* ctx) const {
  if (size_ == 0) return 0;
  auto visit_bucket = [&](const Table& t, uint64_t index) {
    for (const char* n = t.heads[index & t.mask]; n != nullptr; n = NextOf(n)) {
      visit(ctx, KeyOf(n), string_map_internal::ValueOf(n, value_size_));
    }
  };
  if (!rehashing()) {
    visit_bucket(table_, cursor);
    return NextCursor(cursor, table_.mask);
  }
  const Table* small = &table_;
  const Table* large = &next_;
  if (small->count() > large->count()) std::swap(small, large);
  visit_bucket(*small, cursor);
  // Every bucket of the larger table that the smaller one's bucket splits into: they
  // differ only in the bits between the two masks, which the reversed count runs
  // through first. When those bits come back to zero the carry has moved the cursor
  // to the smaller table's next bucket.
  const uint64_t extra_bits = small->mask ^ large->mask;
  do {
    visit_bucket(*large, cursor);
    cursor = NextCursor(cursor, large->mask);
  } while ((cursor & extra_bits) != 0);
  return cursor;
}

StringMap::Ref StringMap::PickInChain(char* head, uint64_t rnd) const {
  size_t len = 0;
  for (char* n = head; n != nullptr; n = NextOf(n)) ++len;
  char* n = head;
  for (size_t i = rnd % len; i > 0; --i) n = NextOf(n);
  return {n, value_size_};
}

StringMap::Ref StringMap::Random(uint64_t rnd) const {
  if (size_ == 0) return {};
  // The live buckets, numbered 0..live-1: table_ from rehash_index_, then next_.
  const size_t first = rehashing() ? rehash_index_ : 0;
  const size_t old_live = table_.count() - first;
  const size_t live = old_live + (rehashing() ? next_.count() : 0);
  auto head = [&](size_t i) {
    return i < old_live ? table_.heads[first + i] : next_.heads[i - old_live];
  };
  uint64_t state = rnd;
  size_t i = 0;
  for (int probe = 0; probe < kRandomProbes; ++probe) {
    i = NextRandom(&state) % live;
    if (head(i) != nullptr) return PickInChain(head(i), NextRandom(&state));
  }
  // Only a nearly empty map gets here (a resize in progress kept it from shrinking).
  while (head(i) == nullptr) i = i + 1 == live ? 0 : i + 1;
  return PickInChain(head(i), NextRandom(&state));
}

size_t StringMap::SomeKeys(uint64_t rnd, std::span<Ref> out) const {
  if (size_ == 0 || out.empty()) return 0;
  const size_t want = std::min(out.size(), size_);
  const size_t span = std::max(table_.count(), rehashing() ? next_.count() : 0);
  const size_t visits = std::min(span, want * kSampleBucketsPerKey);
  uint64_t state = rnd;
  size_t i = NextRandom(&state) & (span - 1);
  size_t got = 0;
  // Index i in each live table that has it (never a moved bucket: those are empty).
  for (size_t v = 0; v < visits && got < want; ++v, i = (i + 1) & (span - 1)) {
    for (const Table* t : {&table_, rehashing() ? &next_ : nullptr}) {
      if (t == nullptr || i >= t->count()) continue;
      for (char* n = t->heads[i]; n != nullptr && got < want; n = NextOf(n)) {
        out[got++] = Ref(n, value_size_);
      }
    }
  }
  return got;
}

}  // namespace ringdb::types
