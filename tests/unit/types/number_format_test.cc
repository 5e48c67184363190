#include "types/number_format.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

namespace ringdb::types {
namespace {

TEST(ParseInt64Test, AcceptsCanonicalIntegers) {
  struct Case {
    std::string_view text;
    int64_t value;
  };
  const Case cases[] = {
      {"0", 0},
      {"1", 1},
      {"-1", -1},
      {"99", 99},
      {"-99", -99},
      {"9223372036854775807", INT64_MAX},
      {"-9223372036854775808", INT64_MIN},
      {"1000000000000000000", 1000000000000000000},
  };
  for (const Case& c : cases) {
    int64_t v = 42;
    EXPECT_TRUE(ParseInt64(c.text, &v)) << c.text;
    EXPECT_EQ(v, c.value) << c.text;
  }
  EXPECT_TRUE(ParseInt64("7", nullptr));
}

TEST(ParseInt64Test, RejectsEverythingElse) {
  const std::string_view cases[] = {
      "",
      "-",
      "+1",
      " 1",
      "1 ",
      "01",
      "-0",
      "00",
      "-01",
      "1a",
      "a1",
      "1.0",
      "1e3",
      "0x10",
      "9223372036854775808",
      "-9223372036854775809",
      "18446744073709551615",
      "18446744073709551616",
      "99999999999999999999",
      "123456789012345678901",
      std::string_view("1\0", 2),
      "--1",
      "\xd9\xa1",
  };
  for (std::string_view text : cases) {
    int64_t v = 42;
    EXPECT_FALSE(ParseInt64(text, &v)) << text;
    EXPECT_EQ(v, 42) << "output touched on failure: " << text;
  }
}

TEST(IsIntEncodableTest, MatchesObjectEncodingInt) {
  int64_t v = 0;
  EXPECT_TRUE(IsIntEncodable("12345", &v));
  EXPECT_EQ(v, 12345);
  EXPECT_TRUE(IsIntEncodable("-9223372036854775808", nullptr));
  // Values OBJECT ENCODING reports as embstr/raw.
  for (std::string_view text : {"012", "+1", " 1", "1.0", "-0", "9223372036854775808", ""}) {
    EXPECT_FALSE(IsIntEncodable(text, nullptr)) << text;
  }
}

TEST(ParseLongDoubleTest, AcceptsWhatStrtoldParsesWhole) {
  struct Case {
    std::string_view text;
    long double value;
  };
  const Case cases[] = {
      {"0", 0.0L},      {"-0", -0.0L},     {"1.5", 1.5L},       {"+1", 1.0L},    {"1e3", 1000.0L},
      {"1E3", 1000.0L}, {".5", 0.5L},      {"5.", 5.0L},        {"0x10", 16.0L}, {"0x1p-2", 0.25L},
      {"01", 1.0L},     {"1e400", 1e400L}, {"1e-400", 1e-400L},
  };
  for (const Case& c : cases) {
    long double v = 42;
    EXPECT_TRUE(ParseLongDouble(c.text, &v)) << c.text;
    EXPECT_EQ(v, c.value) << c.text;
  }
  long double v = 0;
  EXPECT_TRUE(ParseLongDouble("inf", &v));
  EXPECT_TRUE(std::isinf(v) && v > 0);
  EXPECT_TRUE(ParseLongDouble("-Infinity", &v));
  EXPECT_TRUE(std::isinf(v) && v < 0);
}

TEST(ParseLongDoubleTest, Rejects) {
  const std::string long_text(kMaxLongDoubleChars, '1');
  const std::string just_fits(kMaxLongDoubleChars - 1, '0');
  const std::string_view cases[] = {
      "",        " 1",  "\t1", "\n1",  "1 ",     "1\n",     "abc",     "1e",
      "-",       "nan", "NaN", "-nan", "1e5000", "-1e5000", "1e-5000", std::string_view("1\0", 2),
      long_text,
  };
  for (std::string_view text : cases) {
    EXPECT_FALSE(ParseLongDouble(text, nullptr)) << text.substr(0, 20);
  }
  EXPECT_TRUE(ParseLongDouble(just_fits, nullptr));
}

TEST(ParseDoubleTest, AcceptsAndRejectsLikeString2d) {
  double v = 0;
  EXPECT_TRUE(ParseDouble("1.5", &v));
  EXPECT_EQ(v, 1.5);
  EXPECT_TRUE(ParseDouble("-inf", &v));
  EXPECT_TRUE(std::isinf(v) && v < 0);
  EXPECT_TRUE(ParseDouble("4.9e-324", &v));  // Subnormal but not zero: accepted.
  EXPECT_EQ(v, std::numeric_limits<double>::denorm_min());
  EXPECT_TRUE(ParseDouble("+0x10", &v));
  EXPECT_EQ(v, 16.0);
  EXPECT_TRUE(ParseDouble(std::string(200, '1'), &v));  // No length cap.
  for (std::string_view text :
       {"", " 1", "1 ", "nan", "1e400", "-1e400", "1e-400", "x", "1e5000"}) {
    EXPECT_FALSE(ParseDouble(text, &v)) << text;
  }
  EXPECT_FALSE(ParseDouble(std::string_view("1\0", 2), &v));
}

TEST(FormatLongDoubleTest, HumanMatchesIncrByFloat) {
  // Each expectation is what INCRBYFLOAT answers on Redis 7.0.
  EXPECT_EQ(FormatLongDouble(10.5L + 0.1L, true), "10.6");
  EXPECT_EQ(FormatLongDouble(5000.0L, true), "5000");
  EXPECT_EQ(FormatLongDouble(3.0L, true), "3");
  EXPECT_EQ(FormatLongDouble(1e-5L, true), "0.00001");
  EXPECT_EQ(FormatLongDouble(-0.0L, true), "0");
  EXPECT_EQ(FormatLongDouble(0.0L, true), "0");
  EXPECT_EQ(FormatLongDouble(0.1L, true), "0.1");
  EXPECT_EQ(FormatLongDouble(1e20L, true), "100000000000000000000");
  EXPECT_EQ(FormatLongDouble(-1.5e-7L, true), "-0.00000015");
  EXPECT_EQ(FormatLongDouble(1e-18L, true), "0");
  EXPECT_EQ(FormatLongDouble(-1e-18L, true), "0");  // "-0.000..." trims to "-0".
  EXPECT_EQ(FormatLongDouble(1e-17L, true), "0.00000000000000001");
  EXPECT_EQ(FormatLongDouble(strtold("1.23456789012345678", nullptr), true), "1.23456789012345678");
  EXPECT_EQ(FormatLongDouble(strtold("123456789.123456789", nullptr), true),
            "123456789.12345678899873747");
  EXPECT_EQ(FormatLongDouble(std::numeric_limits<long double>::infinity(), true), "inf");
  EXPECT_EQ(FormatLongDouble(-std::numeric_limits<long double>::infinity(), true), "-inf");
  // The largest finite value still fits Redis's buffer.
  std::string max = FormatLongDouble(std::numeric_limits<long double>::max(), true);
  EXPECT_EQ(max.size(), 4933u);
}

TEST(FormatLongDoubleTest, AutoIsPercentG17) {
  EXPECT_EQ(FormatLongDouble(0.1L, false), "0.1");
  EXPECT_EQ(FormatLongDouble(static_cast<long double>(0.1), false), "0.10000000000000001");
  EXPECT_EQ(FormatLongDouble(1.5L, false), "1.5");
  EXPECT_EQ(FormatLongDouble(1e20L, false), "1e+20");
  EXPECT_EQ(FormatLongDouble(-0.0L, false), "-0");
  EXPECT_EQ(FormatLongDouble(std::numeric_limits<long double>::infinity(), false), "inf");
}

TEST(FormatDoubleTest, MatchesZScore) {
  struct Case {
    double value;
    std::string_view text;
  };
  const Case cases[] = {
      {0.0, "0"},
      {-0.0, "-0"},
      {1.0, "1"},
      {-1.5, "-1.5"},
      {0.1, "0.10000000000000001"},
      {1e17, "1e+17"},
      {123456789012345678.0, "1.2345678901234568e+17"},
      {-4503599627370496.0, "-4503599627370496"},
      {1e16, "10000000000000000"},
      {4.9e-324, "4.9406564584124654e-324"},
      {-2.2250738585072014e-308, "-2.2250738585072014e-308"},
      {1.7976931348623157e308, "1.7976931348623157e+308"},
      {std::numeric_limits<double>::infinity(), "inf"},
      {-std::numeric_limits<double>::infinity(), "-inf"},
      {std::numeric_limits<double>::quiet_NaN(), "nan"},
      {-std::numeric_limits<double>::quiet_NaN(), "nan"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(FormatDouble(c.value), c.text);
    char buf[kDoubleBufSize];
    EXPECT_EQ(std::string_view(buf, FormatDouble(c.value, buf, sizeof(buf))), c.text);
  }
}

TEST(FormatDoubleTest, D2StringDropsSignOfZero) {
  EXPECT_EQ(D2String(-0.0), "0");
  EXPECT_EQ(D2String(0.0), "0");
  EXPECT_EQ(D2String(1e17), "1e+17");
  EXPECT_EQ(D2String(-3.0), "-3");
  EXPECT_EQ(D2String(0.1), "0.10000000000000001");
}

TEST(Int64ToCharsTest, FormatsExtremes) {
  std::array<char, kInt64BufSize> buf;
  EXPECT_EQ(Int64ToChars(0, buf), "0");
  EXPECT_EQ(Int64ToChars(-1, buf), "-1");
  EXPECT_EQ(Int64ToChars(INT64_MAX, buf), "9223372036854775807");
  EXPECT_EQ(Int64ToChars(INT64_MIN, buf), "-9223372036854775808");
  // Round trip through the parser.
  for (int64_t v : {INT64_MIN, int64_t{-12345}, int64_t{0}, int64_t{987654321}, INT64_MAX}) {
    int64_t back = 0;
    EXPECT_TRUE(ParseInt64(Int64ToChars(v, buf), &back));
    EXPECT_EQ(back, v);
  }
}

}  // namespace
}  // namespace ringdb::types
