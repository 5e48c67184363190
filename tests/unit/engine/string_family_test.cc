// SET/GET family, MSET/MSETNX/MGET through the real dispatcher.
#include <chrono>
#include <string>
#include <thread>

#include "engine/stats.h"
#include "tests/unit/engine/command_test_util.h"
#include "tests/unit/engine/string_test_util.h"

namespace ringdb::engine {
namespace {

class StringFamilyTest : public CommandTest {
 protected:
  void MakeList(std::string_view key) {
    Run({"SET", key, "x"});
    TEST_RelabelAsList(server_, key);
  }
};

constexpr const char* kWrongType =
    "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
constexpr const char* kSyntax = "-ERR syntax error\r\n";
constexpr const char* kNotInt = "-ERR value is not an integer or out of range\r\n";

TEST_F(StringFamilyTest, SetAndGet) {
  EXPECT_EQ(Run({"SET", "k", "v"}), "+OK\r\n");
  EXPECT_EQ(Run({"GET", "k"}), "$1\r\nv\r\n");
  EXPECT_EQ(Run({"GET", "nosuch"}), "$-1\r\n");
  EXPECT_EQ(Run({"SET", "k", ""}), "+OK\r\n");
  EXPECT_EQ(Run({"GET", "k"}), "$0\r\n\r\n");
}

TEST_F(StringFamilyTest, SetOverAnExpiredKeyCountsItsExpiry) {
  EXPECT_EQ(Run({"SET", "k", "v", "PX", "1"}), "+OK\r\n");
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const int64_t expired = SumStats().expired_keys;
  EXPECT_EQ(Run({"SET", "k", "w"}), "+OK\r\n");
  EXPECT_EQ(SumStats().expired_keys, expired + 1);  // as Redis's lookupKeyWrite counts it
  EXPECT_EQ(Run({"TTL", "k"}), ":-1\r\n");
  EXPECT_EQ(Run({"SET", "k", "x"}), "+OK\r\n");
  EXPECT_EQ(SumStats().expired_keys, expired + 1);
}

TEST_F(StringFamilyTest, SetNxXx) {
  EXPECT_EQ(Run({"SET", "k", "v", "XX"}), "$-1\r\n");
  EXPECT_EQ(Run({"SET", "k", "v", "NX"}), "+OK\r\n");
  EXPECT_EQ(Run({"SET", "k", "w", "nx"}), "$-1\r\n");
  EXPECT_EQ(Run({"SET", "k", "w", "XX"}), "+OK\r\n");
  EXPECT_EQ(Run({"GET", "k"}), "$1\r\nw\r\n");
  // Repeating an option is allowed; conflicting ones are not.
  EXPECT_EQ(Run({"SET", "k", "x", "XX", "XX"}), "+OK\r\n");
  EXPECT_EQ(Run({"SET", "k", "v", "NX", "XX"}), kSyntax);
  EXPECT_EQ(Run({"SET", "k", "v", "FOO"}), kSyntax);
}

TEST_F(StringFamilyTest, SetGetOption) {
  EXPECT_EQ(Run({"SET", "k", "v1", "GET"}), "$-1\r\n");
  EXPECT_EQ(Run({"SET", "k", "v2", "GET"}), "$2\r\nv1\r\n");
  // NX fails but GET still answers the old value.
  EXPECT_EQ(Run({"SET", "k", "v3", "NX", "GET"}), "$2\r\nv2\r\n");
  EXPECT_EQ(Run({"GET", "k"}), "$2\r\nv2\r\n");
  MakeList("l");
  EXPECT_EQ(Run({"SET", "l", "v", "GET"}), kWrongType);
  EXPECT_EQ(Run({"SET", "l", "v"}), "+OK\r\n");
}

TEST_F(StringFamilyTest, SetExpireOptions) {
  EXPECT_EQ(Run({"SET", "k", "v", "EX", "100"}), "+OK\r\n");
  EXPECT_EQ(Run({"TTL", "k"}), ":100\r\n");
  EXPECT_EQ(Run({"SET", "k", "v2", "KEEPTTL"}), "+OK\r\n");
  EXPECT_EQ(Run({"TTL", "k"}), ":100\r\n");
  EXPECT_EQ(Run({"SET", "k", "v3"}), "+OK\r\n");
  EXPECT_EQ(Run({"TTL", "k"}), ":-1\r\n");
  EXPECT_EQ(Run({"SET", "k", "v", "PXAT", "4102444800123"}), "+OK\r\n");
  EXPECT_EQ(Run({"PEXPIRETIME", "k"}), ":4102444800123\r\n");
  EXPECT_EQ(Run({"SET", "k", "v", "PX", "100"}), "+OK\r\n");
  TEST_AdvanceClockMs(200);
  EXPECT_EQ(Run({"GET", "k"}), "$-1\r\n");
  // An absolute time in the past: stored, then gone at the next access.
  EXPECT_EQ(Run({"SET", "k", "v", "EXAT", "1"}), "+OK\r\n");
  EXPECT_EQ(Run({"EXISTS", "k"}), ":0\r\n");
}

// A SET over a key of the same size class rewrites its entry in place: the expiry and
// its count must follow exactly as when a new entry replaces the old.
TEST_F(StringFamilyTest, SetOverAnExistingKeyKeepsExpiryAndCounts) {
  EXPECT_EQ(Run({"SET", "k", "v1", "EX", "100"}), "+OK\r\n");
  EXPECT_EQ(Run({"SET", "k", "v2", "EX", "200"}), "+OK\r\n");
  EXPECT_EQ(Run({"TTL", "k"}), ":200\r\n");
  EXPECT_NE(Run({"INFO", "keyspace"}).find("db0:keys=1,expires=1,"), std::string::npos);
  EXPECT_EQ(Run({"SET", "k", "v3"}), "+OK\r\n");
  EXPECT_EQ(Run({"TTL", "k"}), ":-1\r\n");
  EXPECT_NE(Run({"INFO", "keyspace"}).find("db0:keys=1,expires=0,"), std::string::npos);
  EXPECT_EQ(Run({"SET", "k", "12"}), "+OK\r\n");
  EXPECT_EQ(Run({"OBJECT", "ENCODING", "k"}), "$3\r\nint\r\n");
  EXPECT_EQ(Run({"GET", "k"}), "$2\r\n12\r\n");
  // An expired entry replaced in place still counts as expired, as one replaced whole.
  Run({"SET", "k", "v4", "PX", "10"});
  TEST_AdvanceClockMs(20);
  const int64_t expired = SumStats().expired_keys;
  EXPECT_EQ(Run({"SET", "k", "v5", "PX", "10000"}), "+OK\r\n");
  EXPECT_EQ(SumStats().expired_keys, expired + 1);
  EXPECT_EQ(Run({"GET", "k"}), "$2\r\nv5\r\n");
}

TEST_F(StringFamilyTest, SetExpireErrors) {
  EXPECT_EQ(Run({"SET", "k", "v", "EX", "10", "PX", "100"}), kSyntax);
  EXPECT_EQ(Run({"SET", "k", "v", "KEEPTTL", "EX", "10"}), kSyntax);
  EXPECT_EQ(Run({"SET", "k", "v", "EX"}), kSyntax);
  EXPECT_EQ(Run({"SET", "k", "v", "PERSIST"}), kSyntax);
  EXPECT_EQ(Run({"SET", "k", "v", "EX", "abc"}), kNotInt);
  const std::string invalid = "-ERR invalid expire time in 'set' command\r\n";
  EXPECT_EQ(Run({"SET", "k", "v", "EX", "0"}), invalid);
  EXPECT_EQ(Run({"SET", "k", "v", "PX", "-5"}), invalid);
  EXPECT_EQ(Run({"SET", "k", "v", "EX", "9223372036854775807"}), invalid);
  EXPECT_EQ(Run({"SET", "k", "v", "PX", "9223372036854775807"}), invalid);
  EXPECT_EQ(Run({"EXISTS", "k"}), ":0\r\n");
}

TEST_F(StringFamilyTest, SetNxSetExPSetEx) {
  EXPECT_EQ(Run({"SETNX", "k", "1"}), ":1\r\n");
  EXPECT_EQ(Run({"SETNX", "k", "2"}), ":0\r\n");
  EXPECT_EQ(Run({"GET", "k"}), "$1\r\n1\r\n");
  EXPECT_EQ(Run({"SETEX", "s", "100", "v"}), "+OK\r\n");
  EXPECT_EQ(Run({"TTL", "s"}), ":100\r\n");
  EXPECT_EQ(Run({"SETEX", "s", "0", "v"}), "-ERR invalid expire time in 'setex' command\r\n");
  EXPECT_EQ(Run({"PSETEX", "p", "-1", "v"}), "-ERR invalid expire time in 'psetex' command\r\n");
  EXPECT_EQ(Run({"PSETEX", "p", "1.5", "v"}), kNotInt);
  EXPECT_EQ(Run({"PSETEX", "p", "100000", "v"}), "+OK\r\n");
}

TEST_F(StringFamilyTest, GetDelGetSet) {
  EXPECT_EQ(Run({"GETDEL", "k"}), "$-1\r\n");
  Run({"SET", "k", "v"});
  EXPECT_EQ(Run({"GETDEL", "k"}), "$1\r\nv\r\n");
  EXPECT_EQ(Run({"EXISTS", "k"}), ":0\r\n");
  EXPECT_EQ(Run({"GETSET", "k", "a"}), "$-1\r\n");
  Run({"EXPIRE", "k", "100"});
  EXPECT_EQ(Run({"GETSET", "k", "b"}), "$1\r\na\r\n");
  EXPECT_EQ(Run({"TTL", "k"}), ":-1\r\n");
  MakeList("l");
  EXPECT_EQ(Run({"GETDEL", "l"}), kWrongType);
  EXPECT_EQ(Run({"GETSET", "l", "v"}), kWrongType);
  EXPECT_EQ(Run({"GET", "l"}), kWrongType);
}

TEST_F(StringFamilyTest, GetEx) {
  EXPECT_EQ(Run({"GETEX", "nosuch", "EX", "10"}), "$-1\r\n");
  Run({"SET", "k", "v"});
  EXPECT_EQ(Run({"GETEX", "k"}), "$1\r\nv\r\n");
  EXPECT_EQ(Run({"GETEX", "k", "EX", "100"}), "$1\r\nv\r\n");
  EXPECT_EQ(Run({"TTL", "k"}), ":100\r\n");
  EXPECT_EQ(Run({"GETEX", "k", "PERSIST"}), "$1\r\nv\r\n");
  EXPECT_EQ(Run({"TTL", "k"}), ":-1\r\n");
  EXPECT_EQ(Run({"GETEX", "k", "EX", "0"}), "-ERR invalid expire time in 'getex' command\r\n");
  EXPECT_EQ(Run({"GETEX", "k", "EX", "10", "PX", "10"}), kSyntax);
  EXPECT_EQ(Run({"GETEX", "k", "PERSIST", "EX", "10"}), kSyntax);
  EXPECT_EQ(Run({"GETEX", "k", "KEEPTTL"}), kSyntax);
  EXPECT_EQ(Run({"GETEX", "k", "NX"}), kSyntax);
  // A past absolute time answers the value and deletes the key.
  EXPECT_EQ(Run({"GETEX", "k", "EXAT", "1"}), "$1\r\nv\r\n");
  EXPECT_EQ(Run({"EXISTS", "k"}), ":0\r\n");
  MakeList("l");
  EXPECT_EQ(Run({"GETEX", "l"}), kWrongType);
}

TEST_F(StringFamilyTest, MSetMGet) {
  EXPECT_EQ(Run({"MSET", "a", "1", "b", "2"}), "+OK\r\n");
  EXPECT_EQ(Run({"MGET", "a", "b", "c"}), "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$-1\r\n");
  EXPECT_EQ(Run({"MSET", "a", "1", "b"}), "-ERR wrong number of arguments for 'mset' command\r\n");
  MakeList("l");
  EXPECT_EQ(Run({"MGET", "l", "a"}), "*2\r\n$-1\r\n$1\r\n1\r\n");
  EXPECT_EQ(Run({"MSET", "d", "1", "d", "2"}), "+OK\r\n");
  EXPECT_EQ(Run({"GET", "d"}), "$1\r\n2\r\n");
}

TEST_F(StringFamilyTest, MSetNx) {
  EXPECT_EQ(Run({"MSETNX", "x1", "1", "x2", "2"}), ":1\r\n");
  EXPECT_EQ(Run({"MSETNX", "x2", "9", "x3", "9"}), ":0\r\n");
  EXPECT_EQ(Run({"EXISTS", "x3"}), ":0\r\n");
  EXPECT_EQ(Run({"MSETNX", "x4"}), "-ERR wrong number of arguments for 'msetnx' command\r\n");
}

TEST_F(StringFamilyTest, Encodings) {
  Run({"SET", "k", "12345"});
  EXPECT_EQ(Run({"OBJECT", "ENCODING", "k"}), "$3\r\nint\r\n");
  Run({"SET", "k", "012"});
  EXPECT_EQ(Run({"OBJECT", "ENCODING", "k"}), "$6\r\nembstr\r\n");
  Run({"SET", "k", std::string(45, 'a')});
  EXPECT_EQ(Run({"OBJECT", "ENCODING", "k"}), "$3\r\nraw\r\n");
  Run({"MSET", "m", "7"});
  EXPECT_EQ(Run({"OBJECT", "ENCODING", "m"}), "$3\r\nint\r\n");
}

}  // namespace
}  // namespace ringdb::engine
