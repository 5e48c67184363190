// HashValue under both encodings, and the conversions between them.
#include "types/hash_value.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace ringdb::types {
namespace {

EncodingLimits Limits(int64_t entries, int64_t value) {
  EncodingLimits l;
  l.hash_max_listpack_entries = entries;
  l.hash_max_listpack_value = value;
  return l;
}

std::map<std::string, std::string> Contents(const HashValue& h) {
  std::map<std::string, std::string> out;
  h.ForEach([&](std::string_view f, std::string_view v) { out.emplace(f, v); });
  return out;
}

std::string GetOr(HashValue& h, std::string_view field, std::string_view missing = "<none>") {
  HashValue::TextBuf buf;
  auto v = h.Get(field, buf);
  return std::string(v ? *v : missing);
}

class HashValueTest : public ::testing::TestWithParam<Encoding> {
 protected:
  // A hash in the encoding under test: a hashtable is made by converting.
  std::unique_ptr<HashValue> Make() {
    auto h = std::make_unique<HashValue>();
    if (GetParam() == Encoding::kHashtable) h->ConvertToHashtable();
    return h;
  }
  EncodingLimits limits_ = Limits(512, 64);
};

TEST_P(HashValueTest, SetGetDelete) {
  auto h = Make();
  EXPECT_TRUE(h->Set("f", "v", limits_));
  EXPECT_FALSE(h->Set("f", "w", limits_));
  EXPECT_TRUE(h->Set("n", "-12", limits_));
  EXPECT_TRUE(h->Set("", "", limits_));
  EXPECT_EQ(h->size(), 3u);
  EXPECT_EQ(GetOr(*h, "f"), "w");
  EXPECT_EQ(GetOr(*h, "n"), "-12");
  EXPECT_EQ(GetOr(*h, ""), "");
  EXPECT_EQ(GetOr(*h, "x"), "<none>");
  EXPECT_TRUE(h->Contains("n"));
  EXPECT_FALSE(h->Contains("x"));
  EXPECT_TRUE(h->Delete("f"));
  EXPECT_FALSE(h->Delete("f"));
  EXPECT_EQ(h->size(), 2u);
  EXPECT_EQ(h->encoding(), GetParam());
}

TEST_P(HashValueTest, IntegerTextsReadBackAsStored) {
  auto h = Make();
  for (const char* s : {"0", "7", "-1", "4096", "9223372036854775807", "-9223372036854775808",
                        "007", "+1", "-0", "1.5", "9223372036854775808"}) {
    h->Set(s, s, limits_);
  }
  for (const auto& [f, v] : Contents(*h)) EXPECT_EQ(f, v);
  EXPECT_EQ(Contents(*h).size(), 11u);
  // "7" and "07" are different fields whatever the encoding.
  EXPECT_EQ(GetOr(*h, "07"), "<none>");
}

TEST_P(HashValueTest, CopyIsDeepAndKeepsTheEncoding) {
  auto h = Make();
  h->Set("a", "1", limits_);
  HashValue copy(*h);
  h->Set("a", "2", limits_);
  EXPECT_EQ(GetOr(copy, "a"), "1");
  EXPECT_EQ(copy.encoding(), GetParam());
  EXPECT_GT(copy.AllocatedBytes(), 0u);
}

TEST_P(HashValueTest, ScanReturnsEveryPair) {
  auto h = Make();
  for (int i = 0; i < 300; ++i) h->Set("f" + std::to_string(i), std::to_string(i), limits_);
  std::set<std::string> seen;
  uint64_t cursor = 0;
  int calls = 0;
  do {
    cursor = h->Scan(cursor, 5, [&](std::string_view f, std::string_view) { seen.emplace(f); });
    ASSERT_LT(++calls, 10000);
  } while (cursor != 0);
  EXPECT_EQ(seen.size(), 300u);
  // A listpack answers in one call, as Redis does.
  if (GetParam() == Encoding::kListpack) { EXPECT_EQ(calls, 1); }
}

TEST_P(HashValueTest, RandomPairsDrawEveryField) {
  auto h = Make();
  for (int i = 0; i < 10; ++i) h->Set("f" + std::to_string(i), "v" + std::to_string(i), limits_);
  std::mt19937_64 rng(42);
  std::vector<HashValue::Pair> pairs;
  h->RandomPairs(1000, rng, &pairs);
  ASSERT_EQ(pairs.size(), 1000u);
  std::map<std::string, int> counts;
  for (const auto& p : pairs) {
    std::string f = p.field.ToString();
    EXPECT_EQ(f.substr(1), p.value.ToString().substr(1));
    ++counts[f];
  }
  EXPECT_EQ(counts.size(), 10u);
  for (const auto& [f, n] : counts) EXPECT_GT(n, 40) << f;  // ~100 each
}

TEST_P(HashValueTest, RandomDistinctPairsAreDistinct) {
  auto h = Make();
  for (int i = 0; i < 30; ++i) h->Set("f" + std::to_string(i), std::to_string(i), limits_);
  std::mt19937_64 rng(7);
  // Both of the hashtable's ways: close to the size and far from it.
  for (size_t count : {1u, 5u, 9u, 11u, 29u}) {
    std::vector<HashValue::Pair> pairs;
    h->RandomDistinctPairs(count, rng, &pairs);
    ASSERT_EQ(pairs.size(), count);
    std::set<std::string> fields;
    for (const auto& p : pairs) {
      fields.insert(p.field.ToString());
      EXPECT_EQ("f" + p.value.ToString(), p.field.ToString());
    }
    EXPECT_EQ(fields.size(), count);
  }
}

INSTANTIATE_TEST_SUITE_P(Encodings, HashValueTest,
                         ::testing::Values(Encoding::kListpack, Encoding::kHashtable),
                         [](const auto& info) { return std::string(EncodingName(info.param)); });

TEST(HashValueConversionTest, ConvertsPastTheEntriesLimit) {
  HashValue h;
  const EncodingLimits limits = Limits(3, 64);
  for (int i = 0; i < 3; ++i) h.Set(std::to_string(i), "v", limits);
  EXPECT_EQ(h.encoding(), Encoding::kListpack);
  h.Set("0", "replaced", limits);  // not a new field
  EXPECT_EQ(h.encoding(), Encoding::kListpack);
  h.Set("3", "v", limits);
  EXPECT_EQ(h.encoding(), Encoding::kHashtable);
  EXPECT_EQ(Contents(h), (std::map<std::string, std::string>{
                             {"0", "replaced"}, {"1", "v"}, {"2", "v"}, {"3", "v"}}));
  // Never back, however small it gets.
  for (int i = 0; i < 4; ++i) h.Delete(std::to_string(i));
  h.Set("a", "b", limits);
  EXPECT_EQ(h.encoding(), Encoding::kHashtable);
}

TEST(HashValueConversionTest, ConvertsBeforeStoringALongElement) {
  const EncodingLimits limits = Limits(512, 4);
  HashValue field_long;
  field_long.Set("abcd", "1234", limits);
  EXPECT_EQ(field_long.encoding(), Encoding::kListpack);
  field_long.Set("abcde", "1", limits);
  EXPECT_EQ(field_long.encoding(), Encoding::kHashtable);
  HashValue value_long;
  value_long.Set("a", "12345", limits);
  EXPECT_EQ(value_long.encoding(), Encoding::kHashtable);
  EXPECT_EQ(GetOr(value_long, "a"), "12345");
  // A limit of 0 lets only empty strings in.
  HashValue zero;
  zero.Set("", "", Limits(512, 0));
  EXPECT_EQ(zero.encoding(), Encoding::kListpack);
  zero.Set("a", "", Limits(512, 0));
  EXPECT_EQ(zero.encoding(), Encoding::kHashtable);
}

TEST(HashValueConversionTest, FromListpackConvertsOnlyOnItsCount) {
  Listpack lp;
  for (const char* s : {"a", "1", "b", "a long value past the limit"}) lp.Append(s);
  std::unique_ptr<HashValue> small(HashValue::FromListpack(lp, Limits(2, 4)));
  EXPECT_EQ(small->encoding(), Encoding::kListpack);
  std::unique_ptr<HashValue> over(HashValue::FromListpack(lp, Limits(1, 64)));
  EXPECT_EQ(over->encoding(), Encoding::kHashtable);
  EXPECT_EQ(Contents(*over), Contents(*small));
}

TEST(HashValueConversionTest, AllocatedBytesFollowTheEncoding) {
  HashValue h;
  const EncodingLimits limits = Limits(512, 64);
  EXPECT_EQ(h.AllocatedBytes(), h.listpack().AllocatedBytes());
  for (int i = 0; i < 100; ++i) h.Set("field:" + std::to_string(i), "value", limits);
  const size_t listpack_bytes = h.AllocatedBytes();
  h.ConvertToHashtable();
  // Blocks of ~20 bytes and the buckets: more than the listpack, and not absurdly so.
  EXPECT_GT(h.AllocatedBytes(), listpack_bytes);
  EXPECT_LT(h.AllocatedBytes(), 100u * 64);
}

}  // namespace
}  // namespace ringdb::types
