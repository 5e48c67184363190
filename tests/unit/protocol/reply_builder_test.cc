#include "protocol/reply_builder.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace ringdb::protocol {
namespace {

using namespace std::string_literals;

// Runs `fn` on a fresh builder speaking `resp` and returns what it wrote.
template <typename Fn>
std::string Build(int resp, Fn fn) {
  std::string out;
  ReplyBuilder rb(&out, resp);
  fn(rb);
  return out;
}

// Expected RESP2 and RESP3 encodings of one reply.
template <typename Fn>
void ExpectBoth(Fn fn, const std::string& resp2, const std::string& resp3) {
  EXPECT_EQ(Build(2, fn), resp2);
  EXPECT_EQ(Build(3, fn), resp3);
}

TEST(ReplyBuilderTest, SimpleStringsAndOk) {
  ExpectBoth([](ReplyBuilder& rb) { rb.SendOk(); }, "+OK\r\n", "+OK\r\n");
  ExpectBoth([](ReplyBuilder& rb) { rb.SendSimpleString("PONG"); }, "+PONG\r\n", "+PONG\r\n");
  ExpectBoth([](ReplyBuilder& rb) { rb.SendSimpleString(""); }, "+\r\n", "+\r\n");
}

TEST(ReplyBuilderTest, Errors) {
  ExpectBoth([](ReplyBuilder& rb) { rb.SendError("ERR syntax error"); }, "-ERR syntax error\r\n",
             "-ERR syntax error\r\n");
  ExpectBoth([](ReplyBuilder& rb) { rb.SendError("WRONGTYPE Operation"); },
             "-WRONGTYPE Operation\r\n", "-WRONGTYPE Operation\r\n");
  // CR/LF would break the one-line error; Redis turns them into spaces.
  EXPECT_EQ(Build(2, [](ReplyBuilder& rb) { rb.SendError("ERR bad\r\nthing\n"); }),
            "-ERR bad  thing \r\n");
  // A caller-supplied '-' is not doubled.
  EXPECT_EQ(Build(3, [](ReplyBuilder& rb) { rb.SendError("-ERR x"); }), "-ERR x\r\n");
}

TEST(ReplyBuilderTest, Integers) {
  ExpectBoth([](ReplyBuilder& rb) { rb.SendLong(0); }, ":0\r\n", ":0\r\n");
  ExpectBoth([](ReplyBuilder& rb) { rb.SendLong(-42); }, ":-42\r\n", ":-42\r\n");
  ExpectBoth([](ReplyBuilder& rb) { rb.SendLong(std::numeric_limits<int64_t>::max()); },
             ":9223372036854775807\r\n", ":9223372036854775807\r\n");
  ExpectBoth([](ReplyBuilder& rb) { rb.SendLong(std::numeric_limits<int64_t>::min()); },
             ":-9223372036854775808\r\n", ":-9223372036854775808\r\n");
}

TEST(ReplyBuilderTest, Bulks) {
  ExpectBoth([](ReplyBuilder& rb) { rb.SendBulk("hello"); }, "$5\r\nhello\r\n",
             "$5\r\nhello\r\n");
  ExpectBoth([](ReplyBuilder& rb) { rb.SendBulk(""); }, "$0\r\n\r\n", "$0\r\n\r\n");
  const std::string binary = "a\r\n\0b"s;
  EXPECT_EQ(Build(2, [&](ReplyBuilder& rb) { rb.SendBulk(binary); }), "$5\r\n" + binary + "\r\n");
  const std::string big(100000, 'x');
  EXPECT_EQ(Build(3, [&](ReplyBuilder& rb) { rb.SendBulk(big); }), "$100000\r\n" + big + "\r\n");
}

TEST(ReplyBuilderTest, Nulls) {
  ExpectBoth([](ReplyBuilder& rb) { rb.SendNull(); }, "$-1\r\n", "_\r\n");
  ExpectBoth([](ReplyBuilder& rb) { rb.SendNullArray(); }, "*-1\r\n", "_\r\n");
}

TEST(ReplyBuilderTest, Aggregates) {
  ExpectBoth([](ReplyBuilder& rb) { rb.SendArrayLen(3); }, "*3\r\n", "*3\r\n");
  ExpectBoth([](ReplyBuilder& rb) { rb.SendArrayLen(0); }, "*0\r\n", "*0\r\n");
  ExpectBoth([](ReplyBuilder& rb) { rb.SendMapLen(2); }, "*4\r\n", "%2\r\n");
  ExpectBoth([](ReplyBuilder& rb) { rb.SendSetLen(5); }, "*5\r\n", "~5\r\n");
  ExpectBoth([](ReplyBuilder& rb) { rb.SendPushLen(3); }, "*3\r\n", ">3\r\n");
  ExpectBoth([](ReplyBuilder& rb) { rb.SendArrayLen(1234567890123); }, "*1234567890123\r\n",
             "*1234567890123\r\n");
}

TEST(ReplyBuilderTest, BulkArray) {
  const std::vector<std::string> items = {"a", "", "ccc"};
  const std::string wire = "*3\r\n$1\r\na\r\n$0\r\n\r\n$3\r\nccc\r\n";
  ExpectBoth([&](ReplyBuilder& rb) { rb.SendBulkArray(items); }, wire, wire);
  const std::vector<std::string_view> none;
  ExpectBoth([&](ReplyBuilder& rb) { rb.SendBulkArray(none); }, "*0\r\n", "*0\r\n");
}

TEST(ReplyBuilderTest, Bools) {
  ExpectBoth([](ReplyBuilder& rb) { rb.SendBool(true); }, ":1\r\n", "#t\r\n");
  ExpectBoth([](ReplyBuilder& rb) { rb.SendBool(false); }, ":0\r\n", "#f\r\n");
}

TEST(ReplyBuilderTest, Verbatim) {
  ExpectBoth([](ReplyBuilder& rb) { rb.SendVerbatim("# Server\r\n"); }, "$10\r\n# Server\r\n\r\n",
             "=14\r\ntxt:# Server\r\n\r\n");
  ExpectBoth([](ReplyBuilder& rb) { rb.SendVerbatim("x", "mkd"); }, "$1\r\nx\r\n",
             "=5\r\nmkd:x\r\n");
}

TEST(ReplyBuilderTest, Raw) {
  ExpectBoth([](ReplyBuilder& rb) { rb.SendRaw("+QUEUED\r\n"); }, "+QUEUED\r\n", "+QUEUED\r\n");
}

TEST(ReplyBuilderTest, DoubleSpecialValues) {
  ExpectBoth([](ReplyBuilder& rb) { rb.SendDouble(1.5); }, "$3\r\n1.5\r\n", ",1.5\r\n");
  ExpectBoth([](ReplyBuilder& rb) { rb.SendDouble(0); }, "$1\r\n0\r\n", ",0\r\n");
  ExpectBoth([](ReplyBuilder& rb) { rb.SendDouble(-0.0); }, "$2\r\n-0\r\n", ",-0\r\n");
  ExpectBoth([](ReplyBuilder& rb) { rb.SendDouble(0.1); }, "$19\r\n0.10000000000000001\r\n",
             ",0.10000000000000001\r\n");
  ExpectBoth([](ReplyBuilder& rb) { rb.SendDouble(1e22); }, "$5\r\n1e+22\r\n", ",1e+22\r\n");
  ExpectBoth([](ReplyBuilder& rb) { rb.SendDouble(HUGE_VAL); }, "$3\r\ninf\r\n", ",inf\r\n");
  ExpectBoth([](ReplyBuilder& rb) { rb.SendDouble(-HUGE_VAL); }, "$4\r\n-inf\r\n", ",-inf\r\n");
  ExpectBoth([](ReplyBuilder& rb) { rb.SendDouble(std::nan("")); }, "$3\r\nnan\r\n", ",nan\r\n");
}

// Every double must print exactly as Redis's snprintf("%.17g") would.
TEST(ReplyBuilderTest, DoubleMatchesPrintf) {
  std::mt19937_64 rng(12345);
  std::vector<double> values = {std::numeric_limits<double>::min(),
                                std::numeric_limits<double>::max(),
                                std::numeric_limits<double>::denorm_min(),
                                -std::numeric_limits<double>::denorm_min(),
                                123456789012345678.0, 1e16, 1e17, 1e-5, 1e-4, 0.3, 2.0 / 3};
  for (int i = 0; i < 100000; ++i) {
    uint64_t bits = rng();
    double d;
    std::memcpy(&d, &bits, sizeof(d));
    if (std::isfinite(d)) values.push_back(d);
    values.push_back(static_cast<double>(static_cast<int64_t>(rng() >> (rng() % 64))) /
                     static_cast<double>(1 + rng() % 1000));
  }
  for (double d : values) {
    char buf[64];
    const int n = std::snprintf(buf, sizeof(buf), "%.17g", d);
    const std::string text(buf, static_cast<size_t>(n));
    std::string resp3 = ",";
    resp3.append(text).append("\r\n");
    std::string resp2 = "$";
    resp2.append(std::to_string(text.size())).append("\r\n").append(text).append("\r\n");
    ASSERT_EQ(Build(3, [&](ReplyBuilder& rb) { rb.SendDouble(d); }), resp3);
    ASSERT_EQ(Build(2, [&](ReplyBuilder& rb) { rb.SendDouble(d); }), resp2);
  }
}

TEST(ReplyBuilderTest, MutedWritesNothing) {
  for (int resp : {2, 3}) {
    std::string out = "keep";
    ReplyBuilder rb(&out, resp);
    rb.set_muted(true);
    EXPECT_TRUE(rb.muted());
    rb.SendOk();
    rb.SendSimpleString("x");
    rb.SendError("ERR x");
    rb.SendLong(1);
    rb.SendBulk("x");
    rb.SendNull();
    rb.SendNullArray();
    rb.SendArrayLen(1);
    rb.SendMapLen(1);
    rb.SendSetLen(1);
    rb.SendPushLen(1);
    rb.SendDouble(1.0);
    rb.SendBool(true);
    rb.SendVerbatim("x");
    rb.SendBulkArray(std::vector<std::string>{"a", "b"});
    rb.SendRaw("+RAW\r\n");
    EXPECT_EQ(out, "keep");
    rb.set_muted(false);
    rb.SendOk();
    EXPECT_EQ(out, "keep+OK\r\n");
  }
}

TEST(ReplyBuilderTest, AppendsAndSwitchesProtocol) {
  std::string out;
  ReplyBuilder rb(&out);
  EXPECT_EQ(rb.resp_version(), 2);
  EXPECT_EQ(rb.buffer(), &out);
  rb.SendMapLen(1);
  rb.SendBulk("k");
  rb.SendNull();
  rb.set_resp_version(3);
  EXPECT_EQ(rb.resp_version(), 3);
  rb.SendMapLen(1);
  rb.SendBulk("k");
  rb.SendNull();
  EXPECT_EQ(out, "*2\r\n$1\r\nk\r\n$-1\r\n%1\r\n$1\r\nk\r\n_\r\n");
}

}  // namespace
}  // namespace ringdb::protocol
