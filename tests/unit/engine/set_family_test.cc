// Set commands through the real dispatcher: both encodings and the conversions between
// them (limits lowered inside the tests), STORE destinations' encodings, SPOP and
// SRANDMEMBER's strategies, SSCAN, WATCH, keys in several slots, RESP3 reply types.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "tests/unit/engine/command_test_util.h"
#include "types/key_slot.h"

namespace ringdb::engine {
namespace {

class SetFamilyTest : public CommandTest {
 protected:
  void TearDown() override { Run({"CONFIG", "SET", "set-max-intset-entries", "512"}); }

  void SetLimit(int n) {
    ASSERT_EQ(Run({"CONFIG", "SET", "set-max-intset-entries", std::to_string(n)}), "+OK\r\n");
  }
  std::string Encoding(std::string_view key) { return Run({"OBJECT", "ENCODING", key}); }
  void Add(std::string_view key, int from, int to, std::string_view prefix = "") {
    for (int i = from; i < to; ++i) {
      std::string m = std::string(prefix) + std::to_string(i);
      Run({"SADD", key, m});
    }
  }

  // The bulk strings of a flat array or set reply, in reply order.
  static std::vector<std::string> Bulks(const std::string& reply) {
    std::vector<std::string> out;
    size_t pos = reply.find("\r\n") + 2;  // skip the aggregate header
    while (pos < reply.size() && reply[pos] == '$') {
      size_t eol = reply.find("\r\n", pos);
      size_t len = std::stoul(reply.substr(pos + 1, eol - pos - 1));
      out.push_back(reply.substr(eol + 2, len));
      pos = eol + 2 + len + 2;
    }
    return out;
  }
  static std::set<std::string> AsSet(const std::string& reply) {
    std::vector<std::string> b = Bulks(reply);
    return {b.begin(), b.end()};
  }
};

constexpr const char* kIntset = "$6\r\nintset\r\n";
constexpr const char* kHashtable = "$9\r\nhashtable\r\n";

TEST_F(SetFamilyTest, AddRemoveInBothEncodings) {
  EXPECT_EQ(Run({"SADD", "s", "3", "1", "2", "1"}), ":3\r\n");
  EXPECT_EQ(Encoding("s"), kIntset);
  EXPECT_EQ(Run({"SMEMBERS", "s"}), "*3\r\n$1\r\n1\r\n$1\r\n2\r\n$1\r\n3\r\n");
  EXPECT_EQ(Run({"SADD", "s", "x"}), ":1\r\n");
  EXPECT_EQ(Encoding("s"), kHashtable);
  EXPECT_EQ(Run({"SCARD", "s"}), ":4\r\n");
  EXPECT_EQ(Run({"SISMEMBER", "s", "x"}), ":1\r\n");
  EXPECT_EQ(Run({"SMISMEMBER", "s", "1", "y", "x"}), "*3\r\n:1\r\n:0\r\n:1\r\n");
  EXPECT_EQ(Run({"SREM", "s", "x", "y"}), ":1\r\n");
  EXPECT_EQ(Encoding("s"), kHashtable);  // never back
  EXPECT_EQ(Run({"SREM", "s", "1", "2", "3"}), ":3\r\n");
  EXPECT_EQ(Run({"EXISTS", "s"}), ":0\r\n");
  EXPECT_EQ(Run({"SREM", "s", "1"}), ":0\r\n");
}

TEST_F(SetFamilyTest, IntsetConvertsPastTheLimit) {
  SetLimit(8);
  Add("s", 0, 8);
  EXPECT_EQ(Encoding("s"), kIntset);
  Run({"SADD", "s", "8"});
  EXPECT_EQ(Encoding("s"), kHashtable);
  EXPECT_EQ(Run({"SCARD", "s"}), ":9\r\n");
  // SMOVE into an intset converts it the same way.
  Add("t", 0, 8);
  Run({"SADD", "src", "100"});
  EXPECT_EQ(Run({"SMOVE", "src", "t", "100"}), ":1\r\n");
  EXPECT_EQ(Encoding("t"), kHashtable);
  EXPECT_EQ(Run({"EXISTS", "src"}), ":0\r\n");
}

TEST_F(SetFamilyTest, StoreDestinationsTakeRedisEncodings) {
  SetLimit(4);
  Run({"SADD", "a", "1", "2", "3"});
  Run({"SADD", "b", "3", "4", "5"});
  Run({"SADD", "h", "3", "x"});
  EXPECT_EQ(Run({"SUNIONSTORE", "d", "a", "b"}), ":5\r\n");
  EXPECT_EQ(Encoding("d"), kHashtable);
  EXPECT_EQ(Run({"SINTERSTORE", "d", "a", "b"}), ":1\r\n");
  EXPECT_EQ(Encoding("d"), kIntset);
  // A hashtable source still gives an intset of the integers it has in common.
  EXPECT_EQ(Run({"SINTERSTORE", "d", "h", "a"}), ":1\r\n");
  EXPECT_EQ(Encoding("d"), kIntset);
  EXPECT_EQ(Run({"SDIFFSTORE", "d", "h", "a"}), ":1\r\n");
  EXPECT_EQ(Encoding("d"), kHashtable);
  EXPECT_EQ(Run({"SDIFFSTORE", "d", "a", "a"}), ":0\r\n");
  EXPECT_EQ(Run({"EXISTS", "d"}), ":0\r\n");
  // The destination loses its TTL and any other type.
  Run({"SET", "d", "v", "EX", "100"});
  EXPECT_EQ(Run({"SUNIONSTORE", "d", "a"}), ":3\r\n");
  EXPECT_EQ(Run({"TTL", "d"}), ":-1\r\n");
  EXPECT_EQ(Run({"TYPE", "d"}), "+set\r\n");
}

TEST_F(SetFamilyTest, AlgebraAcrossSlotsAndInsideMulti) {
  // Keys chosen to sit in different slots.
  ASSERT_NE(types::KeySlot("k1"), types::KeySlot("k2"));
  ASSERT_NE(types::KeySlot("k2"), types::KeySlot("k3"));
  Run({"SADD", "k1", "1", "2", "3", "a"});
  Run({"SADD", "k2", "2", "3", "4", "a"});
  EXPECT_EQ(AsSet(Run({"SINTER", "k1", "k2"})), (std::set<std::string>{"2", "3", "a"}));
  EXPECT_EQ(Run({"SINTERCARD", "2", "k1", "k2", "LIMIT", "2"}), ":2\r\n");
  EXPECT_EQ(Run({"SDIFF", "k1", "k2"}), "*1\r\n$1\r\n1\r\n");
  Run({"MULTI"});
  Run({"SUNIONSTORE", "k3", "k1", "k2"});
  Run({"SMOVE", "k3", "k1", "4"});
  EXPECT_EQ(Run({"EXEC"}), "*2\r\n:5\r\n:1\r\n");
  EXPECT_EQ(Run({"SCARD", "k1"}), ":5\r\n");
  EXPECT_EQ(Run({"SCARD", "k3"}), ":4\r\n");
}

TEST_F(SetFamilyTest, WritesInvalidateWatchOnlyWhenTheyChangeTheSet) {
  Run({"SADD", "w", "1"});
  ClientState other = NewClient(2);
  Run({"WATCH", "w"});
  RunAs(other, {"SADD", "w", "1"});  // nothing added: not a modification
  RunAs(other, {"SREM", "w", "9"});
  Run({"MULTI"});
  Run({"SCARD", "w"});
  EXPECT_EQ(Run({"EXEC"}), "*1\r\n:1\r\n");
  Run({"WATCH", "w"});
  RunAs(other, {"SADD", "w", "2"});
  Run({"MULTI"});
  Run({"SCARD", "w"});
  EXPECT_EQ(Run({"EXEC"}), "*-1\r\n");
  Run({"WATCH", "w"});
  RunAs(other, {"SPOP", "w"});
  Run({"MULTI"});
  Run({"SCARD", "w"});
  EXPECT_EQ(Run({"EXEC"}), "*-1\r\n");
}

TEST_F(SetFamilyTest, SPopStrategiesInBothEncodings) {
  for (int limit : {512, 0}) {
    SetLimit(limit);
    Run({"DEL", "p"});
    Add("p", 0, 100);
    std::set<std::string> popped;
    // Few (pop one by one), then most of what is left (keep the rest in a new set),
    // then more than there is (take the whole set).
    for (const char* count : {"5", "80", "100"}) {
      for (const std::string& m : Bulks(Run({"SPOP", "p", count}))) {
        EXPECT_TRUE(popped.insert(m).second) << m;
      }
    }
    EXPECT_EQ(popped.size(), 100u);
    EXPECT_EQ(Run({"EXISTS", "p"}), ":0\r\n");
  }
}

TEST_F(SetFamilyTest, SPopKeepingFewIntegersMakesAnIntsetAgain) {
  Run({"SADD", "p", "a"});
  Add("p", 0, 20);
  Run({"SREM", "p", "a"});
  EXPECT_EQ(Encoding("p"), kHashtable);
  EXPECT_EQ(Bulks(Run({"SPOP", "p", "18"})).size(), 18u);
  EXPECT_EQ(Encoding("p"), kIntset);
  EXPECT_EQ(Run({"SCARD", "p"}), ":2\r\n");
}

TEST_F(SetFamilyTest, SRandMemberCounts) {
  for (int limit : {512, 0}) {
    SetLimit(limit);
    Run({"DEL", "r"});
    Add("r", 0, 30);
    EXPECT_EQ(Bulks(Run({"SRANDMEMBER", "r", "-100"})).size(), 100u);
    for (const char* count : {"1", "5", "15", "29", "30", "31"}) {
      std::vector<std::string> got = Bulks(Run({"SRANDMEMBER", "r", count}));
      const size_t want = std::min<size_t>(std::stoul(count), 30);
      EXPECT_EQ(got.size(), want) << count;
      EXPECT_EQ(std::set<std::string>(got.begin(), got.end()).size(), want) << count;
    }
    EXPECT_EQ(Run({"SCARD", "r"}), ":30\r\n");  // reads never remove
  }
}

// Every member comes up and none is far from its share: loose bounds, bounded loops.
TEST_F(SetFamilyTest, SRandMemberDistributionIsSane) {
  for (int limit : {512, 0}) {
    SetLimit(limit);
    Run({"DEL", "r"});
    Add("r", 0, 10);
    std::map<std::string, int> hits;
    for (const std::string& m : Bulks(Run({"SRANDMEMBER", "r", "-10000"}))) ++hits[m];
    ASSERT_EQ(hits.size(), 10u);
    for (const auto& [m, n] : hits) {
      EXPECT_GT(n, 400) << m;
      EXPECT_LT(n, 2000) << m;
    }
  }
}

TEST_F(SetFamilyTest, SScanCoversBothEncodings) {
  Add("i", 0, 50);
  const std::string whole = Run({"SSCAN", "i", "0", "COUNT", "1"});
  EXPECT_EQ(whole.substr(0, 14), "*2\r\n$1\r\n0\r\n*50");
  EXPECT_EQ(Run({"SSCAN", "i", "0", "MATCH", "4?"}).substr(0, 14), "*2\r\n$1\r\n0\r\n*10");
  Add("h", 0, 500, "m");
  std::set<std::string> seen;
  std::string cursor = "0";
  int calls = 0;
  do {
    std::string reply = Run({"SSCAN", "h", cursor, "COUNT", "20"});
    size_t len_end = reply.find("\r\n", 4);
    cursor = reply.substr(len_end + 2, reply.find("\r\n", len_end + 2) - len_end - 2);
    std::string rest = reply.substr(reply.find("\r\n", len_end + 2) + 2);
    for (const std::string& m : Bulks(rest)) seen.insert(m);
  } while (cursor != "0" && ++calls < 10000);
  EXPECT_EQ(seen.size(), 500u);
  EXPECT_GT(calls, 1);
}

TEST_F(SetFamilyTest, Resp3RepliesSetsWhereRedisDoes) {
  client_.set_resp(3);
  Run({"SADD", "a", "1", "2"});
  EXPECT_EQ(Run({"SMEMBERS", "a"}), "~2\r\n$1\r\n1\r\n$1\r\n2\r\n");
  EXPECT_EQ(Run({"SMEMBERS", "nosuch"}), "~0\r\n");
  EXPECT_EQ(Run({"SINTER", "a", "a"}), "~2\r\n$1\r\n1\r\n$1\r\n2\r\n");
  EXPECT_EQ(Run({"SUNION", "a"}), "~2\r\n$1\r\n1\r\n$1\r\n2\r\n");
  EXPECT_EQ(Run({"SDIFF", "a", "nosuch"}), "~2\r\n$1\r\n1\r\n$1\r\n2\r\n");
  EXPECT_EQ(Run({"SRANDMEMBER", "a", "5"}), "*2\r\n$1\r\n1\r\n$1\r\n2\r\n");
  EXPECT_EQ(Run({"SRANDMEMBER", "nosuch", "5"}), "*0\r\n");
  EXPECT_EQ(Run({"SRANDMEMBER", "nosuch"}), "_\r\n");
  EXPECT_EQ(Run({"SPOP", "nosuch", "1"}), "~0\r\n");
  EXPECT_EQ(Run({"SPOP", "a", "5"}), "~2\r\n$1\r\n1\r\n$1\r\n2\r\n");
}

TEST_F(SetFamilyTest, DumpRestoreKeepsEncodingAndMembers) {
  SetLimit(4);
  Run({"SADD", "i", "1", "2", "3"});
  Run({"SADD", "h", "1", "2", "3", "4", "5"});
  for (const char* key : {"i", "h"}) {
    std::vector<std::string> payload = {Run({"DUMP", key})};
    std::string p = payload[0];
    size_t eol = p.find("\r\n");
    std::string bytes = p.substr(eol + 2, std::stoul(p.substr(1, eol - 1)));
    std::string copy = std::string(key) + "copy";
    EXPECT_EQ(Run({"RESTORE", copy, "0", bytes}), "+OK\r\n");
    EXPECT_EQ(Encoding(copy), Encoding(key));
    EXPECT_EQ(AsSet(Run({"SMEMBERS", copy})), AsSet(Run({"SMEMBERS", key})));
  }
}

TEST_F(SetFamilyTest, CopyIsDeep) {
  Run({"SADD", "s", "a", "b"});
  EXPECT_EQ(Run({"COPY", "s", "c"}), ":1\r\n");
  Run({"SREM", "c", "a"});
  EXPECT_EQ(Run({"SCARD", "s"}), ":2\r\n");
  EXPECT_EQ(Run({"SCARD", "c"}), ":1\r\n");
}

}  // namespace
}  // namespace ringdb::engine
