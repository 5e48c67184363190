#include "types/entry.h"

#include <gtest/gtest.h>

#include <string>

#include "alloc/memory.h"

namespace ringdb::types {
namespace {

// 39 bytes of payload; mimalloc's bins round it to 48. Exact 8-byte size classes
// (slab pools) would make it 40.
TEST(EntryTest, SmallStringTakesOneSmallBlock) {
  Entry* e = Entry::NewString("key:000000000001", "value:0000000001", Encoding::kEmbstr,
                              kNoExpire);
  EXPECT_EQ(e->key(), "key:000000000001");
  EXPECT_EQ(e->str(), "value:0000000001");
  EXPECT_EQ(e->type(), ValueType::kString);
  EXPECT_EQ(e->encoding(), Encoding::kEmbstr);
  EXPECT_FALSE(e->has_expire());
  EXPECT_LE(e->AllocatedSize(), 48u);
  Entry::Destroy(e);
}

TEST(EntryTest, LongKeyAndValueUseWideLengths) {
  std::string key(300, 'k'), value(70000, 'v');
  Entry* e = Entry::NewString(key, value, Encoding::kRaw, 1234);
  EXPECT_EQ(e->key(), key);
  EXPECT_EQ(e->str(), value);
  EXPECT_EQ(e->expire_ms(), 1234);
  Entry::Destroy(e);
}

TEST(EntryTest, BinarySafe) {
  std::string key("a\0b", 3), value("\0\r\n\xff", 4);
  Entry* e = Entry::NewString(key, value, Encoding::kEmbstr, kNoExpire);
  EXPECT_EQ(e->key(), key);
  EXPECT_EQ(e->str(), value);
  Entry::Destroy(e);
}

TEST(EntryTest, WithExpireEditsInPlaceOrMoves) {
  Entry* e = Entry::NewString("k", "v", Encoding::kEmbstr, kNoExpire);
  Entry* moved = Entry::WithExpire(e, 5000);
  ASSERT_NE(moved, e);
  Entry::Destroy(e);
  EXPECT_EQ(moved->expire_ms(), 5000);
  EXPECT_EQ(moved->key(), "k");
  EXPECT_EQ(moved->str(), "v");
  EXPECT_EQ(Entry::WithExpire(moved, 7000), moved);
  EXPECT_EQ(moved->expire_ms(), 7000);
  Entry* cleared = Entry::WithExpire(moved, kNoExpire);
  Entry::Destroy(moved);
  EXPECT_FALSE(cleared->has_expire());
  EXPECT_EQ(cleared->str(), "v");
  Entry::Destroy(cleared);
}

TEST(EntryTest, ResizeGrowsWithSpareCapacityAndZeroFills) {
  Entry* e = Entry::NewString("k", "abc", Encoding::kEmbstr, 99);
  Entry* grown = Entry::ResizeString(e, 10);
  if (grown != e) Entry::Destroy(e);
  EXPECT_EQ(grown->str(), std::string("abc\0\0\0\0\0\0\0", 10));
  EXPECT_EQ(grown->encoding(), Encoding::kRaw);
  EXPECT_EQ(grown->expire_ms(), 99);
  // Appends within the spare capacity do not move the block.
  Entry* again = Entry::ResizeString(grown, 12);
  EXPECT_EQ(again, grown);
  EXPECT_EQ(again->str().size(), 12u);
  Entry::Destroy(again);
}

TEST(EntryTest, ResizeAcrossTheLengthFieldWidth) {
  Entry* e = Entry::NewString("k", std::string(200, 'x'), Encoding::kRaw, kNoExpire);
  Entry* grown = Entry::ResizeString(e, 300);
  if (grown != e) Entry::Destroy(e);
  EXPECT_EQ(grown->str().substr(0, 200), std::string(200, 'x'));
  EXPECT_EQ(grown->str().size(), 300u);
  Entry::Destroy(grown);
}

TEST(EntryTest, ChooseStringEncodingMatchesRedis) {
  EXPECT_EQ(ChooseStringEncoding("12345"), Encoding::kInt);
  EXPECT_EQ(ChooseStringEncoding("-9223372036854775808"), Encoding::kInt);
  EXPECT_EQ(ChooseStringEncoding("9223372036854775807"), Encoding::kInt);
  EXPECT_EQ(ChooseStringEncoding("9223372036854775808"), Encoding::kEmbstr);
  EXPECT_EQ(ChooseStringEncoding("007"), Encoding::kEmbstr);
  EXPECT_EQ(ChooseStringEncoding("-0"), Encoding::kEmbstr);
  EXPECT_EQ(ChooseStringEncoding(" 1"), Encoding::kEmbstr);
  EXPECT_EQ(ChooseStringEncoding(std::string(44, 'a')), Encoding::kEmbstr);
  EXPECT_EQ(ChooseStringEncoding(std::string(45, 'a')), Encoding::kRaw);
}

TEST(EntryTest, AccountingReturnsToZero) {
  int64_t before = alloc::UsedMemory();
  Entry* e = Entry::NewString("k", std::string(1000, 'v'), Encoding::kRaw, kNoExpire);
  EXPECT_GE(alloc::UsedMemory() - before, 1000);
  Entry::Destroy(e);
  EXPECT_EQ(alloc::UsedMemory(), before);
}

}  // namespace
}  // namespace ringdb::types
