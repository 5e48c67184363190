#include "types/key_slot.h"

#include <gtest/gtest.h>

#include <string>

namespace ringdb::types {
namespace {

TEST(Crc16Test, XmodemCheckValue) {
  EXPECT_EQ(Crc16("123456789"), 0x31C3);
  EXPECT_EQ(Crc16(""), 0);
}

// The sliced CRC must equal the bitwise definition at every length and alignment.
TEST(Crc16Test, MatchesTheBitwiseDefinition) {
  auto bitwise = [](std::string_view data) {
    uint16_t crc = 0;
    for (unsigned char c : data) {
      crc ^= static_cast<uint16_t>(c << 8);
      for (int bit = 0; bit < 8; ++bit) {
        crc = (crc & 0x8000) ? static_cast<uint16_t>((crc << 1) ^ 0x1021)
                             : static_cast<uint16_t>(crc << 1);
      }
    }
    return crc;
  };
  std::string data;
  for (int i = 0; i < 300; ++i) data.push_back(static_cast<char>(i * 131 + 7));
  for (size_t start = 0; start < 4; ++start) {
    for (size_t len = 0; len + start <= 67; ++len) {
      std::string_view s(data.data() + start, len);
      EXPECT_EQ(Crc16(s), bitwise(s)) << start << " " << len;
    }
  }
}

TEST(KeySlotTest, KnownSlots) {
  // Values from Redis Cluster (CLUSTER KEYSLOT) and its documentation.
  struct Case {
    std::string_view key;
    uint16_t slot;
  };
  const Case cases[] = {
      {"foo", 12182},
      {"bar", 5061},
      {"hello", 866},
      {"key", 12539},
      {"somekey", 11058},
      {"", 0},
      {"123456789", 0x31C3 & kSlotMask},
  };
  for (const Case& c : cases) EXPECT_EQ(KeySlot(c.key), c.slot) << c.key;
}

TEST(KeySlotTest, HashTagSelectsInnerBytes) {
  EXPECT_EQ(KeySlot("{user1000}.following"), KeySlot("{user1000}.followers"));
  EXPECT_EQ(KeySlot("{user1000}.following"), KeySlot("user1000"));
  EXPECT_EQ(KeySlot("prefix{foo}suffix"), KeySlot("foo"));
  // Only the first '{' and the first '}' after it count.
  EXPECT_EQ(HashTag("foo{bar}{zap}"), "bar");
  EXPECT_EQ(HashTag("foo{{bar}}zap"), "{bar");
  EXPECT_EQ(KeySlot("foo{{bar}}zap"), KeySlot("{bar"));
  EXPECT_EQ(HashTag("a}b{c}"), "c");
}

TEST(KeySlotTest, EmptyOrUnclosedTagHashesWholeKey) {
  EXPECT_EQ(HashTag("foo{}{bar}"), "foo{}{bar}");
  EXPECT_EQ(HashTag("foo{bar"), "foo{bar");
  EXPECT_EQ(HashTag("{"), "{");
  EXPECT_EQ(HashTag("}{"), "}{");
  EXPECT_EQ(HashTag("nobraces"), "nobraces");
  EXPECT_EQ(KeySlot("foo{}{bar}"), Crc16("foo{}{bar}") & kSlotMask);
}

TEST(KeySlotTest, BinaryKeysAndRange) {
  std::string binary("\0\xff{\0}", 5);
  EXPECT_EQ(HashTag(binary), std::string_view("\0", 1));
  for (int i = 0; i < 1000; ++i) EXPECT_LT(KeySlot(std::to_string(i)), kSlotCount);
}

}  // namespace
}  // namespace ringdb::types
