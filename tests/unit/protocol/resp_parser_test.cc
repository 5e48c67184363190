#include "protocol/resp_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace ringdb::protocol {
namespace {

using namespace std::string_literals;
using Args = std::vector<std::string>;

constexpr size_t kInlineMax = 64 * 1024;

// What a connection sees after feeding `data` to one parser.
struct Outcome {
  std::vector<Args> commands;
  int empties = 0;
  bool failed = false;
  std::string error;
  std::string leftover;  // unconsumed bytes at the end
};

// Feeds `data` like a connection would: `chunk` bytes per read (0: all at once), parsing
// every complete request after each read and dropping consumed bytes from the front.
Outcome Feed(std::string_view data, size_t chunk = 0, const ParserLimits& limits = {}) {
  RespParser parser(limits);
  Outcome out;
  std::string buf;
  if (chunk == 0) chunk = data.size() == 0 ? 1 : data.size();
  for (size_t off = 0; off < data.size() && !out.failed; off += chunk) {
    buf.append(data.substr(off, chunk));
    while (true) {
      const ParseStatus st = parser.Parse(buf);
      if (st == ParseStatus::kNeedMore) break;
      if (st == ParseStatus::kError) {
        out.failed = true;
        out.error = std::string(parser.error());
        break;
      }
      EXPECT_GT(parser.consumed(), 0u);
      EXPECT_LE(parser.consumed(), buf.size());
      if (st == ParseStatus::kCommand) {
        out.commands.emplace_back(parser.args().begin(), parser.args().end());
      } else {
        ++out.empties;
      }
      buf.erase(0, parser.consumed());
    }
  }
  out.leftover = buf;
  return out;
}

std::string Multibulk(const Args& args) {
  std::string s = "*"s + std::to_string(args.size()) + "\r\n";
  for (const auto& a : args) s += "$"s + std::to_string(a.size()) + "\r\n" + a + "\r\n";
  return s;
}

// Expects `data` (fed whole) to end in a protocol error with `message`.
void ExpectError(std::string_view data, std::string_view message, const ParserLimits& lim = {}) {
  const Outcome out = Feed(data, 0, lim);
  EXPECT_TRUE(out.failed) << "input: " << testing::PrintToString(std::string(data.substr(0, 60)));
  EXPECT_EQ(out.error, message);
}

void ExpectNeedMore(std::string_view data, const ParserLimits& lim = {}) {
  RespParser p(lim);
  EXPECT_EQ(p.Parse(data), ParseStatus::kNeedMore)
      << testing::PrintToString(std::string(data.substr(0, 60)));
}

Args ParseOne(std::string_view data) {
  RespParser p;
  EXPECT_EQ(p.Parse(data), ParseStatus::kCommand) << p.error();
  return Args(p.args().begin(), p.args().end());
}

// ---- multibulk ---------------------------------------------------------------------

TEST(RespParserTest, ParsesMultibulkGet) {
  RespParser p;
  const std::string in = "*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n";
  ASSERT_EQ(p.Parse(in), ParseStatus::kCommand);
  EXPECT_EQ(p.consumed(), in.size());
  ASSERT_EQ(p.args().size(), 2u);
  EXPECT_EQ(p.args()[0], "GET");
  EXPECT_EQ(p.args()[1], "key");
  // Zero copy: views into the input.
  EXPECT_EQ(p.args()[1].data(), in.data() + in.find("key"));
}

TEST(RespParserTest, EveryStrictPrefixNeedsMore) {
  const std::string in = Multibulk({"SET", "key", "value"});
  for (size_t n = 0; n < in.size(); ++n) {
    RespParser p;
    EXPECT_EQ(p.Parse(std::string_view(in).substr(0, n)), ParseStatus::kNeedMore) << n;
  }
}

TEST(RespParserTest, StopsAtTheEndOfTheFirstRequest) {
  RespParser p;
  const std::string first = Multibulk({"PING"});
  const std::string in = first + Multibulk({"ECHO", "hi"});
  ASSERT_EQ(p.Parse(in), ParseStatus::kCommand);
  EXPECT_EQ(p.consumed(), first.size());
  ASSERT_EQ(p.Parse(std::string_view(in).substr(p.consumed())), ParseStatus::kCommand);
  EXPECT_EQ(p.args().size(), 2u);
}

TEST(RespParserTest, BinarySafeBulks) {
  const std::string value = "a\r\nb\0c\r\n\0"s;
  const Args args = ParseOne(Multibulk({"SET", "\0k\r\n"s, value}));
  ASSERT_EQ(args.size(), 3u);
  EXPECT_EQ(args[1], "\0k\r\n"s);
  EXPECT_EQ(args[2], value);
}

TEST(RespParserTest, EmptyBulk) {
  const Args args = ParseOne("*2\r\n$4\r\nECHO\r\n$0\r\n\r\n");
  ASSERT_EQ(args.size(), 2u);
  EXPECT_EQ(args[1], "");
}

TEST(RespParserTest, NonPositiveArrayLengthIsEmpty) {
  for (const char* in : {"*0\r\n", "*-1\r\n", "*-5\r\n"}) {
    RespParser p;
    EXPECT_EQ(p.Parse(in), ParseStatus::kEmpty) << in;
    EXPECT_EQ(p.consumed(), std::string_view(in).size());
    EXPECT_TRUE(p.args().empty());
  }
  const Outcome out = Feed("*-1\r\n*1\r\n$4\r\nPING\r\n");
  EXPECT_EQ(out.empties, 1);
  EXPECT_EQ(out.commands, std::vector<Args>{{"PING"}});
}

TEST(RespParserTest, InvalidMultibulkLength) {
  for (const char* in : {"*abc\r\n", "*+1\r\n", "*01\r\n", "*-0\r\n", "*\r\n", "* 1\r\n",
                         "*1 \r\n", "*99999999999999999999\r\n", "*-\r\n", "*1\n\r\n"}) {
    ExpectError(in, "invalid multibulk length");
  }
}

TEST(RespParserTest, MultibulkLengthLimit) {
  ExpectNeedMore("*2147483647\r\n");
  ExpectError("*2147483648\r\n", "invalid multibulk length");
  ParserLimits lim;
  lim.max_multibulk_len = 3;
  EXPECT_EQ(Feed(Multibulk({"a", "b", "c"}), 0, lim).commands.size(), 1u);
  ExpectError(Multibulk({"a", "b", "c", "d"}), "invalid multibulk length", lim);
}

TEST(RespParserTest, TooBigMultibulkCountString) {
  ExpectNeedMore("*"s + std::string(kInlineMax - 1, '1'));
  ExpectError("*"s + std::string(kInlineMax, '1'), "too big mbulk count string");
  // A '\r' anywhere in range ends the line, however long it is.
  ExpectError("*"s + std::string(kInlineMax + 10, '1') + "\r\n", "invalid multibulk length");
}

TEST(RespParserTest, ExpectedDollar) {
  ExpectError("*3\r\n$3\r\nSET\r\n$1\r\nx\r\nfooz\r\n", "expected '$', got 'f'");
  ExpectError("*1\r\n:1\r\n", "expected '$', got ':'");
  // CR and LF are shown as spaces, as Redis's error formatting does.
  ExpectError("*1\r\n\r\nPING\r\n", "expected '$', got ' '");
  ExpectError("*1\r\n\nxx\r\n", "expected '$', got ' '");
  ExpectError("*1\r\n\xffxx\r\n", "expected '$', got '\xff'");
  // Redis only looks at the first byte once the whole line has arrived.
  ExpectNeedMore("*1\r\nfoo");
  ExpectNeedMore("*1\r\nfoo\r");
}

TEST(RespParserTest, InvalidBulkLength) {
  for (const char* in : {"*1\r\n$-1\r\n", "*1\r\n$04\r\n", "*1\r\n$\r\n", "*1\r\n$abc\r\n",
                         "*1\r\n$+4\r\n", "*1\r\n$4 \r\n", "*1\r\n$536870913\r\n",
                         "*1\r\n$-0\r\n"}) {
    ExpectError(in, "invalid bulk length");
  }
  RespParser p;
  EXPECT_EQ(p.Parse("*1\r\n$536870912\r\n"), ParseStatus::kNeedMore);
  ParserLimits lim;
  lim.max_bulk_len = 4;
  EXPECT_EQ(Feed(Multibulk({"PING"}), 0, lim).commands.size(), 1u);
  ExpectError(Multibulk({"PINGS"}), "invalid bulk length", lim);
}

TEST(RespParserTest, TooBigBulkCountString) {
  const std::string head = "*1\r\n$";
  ExpectNeedMore(head + std::string(kInlineMax - 1, '1'));
  ExpectError(head + std::string(kInlineMax, '1'), "too big bulk count string");
  ExpectError("*2\r\n$4\r\nECHO\r\n" + std::string(kInlineMax + 1, 'x'),
              "too big bulk count string");
}

TEST(RespParserTest, SmallerLineLimit) {
  ParserLimits lim;
  lim.max_inline_len = 8;
  ExpectNeedMore("*1\r\n$1234567", lim);
  ExpectError("*1\r\n$12345678", "too big bulk count string", lim);
  ExpectError("*123456789", "too big mbulk count string", lim);
  ExpectError("PING12345", "too big inline request", lim);
}

TEST(RespParserTest, BytesAfterCrAndPayloadAreNotChecked) {
  // Redis skips the byte after '\r' and the two bytes after a payload unchecked.
  const Outcome out = Feed("*1\rX$4\r\nPINGXY*1\r\n$4\rxPINGzz");
  EXPECT_FALSE(out.failed);
  EXPECT_EQ(out.commands, (std::vector<Args>{{"PING"}, {"PING"}}));
  EXPECT_TRUE(out.leftover.empty());
}

TEST(RespParserTest, NulBeforeLineEndNeverCompletes) {
  // Redis finds line ends with strchr, which stops at a NUL.
  ExpectNeedMore("*1\0\r\n$4\r\nPING\r\n"s);
  ExpectNeedMore("*1\r\n$4\0\r\nPING\r\n"s);
  ExpectError("*1\0"s + std::string(kInlineMax, '\r'), "too big mbulk count string");
  ExpectError("*1\r\n$4\0"s + std::string(kInlineMax, '\r'), "too big bulk count string");
}

TEST(RespParserTest, BytesNeededForKnownBulk) {
  RespParser p;
  const std::string head = "*2\r\n$3\r\nSET\r\n$100\r\n";
  EXPECT_EQ(p.Parse(head + "abc"), ParseStatus::kNeedMore);
  EXPECT_EQ(p.bytes_needed(), head.size() + 102);
  EXPECT_EQ(p.Parse("*2\r\n$3\r\nSE"), ParseStatus::kNeedMore);
  EXPECT_EQ(p.bytes_needed(), 13u);  // "*2\r\n$3\r\n" + "SET\r\n"
  RespParser q;
  EXPECT_EQ(q.Parse("*2\r\n"), ParseStatus::kNeedMore);
  EXPECT_EQ(q.bytes_needed(), 0u);
}

TEST(RespParserTest, ResumesInAMovedBuffer) {
  RespParser p;
  const std::string full = Multibulk({"SET", "key", std::string(1000, 'v')});
  std::string a = full.substr(0, 30);
  ASSERT_EQ(p.Parse(a), ParseStatus::kNeedMore);
  std::string b;
  b.reserve(4096);  // a different allocation: the parser must hold offsets, not pointers
  b = full.substr(0, 500);
  a.assign(a.size(), '#');  // stale bytes must not leak into the result
  ASSERT_EQ(p.Parse(b), ParseStatus::kNeedMore);
  const std::string c = full;
  ASSERT_EQ(p.Parse(c), ParseStatus::kCommand);
  ASSERT_EQ(p.args().size(), 3u);
  EXPECT_EQ(p.args()[1], "key");
  EXPECT_EQ(p.args()[2], std::string(1000, 'v'));
  EXPECT_EQ(p.consumed(), full.size());
}

TEST(RespParserTest, ResetForgetsPartialRequest) {
  RespParser p;
  ASSERT_EQ(p.Parse("*2\r\n$3\r\nGET\r\n"), ParseStatus::kNeedMore);
  p.Reset();
  ASSERT_EQ(p.Parse("PING\r\n"), ParseStatus::kCommand);
  EXPECT_EQ(p.args().size(), 1u);
  // Handing back fewer bytes than before is treated as a new request, not a crash.
  ASSERT_EQ(p.Parse("*2\r\n$3\r\nGET\r\n$1\r\n"), ParseStatus::kNeedMore);
  ASSERT_EQ(p.Parse("*1\r\n$4\r\nPING\r\n"), ParseStatus::kCommand);
  EXPECT_EQ(p.args()[0], "PING");
}

// ---- pipelines and chunking --------------------------------------------------------

std::string MixedPipeline(int n) {
  std::string s;
  for (int i = 0; i < n; ++i) {
    const std::string n = std::to_string(i);
    if (i % 4 == 0) {
      s += Multibulk({"SET", "key:" + n, "v\r\n\0"s + n});
    } else if (i % 4 == 1) {
      s += "GET key:" + n + "\r\n";
    } else if (i % 4 == 2) {
      s += "*0\r\n";
    } else {
      s += Multibulk({"MGET", "a", "b", std::string(i % 97, 'z')});
    }
  }
  return s;
}

TEST(RespParserTest, PipelineInOneBuffer) {
  const Outcome out = Feed(MixedPipeline(1000));
  EXPECT_FALSE(out.failed);
  EXPECT_EQ(out.commands.size(), 750u);
  EXPECT_EQ(out.empties, 250);
  EXPECT_TRUE(out.leftover.empty());
  EXPECT_EQ(out.commands[1], (Args{"GET", "key:1"}));
}

TEST(RespParserTest, ChunkingDoesNotChangeTheResult) {
  const std::string in = MixedPipeline(200) + "*2\r\n$3\r\nGET\r\n$5\r\nab";
  const Outcome whole = Feed(in);
  for (size_t chunk : {1, 2, 3, 7, 13, 64, 1000}) {
    const Outcome part = Feed(in, chunk);
    EXPECT_EQ(part.commands, whole.commands) << chunk;
    EXPECT_EQ(part.empties, whole.empties);
    EXPECT_EQ(part.leftover, whole.leftover);
  }
}

TEST(RespParserTest, ErrorAfterGoodCommandsInAPipeline) {
  const std::string in = Multibulk({"PING"}) + "PING\r\n" + "*1\r\nx\r\n" + Multibulk({"PING"});
  for (size_t chunk : {0, 1, 5}) {
    const Outcome out = Feed(in, chunk);
    EXPECT_EQ(out.commands.size(), 2u);
    EXPECT_TRUE(out.failed);
    EXPECT_EQ(out.error, "expected '$', got 'x'");
  }
}

// These would take minutes if every call rescanned or re-parsed the bytes already seen.
TEST(RespParserTest, HugeArrayInSmallPiecesIsLinear) {
  constexpr int kArgs = 200000;
  std::string in = "*"s + std::to_string(kArgs) + "\r\n";
  for (int i = 0; i < kArgs; ++i) in += "$1\r\nx\r\n";
  const Outcome out = Feed(in, 16);
  ASSERT_EQ(out.commands.size(), 1u);
  EXPECT_EQ(out.commands[0].size(), static_cast<size_t>(kArgs));
}

TEST(RespParserTest, HugeBulkInSmallPiecesIsLinear) {
  const std::string value(8 << 20, 'v');
  const Outcome out = Feed(Multibulk({"SET", "k", value}), 1024);
  ASSERT_EQ(out.commands.size(), 1u);
  EXPECT_EQ(out.commands[0][2], value);
}

TEST(RespParserTest, LongLinesByteAtATimeAreLinear) {
  EXPECT_EQ(Feed("*"s + std::string(kInlineMax, '1'), 1).error, "too big mbulk count string");
  EXPECT_EQ(Feed(std::string(kInlineMax + 1, 'a'), 1).error, "too big inline request");
}

// ---- inline ------------------------------------------------------------------------

TEST(RespParserTest, InlineBasics) {
  EXPECT_EQ(ParseOne("PING\r\n"), Args{"PING"});
  EXPECT_EQ(ParseOne("PING\n"), Args{"PING"});
  EXPECT_EQ(ParseOne("  SET\t k  \t v  \r\n"), (Args{"SET", "k", "v"}));
  // Only one '\r' before the '\n' is part of the line ending; others separate words.
  EXPECT_EQ(ParseOne("ECHO a\rb\r\n"), (Args{"ECHO", "a", "b"}));
  EXPECT_EQ(ParseOne("\vPING\r\n"), Args{"PING"});
  // sdssplitargs ends a bare word only at space, \t, \r, \n: \v and \f stay inside.
  EXPECT_EQ(ParseOne("ECHO a\vb\fc\r\n"), (Args{"ECHO", "a\vb\fc"}));
  EXPECT_EQ(ParseOne("ECHO \xff\x80\r\n"), (Args{"ECHO", "\xff\x80"}));
}

TEST(RespParserTest, InlineNeedsNewline) {
  ExpectNeedMore("PING");
  ExpectNeedMore("PING\r");
  ExpectNeedMore(std::string(kInlineMax, 'a'));
}

TEST(RespParserTest, InlineEmptyLines) {
  for (const char* in : {"\n", "\r\n", "   \r\n", "\t \n", "\r\r\n"}) {
    RespParser p;
    EXPECT_EQ(p.Parse(in), ParseStatus::kEmpty) << testing::PrintToString(in);
    EXPECT_EQ(p.consumed(), std::string_view(in).size());
  }
  const Outcome out = Feed("\r\n\nPING\n  \r\n");
  EXPECT_EQ(out.empties, 3);
  EXPECT_EQ(out.commands, std::vector<Args>{{"PING"}});
}

TEST(RespParserTest, InlineDoubleQuotes) {
  EXPECT_EQ(ParseOne("SET \"a b\" \"\"\r\n"), (Args{"SET", "a b", ""}));
  EXPECT_EQ(ParseOne("ECHO \"\\n\\r\\t\\b\\a\\\\\\\"\"\r\n"), (Args{"ECHO", "\n\r\t\b\a\\\""}));
  EXPECT_EQ(ParseOne("ECHO \"\\x41\\x4a\\x4\\xzz\\q\\x00\"\r\n"),
            (Args{"ECHO", "AJx4xzzq\0"s}));
  // A quote inside a word starts quoting there; the word goes on.
  EXPECT_EQ(ParseOne("ECHO x\"a b\"\r\n"), (Args{"ECHO", "xa b"}));
  // A closing quote may be followed by any isspace() byte, \v included.
  EXPECT_EQ(ParseOne("ECHO \"a\"\v\r\n"), (Args{"ECHO", "a"}));
  EXPECT_EQ(ParseOne("ECHO \"a\"\t\"b\"\n"), (Args{"ECHO", "a", "b"}));
}

TEST(RespParserTest, InlineSingleQuotes) {
  EXPECT_EQ(ParseOne("ECHO 'a\\'b\\c' ''\r\n"), (Args{"ECHO", "a'b\\c", ""}));
  EXPECT_EQ(ParseOne("ECHO 'a \"b\" \\n'\r\n"), (Args{"ECHO", "a \"b\" \\n"}));
}

TEST(RespParserTest, InlineUnbalancedQuotes) {
  for (const char* in : {"ECHO \"a\"b\r\n", "ECHO 'a\r\n", "ECHO \"\r\n", "ECHO \"a\\\r\n",
                         "ECHO 'a'b\n", "ECHO \"a\\\"\n", "\"\n"}) {
    ExpectError(in, "unbalanced quotes in request");
  }
}

TEST(RespParserTest, InlineArgsAreViewsUnlessRewritten) {
  RespParser p;
  const std::string in = "SET \"plain\" \"esc\\n\" mid\"dle\"\r\n";
  ASSERT_EQ(p.Parse(in), ParseStatus::kCommand);
  ASSERT_EQ(p.args().size(), 4u);
  const auto inside = [&](std::string_view a) {
    return a.data() >= in.data() && a.data() + a.size() <= in.data() + in.size();
  };
  EXPECT_TRUE(inside(p.args()[0]));
  EXPECT_TRUE(inside(p.args()[1]));
  EXPECT_EQ(p.args()[2], "esc\n");
  EXPECT_FALSE(inside(p.args()[2]));
  EXPECT_EQ(p.args()[3], "middle");
}

TEST(RespParserTest, InlineTooBig) {
  ExpectError(std::string(kInlineMax + 1, 'a'), "too big inline request");
  // Like Redis, the limit applies only while no newline is in the buffer.
  const Outcome out = Feed("ECHO " + std::string(kInlineMax + 10, 'a') + "\r\n");
  EXPECT_FALSE(out.failed);
  ASSERT_EQ(out.commands.size(), 1u);
  EXPECT_EQ(out.commands[0][1].size(), kInlineMax + 10);
}

TEST(RespParserTest, InlineNulNeverCompletes) {
  // strchr in Redis stops at the NUL, so the line never ends until the limit trips.
  ExpectNeedMore("PI\0NG\r\nPING\r\n"s);
  ExpectNeedMore("\0PING\r\n"s);
  ExpectError("PI\0NG\r\n"s + std::string(kInlineMax, '\n'), "too big inline request");
  EXPECT_EQ(Feed("PI\0NG\r\n"s + std::string(kInlineMax, '\n'), 1000).error,
            "too big inline request");
}

}  // namespace
}  // namespace ringdb::protocol
