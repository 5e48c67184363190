// Redis 7.0's quicklist: a doubly linked list of listpack nodes, the one encoding of a
// list value. Nodes split and fill exactly where Redis's do, so that the node layout, and
// with it an RDB dump or DUMP payload of the list (RDB_TYPE_LIST_QUICKLIST_2: one
// listpack per node), is byte-identical to what Redis 7.0 writes for the same commands.
//
// The fill rule (list-max-listpack-size, kept per list as Redis keeps it from creation):
//   fill < 0   a node holds at most 4, 8, 16, 32 or 64 KiB (fill -1..-5);
//   fill >= 0  a node holds at most `fill` elements (0 acts as 1) and 8 KiB.
// Whether one more element fits is decided on Redis's own estimate: the node's bytes plus
// the element's text length plus 8, not on the exact encoded size. Two nodes may merge
// when their bytes minus one header and terminator (7) fit. Pushes fill the end node or
// start a new one; LINSERT into a full node splits it and then merges around the split,
// as Redis's _quicklistInsert does; deletions never merge.
//
// Compression (list-compress-depth d > 0) keeps the d nodes at each end as listpacks and
// stores the nodes in between LZF-compressed when that saves 8 bytes or more (Redis's
// rule); a node is decompressed while it is read or edited. Compression changes memory
// only: AppendRdb-style callers see the listpack bytes of every node (ForEachNode).
//
// Elements of 1 GiB or more (Redis's "plain" nodes) cannot be stored: the protocol limit
// keeps them out; callers check FitsElement.
//
// Thread: none of its own; whoever holds the value's lock calls it. Pure: no config, no
// replies. Contents are trusted once inside; AppendNode takes validated listpacks only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "types/listpack.h"

namespace ringdb::types {

class Quicklist {
 public:
  enum class End { kHead, kTail };

  // `fill` is clamped to [-5, 32767] and `compress_depth` to [0, 65535], as Redis does.
  Quicklist(int64_t fill, int64_t compress_depth);
  ~Quicklist();
  Quicklist(const Quicklist& other);
  Quicklist& operator=(const Quicklist&) = delete;

  // Whether an element of `bytes` bytes can be stored at all (below 1 GiB).
  static bool FitsElement(size_t bytes) { return bytes < kPlainThreshold; }

  size_t size() const { return count_; }
  bool empty() const { return count_ == 0; }
  size_t node_count() const { return len_; }
  int fill() const { return fill_; }
  int compress_depth() const { return compress_; }
  // Heap bytes held by nodes and their listpacks (or LZF blobs).
  size_t AllocatedBytes() const;

  // REQUIRES: FitsElement(value.size()).
  void Push(End end, std::string_view value);
  // Removes the element at `end` and returns its text. REQUIRES: !empty().
  std::string Pop(End end);

  // Calls f(const ListpackElement&) for each element of index [start, stop] (0-based,
  // already clamped into range, start <= stop), from start to stop, or from stop down
  // to start when `reverse`.
  template <typename F>
  void ForRange(size_t start, size_t stop, bool reverse, F&& f) const;
  // The element at `index` (negative: from the tail) as text in *out; false when out of
  // range.
  bool Index(int64_t index, std::string* out) const;
  // Overwrites the element at `index` (negative: from the tail); false when out of
  // range. REQUIRES: FitsElement(value.size()).
  bool Replace(int64_t index, std::string_view value);
  // Inserts `value` before (or after) the first element equal to `pivot`; false when
  // there is none. REQUIRES: FitsElement(value.size()).
  bool InsertAtPivot(std::string_view pivot, std::string_view value, bool after);
  // Removes up to `limit` elements equal to `value` (0: all), scanning from the head,
  // or from the tail when `from_tail`. Returns how many went.
  size_t Remove(std::string_view value, size_t limit, bool from_tail);
  // Removes `count` elements from index `start` (negative: from the tail) on, clamped
  // to the list (Redis's quicklistDelRange).
  void DeleteRange(int64_t start, size_t count);
  // Calls f(index, const ListpackElement&) for each element from the head (or from the
  // tail), with its index from the head, until f returns false (LPOS).
  template <typename F>
  void Scan(bool from_tail, F&& f) const;

  // Calls f(const Listpack&) for each node from the head (RDB writing).
  template <typename F>
  void ForEachNode(F&& f) const;
  // Appends `lp` as a node of its own (RDB loading, as Redis's quicklistAppendListpack).
  // REQUIRES: lp not empty.
  void AppendNode(Listpack lp);

