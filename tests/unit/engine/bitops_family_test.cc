// SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD and BITFIELD_RO through the real
// dispatcher.
#include <string>

#include "tests/unit/engine/command_test_util.h"
#include "tests/unit/engine/string_test_util.h"

namespace ringdb::engine {
namespace {

constexpr const char* kWrongType =
    "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
constexpr const char* kSyntax = "-ERR syntax error\r\n";
constexpr const char* kNotInt = "-ERR value is not an integer or out of range\r\n";
constexpr const char* kBitOffset = "-ERR bit offset is not an integer or out of range\r\n";

class BitopsFamilyTest : public CommandTest {
 protected:
  void MakeList(std::string_view key) {
    Run({"SET", key, "x"});
    TEST_RelabelAsList(server_, key);
  }
};

TEST_F(BitopsFamilyTest, SetBitGetBit) {
  EXPECT_EQ(Run({"SETBIT", "b", "7", "1"}), ":0\r\n");
  EXPECT_EQ(Run({"SETBIT", "b", "7", "1"}), ":1\r\n");
  EXPECT_EQ(Run({"GETBIT", "b", "7"}), ":1\r\n");
  EXPECT_EQ(Run({"GETBIT", "b", "0"}), ":0\r\n");
  EXPECT_EQ(Run({"GETBIT", "b", "100"}), ":0\r\n");
  EXPECT_EQ(Run({"GETBIT", "nosuch", "0"}), ":0\r\n");
  EXPECT_EQ(Run({"GET", "b"}), "$1\r\n\x01\r\n");
  EXPECT_EQ(Run({"SETBIT", "b", "100", "1"}), ":0\r\n");
  EXPECT_EQ(Run({"STRLEN", "b"}), ":13\r\n");
  EXPECT_EQ(Run({"OBJECT", "ENCODING", "b"}), "$3\r\nraw\r\n");
  Run({"SET", "n", "12"});
  EXPECT_EQ(Run({"SETBIT", "n", "7", "0"}), ":1\r\n");
  EXPECT_EQ(Run({"GET", "n"}), "$2\r\n02\r\n");
  EXPECT_EQ(Run({"OBJECT", "ENCODING", "n"}), "$3\r\nraw\r\n");
}

TEST_F(BitopsFamilyTest, SetBitErrors) {
  const std::string bit_value = "-ERR bit is not an integer or out of range\r\n";
  EXPECT_EQ(Run({"SETBIT", "b", "1", "2"}), bit_value);
  EXPECT_EQ(Run({"SETBIT", "b", "1", "-1"}), bit_value);
  EXPECT_EQ(Run({"SETBIT", "b", "1", "x"}), bit_value);
  EXPECT_EQ(Run({"SETBIT", "b", "-1", "1"}), kBitOffset);
  EXPECT_EQ(Run({"SETBIT", "b", "4294967296", "1"}), kBitOffset);
  EXPECT_EQ(Run({"GETBIT", "b", "x"}), kBitOffset);
  EXPECT_EQ(Run({"EXISTS", "b"}), ":0\r\n");
  MakeList("l");
  EXPECT_EQ(Run({"SETBIT", "l", "0", "1"}), kWrongType);
  EXPECT_EQ(Run({"GETBIT", "l", "0"}), kWrongType);
}

TEST_F(BitopsFamilyTest, BitCount) {
  Run({"SET", "f", "foobar"});
  EXPECT_EQ(Run({"BITCOUNT", "f"}), ":26\r\n");
  EXPECT_EQ(Run({"BITCOUNT", "f", "1", "1"}), ":6\r\n");
  EXPECT_EQ(Run({"BITCOUNT", "f", "-1", "-1"}), ":4\r\n");
  EXPECT_EQ(Run({"BITCOUNT", "f", "5", "30", "BIT"}), ":17\r\n");
  EXPECT_EQ(Run({"BITCOUNT", "f", "0", "0", "byte"}), ":4\r\n");
  EXPECT_EQ(Run({"BITCOUNT", "f", "0", "-1", "FOO"}), kSyntax);
  EXPECT_EQ(Run({"BITCOUNT", "f", "0"}), kSyntax);
  EXPECT_EQ(Run({"BITCOUNT", "f", "a", "b"}), kNotInt);
  EXPECT_EQ(Run({"BITCOUNT", "f", "0", "1", "BIT", "x"}), kSyntax);
  // 7.0 looks the key up first: a missing key answers 0 before any parsing.
  EXPECT_EQ(Run({"BITCOUNT", "nosuch", "0"}), ":0\r\n");
  MakeList("l");
  EXPECT_EQ(Run({"BITCOUNT", "l"}), kWrongType);
}

TEST_F(BitopsFamilyTest, BitPos) {
  Run({"SETBIT", "b", "20", "1"});
  EXPECT_EQ(Run({"BITPOS", "b", "1"}), ":20\r\n");
  EXPECT_EQ(Run({"BITPOS", "b", "0"}), ":0\r\n");
  EXPECT_EQ(Run({"BITPOS", "b", "1", "3"}), ":-1\r\n");
  EXPECT_EQ(Run({"BITPOS", "b", "1", "20", "20", "BIT"}), ":20\r\n");
  EXPECT_EQ(Run({"BITPOS", "b", "1", "21", "23", "BIT"}), ":-1\r\n");
  EXPECT_EQ(Run({"BITPOS", "b", "2"}), "-ERR The bit argument must be 1 or 0.\r\n");
  EXPECT_EQ(Run({"BITPOS", "b", "x"}), kNotInt);
  EXPECT_EQ(Run({"BITPOS", "b", "1", "0", "1", "FOO"}), kSyntax);
  EXPECT_EQ(Run({"BITPOS", "b", "1", "a"}), kNotInt);
  EXPECT_EQ(Run({"BITPOS", "nosuch", "0"}), ":0\r\n");
  EXPECT_EQ(Run({"BITPOS", "nosuch", "1"}), ":-1\r\n");
  Run({"SET", "ones", "\xff\xff"});
  EXPECT_EQ(Run({"BITPOS", "ones", "0"}), ":16\r\n");
  EXPECT_EQ(Run({"BITPOS", "ones", "0", "0", "-1"}), ":-1\r\n");
  Run({"SET", "e", ""});
  EXPECT_EQ(Run({"BITPOS", "e", "0"}), ":-1\r\n");
  MakeList("l");
  EXPECT_EQ(Run({"BITPOS", "l", "1"}), kWrongType);
}

TEST_F(BitopsFamilyTest, BitOp) {
  Run({"MSET", "a", "foobar", "b", "abcdef", "s", "ab"});
  EXPECT_EQ(Run({"BITOP", "AND", "d", "a", "b"}), ":6\r\n");
  EXPECT_EQ(Run({"GET", "d"}), "$6\r\n`bc`ab\r\n");
  EXPECT_EQ(Run({"BITOP", "or", "d", "a", "s"}), ":6\r\n");
  EXPECT_EQ(Run({"GET", "d"}), "$6\r\ngoobar\r\n");
  EXPECT_EQ(Run({"OBJECT", "ENCODING", "d"}), "$3\r\nraw\r\n");
  EXPECT_EQ(Run({"BITOP", "NOT", "d", "a", "b"}),
            "-ERR BITOP NOT must be called with a single source key.\r\n");
  EXPECT_EQ(Run({"BITOP", "FOO", "d", "a"}), kSyntax);
  // An empty result deletes the destination.
  EXPECT_EQ(Run({"BITOP", "OR", "d", "nosuch1", "nosuch2"}), ":0\r\n");
  EXPECT_EQ(Run({"EXISTS", "d"}), ":0\r\n");
  // The destination may be a source.
  EXPECT_EQ(Run({"BITOP", "XOR", "a", "a", "a"}), ":6\r\n");
  EXPECT_EQ(Run({"GET", "a"}), std::string("$6\r\n\0\0\0\0\0\0\r\n", 12));
  MakeList("l");
  EXPECT_EQ(Run({"BITOP", "AND", "d", "b", "l"}), kWrongType);
}

TEST_F(BitopsFamilyTest, BitfieldSetGetIncr) {
  EXPECT_EQ(Run({"BITFIELD", "bf", "SET", "i8", "0", "100", "GET", "i8", "0"}),
            "*2\r\n:0\r\n:100\r\n");
  EXPECT_EQ(Run({"BITFIELD", "bf", "INCRBY", "i8", "0", "100"}), "*1\r\n:-56\r\n");
  EXPECT_EQ(Run({"BITFIELD", "bf", "OVERFLOW", "SAT", "INCRBY", "i8", "0", "-400"}),
            "*1\r\n:-128\r\n");
  EXPECT_EQ(Run({"BITFIELD", "bf", "OVERFLOW", "FAIL", "INCRBY", "i8", "0", "-1"}),
            "*1\r\n$-1\r\n");
  EXPECT_EQ(Run({"BITFIELD", "bf", "SET", "u8", "#1", "255", "GET", "u8", "8"}),
            "*2\r\n:0\r\n:255\r\n");
  EXPECT_EQ(Run({"BITFIELD", "bf"}), "*0\r\n");
  EXPECT_EQ(Run({"BITFIELD", "nosuch", "GET", "u8", "0"}), "*1\r\n:0\r\n");
  EXPECT_EQ(Run({"EXISTS", "nosuch"}), ":0\r\n");
  EXPECT_EQ(Run({"BITFIELD_RO", "bf", "GET", "u8", "8"}), "*1\r\n:255\r\n");
}

TEST_F(BitopsFamilyTest, BitfieldErrors) {
  const std::string bad_type =
      "-ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported "
      "but i64 is.\r\n";
  EXPECT_EQ(Run({"BITFIELD", "bf", "GET", "u64", "0"}), bad_type);
  EXPECT_EQ(Run({"BITFIELD", "bf", "GET", "i65", "0"}), bad_type);
  EXPECT_EQ(Run({"BITFIELD", "bf", "GET", "x8", "0"}), bad_type);
  EXPECT_EQ(Run({"BITFIELD", "bf", "GET", "i8", "-1"}), kBitOffset);
  EXPECT_EQ(Run({"BITFIELD", "bf", "SET", "i8", "0", "abc"}), kNotInt);
  EXPECT_EQ(Run({"BITFIELD", "bf", "OVERFLOW", "FOO"}), "-ERR Invalid OVERFLOW type specified\r\n");
  EXPECT_EQ(Run({"BITFIELD", "bf", "GET", "i8"}), kSyntax);
  EXPECT_EQ(Run({"BITFIELD", "bf", "FOO"}), kSyntax);
  EXPECT_EQ(Run({"BITFIELD_RO", "bf", "SET", "u8", "0", "1"}),
            "-ERR BITFIELD_RO only supports the GET subcommand\r\n");
  EXPECT_EQ(Run({"EXISTS", "bf"}), ":0\r\n");
  MakeList("l");
  EXPECT_EQ(Run({"BITFIELD", "l", "GET", "u8", "0"}), kWrongType);
  EXPECT_EQ(Run({"BITFIELD", "l", "SET", "u8", "0", "1"}), kWrongType);
}

}  // namespace
}  // namespace ringdb::engine
