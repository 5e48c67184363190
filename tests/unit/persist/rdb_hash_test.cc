// Hashes in RDB's encoding: Redis 7.0's bytes, both encodings, and every corruption
// shape (flip, truncate, reorder, duplicates) refused without reading past the input.
#include "persist/rdb_hash.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>

#include "persist/rdb_string.h"
#include "persist/rdb_types.h"

namespace ringdb::persist {
namespace {

using types::Encoding;
using types::EncodingLimits;
using types::HashValue;

std::string Write(const HashValue& h) {
  std::string out;
  AppendRdbHash(h, &out);
  return out;
}

// Reads a type byte and body written by Write; null when refused. With `whole`, a
// success must have read all of `in`.
std::unique_ptr<HashValue> Read(std::string_view in, const EncodingLimits& limits = {},
                                bool whole = true) {
  if (in.empty()) return nullptr;
  size_t pos = 1;
  std::unique_ptr<HashValue> h(ReadRdbHash(static_cast<uint8_t>(in[0]), in, &pos, limits));
  if (h != nullptr && whole) { EXPECT_EQ(pos, in.size()); }
  return h;
}

std::map<std::string, std::string> Contents(const HashValue& h) {
  std::map<std::string, std::string> out;
  h.ForEach([&](std::string_view f, std::string_view v) { out.emplace(f, v); });
  return out;
}

TEST(RdbHashTest, ListpackMatchesRedisBytes) {
  // DUMP body from redis-server 7.0 for HSET k a 1 b 2; HINCRBYFLOAT k a 1.5;
  // HINCRBY k b 10.
  HashValue h;
  h.Set("a", "2.5", {});
  h.Set("b", "12", {});
  EXPECT_EQ(Write(h), std::string("\x10\x14\x14\x00\x00\x00\x04\x00\x81\x61\x02\x83"
                                  "2.5\x04\x81\x62\x02\x0c\x01\xff",
                                  22));
}

TEST(RdbHashTest, HashtableIsACountAndStringPairs) {
  HashValue h;
  h.ConvertToHashtable();
  h.Set("f", "12345", {});
  // Type 4, one pair, "f", and 12345 as a 16-bit RDB integer.
  EXPECT_EQ(Write(h), std::string("\x04\x01\x01" "f\xc1\x39\x30", 7));
}

TEST(RdbHashTest, RoundTripsKeepContents) {
  EncodingLimits few;
  few.hash_max_listpack_entries = 10;
  for (bool table : {false, true}) {
    HashValue h;
    if (table) h.ConvertToHashtable();
    for (int i = 0; i < 50; ++i) h.Set("field" + std::to_string(i), std::to_string(i * 7), {});
    EXPECT_EQ(Write(h)[0], table ? rdb_type::kHash : rdb_type::kHashListpack);
    // Either way, the encoding is the one the limits give 50 short pairs.
    std::unique_ptr<HashValue> back = Read(Write(h));
    ASSERT_NE(back, nullptr);
    EXPECT_EQ(back->encoding(), Encoding::kListpack);
    EXPECT_EQ(Contents(*back), Contents(h));
    back = Read(Write(h), few);
    EXPECT_EQ(back->encoding(), Encoding::kHashtable);
    EXPECT_EQ(Contents(*back), Contents(h));
  }
}

TEST(RdbHashTest, EncodingFollowsTheLimitsAsRedisLoads) {
  HashValue h;
  h.ConvertToHashtable();
  h.Set("a", "1", {});
  h.Set("b", std::string(100, 'x'), {});
  // Type 4 is built as HSET builds: the long value converts.
  EXPECT_EQ(Read(Write(h))->encoding(), Encoding::kHashtable);
  EncodingLimits wide;
  wide.hash_max_listpack_value = 1000;
  EXPECT_EQ(Read(Write(h), wide)->encoding(), Encoding::kListpack);
  // Type 16 converts on its count only.
  HashValue lp;
  lp.Set("a", "1", wide);
  lp.Set("b", std::string(100, 'x'), wide);
  EXPECT_EQ(Read(Write(lp))->encoding(), Encoding::kListpack);
  EncodingLimits one;
  one.hash_max_listpack_entries = 1;
  EXPECT_EQ(Read(Write(lp), one)->encoding(), Encoding::kHashtable);
}

TEST(RdbHashTest, EveryTruncationAndByteFlipIsSafe) {
  for (bool table : {false, true}) {
    HashValue h;
    if (table) h.ConvertToHashtable();
    for (int i = 0; i < 8; ++i) h.Set("f" + std::to_string(i), std::string(i * 5, 'v'), {});
    const std::string good = Write(h);
    for (size_t len = 0; len < good.size(); ++len) {
      EXPECT_EQ(Read(good.substr(0, len)), nullptr) << len;
    }
    for (size_t i = 1; i < good.size(); ++i) {
      for (uint8_t bit : {0x01, 0x80}) {
        std::string bad = good;
        bad[i] = static_cast<char>(bad[i] ^ bit);
        std::unique_ptr<HashValue> r = Read(bad, {}, false);  // anything but a crash
        if (r != nullptr) { EXPECT_GT(r->size(), 0u); }
      }
    }
  }
}

std::string ListpackBody(std::initializer_list<std::string_view> elements) {
  types::Listpack lp;
  for (std::string_view e : elements) lp.Append(e);
  std::string out(1, static_cast<char>(rdb_type::kHashListpack));
  AppendRdbString(lp.bytes(), false, &out);
  return out;
}

TEST(RdbHashTest, RefusesWhatDeepSanitizationRefuses) {
  EXPECT_NE(Read(ListpackBody({"a", "1"})), nullptr);
  EXPECT_EQ(Read(ListpackBody({})), nullptr);                       // empty
  EXPECT_EQ(Read(ListpackBody({"a", "1", "b"})), nullptr);          // odd count
  EXPECT_EQ(Read(ListpackBody({"a", "1", "a", "2"})), nullptr);     // field twice
  EXPECT_EQ(Read(ListpackBody({"7", "1", "x", "2", "7", "3"})), nullptr);
  // A value may repeat a field's text: only fields must be unique.
  EXPECT_NE(Read(ListpackBody({"a", "b", "b", "a"})), nullptr);
  // Type 4: no pairs, a field twice (reordered pairs), a count past the input.
  EXPECT_EQ(Read(std::string("\x04\x00", 2)), nullptr);
  EXPECT_EQ(Read(std::string("\x04\x02\x01" "f\x01" "1\x01" "f\x01" "2", 10)), nullptr);
  EXPECT_EQ(Read(std::string("\x04\x80\x7f\xff\xff\xff\x01" "f\x01" "1", 10)), nullptr);
  EXPECT_FALSE(IsRdbHashType(rdb_type::kHashZipmap));
  EXPECT_TRUE(IsRdbHashType(rdb_type::kHash));
  EXPECT_TRUE(IsRdbHashType(rdb_type::kHashListpack));
}

}  // namespace
}  // namespace ringdb::persist
