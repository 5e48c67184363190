// LCS through the real dispatcher: plain, LEN, IDX shapes (RESP2 and RESP3), errors.
#include <string>

#include "tests/unit/engine/command_test_util.h"
#include "tests/unit/engine/string_test_util.h"

namespace ringdb::engine {
namespace {

class LcsFamilyTest : public CommandTest {
 protected:
  void SetUp() override { Run({"MSET", "key1", "ohmytext", "key2", "mynewtext"}); }
};

TEST_F(LcsFamilyTest, StringAndLen) {
  EXPECT_EQ(Run({"LCS", "key1", "key2"}), "$6\r\nmytext\r\n");
  EXPECT_EQ(Run({"LCS", "key1", "key2", "LEN"}), ":6\r\n");
  EXPECT_EQ(Run({"LCS", "key1", "nosuch"}), "$0\r\n\r\n");
  EXPECT_EQ(Run({"LCS", "nosuch1", "nosuch2", "len"}), ":0\r\n");
}

TEST_F(LcsFamilyTest, Idx) {
  EXPECT_EQ(Run({"LCS", "key1", "key2", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"}),
            "*4\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n"
            "$3\r\nlen\r\n:6\r\n");
  EXPECT_EQ(Run({"LCS", "key1", "key2", "IDX"}),
            "*4\r\n$7\r\nmatches\r\n*2\r\n"
            "*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n"
            "*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n"
            "$3\r\nlen\r\n:6\r\n");
  client_.set_resp(3);
  EXPECT_EQ(Run({"LCS", "key1", "key2", "IDX", "MINMATCHLEN", "5"}),
            "%2\r\n$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:6\r\n");
}

TEST_F(LcsFamilyTest, Errors) {
  EXPECT_EQ(Run({"LCS", "key1", "key2", "LEN", "IDX"}),
            "-ERR If you want both the length and indexes, please just use IDX.\r\n");
  EXPECT_EQ(Run({"LCS", "key1", "key2", "MINMATCHLEN", "abc"}),
            "-ERR value is not an integer or out of range\r\n");
  EXPECT_EQ(Run({"LCS", "key1", "key2", "MINMATCHLEN"}), "-ERR syntax error\r\n");
  EXPECT_EQ(Run({"LCS", "key1", "key2", "FOO"}), "-ERR syntax error\r\n");
  Run({"SET", "l", "x"});
  TEST_RelabelAsList(server_, "l");
  EXPECT_EQ(Run({"LCS", "key1", "l"}), "-ERR The specified keys must contain string values\r\n");
}

}  // namespace
}  // namespace ringdb::engine
