#include "types/entry.h"

#include <gtest/gtest.h>

#include <string>

#include "alloc/memory.h"
#include "types/hash_value.h"
#include "types/list_value.h"

namespace ringdb::types {
namespace {

// A 16-byte key and a 16-byte value need 38 bytes: 6 of overhead (the 4-byte header and
// two 1-byte lengths), in a 38-byte slab block (alloc/slab_pool.h).
TEST(EntryTest, SmallStringTakesOneSmallBlock) {
  Entry* e = Entry::NewString("key:000000000001", "value:0000000001", Encoding::kEmbstr,
                              kNoExpire);
  EXPECT_EQ(e->key(), "key:000000000001");
  EXPECT_EQ(e->str(), "value:0000000001");
  EXPECT_EQ(e->type(), ValueType::kString);
  EXPECT_EQ(e->encoding(), Encoding::kEmbstr);
  EXPECT_FALSE(e->has_expire());
  EXPECT_EQ(e->AllocatedSize(), 38u);
  EXPECT_EQ(alloc::UsableSize(e), e->AllocatedSize());
  // The overhead shows in how far the value can grow inside the block.
  constexpr size_t kOverhead = 6;
  size_t room = e->AllocatedSize() - kOverhead - e->key().size();
  EXPECT_EQ(Entry::ResizeString(e, room), e);
  Entry* moved = Entry::ResizeString(e, room + 1);
  EXPECT_NE(moved, e);
  Entry::Destroy(e);
  Entry::Destroy(moved);
}

// Type, expiry flag, encoding and LRU clock share the first four bytes: writing one
// must leave the others alone.
TEST(EntryTest, HeaderFieldsAreIndependent) {
  Entry* e = Entry::NewString("k", "v", Encoding::kEmbstr, 42);
  e->set_lru(0xFFFFFF);
  EXPECT_EQ(e->lru(), 0xFFFFFFu);
  EXPECT_EQ(e->type(), ValueType::kString);
  EXPECT_EQ(e->encoding(), Encoding::kEmbstr);
  EXPECT_TRUE(e->has_expire());
  for (Encoding enc : {Encoding::kRaw, Encoding::kInt, Encoding::kStream, Encoding::kEmbstr}) {
    e->set_encoding(enc);
    EXPECT_EQ(e->encoding(), enc);
    EXPECT_EQ(e->type(), ValueType::kString);
    EXPECT_TRUE(e->has_expire());
    EXPECT_EQ(e->lru(), 0xFFFFFFu);
    EXPECT_EQ(e->expire_ms(), 42);
  }
  e->set_lru(0);
  EXPECT_EQ(e->encoding(), Encoding::kEmbstr);
  EXPECT_TRUE(e->has_expire());
  Entry::Destroy(e);
}

TEST(EntryTest, AssignStringEditsInPlaceOnlyWhenTheBlockStaysTheSize) {
  Entry* e = Entry::NewString("key:000000000001", "val:000000000001", Encoding::kEmbstr, kNoExpire);
  const size_t size = e->AllocatedSize();
  // 38 bytes take a 38-byte block; a 2-byte value needs 24: a new block.
  EXPECT_FALSE(Entry::AssignString(e, "12", Encoding::kInt, kNoExpire));
  EXPECT_TRUE(Entry::AssignString(e, "val:000000000002", Encoding::kEmbstr, kNoExpire));
  EXPECT_EQ(e->str(), "val:000000000002");
  EXPECT_EQ(e->key(), "key:000000000001");
  EXPECT_EQ(e->encoding(), Encoding::kEmbstr);
  EXPECT_TRUE(Entry::AssignString(e, "1234567890123456", Encoding::kInt, kNoExpire));
  EXPECT_EQ(e->encoding(), Encoding::kInt);
  EXPECT_EQ(e->AllocatedSize(), size);
  // Gaining an expiry moves the key: a new block. So does a value of another size class.
  EXPECT_FALSE(Entry::AssignString(e, "val:000000000003", Encoding::kEmbstr, 1000));
  EXPECT_FALSE(Entry::AssignString(e, std::string(100, 'x'), Encoding::kRaw, kNoExpire));
  EXPECT_EQ(e->str(), "1234567890123456");
  EXPECT_FALSE(e->has_expire());
  Entry::Destroy(e);
  e = Entry::NewString("k", "v1", Encoding::kEmbstr, 500);
  EXPECT_TRUE(Entry::AssignString(e, "v2", Encoding::kEmbstr, 900));
  EXPECT_EQ(e->expire_ms(), 900);
  EXPECT_FALSE(Entry::AssignString(e, "v3", Encoding::kEmbstr, kNoExpire));
  EXPECT_EQ(e->str(), "v2");
  Entry::Destroy(e);
}

// Every path that builds a new block carries the header over.
TEST(EntryTest, RebuiltBlocksKeepTheHeader) {
  Entry* e = Entry::NewString("k", "12345", Encoding::kInt, 77);
  e->set_lru(0xABCDEF);
  Entry* clone = Entry::CloneWithKey(*e, "other");
  EXPECT_EQ(clone->key(), "other");
  EXPECT_EQ(clone->str(), "12345");
  EXPECT_EQ(clone->encoding(), Encoding::kInt);
  EXPECT_EQ(clone->expire_ms(), 77);
  EXPECT_EQ(clone->lru(), 0xABCDEFu);
  Entry* persisted = Entry::WithExpire(clone, kNoExpire);
  Entry::Destroy(clone);
  EXPECT_FALSE(persisted->has_expire());
  EXPECT_EQ(persisted->encoding(), Encoding::kInt);
  EXPECT_EQ(persisted->lru(), 0xABCDEFu);
  EXPECT_EQ(persisted->key(), "other");
  Entry* replaced = Entry::ReplaceString(e, "hello", Encoding::kEmbstr);
  EXPECT_EQ(replaced, e);  // same block size: edited in place
  e = Entry::ReplaceString(replaced, "a longer value than before", Encoding::kEmbstr);
  EXPECT_NE(replaced, e);
  Entry::Destroy(replaced);
  replaced = e;
  EXPECT_EQ(replaced->str(), "a longer value than before");
  replaced = Entry::ReplaceString(e, "hello", Encoding::kEmbstr);
  Entry::Destroy(e);
  EXPECT_EQ(replaced->str(), "hello");
  EXPECT_EQ(replaced->encoding(), Encoding::kEmbstr);
  EXPECT_EQ(replaced->expire_ms(), 77);
  EXPECT_EQ(replaced->lru(), 0xABCDEFu);
  Entry* resized = Entry::ResizeString(replaced, 1000);
  if (resized != replaced) Entry::Destroy(replaced);
  EXPECT_EQ(resized->str().substr(0, 5), "hello");
  EXPECT_EQ(resized->encoding(), Encoding::kRaw);
  EXPECT_EQ(resized->type(), ValueType::kString);
  EXPECT_EQ(resized->expire_ms(), 77);
  EXPECT_EQ(resized->lru(), 0xABCDEFu);
  Entry::Destroy(resized);
  Entry::Destroy(persisted);
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
  int64_t before = alloc::KeyspaceMemory();
  Entry* e = Entry::NewString("k", std::string(1000, 'v'), Encoding::kRaw, kNoExpire);
  EXPECT_EQ(alloc::KeyspaceMemory() - before, static_cast<int64_t>(e->AllocatedSize()));
  Entry::Destroy(e);
  EXPECT_EQ(alloc::KeyspaceMemory(), before);
}

// Object entries own their value: it moves with the entry when its block is rebuilt
// (expiry added or removed, RENAME), is deep-copied by COPY and freed with the entry.
// The list value stands for any collection here (types/object.h dispatches by type).
TEST(EntryTest, ObjectEntriesOwnTheirValue) {
  const int64_t before = alloc::KeyspaceMemory();
  auto* list = new ListValue;
  Entry* e = Entry::NewObject("list:key", ValueType::kList, list, kNoExpire);
  EXPECT_EQ(e->type(), ValueType::kList);
  EXPECT_FALSE(e->is_string());
  EXPECT_EQ(e->key(), "list:key");
  EXPECT_EQ(e->value<ListValue>(), list);
  EXPECT_EQ(e->value<HashValue>(), nullptr);
  EXPECT_EQ(e->encoding(), list->encoding());
  EXPECT_EQ(e->MemoryUsage(), e->AllocatedSize() + alloc::UsableSize(list));
  // A 4-byte header, a 1-byte key length, the key and the pointer.
  EXPECT_EQ(e->AllocatedSize(), alloc::GoodSize(4 + 1 + 8 + sizeof(void*)));

  e->set_lru(1234);
  Entry* with_ttl = Entry::WithExpire(e, 99);
  ASSERT_NE(with_ttl, e);
  EXPECT_EQ(with_ttl->value<ListValue>(), list);
  EXPECT_EQ(with_ttl->expire_ms(), 99);
  EXPECT_EQ(with_ttl->lru(), 1234u);
  Entry::Destroy(e);  // frees only the old block: the value moved

  Entry* copy = Entry::CloneWithKey(*with_ttl, "copy");
  EXPECT_NE(copy->value<ListValue>(), list);
  EXPECT_EQ(copy->expire_ms(), 99);
  Entry* renamed = Entry::MoveToKey(with_ttl, "renamed");
  EXPECT_EQ(renamed->value<ListValue>(), list);
  EXPECT_EQ(renamed->key(), "renamed");
  EXPECT_EQ(renamed->expire_ms(), 99);
  Entry::Destroy(with_ttl);
  Entry::Destroy(copy);
  Entry::Destroy(renamed);
  EXPECT_EQ(alloc::KeyspaceMemory(), before);
}

}  // namespace
}  // namespace ringdb::types
