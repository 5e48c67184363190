#include "persist/rdb_string.h"

#include <gtest/gtest.h>

#include <string>

namespace ringdb::persist {
namespace {

std::string Encode(std::string_view v, bool compress = true) {
  std::string out;
  AppendRdbString(v, compress, &out);
  return out;
}

std::string RoundTrip(std::string_view v) {
  const std::string enc = Encode(v);
  size_t pos = 0;
  std::string out;
  EXPECT_TRUE(ReadRdbString(enc, &pos, &out)) << v;
  EXPECT_EQ(pos, enc.size());
  return out;
}

TEST(RdbStringTest, CanonicalIntegersTakeTheSmallestIntEncoding) {
  EXPECT_EQ(Encode("0"), std::string("\xc0\x00", 2));
  EXPECT_EQ(Encode("-128"), "\xc0\x80");
  EXPECT_EQ(Encode("128"), std::string("\xc1\x80\x00", 3));
  EXPECT_EQ(Encode("-32768"), std::string("\xc1\x00\x80", 3));
  EXPECT_EQ(Encode("32768"), std::string("\xc2\x00\x80\x00\x00", 5));
  EXPECT_EQ(Encode("-2147483648"), std::string("\xc2\x00\x00\x00\x80", 5));
  // Beyond 32 bits, or not canonical: the raw bytes.
  EXPECT_EQ(Encode("2147483648"), "\x0a" "2147483648");
  EXPECT_EQ(Encode("007"), "\x03" "007");
  EXPECT_EQ(Encode("+1"), "\x02+1");
  EXPECT_EQ(Encode("-0"), "\x02-0");
}

TEST(RdbStringTest, LengthsUseOneTwoFiveOrNineBytes) {
  auto len = [](uint64_t n) {
    std::string out;
    AppendRdbLength(n, &out);
    return out;
  };
  EXPECT_EQ(len(63), "\x3f");
  EXPECT_EQ(len(64), std::string("\x40\x40", 2));
  EXPECT_EQ(len(16383), "\x7f\xff");
  EXPECT_EQ(len(16384), std::string("\x80\x00\x00\x40\x00", 5));
  EXPECT_EQ(len(uint64_t{1} << 32), std::string("\x81\x00\x00\x00\x01\x00\x00\x00\x00", 9));
  for (uint64_t n : {0ull, 63ull, 64ull, 16383ull, 16384ull, 1ull << 32}) {
    const std::string enc = len(n);
    size_t pos = 0;
    uint64_t got = 0;
    ASSERT_TRUE(ReadRdbLength(enc, &pos, &got));
    EXPECT_EQ(got, n);
  }
}

TEST(RdbStringTest, LongRepetitiveStringsAreCompressedOnlyWhenItPays) {
  const std::string twenty(20, 'x'), long_run(100, 'a');
  EXPECT_EQ(Encode(twenty)[0], '\x14');           // 20 bytes: never compressed
  EXPECT_EQ(Encode(long_run)[0], '\xc3');         // LZF
  EXPECT_EQ(Encode(long_run, false)[0], '\x40');  // compression off: 2-byte length
  std::string noise;
  for (int i = 0; i < 40; ++i) noise.push_back(static_cast<char>(i * 97 + 13));
  EXPECT_NE(Encode(noise)[0], '\xc3');  // would not save 4 bytes
  for (const std::string& v : {twenty, long_run, noise, std::string(70000, 'z'), std::string()}) {
    EXPECT_EQ(RoundTrip(v), v);
  }
  for (std::string v : {"0", "-128", "32767", "-2147483648", "2147483648", "007"}) {
    EXPECT_EQ(RoundTrip(v), v);
  }
}

TEST(RdbStringTest, MalformedInputIsRefusedWithoutReadingPastIt) {
  for (std::string bad : {std::string(), std::string("\x05" "abc"), std::string("\xc1\x01", 2),
                          std::string("\xc2\x01\x02", 3), std::string("\xc4", 1),
                          std::string("\x80\x00\x00", 3), std::string("\x82", 1),
                          std::string("\xc3\x05\x0a\x00\x61", 5),       // compressed runs out
                          std::string("\xc3\x01\x00\x00", 4),           // original length 0
                          std::string("\xc3\x02\x0a\x1f\x61", 5)}) {     // decompresses short
    size_t pos = 0;
    std::string out;
    EXPECT_FALSE(ReadRdbString(bad, &pos, &out)) << testing::PrintToString(bad);
  }
}

}  // namespace
}  // namespace ringdb::persist
