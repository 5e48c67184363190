#include "types/skiplist.h"

#include <cstdlib>
#include <new>

#include "alloc/memory.h"

namespace ringdb::types {
namespace {

// Whether (s1, m1) sorts before (s2, m2).
bool Less(double s1, std::string_view m1, double s2, std::string_view m2) {
  return s1 < s2 || (s1 == s2 && CompareMembers(m1, m2) < 0);
}

// xorshift64*: levels need cheap, not strong, randomness; one state per thread.
uint64_t NextRandom() {
  thread_local uint64_t state = 0x9E3779B97F4A7C15ULL ^ reinterpret_cast<uintptr_t>(&state);
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  return state * 0x2545F4914F6CDD1DULL;
}

}  // namespace

int Skiplist::RandomLevel() {
  // Redis's ZSKIPLIST_P = 0.25: each further level with probability 1/4.
  int level = 1;
  uint64_t r = NextRandom();
  while ((r & 3) == 0 && level < kMaxLevel) {
    ++level;
    r >>= 2;
  }
  return level;
}

Skiplist::Node* Skiplist::NewNode(int level, double score, std::string_view member) {
  // Rounded up: a block is only aligned as far as its size allows (alloc/memory.h).
  constexpr size_t kAlign = alignof(Node);
  const size_t bytes = sizeof(Node) + level * sizeof(Node::Level) + member.size();
  const size_t size = (bytes + kAlign - 1) / kAlign * kAlign;
  void* block = alloc::Allocate(size);
  bytes_ += alloc::UsableSize(block);
  Node* n = new (block) Node;
  n->score_ = score;
  n->backward_ = nullptr;
  n->len_ = static_cast<uint32_t>(member.size());
  n->level_ = static_cast<uint8_t>(level);
  for (int i = 0; i < level; ++i) n->levels()[i] = {nullptr, 0};
  if (!member.empty()) std::memcpy(n->MemberData(), member.data(), member.size());
  return n;
}

void Skiplist::FreeNode(Node* n) {
  bytes_ -= alloc::UsableSize(n);
  alloc::Free(n);
}

Skiplist::Skiplist() : header_(NewNode(kMaxLevel, 0, {})) {}

Skiplist::~Skiplist() {
  Node* x = header_->levels()[0].forward;
  while (x != nullptr) {
    Node* next = x->levels()[0].forward;
    FreeNode(x);
    x = next;
  }
  FreeNode(header_);
}

// Rebuilt by appending in order: each element lands at the tail, O(n) in all.
Skiplist::Skiplist(const Skiplist& other) : Skiplist() {
  Node* last[kMaxLevel];
  size_t last_rank[kMaxLevel];
  for (int i = 0; i < kMaxLevel; ++i) {
    last[i] = header_;
    last_rank[i] = 0;
  }
  size_t rank = 0;
  for (const Node* o = other.first(); o != nullptr; o = o->next()) {
    ++rank;
    Node* n = NewNode(o->level_, o->score_, o->member());
    for (int i = 0; i < n->level_; ++i) {
      last[i]->levels()[i].forward = n;
      last[i]->levels()[i].span = rank - last_rank[i];
      last[i] = n;
      last_rank[i] = rank;
    }
    n->backward_ = tail_;
    tail_ = n;
    if (n->level_ > level_) level_ = n->level_;
  }
  // A link with no forward node has a span nobody reads (every walk checks forward).
  length_ = rank;
}

Skiplist::Node* Skiplist::FindPath(double score, std::string_view member, Node** update) const {
  Node* x = header_;
  for (int i = level_ - 1; i >= 0; --i) {
    while (true) {
      Node* f = x->levels()[i].forward;
      if (f == nullptr || !Less(f->score_, f->member(), score, member)) break;
      x = f;
    }
    update[i] = x;
  }
  return x->levels()[0].forward;
}

const Skiplist::Node* Skiplist::Insert(double score, std::string_view member) {
  Node* update[kMaxLevel];
  size_t rank[kMaxLevel];
  Node* x = header_;
  for (int i = level_ - 1; i >= 0; --i) {
    rank[i] = i == level_ - 1 ? 0 : rank[i + 1];
    while (true) {
      Node* f = x->levels()[i].forward;
      if (f == nullptr || !Less(f->score_, f->member(), score, member)) break;
      rank[i] += x->levels()[i].span;
      x = f;
    }
    update[i] = x;
  }
  const int level = RandomLevel();
  if (level > level_) {
    for (int i = level_; i < level; ++i) {
      rank[i] = 0;
      update[i] = header_;
      header_->levels()[i].span = length_;
    }
    level_ = level;
  }
  x = NewNode(level, score, member);
  for (int i = 0; i < level; ++i) {
    Node::Level& up = update[i]->levels()[i];
    x->levels()[i].forward = up.forward;
    up.forward = x;
    x->levels()[i].span = up.span - (rank[0] - rank[i]);
    up.span = (rank[0] - rank[i]) + 1;
  }
  for (int i = level; i < level_; ++i) ++update[i]->levels()[i].span;
  x->backward_ = update[0] == header_ ? nullptr : update[0];
  if (x->levels()[0].forward != nullptr) {
    x->levels()[0].forward->backward_ = x;
  } else {
    tail_ = x;
  }
  ++length_;
  return x;
}

void Skiplist::Unlink(Node* x, Node** update) {
  for (int i = 0; i < level_; ++i) {
    Node::Level& up = update[i]->levels()[i];
    if (up.forward == x) {
      up.span += x->levels()[i].span - 1;
      up.forward = x->levels()[i].forward;
    } else {
      up.span -= 1;
    }
  }
  Node* next = x->levels()[0].forward;
  if (next != nullptr) {
    next->backward_ = x->backward_;
  } else {
    tail_ = x->backward_;
  }
  while (level_ > 1 && header_->levels()[level_ - 1].forward == nullptr) --level_;
  --length_;
}

bool Skiplist::Delete(double score, std::string_view member) {
  Node* update[kMaxLevel];
  Node* x = FindPath(score, member, update);
  if (x == nullptr || x->score_ != score || x->member() != member) return false;
  Unlink(x, update);
  FreeNode(x);
  return true;
}

void Skiplist::UpdateScore(double score, std::string_view member, double new_score) {
  Node* update[kMaxLevel];
  Node* x = FindPath(score, member, update);
  if (x == nullptr || x->score_ != score || x->member() != member) std::abort();
  // Still between its neighbours: the order holds with the score changed in place.
  const Node* next = x->levels()[0].forward;
  if ((x->backward_ == nullptr || x->backward_->score_ < new_score) &&
      (next == nullptr || next->score_ > new_score)) {
    x->score_ = new_score;
    return;
  }
  Unlink(x, update);
  Insert(new_score, x->member());
  FreeNode(x);
}

const Skiplist::Node* Skiplist::AtRank(size_t rank) const {
  if (rank >= length_) return nullptr;
  const Node* x = header_;
  size_t traversed = 0;
  const size_t target = rank + 1;
  for (int i = level_ - 1; i >= 0; --i) {
    while (x->levels()[i].forward != nullptr && traversed + x->levels()[i].span <= target) {
      traversed += x->levels()[i].span;
      x = x->levels()[i].forward;
    }
    if (traversed == target) return x;
  }
  return nullptr;
}

}  // namespace ringdb::types
