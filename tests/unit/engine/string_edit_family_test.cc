// APPEND, STRLEN, counters, GETRANGE/SUBSTR and SETRANGE through the real dispatcher.
#include <string>

#include "engine/config.h"
#include "tests/unit/engine/command_test_util.h"
#include "tests/unit/engine/string_test_util.h"

namespace ringdb::engine {
namespace {

constexpr const char* kWrongType =
    "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
constexpr const char* kNotInt = "-ERR value is not an integer or out of range\r\n";
constexpr const char* kNotFloat = "-ERR value is not a valid float\r\n";

class StringEditFamilyTest : public CommandTest {
 protected:
  void MakeList(std::string_view key) {
    Run({"SET", key, "x"});
    TEST_RelabelAsList(server_, key);
  }
  std::string Encoding(std::string_view key) { return Run({"OBJECT", "ENCODING", key}); }
};

TEST_F(StringEditFamilyTest, AppendAndStrlen) {
  EXPECT_EQ(Run({"APPEND", "k", "hello"}), ":5\r\n");
  EXPECT_EQ(Run({"APPEND", "k", " world"}), ":11\r\n");
  EXPECT_EQ(Run({"GET", "k"}), "$11\r\nhello world\r\n");
  EXPECT_EQ(Run({"STRLEN", "k"}), ":11\r\n");
  EXPECT_EQ(Run({"STRLEN", "nosuch"}), ":0\r\n");
  MakeList("l");
  EXPECT_EQ(Run({"APPEND", "l", "x"}), kWrongType);
  EXPECT_EQ(Run({"STRLEN", "l"}), kWrongType);
}

TEST_F(StringEditFamilyTest, AppendEncodingsAndTtl) {
  Run({"APPEND", "n", "123"});  // a new key is encoded as SET would
  EXPECT_EQ(Encoding("n"), "$3\r\nint\r\n");
  Run({"APPEND", "n", "4"});
  EXPECT_EQ(Encoding("n"), "$3\r\nraw\r\n");
  Run({"SET", "e", "", "EX", "100"});
  EXPECT_EQ(Run({"APPEND", "e", ""}), ":0\r\n");
  EXPECT_EQ(Encoding("e"), "$3\r\nraw\r\n");
  EXPECT_EQ(Run({"TTL", "e"}), ":100\r\n");
}

TEST_F(StringEditFamilyTest, IncrDecr) {
  EXPECT_EQ(Run({"INCR", "c"}), ":1\r\n");
  EXPECT_EQ(Run({"INCRBY", "c", "10"}), ":11\r\n");
  EXPECT_EQ(Run({"DECR", "c"}), ":10\r\n");
  EXPECT_EQ(Run({"DECRBY", "c", "-5"}), ":15\r\n");
  EXPECT_EQ(Encoding("c"), "$3\r\nint\r\n");
  Run({"SET", "c", "9223372036854775807"});
  EXPECT_EQ(Run({"INCR", "c"}), "-ERR increment or decrement would overflow\r\n");
  Run({"SET", "c", "-9223372036854775808"});
  EXPECT_EQ(Run({"DECR", "c"}), "-ERR increment or decrement would overflow\r\n");
  EXPECT_EQ(Run({"DECRBY", "c", "-9223372036854775808"}), "-ERR decrement would overflow\r\n");
  EXPECT_EQ(Run({"INCRBY", "c", "1.5"}), kNotInt);
  for (const char* bad : {"abc", " 1", "1 ", "01", "+1", "-0", "", "1e3"}) {
    Run({"SET", "s", bad});
    EXPECT_EQ(Run({"INCR", "s"}), kNotInt) << bad;
  }
  MakeList("l");
  EXPECT_EQ(Run({"INCR", "l"}), kWrongType);
}

TEST_F(StringEditFamilyTest, IncrKeepsTtl) {
  Run({"SET", "c", "5", "EX", "100"});
  EXPECT_EQ(Run({"INCR", "c"}), ":6\r\n");
  EXPECT_EQ(Run({"TTL", "c"}), ":100\r\n");
}

TEST_F(StringEditFamilyTest, IncrByFloat) {
  EXPECT_EQ(Run({"INCRBYFLOAT", "f", "10.5"}), "$4\r\n10.5\r\n");
  EXPECT_EQ(Run({"INCRBYFLOAT", "f", "0.1"}), "$4\r\n10.6\r\n");
  EXPECT_EQ(Run({"INCRBYFLOAT", "f", "-5"}), "$3\r\n5.6\r\n");
  Run({"SET", "f", "5.0e3"});
  EXPECT_EQ(Run({"INCRBYFLOAT", "f", "2.0e2"}), "$4\r\n5200\r\n");
  EXPECT_EQ(Encoding("f"), "$6\r\nembstr\r\n");
  // Long double range: 1e308 + 1e308 is finite; only an infinite operand overflows.
  Run({"SET", "f", "1e308"});
  EXPECT_EQ(Run({"INCRBYFLOAT", "f", "1e308"}).substr(0, 6), "$309\r\n");
  EXPECT_EQ(Run({"INCRBYFLOAT", "f", "inf"}), "-ERR increment would produce NaN or Infinity\r\n");
  EXPECT_EQ(Run({"INCRBYFLOAT", "f", "nan"}), kNotFloat);
  EXPECT_EQ(Run({"INCRBYFLOAT", "f", "1 "}), kNotFloat);
  Run({"SET", "s", "1.5.5"});
  EXPECT_EQ(Run({"INCRBYFLOAT", "s", "1"}), kNotFloat);
  MakeList("l");
  EXPECT_EQ(Run({"INCRBYFLOAT", "l", "1"}), kWrongType);
}

TEST_F(StringEditFamilyTest, GetRange) {
  Run({"SET", "r", "Hello World"});
  EXPECT_EQ(Run({"GETRANGE", "r", "0", "4"}), "$5\r\nHello\r\n");
  EXPECT_EQ(Run({"GETRANGE", "r", "-5", "-1"}), "$5\r\nWorld\r\n");
  EXPECT_EQ(Run({"GETRANGE", "r", "-100", "4"}), "$5\r\nHello\r\n");
  EXPECT_EQ(Run({"GETRANGE", "r", "5", "2"}), "$0\r\n\r\n");
  EXPECT_EQ(Run({"GETRANGE", "r", "-1", "-5"}), "$0\r\n\r\n");
  EXPECT_EQ(Run({"GETRANGE", "r", "-100", "-50"}), "$1\r\nH\r\n");  // both clamp to 0
  EXPECT_EQ(Run({"SUBSTR", "r", "-3", "-1"}), "$3\r\nrld\r\n");
  EXPECT_EQ(Run({"GETRANGE", "nosuch", "0", "-1"}), "$0\r\n\r\n");
  EXPECT_EQ(Run({"GETRANGE", "r", "a", "1"}), kNotInt);
  Run({"SET", "e", ""});
  EXPECT_EQ(Run({"GETRANGE", "e", "0", "0"}), "$0\r\n\r\n");
  MakeList("l");
  EXPECT_EQ(Run({"GETRANGE", "l", "0", "1"}), kWrongType);
}

TEST_F(StringEditFamilyTest, SetRange) {
  Run({"SET", "s", "Hello World"});
  EXPECT_EQ(Run({"SETRANGE", "s", "6", "Redis"}), ":11\r\n");
  EXPECT_EQ(Run({"GET", "s"}), "$11\r\nHello Redis\r\n");
  EXPECT_EQ(Run({"SETRANGE", "s", "13", "!"}), ":14\r\n");
  EXPECT_EQ(Run({"GET", "s"}), std::string("$14\r\nHello Redis\0\0!\r\n", 21));
  EXPECT_EQ(Run({"SETRANGE", "n", "2", "x"}), ":3\r\n");
  EXPECT_EQ(Run({"GET", "n"}), std::string("$3\r\n\0\0x\r\n", 9));
  EXPECT_EQ(Encoding("n"), "$3\r\nraw\r\n");
  // An empty value on a missing key creates nothing.
  EXPECT_EQ(Run({"SETRANGE", "e", "10", ""}), ":0\r\n");
  EXPECT_EQ(Run({"EXISTS", "e"}), ":0\r\n");
  EXPECT_EQ(Run({"SETRANGE", "s", "0", ""}), ":14\r\n");
  EXPECT_EQ(Run({"SETRANGE", "s", "-1", "x"}), "-ERR offset is out of range\r\n");
  EXPECT_EQ(Run({"SETRANGE", "s", "abc", "x"}), kNotInt);
  EXPECT_EQ(Run({"SETRANGE", "s", "536870912", "x"}),
            "-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n");
  Run({"SET", "i", "12345"});
  EXPECT_EQ(Run({"SETRANGE", "i", "1", "x"}), ":5\r\n");
  EXPECT_EQ(Run({"GET", "i"}), "$5\r\n1x345\r\n");
  EXPECT_EQ(Encoding("i"), "$3\r\nraw\r\n");
  MakeList("l");
  EXPECT_EQ(Run({"SETRANGE", "l", "0", "x"}), kWrongType);
}

TEST_F(StringEditFamilyTest, AppendRespectsMaxBulkLen) {
  ASSERT_EQ(ConfigSet(std::vector<std::string_view>{"proto-max-bulk-len", "1048576"}), "");
  Run({"SET", "k", "abc"});
  std::string big(1048576 - 2, 'x');
  EXPECT_EQ(Run({"APPEND", "k", big}),
            "-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n");
  EXPECT_EQ(Run({"SETRANGE", "k", "1048575", "xy"}),
            "-ERR string exceeds maximum allowed size (proto-max-bulk-len)\r\n");
  EXPECT_EQ(Run({"SETRANGE", "k", "1048575", "x"}), ":1048576\r\n");
  ResetConfigToDefaults();
}

}  // namespace
}  // namespace ringdb::engine
