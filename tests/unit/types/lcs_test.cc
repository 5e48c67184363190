#include "types/lcs.h"

#include <gtest/gtest.h>

#include <string>

namespace ringdb::types {
namespace {

constexpr uint64_t k512Mb = 512ull << 20;

TEST(LcsTest, DocumentationExample) {
  // LCS key1 key2 with "ohmytext" / "mynewtext", as in the Redis docs and on 7.0.
  const LcsResult r = ComputeLcs("ohmytext", "mynewtext", {true, true, 0});
  EXPECT_EQ(r.len, 6u);
  EXPECT_EQ(r.subsequence, "mytext");
  const std::vector<LcsMatch> want = {{4, 7, 5, 8, 4}, {2, 3, 0, 1, 2}};
  EXPECT_EQ(r.matches, want);
}

TEST(LcsTest, MinMatchLenFiltersRuns) {
  const LcsResult r = ComputeLcs("ohmytext", "mynewtext", {false, true, 4});
  EXPECT_EQ(r.len, 6u);
  EXPECT_TRUE(r.subsequence.empty());
  const std::vector<LcsMatch> want = {{4, 7, 5, 8, 4}};
  EXPECT_EQ(r.matches, want);
  EXPECT_TRUE(ComputeLcs("ohmytext", "mynewtext", {false, true, 5}).matches.empty());
  EXPECT_EQ(ComputeLcs("ohmytext", "mynewtext", {false, true, 1}).matches.size(), 2u);
}

TEST(LcsTest, LengthOnlyAgreesWithFullTable) {
  const std::pair<std::string_view, std::string_view> cases[] = {
      {"", ""},       {"a", ""},         {"", "b"},
      {"abc", "abc"}, {"abc", "def"},    {"ABCBDAB", "BDCABA"},
      {"aaaa", "aa"}, {"xaybzc", "abc"}, {"abcabcabc", "cba"},
  };
  for (const auto& [a, b] : cases) {
    const LcsResult len = ComputeLcs(a, b, {false, false, 0});
    const LcsResult full = ComputeLcs(a, b, {true, false, 0});
    EXPECT_EQ(len.len, full.len) << a << " / " << b;
    EXPECT_EQ(full.subsequence.size(), full.len);
    EXPECT_TRUE(full.matches.empty());
  }
  EXPECT_EQ(ComputeLcs("ABCBDAB", "BDCABA", {false, false, 0}).len, 4u);
}

TEST(LcsTest, TiesFollowRedisWalk) {
  // Several subsequences are longest; these are the ones Redis 7.0 answers.
  EXPECT_EQ(ComputeLcs("ABCBDAB", "BDCABA", {}).subsequence, "BDAB");
  EXPECT_EQ(ComputeLcs("ab", "ba", {}).subsequence, "b");
  EXPECT_EQ(ComputeLcs("abc", "cba", {}).subsequence, "c");
}

TEST(LcsTest, RunsStopAtTheStartOfEitherString) {
  const LcsResult r = ComputeLcs("abcd", "abcd", {true, true, 0});
  const std::vector<LcsMatch> whole = {{0, 3, 0, 3, 4}};
  EXPECT_EQ(r.matches, whole);
  const LcsResult s = ComputeLcs("xxab", "ab", {true, true, 0});
  const std::vector<LcsMatch> tail = {{2, 3, 0, 1, 2}};
  EXPECT_EQ(s.matches, tail);
  EXPECT_TRUE(ComputeLcs("abc", "xyz", {true, true, 0}).matches.empty());
  EXPECT_TRUE(ComputeLcs("", "xyz", {true, true, 0}).matches.empty());
}

TEST(LcsTest, BinarySafe) {
  const std::string a("\0\xff\0", 3);
  const std::string b("\xff\0", 2);
  const LcsResult r = ComputeLcs(a, b, {true, true, 0});
  EXPECT_EQ(r.subsequence, b);
  const std::vector<LcsMatch> want = {{1, 2, 0, 1, 2}};
  EXPECT_EQ(r.matches, want);
}

TEST(LcsSizeCheckTest, MirrorsRedisErrors) {
  EXPECT_EQ(CheckLcsSize(0, 0, k512Mb), LcsSizeCheck::kOk);
  EXPECT_EQ(CheckLcsSize(1000, 1000, k512Mb), LcsSizeCheck::kOk);
  // 601 * 601 * 4 bytes > 1 MiB: Redis 7.0 refuses LCS of two 600-byte strings then.
  EXPECT_EQ(CheckLcsSize(600, 600, 1 << 20), LcsSizeCheck::kExceedsMaxBulkLen);
  EXPECT_EQ(CheckLcsSize(510, 510, 1 << 20), LcsSizeCheck::kOk);
  // Exactly at the limit is allowed.
  EXPECT_EQ(CheckLcsSize(0, 99, 400), LcsSizeCheck::kOk);
  EXPECT_EQ(CheckLcsSize(0, 100, 400), LcsSizeCheck::kExceedsMaxBulkLen);
  EXPECT_EQ(CheckLcsSize(UINT32_MAX - 1, 1, k512Mb), LcsSizeCheck::kStringTooLong);
  EXPECT_EQ(CheckLcsSize(1, UINT32_MAX - 2, k512Mb), LcsSizeCheck::kExceedsMaxBulkLen);
  EXPECT_EQ(CheckLcsSize(UINT32_MAX - 2, UINT32_MAX - 2, UINT64_MAX),
            LcsSizeCheck::kTooBigToAllocate);
}

}  // namespace
}  // namespace ringdb::types
