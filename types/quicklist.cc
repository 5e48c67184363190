#include "types/quicklist.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <limits>
#include <new>

#include "alloc/memory.h"

namespace ringdb::types {
namespace {

// Redis's optimization_level: node byte limits for fill -1..-5.
constexpr std::array<size_t, 5> kSizeLevels = {4096, 8192, 16384, 32768, 65536};
// Redis's SIZE_SAFETY_LIMIT: the byte limit of count-limited nodes.
constexpr size_t kSafetyLimit = 8192;
// Redis's SIZE_ESTIMATE_OVERHEAD: what an element is assumed to add beyond its text.
constexpr size_t kEstimateOverhead = 8;
// Redis's FILL_MAX and COMPRESS_MAX (16-bit fields).
constexpr int64_t kMaxFill = (1 << 15) - 1;
constexpr int64_t kMaxCompress = (1 << 16) - 1;
constexpr size_t kToEnd = std::numeric_limits<size_t>::max();

}  // namespace

Quicklist::Quicklist(int64_t fill, int64_t compress_depth)
    : fill_(static_cast<int>(std::clamp<int64_t>(fill, -5, kMaxFill))),
      compress_(static_cast<int>(std::clamp<int64_t>(compress_depth, 0, kMaxCompress))) {}

Quicklist::~Quicklist() {
  for (Node* node = head_; node != nullptr;) {
    Node* next = node->next;
    FreeNode(node);
    node = next;
  }
}

Quicklist::Quicklist(const Quicklist& other) : fill_(other.fill_), compress_(other.compress_) {
  for (Node* node = other.head_; node != nullptr; node = node->next) {
    Node* copy = NewNode();
    copy->lp = Raw(node);
    copy->count = node->count;
    copy->bytes = node->bytes;
    InsertNode(tail_, copy, true);
    count_ += copy->count;
  }
}

size_t Quicklist::AllocatedBytes() const {
  size_t total = 0;
  for (Node* node = head_; node != nullptr; node = node->next) {
    total += alloc::UsableSize(node) + NodeDataBytes(node);
  }
  return total;
}

Quicklist::Node* Quicklist::NewNode() {
  void* p = alloc::Allocate(sizeof(Node));
  return new (p) Node();
}

void Quicklist::FreeNode(Node* node) {
  DropLzf(node);
  node->~Node();
  alloc::Free(node);
}

// ---- Fill rules (Redis's quicklistNodeExceedsLimit and its callers).

bool Quicklist::ExceedsLimit(size_t new_bytes, size_t new_count) const {
  if (fill_ < 0) return new_bytes > kSizeLevels[static_cast<size_t>(-fill_) - 1];
  if (new_bytes > kSafetyLimit) return true;
  return new_count > static_cast<size_t>(fill_ == 0 ? 1 : fill_);
}

bool Quicklist::AllowInsert(const Node* node, size_t value_bytes) const {
  if (node == nullptr) return false;
  return !ExceedsLimit(node->bytes + value_bytes + kEstimateOverhead, node->count + 1);
}

bool Quicklist::AllowMerge(const Node* a, const Node* b) const {
  if (a == nullptr || b == nullptr) return false;
  // Redis computes this in 32 bits; node sizes are far below that.
  return !ExceedsLimit(a->bytes + b->bytes - Listpack::kEmptyBytes, a->count + b->count);
}

// ---- Linking.

void Quicklist::InsertNode(Node* old_node, Node* new_node, bool after) {
  if (after) {
    new_node->prev = old_node;
    if (old_node != nullptr) {
      new_node->next = old_node->next;
      if (old_node->next != nullptr) old_node->next->prev = new_node;
      old_node->next = new_node;
    }
    if (tail_ == old_node) tail_ = new_node;
  } else {
    new_node->next = old_node;
    if (old_node != nullptr) {
      new_node->prev = old_node->prev;
      if (old_node->prev != nullptr) old_node->prev->next = new_node;
      old_node->prev = new_node;
    }
    if (head_ == old_node) head_ = new_node;
  }
  if (len_ == 0) head_ = tail_ = new_node;
  ++len_;
  if (old_node != nullptr) Compress(old_node);
  Compress(new_node);
}

void Quicklist::DeleteNode(Node* node) {
  if (node->next != nullptr) node->next->prev = node->prev;
  if (node->prev != nullptr) node->prev->next = node->next;
  if (node == tail_) tail_ = node->prev;
  if (node == head_) head_ = node->next;
  --len_;
  count_ -= node->count;
  FreeNode(node);
  Compress(nullptr);
}

void Quicklist::AppendNode(Listpack lp) {
  Node* node = NewNode();
  node->count = static_cast<uint32_t>(lp.size());
  node->bytes = static_cast<uint32_t>(lp.bytes_size());
  node->lp = std::move(lp);
  InsertNode(tail_, node, true);
  count_ += node->count;
}

Quicklist::Node* Quicklist::Locate(size_t index, size_t* offset) const {
  if (index >= count_) return nullptr;
  // From the nearer end, as Redis's quicklistGetIteratorAtIdx.
  if (index > (count_ - 1) / 2) {
    size_t accum = 0;
    const size_t from_tail = count_ - 1 - index;
    for (Node* n = tail_; n != nullptr; n = n->prev) {
      if (accum + n->count > from_tail) {
        *offset = n->count - 1 - (from_tail - accum);
        return n;
      }
      accum += n->count;
    }
    return nullptr;
  }
  size_t accum = 0;
  for (Node* n = head_; n != nullptr; n = n->next) {
    if (accum + n->count > index) {
      *offset = index - accum;
      return n;
    }
    accum += n->count;
  }
  return nullptr;
}

// ---- Element edits.

void Quicklist::Push(End end, std::string_view value) {
  Node* node = end == End::kHead ? head_ : tail_;
  if (AllowInsert(node, value.size())) {
    Listpack& lp = RawForEdit(node);
    if (end == End::kHead) {
      lp.Prepend(value);
    } else {
      lp.Append(value);
    }
    Edited(node, 1);
  } else {
    Node* fresh = NewNode();
    fresh->lp.Append(value);
    Edited(fresh, 1);
    InsertNode(node, fresh, end == End::kTail);
  }
  ++count_;
}

bool Quicklist::DeleteAt(Node* node, size_t pos) {
  RawForEdit(node).Delete(pos);
  --count_;
  if (node->count == 1) {
    node->count = 0;
    DeleteNode(node);
    return true;
  }
  Edited(node, -1);
  return false;
}

std::string Quicklist::Pop(End end) {
  Node* node = end == End::kHead ? head_ : tail_;
  const Listpack& lp = Raw(node);
  const size_t pos = end == End::kHead ? lp.First() : lp.Last();
  std::string value = lp.Get(pos).ToString();
  DeleteAt(node, pos);
  return value;
}

bool Quicklist::Index(int64_t index, std::string* out) const {
  if (index < 0) index += static_cast<int64_t>(count_);
  if (index < 0) return false;
  size_t offset = 0;
  Node* node = Locate(static_cast<size_t>(index), &offset);
  if (node == nullptr) return false;
  const Listpack& lp = Raw(node);
  *out = lp.Get(lp.Seek(static_cast<int64_t>(offset))).ToString();
  return true;
}

bool Quicklist::Replace(int64_t index, std::string_view value) {
  if (index < 0) index += static_cast<int64_t>(count_);
  if (index < 0) return false;
  size_t offset = 0;
  Node* node = Locate(static_cast<size_t>(index), &offset);
  if (node == nullptr) return false;
  Listpack& lp = RawForEdit(node);
  lp.Replace(lp.Seek(static_cast<int64_t>(offset)), value);
  Edited(node, 0);
  return true;
}

bool Quicklist::InsertAtPivot(std::string_view pivot, std::string_view value, bool after) {
  for (Node* node = head_; node != nullptr; node = node->next) {
    const Listpack& lp = Raw(node);
    size_t offset = 0;
    for (size_t pos = lp.First(); pos != Listpack::kEnd; pos = lp.Next(pos), ++offset) {
      if (lp.Get(pos).Equals(pivot)) {
        InsertNear(node, offset, value, after);
        return true;
      }
    }
  }
  return false;
}

void Quicklist::InsertNear(Node* node, size_t offset, std::string_view value, bool after) {
  const size_t sz = value.size();
  const bool full = !AllowInsert(node, sz);
  const bool at_tail = after && offset == node->count - 1;
  const bool at_head = !after && offset == 0;
  const bool avail_next = at_tail && AllowInsert(node->next, sz);
  const bool avail_prev = at_head && AllowInsert(node->prev, sz);
  ++count_;
  if (!full) {
    Listpack& lp = RawForEdit(node);
    const size_t pos = lp.Seek(static_cast<int64_t>(offset));
    if (after) {
      lp.InsertAfter(pos, value);
    } else {
      lp.InsertBefore(pos, value);
    }
    Edited(node, 1);
  } else if (at_tail && avail_next) {
    RawForEdit(node->next).Prepend(value);
    Edited(node->next, 1);
  } else if (at_head && avail_prev) {
    RawForEdit(node->prev).Append(value);
    Edited(node->prev, 1);
  } else if (at_tail || at_head) {
    Node* fresh = NewNode();
    fresh->lp.Append(value);
    Edited(fresh, 1);
    InsertNode(node, fresh, after);
  } else {
    Node* fresh = Split(node, offset, after);
    if (after) {
      fresh->lp.Prepend(value);
    } else {
      fresh->lp.Append(value);
    }
    Edited(fresh, 1);
    InsertNode(node, fresh, after);
    MergeAround(node);
  }
}

// With `after`, `node` keeps [0, offset] and the new node gets the rest; without it the
// new node gets [0, offset) and `node` keeps the rest (Redis's _quicklistSplitNode).
Quicklist::Node* Quicklist::Split(Node* node, size_t offset, bool after) {
  Listpack& lp = RawForEdit(node);
  Node* fresh = NewNode();
  fresh->lp = lp;
  const auto off = static_cast<int64_t>(offset);
  if (after) {
    lp.DeleteRange(off + 1, kToEnd);
    fresh->lp.DeleteRange(0, offset + 1);
  } else {
    lp.DeleteRange(0, offset);
    fresh->lp.DeleteRange(off, kToEnd);
  }
  node->count = static_cast<uint32_t>(lp.size());
  node->bytes = static_cast<uint32_t>(lp.bytes_size());
  fresh->count = static_cast<uint32_t>(fresh->lp.size());
  fresh->bytes = static_cast<uint32_t>(fresh->lp.bytes_size());
  return fresh;
}

// Redis's _quicklistMergeNodes: the pairs (prev_prev, prev), (next, next_next), then
// (prev, center) and (center or the merge result, next).
void Quicklist::MergeAround(Node* center) {
  Node* prev = center->prev;
  Node* prev_prev = prev != nullptr ? prev->prev : nullptr;
  Node* next = center->next;
  Node* next_next = next != nullptr ? next->next : nullptr;
  if (AllowMerge(prev, prev_prev)) Merge(prev_prev, prev);
  if (AllowMerge(next, next_next)) Merge(next, next_next);
  Node* target = center;
  if (AllowMerge(center, center->prev)) target = Merge(center->prev, center);
  if (AllowMerge(target, target->next)) Merge(target, target->next);
}

// Joins `b` (right of `a`) into `a`; returns `a`. The bytes are those of Redis's
// lpMerge, whichever side it keeps.
Quicklist::Node* Quicklist::Merge(Node* a, Node* b) {
  Listpack& into = RawForEdit(a);
  into.Concat(Raw(b));
  a->count = static_cast<uint32_t>(into.size());
  a->bytes = static_cast<uint32_t>(into.bytes_size());
  b->count = 0;
  DeleteNode(b);
  Compress(a);
  return a;
}

size_t Quicklist::Remove(std::string_view value, size_t limit, bool from_tail) {
  size_t removed = 0;
  Node* node = from_tail ? tail_ : head_;
  while (node != nullptr) {
    Node* following = from_tail ? node->prev : node->next;
    size_t pos = from_tail ? Raw(node).Last() : Raw(node).First();
    while (pos != Listpack::kEnd) {
      const Listpack& lp = Raw(node);
      if (!lp.Get(pos).Equals(value)) {
        pos = from_tail ? lp.Prev(pos) : lp.Next(pos);
        continue;
      }
      // Elements before `pos` keep their positions across the deletion.
      const size_t before = pos == lp.First() ? Listpack::kEnd : lp.Prev(pos);
      const size_t after = lp.Next(pos);
      const size_t after_shifted = after == Listpack::kEnd ? Listpack::kEnd : pos;
      const bool node_gone = DeleteAt(node, pos);
      ++removed;
      if (limit != 0 && removed == limit) return removed;
      if (node_gone) break;
      pos = from_tail ? before : after_shifted;
    }
    node = following;
  }
  return removed;
}

void Quicklist::DeleteRange(int64_t start, size_t count) {
  if (count == 0) return;
  size_t extent = count;
  if (start >= 0 && static_cast<size_t>(start) < count_ && extent > count_ - start) {
    extent = count_ - static_cast<size_t>(start);
  } else if (start < 0 && extent > static_cast<size_t>(-start)) {
    extent = static_cast<size_t>(-start);
  }
  const int64_t index = start < 0 ? start + static_cast<int64_t>(count_) : start;
  if (index < 0) return;
  size_t offset = 0;
  Node* node = Locate(static_cast<size_t>(index), &offset);
  while (node != nullptr && extent > 0) {
    Node* next = node->next;
    const size_t del = std::min<size_t>(extent, node->count - offset);
    if (offset == 0 && del == node->count) {
      DeleteNode(node);
    } else {
      RawForEdit(node).DeleteRange(static_cast<int64_t>(offset), del);
      count_ -= del;
      Edited(node, -static_cast<int64_t>(del));
    }
    extent -= del;
    node = next;
    offset = 0;
  }
}

void Quicklist::Edited(Node* node, int64_t delta) {
  node->count = static_cast<uint32_t>(static_cast<int64_t>(node->count) + delta);
  node->bytes = static_cast<uint32_t>(node->lp.bytes_size());
  Recompress(node);
}

}  // namespace ringdb::types
