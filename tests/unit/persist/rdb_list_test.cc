// List values in RDB encoding: round trips under several fills, the legacy types, and
// every truncation and byte flip of a payload read safely.
#include "persist/rdb_list.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "persist/rdb_types.h"

namespace ringdb::persist {
namespace {

using types::ListValue;
using types::Quicklist;

std::vector<std::string> Elements(const ListValue& v) {
  std::vector<std::string> out;
  const Quicklist& q = v.list();
  if (!q.empty()) {
    q.ForRange(0, q.size() - 1, false,
               [&](const types::ListpackElement& e) { out.push_back(e.ToString()); });
  }
  return out;
}

std::unique_ptr<ListValue> Read(std::string_view bytes, size_t* consumed = nullptr) {
  if (bytes.empty()) return nullptr;
  size_t pos = 1;
  std::unique_ptr<ListValue> v(ReadRdbList(static_cast<uint8_t>(bytes[0]), bytes, &pos,
                                           types::EncodingLimits{}));
  if (consumed != nullptr) *consumed = pos;
  return v;
}

std::string Written(int64_t fill, int64_t depth, int n) {
  types::EncodingLimits limits;
  limits.list_max_listpack_size = fill;
  limits.list_compress_depth = depth;
  ListValue v(limits);
  for (int i = 0; i < n; ++i) {
    v.list().Push(Quicklist::End::kTail, i % 2 ? std::to_string(i) : "element-abcdefgh");
  }
  std::string out;
  AppendRdbList(v, &out);
  return out;
}

TEST(RdbListTest, RoundTripKeepsElementsAndBytes) {
  for (int64_t fill : {-2, 1, 5}) {
    for (int64_t depth : {0, 1}) {
      const std::string bytes = Written(fill, depth, 300);
      ASSERT_EQ(static_cast<uint8_t>(bytes[0]), rdb_type::kListQuicklist2);
      size_t consumed = 0;
      std::unique_ptr<ListValue> v = Read(bytes, &consumed);
      ASSERT_NE(v, nullptr);
      EXPECT_EQ(consumed, bytes.size());
      EXPECT_EQ(v->list().size(), 300u);
      std::string again;
      AppendRdbList(*v, &again);
      EXPECT_EQ(again, bytes) << fill << " " << depth;
    }
  }
}

TEST(RdbListTest, LegacyPlainList) {
  const std::string bytes = std::string("\x01\x02\x01" "a" "\xc0\x07", 6);
  std::unique_ptr<ListValue> v = Read(bytes);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(Elements(*v), (std::vector<std::string>{"a", "7"}));
  EXPECT_EQ(Read(std::string("\x01\x00", 2)), nullptr);  // empty list
}

TEST(RdbListTest, EveryTruncationFails) {
  const std::string bytes = Written(4, 1, 40);
  for (size_t len = 0; len < bytes.size(); ++len) {
    EXPECT_EQ(Read(bytes.substr(0, len)), nullptr) << len;
  }
}

TEST(RdbListTest, ByteFlipsNeverCrash) {
  const std::string bytes = Written(3, 0, 12);
  for (size_t i = 1; i < bytes.size(); ++i) {
    for (uint8_t mask : {0x01, 0x80, 0xFF}) {
      std::string bad = bytes;
      bad[i] = static_cast<char>(bad[i] ^ mask);
      std::unique_ptr<ListValue> v = Read(bad);
      if (v != nullptr) { EXPECT_FALSE(v->list().empty()); }
    }
  }
}

TEST(RdbListTest, UnknownContainerAndEmptyListFail) {
  // One node, container 3.
  EXPECT_EQ(Read(std::string("\x12\x01\x03\x07\x07\x00\x00\x00\x00\x00\xff", 11)), nullptr);
  // One node, an empty listpack: skipped, which leaves an empty list.
  EXPECT_EQ(Read(std::string("\x12\x01\x02\x07\x07\x00\x00\x00\x00\x00\xff", 11)), nullptr);
  EXPECT_EQ(Read(std::string("\x12\x00", 2)), nullptr);
}

TEST(RdbListTest, QuicklistOfZiplists) {
  // A ziplist of "ab" and the integer 5 (immediate 0xF6): 10 header bytes, 2 entries.
  const std::string zl("\x11\x00\x00\x00\x0e\x00\x00\x00\x02\x00" "\x00\x02" "ab" "\x04\xf6" "\xff", 17);
  std::string bytes = std::string("\x0e\x01", 2) + static_cast<char>(zl.size()) + zl;
  std::unique_ptr<ListValue> v = Read(bytes);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(Elements(*v), (std::vector<std::string>{"ab", "5"}));
  std::string bad = bytes;
  bad[3 + 14] = '\x05';  // wrong prevlen
  EXPECT_EQ(Read(bad), nullptr);
}

}  // namespace
}  // namespace ringdb::persist
