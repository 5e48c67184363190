#include "types/bitops.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ringdb::types {
namespace {

using std::nullopt;

TEST(PopCountTest, CountsAllLengths) {
  EXPECT_EQ(PopCount(""), 0u);
  EXPECT_EQ(PopCount("foobar"), 26u);  // Redis docs: BITCOUNT mykey -> 26.
  std::string ones(1000, '\xff');
  for (size_t n = 0; n <= ones.size(); n += 7) {
    EXPECT_EQ(PopCount(std::string_view(ones).substr(0, n)), n * 8);
  }
}

TEST(BitCountRangeTest, ByteAndBitRanges) {
  // Examples from the BITCOUNT documentation, plus the edges of the index rules.
  EXPECT_EQ(BitCountRange("foobar", 0, 0, BitUnit::kByte), 4u);
  EXPECT_EQ(BitCountRange("foobar", 1, 1, BitUnit::kByte), 6u);
  EXPECT_EQ(BitCountRange("foobar", 1, 1, BitUnit::kBit), 1u);
  EXPECT_EQ(BitCountRange("foobar", 5, 30, BitUnit::kBit), 17u);
  EXPECT_EQ(BitCountRange("foobar", 0, -1, BitUnit::kByte), 26u);
  EXPECT_EQ(BitCountRange("foobar", -2, -1, BitUnit::kByte), 7u);
  EXPECT_EQ(BitCountRange("foobar", 0, 1000, BitUnit::kByte), 26u);
  EXPECT_EQ(BitCountRange("foobar", 3, 1, BitUnit::kByte), 0u);
  EXPECT_EQ(BitCountRange("foobar", -100, 0, BitUnit::kByte), 4u);
  EXPECT_EQ(BitCountRange("\xff", 1, 6, BitUnit::kBit), 6u);
  EXPECT_EQ(BitCountRange("\xff\xff", 7, 8, BitUnit::kBit), 2u);
  EXPECT_EQ(BitCountRange("", 0, -1, BitUnit::kByte), 0u);
  // Both negative with start > end answers 0 before clamping would make them overlap.
  EXPECT_EQ(BitCountRange("abc", -5, -10, BitUnit::kByte), 0u);
  EXPECT_EQ(BitCountRange("abc", -10, -5, BitUnit::kByte), 3u);  // Both clamp to byte 0.
}

TEST(FindFirstBitTest, RedisBitposSemantics) {
  EXPECT_EQ(FindFirstBit("", 1), -1);
  EXPECT_EQ(FindFirstBit("", 0), 0);
  EXPECT_EQ(FindFirstBit(std::string_view("\x00\x01", 2), 1), 15);
  EXPECT_EQ(FindFirstBit("\xff\xfe", 0), 15);
  EXPECT_EQ(FindFirstBit("\xff\xff", 0), 16);
  EXPECT_EQ(FindFirstBit(std::string(3, '\0'), 1), -1);
  std::string big(100, '\0');
  big[77] = 0x10;
  EXPECT_EQ(FindFirstBit(big, 1), 77 * 8 + 3);
  std::string ones(100, '\xff');
  ones[41] = '\xbf';
  EXPECT_EQ(FindFirstBit(ones, 0), 41 * 8 + 1);
}

TEST(BitPosTest, DocumentationExamples) {
  const std::string s("\xff\xf0\x00", 3);
  EXPECT_EQ(BitPos(s, 0, nullopt, nullopt), 12);
  const std::string t("\x00\xff\xf0", 3);
  EXPECT_EQ(BitPos(t, 1, 0, nullopt), 8);
  EXPECT_EQ(BitPos(t, 1, 2, nullopt), 16);
  EXPECT_EQ(BitPos(t, 1, 2, -1, BitUnit::kByte), 16);
  EXPECT_EQ(BitPos(t, 1, 7, 15, BitUnit::kBit), 8);
  EXPECT_EQ(BitPos(t, 1, 7, -3, BitUnit::kBit), 8);
  const std::string z(3, '\0');
  EXPECT_EQ(BitPos(z, 1, nullopt, nullopt), -1);
}

TEST(BitPosTest, ClearBitPastTheRange) {
  const std::string ones(3, '\xff');
  // No explicit end: the string reads as zero-padded, so the answer is past its end.
  EXPECT_EQ(BitPos(ones, 0, nullopt, nullopt), 24);
  EXPECT_EQ(BitPos(ones, 0, 1, nullopt), 24);
  EXPECT_EQ(BitPos(ones, 0, -1, nullopt), 24);
  // Explicit end: no clear bit in range means -1.
  EXPECT_EQ(BitPos(ones, 0, 0, -1), -1);
  EXPECT_EQ(BitPos(ones, 0, 0, 1), -1);
  EXPECT_EQ(BitPos(ones, 0, 3, 20, BitUnit::kBit), -1);
  EXPECT_EQ(BitPos("\xfe", 0, 0, 7, BitUnit::kBit), 7);
  EXPECT_EQ(BitPos("\xfe", 0, 0, 6, BitUnit::kBit), -1);
}

TEST(BitPosTest, EmptyRangesAndStrings) {
  EXPECT_EQ(BitPos("", 0, nullopt, nullopt), -1);
  EXPECT_EQ(BitPos("", 1, nullopt, nullopt), -1);
  EXPECT_EQ(BitPos("", 0, 0, nullopt), -1);
  EXPECT_EQ(BitPos("\xff", 0, 100, nullopt), -1);  // start > end after clamping.
  EXPECT_EQ(BitPos("ab", 1, 1, 0), -1);
  EXPECT_EQ(BitPos("\x01", 1, -100, 100), 7);
  EXPECT_EQ(BitPos("\x01", 1, 3, 6, BitUnit::kBit), -1);
  EXPECT_EQ(BitPos("\x01", 1, 3, 7, BitUnit::kBit), 7);
}

TEST(BitPosTest, LongRangesUseEveryWordPath) {
  std::string s(300, '\0');
  s[250] = 0x01;
  EXPECT_EQ(BitPos(s, 1, 3, nullopt), 250 * 8 + 7);
  EXPECT_EQ(BitPos(s, 1, 3, 249), -1);
  EXPECT_EQ(BitPos(s, 1, 20, 250 * 8 + 7, BitUnit::kBit), 250 * 8 + 7);
  EXPECT_EQ(BitPos(s, 1, 20, 250 * 8 + 6, BitUnit::kBit), -1);
}

TEST(BitfieldTypeTest, Parse) {
  BitfieldType t;
  ASSERT_TRUE(ParseBitfieldType("i64", &t));
  EXPECT_TRUE(t.is_signed);
  EXPECT_EQ(t.bits, 64);
  ASSERT_TRUE(ParseBitfieldType("u63", &t));
  EXPECT_FALSE(t.is_signed);
  EXPECT_EQ(t.bits, 63);
  ASSERT_TRUE(ParseBitfieldType("u1", &t));
  for (std::string_view bad :
       {"u64", "i65", "i0", "u0", "I8", "U8", "8", "i", "", "i08", "i+8", "i-1", "x8", "i8 "}) {
    EXPECT_FALSE(ParseBitfieldType(bad, &t)) << bad;
  }
  EXPECT_TRUE(ParseBitfieldType(std::string_view("i8\0junk", 7), &t));  // C-string read.
}

TEST(BitfieldOffsetTest, Parse) {
  constexpr uint64_t kMax = 512ull << 20;
  uint64_t off = 0;
  EXPECT_TRUE(ParseBitOffset("100", true, 8, kMax, &off));
  EXPECT_EQ(off, 100u);
  EXPECT_TRUE(ParseBitOffset("#3", true, 8, kMax, &off));
  EXPECT_EQ(off, 24u);
  EXPECT_FALSE(ParseBitOffset("#3", false, 8, kMax, &off));
  EXPECT_FALSE(ParseBitOffset("-1", true, 8, kMax, &off));
  EXPECT_FALSE(ParseBitOffset("1.5", true, 8, kMax, &off));
  EXPECT_TRUE(ParseBitOffset("4294967295", true, 8, kMax, &off));
  EXPECT_FALSE(ParseBitOffset("4294967296", true, 8, kMax, &off));
  // Redis's "#N" product wraps: this one lands on bit 64 and is accepted.
  EXPECT_TRUE(ParseBitOffset("#288230376151711745", true, 64, kMax, &off));
  EXPECT_EQ(off, 64u);
  EXPECT_FALSE(ParseBitOffset("#288230376151711745", true, 8, kMax, &off));
}

TEST(BitfieldGetTest, BigEndianAndZeroPadded) {
  const std::string s("\x12\x34\x56", 3);
  EXPECT_EQ(GetUnsignedBitfield(s, 0, 8), 0x12u);
  EXPECT_EQ(GetUnsignedBitfield(s, 4, 8), 0x23u);
  EXPECT_EQ(GetUnsignedBitfield(s, 0, 24), 0x123456u);
  EXPECT_EQ(GetUnsignedBitfield(s, 20, 8), 0x60u);  // Past the end reads zeros.
  EXPECT_EQ(GetUnsignedBitfield(s, 1000, 63), 0u);
  EXPECT_EQ(GetSignedBitfield("\xff", 0, 8), -1);
  EXPECT_EQ(GetSignedBitfield("\x80", 0, 4), -8);
  EXPECT_EQ(GetSignedBitfield("\x80", 1, 4), 0);
  EXPECT_EQ(GetSignedBitfield(std::string(9, '\xff'), 3, 64), -1);
  EXPECT_EQ(GetUnsignedBitfield(std::string(9, '\xff'), 7, 63), (1ull << 63) - 1);
}

TEST(BitfieldSetTest, WritesOnlyTheField) {
  std::string s(3, '\0');
  SetBitfield(s, 4, 8, 0xAB);
  EXPECT_EQ(s, std::string("\x0a\xb0\x00", 3));
  SetBitfield(s, 0, 1, 1);
  EXPECT_EQ(s, std::string("\x8a\xb0\x00", 3));
  std::string w(9, '\0');
  SetBitfield(w, 5, 64, ~0ull);
  EXPECT_EQ(w, std::string("\x07\xff\xff\xff\xff\xff\xff\xff\xf8", 9));
  EXPECT_EQ(BitfieldBytesNeeded(0, 8), 1u);
  EXPECT_EQ(BitfieldBytesNeeded(5, 64), 9u);
  EXPECT_EQ(BitfieldBytesNeeded(100, 1), 13u);
}

TEST(BitfieldOverflowTest, Unsigned) {
  uint64_t limit = 0;
  EXPECT_FALSE(CheckUnsignedBitfieldOverflow(250, 5, 8, BitfieldOverflow::kWrap, &limit));
  EXPECT_TRUE(CheckUnsignedBitfieldOverflow(250, 6, 8, BitfieldOverflow::kWrap, &limit));
  EXPECT_EQ(limit, 0u);
  EXPECT_TRUE(CheckUnsignedBitfieldOverflow(250, 10, 8, BitfieldOverflow::kSat, &limit));
  EXPECT_EQ(limit, 255u);
  EXPECT_TRUE(CheckUnsignedBitfieldOverflow(3, -4, 8, BitfieldOverflow::kWrap, &limit));
  EXPECT_EQ(limit, 255u);
  EXPECT_TRUE(CheckUnsignedBitfieldOverflow(3, -4, 8, BitfieldOverflow::kSat, &limit));
  EXPECT_EQ(limit, 0u);
  // SET of a negative value to an unsigned field.
  EXPECT_TRUE(CheckUnsignedBitfieldOverflow(uint64_t(-1), 0, 8, BitfieldOverflow::kSat, &limit));
  EXPECT_EQ(limit, 255u);
  limit = 7;
  EXPECT_TRUE(CheckUnsignedBitfieldOverflow(0, -1, 4, BitfieldOverflow::kFail, &limit));
  EXPECT_EQ(limit, 7u);
}

TEST(BitfieldOverflowTest, Signed) {
  int64_t limit = 0;
  EXPECT_FALSE(CheckSignedBitfieldOverflow(100, 27, 8, BitfieldOverflow::kWrap, &limit));
  EXPECT_TRUE(CheckSignedBitfieldOverflow(100, 28, 8, BitfieldOverflow::kWrap, &limit));
  EXPECT_EQ(limit, -128);
  EXPECT_TRUE(CheckSignedBitfieldOverflow(-100, -29, 8, BitfieldOverflow::kSat, &limit));
  EXPECT_EQ(limit, -128);
  EXPECT_TRUE(CheckSignedBitfieldOverflow(INT64_MAX, 1, 64, BitfieldOverflow::kWrap, &limit));
  EXPECT_EQ(limit, INT64_MIN);
  EXPECT_TRUE(CheckSignedBitfieldOverflow(INT64_MIN, -1, 64, BitfieldOverflow::kSat, &limit));
  EXPECT_EQ(limit, INT64_MIN);
  EXPECT_FALSE(
      CheckSignedBitfieldOverflow(INT64_MIN, INT64_MAX, 64, BitfieldOverflow::kSat, &limit));
  // Redis quirk, confirmed on 7.0: SET i8 to INT64_MIN saturates to the maximum.
  EXPECT_TRUE(CheckSignedBitfieldOverflow(INT64_MIN, 0, 8, BitfieldOverflow::kSat, &limit));
  EXPECT_EQ(limit, 127);
  EXPECT_TRUE(CheckSignedBitfieldOverflow(-200, 0, 8, BitfieldOverflow::kSat, &limit));
  EXPECT_EQ(limit, -128);
}

TEST(BitfieldCommandTest, SetAndIncrByReplies) {
  std::string s(2, '\0');
  const BitfieldType u8{false, 8};
  const BitfieldType i5{true, 5};
  EXPECT_EQ(BitfieldSet(s, 0, u8, 200, BitfieldOverflow::kWrap), 0);
  EXPECT_EQ(BitfieldIncrBy(s, 0, u8, 100, BitfieldOverflow::kWrap), 44);
  EXPECT_EQ(BitfieldIncrBy(s, 0, u8, 300, BitfieldOverflow::kSat), 255);
  EXPECT_EQ(BitfieldIncrBy(s, 0, u8, 1, BitfieldOverflow::kFail), nullopt);
  EXPECT_EQ(GetUnsignedBitfield(s, 0, 8), 255u);  // FAIL wrote nothing.
  EXPECT_EQ(BitfieldSet(s, 0, u8, 256, BitfieldOverflow::kFail), nullopt);
  EXPECT_EQ(BitfieldSet(s, 0, u8, -1, BitfieldOverflow::kWrap), 255);
  EXPECT_EQ(BitfieldSet(s, 8, i5, 15, BitfieldOverflow::kWrap), 0);
  EXPECT_EQ(BitfieldIncrBy(s, 8, i5, 1, BitfieldOverflow::kWrap), -16);
  EXPECT_EQ(BitfieldIncrBy(s, 8, i5, -1, BitfieldOverflow::kSat), -16);
  EXPECT_EQ(BitfieldSet(s, 8, i5, 100, BitfieldOverflow::kSat), -16);
  EXPECT_EQ(GetSignedBitfield(s, 8, 5), 15);
  EXPECT_EQ(s[1] & 0x07, 0);  // Bits after the field untouched.
}

TEST(BitOpTest, CombinesZeroPaddedSources) {
  const std::vector<std::string_view> srcs = {std::string_view("\xff\x0f\xaa", 3),
                                              std::string_view("\xf0", 1), ""};
  EXPECT_EQ(BitOp(BitOpKind::kAnd, srcs), std::string(3, '\0'));
  EXPECT_EQ(BitOp(BitOpKind::kOr, srcs), std::string("\xff\x0f\xaa", 3));
  EXPECT_EQ(BitOp(BitOpKind::kXor, srcs), std::string("\x0f\x0f\xaa", 3));
  const std::vector<std::string_view> two = {"foobar", "abcdef"};
  EXPECT_EQ(BitOp(BitOpKind::kAnd, two), "`bc`ab");
  EXPECT_EQ(BitOp(BitOpKind::kOr, two), "goofev");
  const std::vector<std::string_view> one = {std::string_view("\x00\xff", 2)};
  EXPECT_EQ(BitOp(BitOpKind::kNot, one), std::string("\xff\x00", 2));
  const std::vector<std::string_view> empty = {"", ""};
  EXPECT_EQ(BitOp(BitOpKind::kOr, empty), "");
}

TEST(BitOpTest, LongSourcesMatchBytewise) {
  std::string a(1000, '\0'), b(999, '\0');
  for (size_t i = 0; i < a.size(); ++i) a[i] = static_cast<char>(i * 7);
  for (size_t i = 0; i < b.size(); ++i) b[i] = static_cast<char>(i * 13 + 1);
  const std::vector<std::string_view> srcs = {b, a};
  const std::string x = BitOp(BitOpKind::kXor, srcs);
  const std::string n = BitOp(BitOpKind::kAnd, srcs);
  ASSERT_EQ(x.size(), 1000u);
  for (size_t i = 0; i < a.size(); ++i) {
    const char bi = i < b.size() ? b[i] : 0;
    EXPECT_EQ(x[i], static_cast<char>(a[i] ^ bi));
    EXPECT_EQ(n[i], static_cast<char>(a[i] & bi));
  }
}

}  // namespace
}  // namespace ringdb::types
