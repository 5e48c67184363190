#include <string>
#include <vector>

#include "engine/config.h"
#include "tests/unit/engine/command_test_util.h"

namespace ringdb::engine {
namespace {

class KeysFamilyTest : public CommandTest {
 protected:
  void TearDown() override { ResetConfigToDefaults(); }

  void SetConfig(const char* name, const char* value) {
    const ConfigSpec* spec = FindConfig(name);
    ASSERT_NE(spec, nullptr);
    std::vector<std::string> args{value};
    ASSERT_EQ(ConfigApplyDirective(*spec, args), "");
  }
};

TEST_F(KeysFamilyTest, DelAndUnlinkCountDeletedKeys) {
  Run({"SET", "a", "1"});
  Run({"SET", "b", "2"});
  EXPECT_EQ(Run({"DEL", "a", "nosuch", "a"}), ":1\r\n");
  EXPECT_EQ(Run({"UNLINK", "b", "b"}), ":1\r\n");
  EXPECT_EQ(Run({"DEL", "a"}), ":0\r\n");
  EXPECT_EQ(Run({"DEL"}), "-ERR wrong number of arguments for 'del' command\r\n");
}

TEST_F(KeysFamilyTest, ExistsCountsRepeatsAndTouchCountsFound) {
  Run({"SET", "a", "1"});
  EXPECT_EQ(Run({"EXISTS", "a", "a", "nosuch"}), ":2\r\n");
  EXPECT_EQ(Run({"EXISTS", "nosuch"}), ":0\r\n");
  EXPECT_EQ(Run({"TOUCH", "a", "a", "nosuch"}), ":2\r\n");
}

TEST_F(KeysFamilyTest, Type) {
  Run({"SET", "a", "1"});
  EXPECT_EQ(Run({"TYPE", "a"}), "+string\r\n");
  EXPECT_EQ(Run({"TYPE", "nosuch"}), "+none\r\n");
}

TEST_F(KeysFamilyTest, RenameMovesValueAndTtl) {
  Run({"SET", "src", "v"});
  Run({"EXPIRE", "src", "100"});
  EXPECT_EQ(Run({"RENAME", "src", "dst"}), "+OK\r\n");
  EXPECT_EQ(Run({"EXISTS", "src"}), ":0\r\n");
  EXPECT_EQ(Run({"GET", "dst"}), "$1\r\nv\r\n");
  EXPECT_EQ(Run({"TTL", "dst"}), ":100\r\n");
  Run({"SET", "other", "o"});
  EXPECT_EQ(Run({"RENAME", "dst", "other"}), "+OK\r\n");
  EXPECT_EQ(Run({"GET", "other"}), "$1\r\nv\r\n");
  EXPECT_EQ(Run({"TTL", "other"}), ":100\r\n");
}

TEST_F(KeysFamilyTest, RenameEdgeCases) {
  EXPECT_EQ(Run({"RENAME", "nosuch", "x"}), "-ERR no such key\r\n");
  EXPECT_EQ(Run({"RENAMENX", "nosuch", "x"}), "-ERR no such key\r\n");
  EXPECT_EQ(Run({"RENAME", "nosuch", "nosuch"}), "-ERR no such key\r\n");
  Run({"SET", "a", "1"});
  Run({"SET", "b", "2"});
  EXPECT_EQ(Run({"RENAME", "a", "a"}), "+OK\r\n");
  EXPECT_EQ(Run({"RENAMENX", "a", "a"}), ":0\r\n");
  EXPECT_EQ(Run({"RENAMENX", "a", "b"}), ":0\r\n");
  EXPECT_EQ(Run({"GET", "b"}), "$1\r\n2\r\n");
  EXPECT_EQ(Run({"RENAMENX", "a", "c"}), ":1\r\n");
  EXPECT_EQ(Run({"GET", "c"}), "$1\r\n1\r\n");
}

TEST_F(KeysFamilyTest, CopyWithinAndAcrossDbs) {
  Run({"SET", "src", "v"});
  Run({"EXPIRE", "src", "100"});
  EXPECT_EQ(Run({"COPY", "src", "dst"}), ":1\r\n");
  EXPECT_EQ(Run({"TTL", "dst"}), ":100\r\n");
  EXPECT_EQ(Run({"COPY", "src", "dst"}), ":0\r\n");
  Run({"SET", "src", "w"});
  EXPECT_EQ(Run({"COPY", "src", "dst", "replace"}), ":1\r\n");
  EXPECT_EQ(Run({"GET", "dst"}), "$1\r\nw\r\n");
  EXPECT_EQ(Run({"COPY", "src", "src", "DB", "1"}), ":1\r\n");
  EXPECT_EQ(Run({"COPY", "src", "src", "DB", "1"}), ":0\r\n");
  Run({"SELECT", "1"});
  EXPECT_EQ(Run({"GET", "src"}), "$1\r\nw\r\n");
  Run({"SELECT", "0"});
  EXPECT_EQ(Run({"COPY", "nosuch", "x"}), ":0\r\n");
  EXPECT_EQ(Run({"COPY", "nosuch", "x", "REPLACE"}), ":0\r\n");
}

TEST_F(KeysFamilyTest, CopyErrors) {
  Run({"SET", "src", "v"});
  const std::string same = "-ERR source and destination objects are the same\r\n";
  EXPECT_EQ(Run({"COPY", "src", "src"}), same);
  EXPECT_EQ(Run({"COPY", "src", "src", "DB", "0"}), same);
  EXPECT_EQ(Run({"COPY", "nosuch", "nosuch"}), same);
  const std::string range = "-ERR DB index is out of range\r\n";
  EXPECT_EQ(Run({"COPY", "src", "dst", "DB", "16"}), range);
  EXPECT_EQ(Run({"COPY", "src", "dst", "DB", "-1"}), range);
  EXPECT_EQ(Run({"COPY", "src", "dst", "DB", "99", "FOO"}), range);
  EXPECT_EQ(Run({"COPY", "src", "dst", "DB", "abc"}),
            "-ERR value is not an integer or out of range\r\n");
  EXPECT_EQ(Run({"COPY", "src", "dst", "FOO"}), "-ERR syntax error\r\n");
  EXPECT_EQ(Run({"COPY", "src", "dst", "DB"}), "-ERR syntax error\r\n");
  EXPECT_EQ(Run({"EXISTS", "dst"}), ":0\r\n");
}

TEST_F(KeysFamilyTest, Move) {
  Run({"SET", "m", "v"});
  Run({"EXPIRE", "m", "100"});
  EXPECT_EQ(Run({"MOVE", "m", "1"}), ":1\r\n");
  EXPECT_EQ(Run({"EXISTS", "m"}), ":0\r\n");
  Run({"SELECT", "1"});
  EXPECT_EQ(Run({"GET", "m"}), "$1\r\nv\r\n");
  EXPECT_EQ(Run({"TTL", "m"}), ":100\r\n");
  Run({"SELECT", "0"});
  Run({"SET", "m", "v2"});
  EXPECT_EQ(Run({"MOVE", "m", "1"}), ":0\r\n");  // taken in db 1
  EXPECT_EQ(Run({"MOVE", "nosuch", "1"}), ":0\r\n");
  EXPECT_EQ(Run({"MOVE", "m", "0"}), "-ERR source and destination objects are the same\r\n");
  EXPECT_EQ(Run({"MOVE", "m", "16"}), "-ERR DB index is out of range\r\n");
  EXPECT_EQ(Run({"MOVE", "m", "-1"}), "-ERR DB index is out of range\r\n");
  EXPECT_EQ(Run({"MOVE", "m", "1.0"}), "-ERR value is not an integer or out of range\r\n");
  EXPECT_EQ(Run({"MOVE", "m", "4294967296"}),
            "-ERR value is not an integer or out of range\r\n");
}

TEST_F(KeysFamilyTest, ObjectEncodingAndRefcount) {
  Run({"SET", "small", "1"});
  Run({"SET", "big", "12345"});
  Run({"SET", "str", "hello"});
  EXPECT_EQ(Run({"OBJECT", "ENCODING", "small"}), "$3\r\nint\r\n");
  EXPECT_EQ(Run({"OBJECT", "ENCODING", "str"}), "$6\r\nembstr\r\n");
  EXPECT_EQ(Run({"OBJECT", "ENCODING", "nosuch"}), "$-1\r\n");
  EXPECT_EQ(Run({"OBJECT", "REFCOUNT", "small"}), ":2147483647\r\n");
  EXPECT_EQ(Run({"OBJECT", "REFCOUNT", "big"}), ":1\r\n");
  EXPECT_EQ(Run({"OBJECT", "REFCOUNT", "str"}), ":1\r\n");
  EXPECT_EQ(Run({"OBJECT", "REFCOUNT", "nosuch"}), "$-1\r\n");
  // An LRU policy with a memory limit turns shared integers off.
  SetConfig("maxmemory", "100mb");
  SetConfig("maxmemory-policy", "allkeys-lru");
  EXPECT_EQ(Run({"OBJECT", "REFCOUNT", "small"}), ":1\r\n");
}

TEST_F(KeysFamilyTest, ObjectIdletimeAndFreqFollowThePolicy) {
  // The LRU clock ticks once a second: start at the top of a second so a slow
  // (sanitized) run cannot cross a tick between SET and IDLETIME.
  TEST_AdvanceClockMs(1000 - NowMs() % 1000);
  Run({"SET", "a", "v"});
  EXPECT_EQ(Run({"OBJECT", "IDLETIME", "a"}), ":0\r\n");
  EXPECT_EQ(Run({"OBJECT", "IDLETIME", "nosuch"}), "$-1\r\n");
  EXPECT_EQ(Run({"OBJECT", "FREQ", "nosuch"}), "$-1\r\n");
  std::string freq = Run({"OBJECT", "FREQ", "a"});
  EXPECT_EQ(freq.rfind("-ERR An LFU maxmemory policy is not selected", 0), 0u) << freq;
  SetConfig("maxmemory-policy", "allkeys-lfu");
  EXPECT_EQ(Run({"OBJECT", "FREQ", "a"}), ":0\r\n");
  std::string idle = Run({"OBJECT", "IDLETIME", "a"});
  EXPECT_EQ(idle.rfind("-ERR An LFU maxmemory policy is selected, idle time not tracked.", 0),
            0u)
      << idle;
}

TEST_F(KeysFamilyTest, ObjectHelpAndErrors) {
  std::string help = Run({"OBJECT", "HELP"});
  EXPECT_EQ(help.rfind("*15\r\n+OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:"
                       "\r\n",
                       0),
            0u);
  EXPECT_NE(help.find("+    Prints this help.\r\n"), std::string::npos);
  EXPECT_EQ(Run({"OBJECT", "FOO", "a"}), "-ERR unknown subcommand 'FOO'. Try OBJECT HELP.\r\n");
  EXPECT_EQ(Run({"OBJECT", "ENCODING"}),
            "-ERR wrong number of arguments for 'object|encoding' command\r\n");
}

}  // namespace
}  // namespace ringdb::engine