 private:
  static constexpr size_t kPlainThreshold = size_t{1} << 30;
  struct Node;

  bool AllowInsert(const Node* node, size_t value_bytes) const;
  bool AllowMerge(const Node* a, const Node* b) const;
  bool ExceedsLimit(size_t new_bytes, size_t new_count) const;
  Node* NewNode();
  void InsertNode(Node* old_node, Node* new_node, bool after);
  void DeleteNode(Node* node);
  // The node holding element `index` (0-based from the head) and its offset there.
  Node* Locate(size_t index, size_t* offset) const;
  // Inserts next to element `offset` of `node`, as Redis's _quicklistInsert.
  void InsertNear(Node* node, size_t offset, std::string_view value, bool after);
  Node* Split(Node* node, size_t offset, bool after);
  void MergeAround(Node* center);
  Node* Merge(Node* a, Node* b);
  // Removes element `pos` of `node`; returns whether the node went with it.
  bool DeleteAt(Node* node, size_t pos);

  void FreeNode(Node* node);
  // Records an edit of `node`'s listpack that changed its count by `delta`.
  void Edited(Node* node, int64_t delta);

  // Compression (quicklist_compress.cc), as Redis's quicklistCompress family.
  //
  // The node's listpack for reading: a compressed node is decompressed into a scratch
  // listpack of the calling thread, valid until the next Raw of a compressed node.
  const Listpack& Raw(const Node* node) const;
  // The node's listpack for editing: a compressed node is decompressed in place and
  // marked to be compressed again by Edited (Redis's DecompressNodeForUse).
  Listpack& RawForEdit(Node* node);
  // Redis's quicklistCompress: recompresses `touched` if it was decompressed for use,
  // else keeps the `compress_` nodes at each end raw and compresses the next ones in
  // and `touched` (may be null) unless it is within the ends.
  void Compress(Node* touched);
  void Recompress(Node* node);
  void CompressNode(Node* node);
  static void DecompressNode(Node* node);
  static void DropLzf(Node* node);
  static size_t NodeDataBytes(const Node* node);

  Node* head_ = nullptr;
  Node* tail_ = nullptr;
  size_t count_ = 0;
  size_t len_ = 0;
  int fill_;
  int compress_;
};

// ---- Node and templates.

struct Quicklist::Node {
  Node* prev = nullptr;
  Node* next = nullptr;
  // The elements. While `lzf` is set the node is compressed and `lp` holds nothing
  // valid (moved from); Raw() and RawForEdit() decompress it.
  Listpack lp;
  char* lzf = nullptr;  // from alloc::Allocate
  uint32_t lzf_bytes = 0;
  uint32_t count = 0;
  uint32_t bytes = 0;  // the listpack's bytes_size(), compressed or not
  bool recompress = false;  // decompressed for an edit: compress again after it
};

template <typename F>
void Quicklist::ForRange(size_t start, size_t stop, bool reverse, F&& f) const {
  size_t left = stop - start + 1;
  size_t offset = 0;
  Node* node = Locate(reverse ? stop : start, &offset);
  while (node != nullptr && left > 0) {
    const Listpack& lp = Raw(node);
    size_t pos = lp.Seek(static_cast<int64_t>(offset));
    while (pos != Listpack::kEnd && left > 0) {
      f(lp.Get(pos));
      --left;
      pos = reverse ? lp.Prev(pos) : lp.Next(pos);
    }
    node = reverse ? node->prev : node->next;
    if (node != nullptr) offset = reverse ? node->count - 1 : 0;
  }
}

template <typename F>
void Quicklist::Scan(bool from_tail, F&& f) const {
  size_t index = from_tail ? count_ - 1 : 0;
  for (Node* node = from_tail ? tail_ : head_; node != nullptr;
       node = from_tail ? node->prev : node->next) {
    const Listpack& lp = Raw(node);
    for (size_t pos = from_tail ? lp.Last() : lp.First(); pos != Listpack::kEnd;
         pos = from_tail ? lp.Prev(pos) : lp.Next(pos)) {
      if (!f(index, lp.Get(pos))) return;
      index = from_tail ? index - 1 : index + 1;
    }
  }
}

template <typename F>
void Quicklist::ForEachNode(F&& f) const {
  for (Node* node = head_; node != nullptr; node = node->next) f(Raw(node));
}

}  // namespace ringdb::types
