// The quicklist against a plain std::deque model, under count and size fills, with and
// without compression, and Redis's node layout rules.
#include "types/quicklist.h"

#include <gtest/gtest.h>

#include <deque>
#include <random>
#include <string>
#include <vector>

namespace ringdb::types {
namespace {

using End = Quicklist::End;

std::vector<std::string> Elements(const Quicklist& q) {
  std::vector<std::string> out;
  if (q.empty()) return out;
  q.ForRange(0, q.size() - 1, false, [&](const ListpackElement& e) { out.push_back(e.ToString()); });
  return out;
}

std::vector<size_t> NodeCounts(const Quicklist& q) {
  std::vector<size_t> out;
  q.ForEachNode([&](const Listpack& lp) { out.push_back(lp.size()); });
  return out;
}

TEST(QuicklistTest, CountFillStartsANodeEveryFillElements) {
  Quicklist q(3, 0);
  for (int i = 0; i < 7; ++i) q.Push(End::kTail, std::to_string(i));
  EXPECT_EQ(NodeCounts(q), (std::vector<size_t>{3, 3, 1}));
  q.Push(End::kHead, "h");
  EXPECT_EQ(NodeCounts(q), (std::vector<size_t>{1, 3, 3, 1}));
  EXPECT_EQ(Elements(q), (std::vector<std::string>{"h", "0", "1", "2", "3", "4", "5", "6"}));
}

TEST(QuicklistTest, FillZeroActsAsOne) {
  Quicklist q(0, 0);
  for (int i = 0; i < 3; ++i) q.Push(End::kTail, "x");
  EXPECT_EQ(NodeCounts(q), (std::vector<size_t>{1, 1, 1}));
}

TEST(QuicklistTest, SizeFillUsesRedisEstimate) {
  // fill -1: 4096 bytes. An element of 100 bytes is estimated at 108 more.
  Quicklist q(-1, 0);
  const std::string v(100, 'a');
  for (int i = 0; i < 100; ++i) q.Push(End::kTail, v);
  std::vector<size_t> counts = NodeCounts(q);
  ASSERT_GE(counts.size(), 2u);
  // 7 + n*102 + 108 <= 4096 holds for n up to 39.
  EXPECT_EQ(counts[0], 38u + 1u);
}

TEST(QuicklistTest, CountFillCapsNodesAt8KiB) {
  Quicklist q(1000, 0);
  const std::string v(3000, 'a');
  for (int i = 0; i < 4; ++i) q.Push(End::kTail, v);
  EXPECT_EQ(NodeCounts(q), (std::vector<size_t>{2, 2}));
}

TEST(QuicklistTest, InsertIntoAFullNodeSplitsAndMerges) {
  Quicklist q(4, 0);
  for (int i = 0; i < 12; ++i) q.Push(End::kTail, std::to_string(i));
  ASSERT_TRUE(q.InsertAtPivot("5", "x", true));
  EXPECT_EQ(NodeCounts(q), (std::vector<size_t>{4, 2, 3, 4}));
  EXPECT_FALSE(q.InsertAtPivot("nosuch", "y", false));
  ASSERT_TRUE(q.InsertAtPivot("0", "first", false));
  EXPECT_EQ(Elements(q).front(), "first");
  EXPECT_EQ(q.size(), 14u);
}

// Random operations against a deque, checking contents after each.
void RandomAgainstModel(int64_t fill, int64_t depth, uint32_t seed) {
  Quicklist q(fill, depth);
  std::deque<std::string> model;
  std::mt19937 rng(seed);
  auto value = [&] {
    const int kind = static_cast<int>(rng() % 3);
    if (kind == 0) return std::to_string(static_cast<int>(rng() % 20));
    return std::string(rng() % 60, static_cast<char>('a' + rng() % 3));
  };
  for (int step = 0; step < 3000; ++step) {
    const int op = static_cast<int>(rng() % 8);
    if (op <= 1 || model.empty()) {
      std::string v = value();
      q.Push(op == 0 ? End::kHead : End::kTail, v);
      op == 0 ? model.push_front(v) : model.push_back(v);
    } else if (op == 2) {
      ASSERT_EQ(q.Pop(End::kHead), model.front());
      model.pop_front();
    } else if (op == 3) {
      const auto i = static_cast<int64_t>(rng() % model.size());
      std::string v = value();
      ASSERT_TRUE(q.Replace(i, v));
      model[i] = v;
    } else if (op == 4) {
      const std::string pivot = model[rng() % model.size()];
      std::string v = value();
      const bool after = rng() % 2 == 0;
      ASSERT_TRUE(q.InsertAtPivot(pivot, v, after));
      auto it = std::find(model.begin(), model.end(), pivot);
      model.insert(after ? it + 1 : it, v);
    } else if (op == 5) {
      const std::string v = model[rng() % model.size()];
      const size_t limit = rng() % 3;
      const bool from_tail = rng() % 2 == 0;
      size_t removed = 0;
      if (from_tail) {
        for (size_t i = model.size(); i-- > 0 && (limit == 0 || removed < limit);) {
          if (model[i] == v) model.erase(model.begin() + i), ++removed;
        }
      } else {
        for (size_t i = 0; i < model.size() && (limit == 0 || removed < limit);) {
          if (model[i] == v) {
            model.erase(model.begin() + i);
            ++removed;
          } else {
            ++i;
          }
        }
      }
      ASSERT_EQ(q.Remove(v, limit, from_tail), removed);
    } else if (op == 6 && model.size() > 20) {
      const size_t n = rng() % 5;
      q.DeleteRange(-static_cast<int64_t>(n), n);
      model.erase(model.end() - n, model.end());
    } else {
      const auto i = static_cast<int64_t>(rng() % model.size());
      std::string got;
      ASSERT_TRUE(q.Index(i - static_cast<int64_t>(model.size()), &got));
      ASSERT_EQ(got, model[i]);
    }
    ASSERT_EQ(q.size(), model.size());
  }
  EXPECT_EQ(Elements(q), std::vector<std::string>(model.begin(), model.end()));
  const Quicklist copy(q);
  EXPECT_EQ(Elements(copy), Elements(q));
  EXPECT_EQ(NodeCounts(copy), NodeCounts(q));
}

TEST(QuicklistTest, RandomOperationsMatchADequeUnderEveryFill) {
  for (int64_t fill : {-5, -2, -1, 0, 1, 3, 16}) {
    SCOPED_TRACE(fill);
    RandomAgainstModel(fill, 0, static_cast<uint32_t>(fill + 100));
  }
}

TEST(QuicklistTest, RandomOperationsMatchADequeWithCompression) {
  for (int64_t depth : {1, 2}) {
    SCOPED_TRACE(depth);
    RandomAgainstModel(4, depth, static_cast<uint32_t>(depth));
  }
}

TEST(QuicklistTest, CompressionShrinksInteriorNodes) {
  Quicklist plain(8, 0), packed(8, 1);
  const std::string v(50, 'z');
  for (int i = 0; i < 400; ++i) {
    plain.Push(End::kTail, v);
    packed.Push(End::kTail, v);
  }
  EXPECT_LT(packed.AllocatedBytes() * 2, plain.AllocatedBytes());
  EXPECT_EQ(Elements(packed), Elements(plain));
  EXPECT_EQ(NodeCounts(packed), NodeCounts(plain));
}

TEST(QuicklistTest, DeleteRangeClampsLikeRedis) {
  Quicklist q(2, 0);
  for (int i = 0; i < 9; ++i) q.Push(End::kTail, std::to_string(i));
  q.DeleteRange(0, 3);
  q.DeleteRange(-2, 100);
  EXPECT_EQ(Elements(q), (std::vector<std::string>{"3", "4", "5", "6"}));
  q.DeleteRange(10, 1);
  q.DeleteRange(-10, 1);
  EXPECT_EQ(q.size(), 4u);
}

}  // namespace
}  // namespace ringdb::types
