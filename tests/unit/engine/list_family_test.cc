// List commands through the real dispatcher: replies, errors, RESP3 nulls, WATCH, and
// the blocking commands' non-waiting paths (no event loop here: they time out at once).
#include <string>

#include "tests/unit/engine/command_test_util.h"

namespace ringdb::engine {
namespace {

class ListFamilyTest : public CommandTest {};

constexpr const char* kWrongType =
    "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";

TEST_F(ListFamilyTest, PushPopAndRange) {
  EXPECT_EQ(Run({"RPUSH", "l", "a", "b", "c"}), ":3\r\n");
  EXPECT_EQ(Run({"LPUSH", "l", "z"}), ":4\r\n");
  EXPECT_EQ(Run({"LRANGE", "l", "0", "-1"}), "*4\r\n$1\r\nz\r\n$1\r\na\r\n$1\r\nb\r\n$1\r\nc\r\n");
  EXPECT_EQ(Run({"LPOP", "l"}), "$1\r\nz\r\n");
  EXPECT_EQ(Run({"RPOP", "l", "2"}), "*2\r\n$1\r\nc\r\n$1\r\nb\r\n");
  EXPECT_EQ(Run({"LPOP", "l", "0"}), "*0\r\n");
  EXPECT_EQ(Run({"LPOP", "l", "-1"}), "-ERR value is out of range, must be positive\r\n");
  EXPECT_EQ(Run({"RPOP", "l"}), "$1\r\na\r\n");
  EXPECT_EQ(Run({"EXISTS", "l"}), ":0\r\n");
  EXPECT_EQ(Run({"LPOP", "l"}), "$-1\r\n");
  EXPECT_EQ(Run({"LPOP", "l", "3"}), "*-1\r\n");
  EXPECT_EQ(Run({"LPUSHX", "l", "a"}), ":0\r\n");
  EXPECT_EQ(Run({"OBJECT", "ENCODING", "l"}), "$-1\r\n");
}

TEST_F(ListFamilyTest, Resp3Nulls) {
  Run({"HELLO", "3"});
  EXPECT_EQ(Run({"LPOP", "l"}), "_\r\n");
  EXPECT_EQ(Run({"LPOP", "l", "2"}), "_\r\n");
  EXPECT_EQ(Run({"BLPOP", "l", "0"}), "_\r\n");  // no loop to wait on: a timeout
  EXPECT_EQ(Run({"LMPOP", "1", "l", "LEFT"}), "_\r\n");
}

TEST_F(ListFamilyTest, WrongType) {
  Run({"SET", "s", "x"});
  for (auto cmd : {std::vector<std::string_view>{"LPUSH", "s", "a"}, {"LLEN", "s"},
                   {"LRANGE", "s", "0", "1"}, {"LPOS", "s", "a"}, {"BLPOP", "s", "0"},
                   {"LMOVE", "s", "d", "LEFT", "LEFT"}}) {
    EXPECT_EQ(Run(cmd), kWrongType) << cmd[0];
  }
}

TEST_F(ListFamilyTest, IndexSetInsertRemove) {
  Run({"RPUSH", "l", "a", "b", "a", "c"});
  EXPECT_EQ(Run({"LINDEX", "l", "-1"}), "$1\r\nc\r\n");
  EXPECT_EQ(Run({"LINDEX", "l", "9"}), "$-1\r\n");
  EXPECT_EQ(Run({"LSET", "l", "9", "x"}), "-ERR index out of range\r\n");
  EXPECT_EQ(Run({"LSET", "nosuch", "0", "x"}), "-ERR no such key\r\n");
  EXPECT_EQ(Run({"LSET", "l", "1", "B"}), "+OK\r\n");
  EXPECT_EQ(Run({"LINSERT", "l", "AFTER", "B", "x"}), ":5\r\n");
  EXPECT_EQ(Run({"LINSERT", "l", "AFTER", "nosuch", "x"}), ":-1\r\n");
  EXPECT_EQ(Run({"LINSERT", "l", "SIDEWAYS", "B", "x"}), "-ERR syntax error\r\n");
  EXPECT_EQ(Run({"LREM", "l", "-1", "a"}), ":1\r\n");
  EXPECT_EQ(Run({"LRANGE", "l", "0", "-1"}),
            "*4\r\n$1\r\na\r\n$1\r\nB\r\n$1\r\nx\r\n$1\r\nc\r\n");
  EXPECT_EQ(Run({"LPOS", "l", "x"}), ":2\r\n");
  EXPECT_EQ(Run({"LPOS", "l", "x", "RANK", "0"}).substr(0, 22), "-ERR RANK can't be zer");
  EXPECT_EQ(Run({"LTRIM", "l", "1", "2"}), "+OK\r\n");
  EXPECT_EQ(Run({"LRANGE", "l", "0", "-1"}), "*2\r\n$1\r\nB\r\n$1\r\nx\r\n");
}

TEST_F(ListFamilyTest, EveryFillKeepsTheQuicklistEncoding) {
  for (const char* fill : {"1", "-1", "128"}) {
    Run({"DEL", "l"});
    Run({"CONFIG", "SET", "list-max-listpack-size", fill});
    for (int i = 0; i < 50; ++i) Run({"RPUSH", "l", std::to_string(i)});
    EXPECT_EQ(Run({"OBJECT", "ENCODING", "l"}), "$9\r\nquicklist\r\n");
    EXPECT_EQ(Run({"LINDEX", "l", "25"}), "$2\r\n25\r\n");
    const std::string dump = Run({"DUMP", "l"});
    Run({"DEL", "copy"});
    // RESTORE of our own DUMP gives the same list back.
    std::string payload = dump.substr(dump.find("\r\n") + 2);
    payload.resize(payload.size() - 2);
    EXPECT_EQ(Run({"RESTORE", "copy", "0", payload}), "+OK\r\n");
    EXPECT_EQ(Run({"LRANGE", "copy", "0", "-1"}), Run({"LRANGE", "l", "0", "-1"}));
  }
  Run({"CONFIG", "SET", "list-max-listpack-size", "-2"});
}

TEST_F(ListFamilyTest, MovesAndMultiPop) {
  Run({"RPUSH", "a", "1", "2"});
  EXPECT_EQ(Run({"LMOVE", "a", "b", "LEFT", "RIGHT"}), "$1\r\n1\r\n");
  EXPECT_EQ(Run({"RPOPLPUSH", "a", "b"}), "$1\r\n2\r\n");
  EXPECT_EQ(Run({"EXISTS", "a"}), ":0\r\n");
  EXPECT_EQ(Run({"LMPOP", "2", "a", "b", "RIGHT", "COUNT", "5"}),
            "*2\r\n$1\r\nb\r\n*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
  EXPECT_EQ(Run({"LMPOP", "0", "a", "LEFT"}), "-ERR numkeys should be greater than 0\r\n");
  EXPECT_EQ(Run({"BLMOVE", "a", "b", "LEFT", "LEFT", "0"}), "*-1\r\n");
}

TEST_F(ListFamilyTest, WritesInvalidateWatch) {
  Run({"RPUSH", "l", "a"});
  Run({"WATCH", "l"});
  ClientState other = NewClient(2);
  RunAs(other, {"LPUSH", "l", "b"});
  Run({"MULTI"});
  Run({"LLEN", "l"});
  EXPECT_EQ(Run({"EXEC"}), "*-1\r\n");
}

}  // namespace
}  // namespace ringdb::engine
