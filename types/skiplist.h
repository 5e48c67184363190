// The ordered half of a sorted set's "skiplist" encoding: elements (score, member)
// kept in Redis's order (score, then member bytes as memcmp with the shorter first), in
// a skiplist whose links count the elements they jump over (spans), so that ranks and
// "the element at rank r" are O(log n) as in Redis's zskiplist. The member -> score
// half is a StringMap beside it (types/zset_value.h).
//
// Memory. Each element is one block from alloc::Allocate:
//   [score: 8][backward: 8][member length: 4][level: 1, 3 padding][level x (forward 8, span 8)][member]
// Levels are drawn as in Redis (p = 1/4, at most kMaxLevel), 1.33 on average, so a
// 16-byte member costs about 61 bytes here. The header is a node of kMaxLevel levels.
//
// Ranks here are 0-based (the first element has rank 0).
//
// Pure: no locks, no threads; the caller holds whatever guards the value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace ringdb::types {

// Redis's element order: by score, then by member bytes (shorter first on a tie).
inline int CompareMembers(std::string_view a, std::string_view b) {
  const size_t n = a.size() < b.size() ? a.size() : b.size();
  const int c = n == 0 ? 0 : std::memcmp(a.data(), b.data(), n);
  if (c != 0) return c;
  return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

class Skiplist {
 public:
  static constexpr int kMaxLevel = 32;

  class Node {
   public:
    double score() const { return score_; }
    std::string_view member() const { return {MemberData(), len_}; }
    // The next element in order, or nullptr after the last.
    const Node* next() const { return levels()[0].forward; }
    // The previous element, or nullptr before the first.
    const Node* prev() const { return backward_; }

   private:
    friend class Skiplist;
    struct Level {
      Node* forward;
      uint64_t span;  // elements from this node to `forward` (1 for neighbours)
    };
    Level* levels() { return reinterpret_cast<Level*>(this + 1); }
    const Level* levels() const { return reinterpret_cast<const Level*>(this + 1); }
    const char* MemberData() const { return reinterpret_cast<const char*>(levels() + level_); }
    char* MemberData() { return reinterpret_cast<char*>(levels() + level_); }

    double score_;
    Node* backward_;
    uint32_t len_;
    uint8_t level_;
  };
  static_assert(sizeof(Node) == 24);

  Skiplist();
  ~Skiplist();
  Skiplist(const Skiplist& other);
  Skiplist& operator=(const Skiplist&) = delete;

  size_t size() const { return length_; }
  const Node* first() const { return header_->levels()[0].forward; }
  const Node* last() const { return tail_; }

  // REQUIRES: no element with `member` is present (the map beside it decides).
  const Node* Insert(double score, std::string_view member);
  // Removes (score, member); false if absent.
  bool Delete(double score, std::string_view member);
  // Moves the present element (score, member) to `new_score`, in place when its
  // neighbours allow (Redis's zslUpdateScore).
  void UpdateScore(double score, std::string_view member, double new_score);

  // The element at `rank`, or nullptr when rank >= size().
  const Node* AtRank(size_t rank) const;
  // How many leading elements satisfy `before(score, member)`, for a predicate that
  // holds for a prefix of the order and fails for the rest (a partition point). Ranks
  // of elements, range starts and ends are all this. O(log n).
  template <typename Before>
  size_t CountBefore(Before&& before) const;
  // Removes the `count` elements from rank `start` on, calling removed(member) for each
  // before freeing it. REQUIRES: start + count <= size().
  template <typename F>
  void DeleteRanks(size_t start, size_t count, F&& removed);

  // Bytes of every node, header included, at allocator sizes.
  size_t AllocatedBytes() const { return bytes_; }

 private:
  static int RandomLevel();
  Node* NewNode(int level, double score, std::string_view member);
  void FreeNode(Node* n);
  // Fills update[] with, per level, the last node before (score, member).
  Node* FindPath(double score, std::string_view member, Node** update) const;
  void Unlink(Node* x, Node** update);

  Node* header_;
  Node* tail_ = nullptr;
  size_t length_ = 0;
  int level_ = 1;
  size_t bytes_ = 0;
};

template <typename Before>
size_t Skiplist::CountBefore(Before&& before) const {
  const Node* x = header_;
  size_t rank = 0;
  for (int i = level_ - 1; i >= 0; --i) {
    while (true) {
      const Node* f = x->levels()[i].forward;
      if (f == nullptr || !before(f->score_, f->member())) break;
      rank += x->levels()[i].span;
      x = f;
    }
  }
  return rank;
}

template <typename F>
void Skiplist::DeleteRanks(size_t start, size_t count, F&& removed) {
  Node* update[kMaxLevel];
  Node* x = header_;
  size_t traversed = 0;
  for (int i = level_ - 1; i >= 0; --i) {
    while (x->levels()[i].forward != nullptr && traversed + x->levels()[i].span <= start) {
      traversed += x->levels()[i].span;
      x = x->levels()[i].forward;
    }
    update[i] = x;
  }
  x = x->levels()[0].forward;
  for (size_t n = 0; n < count && x != nullptr; ++n) {
    Node* next = x->levels()[0].forward;
    Unlink(x, update);
    removed(x->member());
    FreeNode(x);
    x = next;
  }
}

}  // namespace ringdb::types
