#include "types/glob.h"

#include <gtest/gtest.h>

#include <string>

namespace ringdb::types {
namespace {

struct GlobCase {
  std::string_view pattern;
  std::string_view str;
  bool match;
};

void ExpectCases(std::initializer_list<GlobCase> cases, bool nocase = false) {
  for (const GlobCase& c : cases) {
    EXPECT_EQ(GlobMatch(c.pattern, c.str, nocase), c.match)
        << "pattern '" << c.pattern << "' string '" << c.str << "' nocase " << nocase;
  }
}

TEST(GlobMatchTest, LiteralsAndWildcards) {
  ExpectCases({
      {"", "", true},           {"", "a", false},
      {"a", "a", true},         {"a", "b", false},
      {"a", "ab", false},       {"ab", "a", false},
      {"?", "a", true},         {"?", "", false},
      {"??", "a", false},       {"*", "abc", true},
      {"a*", "a", true},        {"a*", "abc", true},
      {"*c", "abc", true},      {"*b", "abc", false},
      {"a*c", "ac", true},      {"a*c", "abbbc", true},
      {"a*c", "abbbd", false},  {"*a*", "bab", true},
      {"h?llo", "hello", true}, {"h*llo", "heeeello", true},
      {"a**b", "ab", true},     {"***", "x", true},
      {"a*b*c", "aXbYc", true}, {"a*b*c", "aXbY", false},
      {"*ab", "aab", true},     {"*aab", "aab", true},
      {"a?*", "a", false},
  });
}

TEST(GlobMatchTest, EmptyStringMatchesOnlyEmptyPattern) {
  // stringmatchlen never enters its loop for an empty string. (KEYS and SCAN
  // special-case the pattern "*" before calling it, so they still list "".)
  ExpectCases({{"*", "", false}, {"**", "", false}, {"", "", true}, {"[^a]", "", false}});
}

TEST(GlobMatchTest, Classes) {
  ExpectCases({
      {"h[ae]llo", "hello", true},
      {"h[ae]llo", "hallo", true},
      {"h[ae]llo", "hillo", false},
      {"h[^e]llo", "hallo", true},
      {"h[^e]llo", "hello", false},
      {"h[a-b]llo", "hbllo", true},
      {"h[a-b]llo", "hcllo", false},
      {"[b-a]", "a", true},  // Reversed range.
      {"[]", "]", false},   // "[]" is an empty class...
      {"[]]", "]", false},  // ...so this is an empty class then a literal ']'.
      {"[]]", "x]", false},
      {"[a-]", "]", true},
      {"[a-]", "b", false},  // 'a'..']' range.
      {"[a-]", "-", false},
      {"[-a]", "-", true},
      {"[\\]]", "]", true},
      {"[\\", "\\", true},
      {"[^", "x", true},
      {"[", "x", false},
      {"[abc", "b", true},
      {"[abc", "bc", false},
      {"[a]b", "ab", true},
      {"[*]", "*", true},
      {"[*]", "x", false},
      {"[?]", "?", true},
      {"[Z-a]", "^", true},
      {"[Z-a]", "b", false},
      {"[^a-c]", "d", true},
  });
}

TEST(GlobMatchTest, Escapes) {
  ExpectCases({
      {"\\*", "*", true},
      {"\\*", "a", false},
      {"\\?", "?", true},
      {"\\?", "a", false},
      {"\\[a]", "[a]", true},
      {"\\\\", "\\", true},
      {"a\\", "a\\", true},
      {"\\", "\\", true},
      {"\\a", "a", true},
      {"*\\*", "ab*", true},
      {"*\\*", "ab", false},
  });
}

TEST(GlobMatchTest, HighBytesCompareAsSignedChars) {
  // Range ends compare as signed chars: 0xE9 (-23) lies inside [\x80-b] (-128..98).
  EXPECT_TRUE(GlobMatch("[\x80-b]", "\xe9"));
  EXPECT_TRUE(GlobMatch("[\x80-b]", "a"));
  // 'a'..0xFF is the range -1..97 after the swap.
  EXPECT_FALSE(GlobMatch("[a-\xff]", "b"));
  EXPECT_TRUE(GlobMatch("[a-\xff]", "\xff"));
  EXPECT_TRUE(GlobMatch("[a-\xff]", "0"));
  EXPECT_FALSE(GlobMatch("[a-\xff]", "\xe9"));
  EXPECT_TRUE(GlobMatch(std::string_view("a\0b", 3), std::string_view("a\0b", 3)));
  EXPECT_TRUE(GlobMatch(std::string_view("?\0", 2), std::string_view("x\0", 2)));
}

TEST(GlobMatchTest, NoCase) {
  ExpectCases(
      {
          {"HELLO", "hello", true},
          {"h?LLo", "HeLlO", true},
          {"[A-C]", "b", true},
          {"[a-c]", "B", true},
          {"[^A]", "a", false},
          {"*Y", "xy", true},
          {"[\\A]", "a", false},  // Escapes inside a class stay case-sensitive.
          {"[\\A]", "A", true},
          {"\\A", "a", true},
          {"\xc9", "\xe9", false},
      },
      /*nocase=*/true);
  EXPECT_FALSE(GlobMatch("HELLO", "hello"));
}

std::string Repeat(std::string_view unit, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += unit;
  return out;
}

TEST(GlobMatchTest, StarNestingLimit) {
  // Redis answers no match once a match needs more than 1000 nested '*' runs, unless
  // the extra run ends the pattern (a trailing '*' needs no recursion).
  const std::string s = Repeat("a", 1001);
  EXPECT_TRUE(GlobMatch(Repeat("*a", 1000), Repeat("a", 1000)));
  EXPECT_TRUE(GlobMatch(Repeat("*a", 1000) + "*", Repeat("a", 1000)));
  EXPECT_FALSE(GlobMatch(Repeat("*a", 1001), s));
  EXPECT_FALSE(GlobMatch(Repeat("*a", 1001) + "*", s));
  // Escaped or bracketed stars are not runs.
  EXPECT_TRUE(GlobMatch(Repeat("\\*", 1500), Repeat("*", 1500)));
  EXPECT_TRUE(GlobMatch(Repeat("[*]", 1500), Repeat("*", 1500)));
}

TEST(GlobMatchTest, PathologicalPatternsStayFast) {
  // Exponential for naive recursion; quadratic at worst here.
  const std::string s = Repeat("a", 5000);
  EXPECT_FALSE(GlobMatch(Repeat("a*", 500) + "b", s));
  EXPECT_FALSE(GlobMatch(Repeat("*a", 900) + "*b", s));
  EXPECT_TRUE(GlobMatch(Repeat("*a", 900) + "*", s));
  EXPECT_FALSE(GlobMatch("*" + Repeat("?", 4000) + "b", s));
}

}  // namespace
}  // namespace ringdb::types
