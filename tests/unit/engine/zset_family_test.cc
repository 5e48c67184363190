// ZRANDMEMBER and ZSCAN through the real dispatcher, in both encodings (limits lowered
// inside the tests): every draw strategy (repeats, the whole set, distinct draws near
// and far from the whole), scores that match, ZSCAN's one-call listpack and full
// skiplist walk, RESP3 shapes.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "tests/unit/engine/zset_test_util.h"

namespace ringdb::engine {
namespace {

class ZSetFamilyTest : public ZSetTest {
 protected:
  // The (member, score) pairs of a flat or nested WITHSCORES reply, in reply order.
  static std::vector<std::pair<std::string, std::string>> Pairs(const std::string& reply) {
    std::vector<std::string> leaves = Leaves(reply);
    std::vector<std::pair<std::string, std::string>> out;
    for (size_t i = 0; i + 1 < leaves.size(); i += 2) out.emplace_back(leaves[i], leaves[i + 1]);
    return out;
  }
  // Members m<i> score i, so a drawn pair checks itself.
  static void ExpectConsistent(const std::vector<std::pair<std::string, std::string>>& pairs) {
    for (const auto& [m, s] : pairs) EXPECT_EQ(m, "m" + s);
  }
};

TEST_F(ZSetFamilyTest, RandMemberStrategiesInBothEncodings) {
  for (int entries : {128, 0}) {
    SCOPED_TRACE(entries);
    Run({"FLUSHALL"});
    SetLimits(entries, 64);
    AddRange("z", 0, 90);
    EXPECT_EQ(Encoding("z"), entries ? kListpackReply : kSkiplistReply);
    // Repeats: exactly as many as asked, all members.
    auto repeats = Pairs(Run({"ZRANDMEMBER", "z", "-200", "WITHSCORES"}));
    EXPECT_EQ(repeats.size(), 200u);
    ExpectConsistent(repeats);
    // Distinct, near the whole set and far from it.
    for (int count : {80, 20, 1}) {
      auto picked = Pairs(Run({"ZRANDMEMBER", "z", std::to_string(count), "WITHSCORES"}));
      ExpectConsistent(picked);
      std::set<std::string> distinct;
      for (const auto& p : picked) distinct.insert(p.first);
      EXPECT_EQ(distinct.size(), static_cast<size_t>(count));
    }
    // The whole set, highest rank first.
    std::vector<std::string> whole = Leaves(Run({"ZRANDMEMBER", "z", "1000"}));
    ASSERT_EQ(whole.size(), 90u);
    EXPECT_EQ(whole.front(), "m89");
    EXPECT_EQ(whole.back(), "m0");
    EXPECT_EQ(Leaves(Run({"ZRANDMEMBER", "z"})).size(), 1u);
    EXPECT_EQ(Run({"ZRANDMEMBER", "z", "0"}), "*0\r\n");
  }
}

TEST_F(ZSetFamilyTest, RandMemberDrawsEveryMemberEventually) {
  SetLimits(0, 64);
  AddRange("z", 0, 5);
  std::set<std::string> seen;
  for (int i = 0; i < 50 && seen.size() < 5; ++i) {
    for (const std::string& m : Leaves(Run({"ZRANDMEMBER", "z", "-20"}))) seen.insert(m);
  }
  EXPECT_EQ(seen.size(), 5u);
}

TEST_F(ZSetFamilyTest, RandMemberErrorsAndMissingKeys) {
  Run({"ZADD", "z", "1", "a"});
  Run({"SET", "str", "v"});
  EXPECT_EQ(Run({"ZRANDMEMBER", "nosuch"}), "$-1\r\n");
  EXPECT_EQ(Run({"ZRANDMEMBER", "nosuch", "3"}), "*0\r\n");
  EXPECT_EQ(Run({"ZRANDMEMBER", "z", "x"}), "-ERR value is not an integer or out of range\r\n");
  EXPECT_EQ(Run({"ZRANDMEMBER", "z", "1", "WITHVALUES"}), "-ERR syntax error\r\n");
  EXPECT_EQ(Run({"ZRANDMEMBER", "z", "9223372036854775807", "WITHSCORES"}),
            "-ERR value is out of range\r\n");
  EXPECT_EQ(Run({"ZRANDMEMBER", "str", "1"}),
            "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  // The count is checked before the key.
  EXPECT_EQ(Run({"ZRANDMEMBER", "str", "x"}), "-ERR value is not an integer or out of range\r\n");
}

TEST_F(ZSetFamilyTest, RandMemberResp3PairsScores) {
  client_.set_resp(3);
  Run({"ZADD", "z", "1.5", "a", "2", "b"});
  EXPECT_EQ(Run({"ZRANDMEMBER", "z", "5", "WITHSCORES"}),
            "*2\r\n*2\r\n$1\r\nb\r\n,2\r\n*2\r\n$1\r\na\r\n,1.5\r\n");
  EXPECT_EQ(Run({"ZRANDMEMBER", "z", "2"}), "*2\r\n$1\r\nb\r\n$1\r\na\r\n");
  EXPECT_EQ(Run({"ZRANDMEMBER", "nosuch"}), "_\r\n");
}

TEST_F(ZSetFamilyTest, ScanListpackComesWholeWithStoredScores) {
  Run({"ZADD", "z", "1.5", "a", "2", "b", "-inf", "c"});
  EXPECT_EQ(Run({"ZSCAN", "z", "0", "COUNT", "1"}),
            "*2\r\n$1\r\n0\r\n*6\r\n$1\r\nc\r\n$4\r\n-inf\r\n$1\r\na\r\n$3\r\n1.5\r\n"
            "$1\r\nb\r\n$1\r\n2\r\n");
  EXPECT_EQ(Run({"ZSCAN", "z", "0", "MATCH", "b"}),
            "*2\r\n$1\r\n0\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n");
  EXPECT_EQ(Run({"ZSCAN", "nosuch", "0", "COUNT", "0"}), "*2\r\n$1\r\n0\r\n*0\r\n");
  EXPECT_EQ(Run({"ZSCAN", "z", "0", "COUNT", "0"}), "-ERR syntax error\r\n");
  EXPECT_EQ(Run({"ZSCAN", "z", "x"}), "-ERR invalid cursor\r\n");
}

TEST_F(ZSetFamilyTest, ScanSkiplistVisitsEveryMember) {
  SetLimits(16, 64);
  AddRange("z", 0, 500);
  Run({"ZADD", "z", "-0", "negzero"});
  EXPECT_EQ(Encoding("z"), kSkiplistReply);
  std::map<std::string, std::string> seen;
  std::string cursor = "0";
  int calls = 0;
  do {
    std::vector<std::string> leaves = Leaves(Run({"ZSCAN", "z", cursor}));
    cursor = leaves[0];
    for (size_t i = 1; i + 1 < leaves.size(); i += 2) seen[leaves[i]] = leaves[i + 1];
  } while (cursor != "0" && ++calls < 10000);
  EXPECT_EQ(seen.size(), 501u);
  EXPECT_GT(calls, 1);
  EXPECT_EQ(seen["m123"], "123");
  EXPECT_EQ(seen["negzero"], "-0");  // as Redis's d2string prints a skiplist's -0
  std::vector<std::string> matched =
      Leaves(Run({"ZSCAN", "z", "0", "COUNT", "1000", "MATCH", "m49?"}));
  EXPECT_EQ(matched.size(), 1u + 2 * 10);
}

// Over mixed scores a listpack is walked as Redis walks it: from the first member
// inside the range, then on while members stay within the far bound, a LIMIT offset
// skipping members unchecked. Expected replies are redis-server 7.0.15's.
TEST_F(ZSetFamilyTest, LexRangesOverMixedScoresWalkAsRedis) {
  Run({"ZADD", "q", "1", "b", "2", "a", "3", "d", "4", "c", "5", "f", "6", "e"});
  ASSERT_EQ(Encoding("q"), kListpackReply);  // order: b a d c f e
  using V = std::vector<std::string>;
  EXPECT_EQ(Leaves(Run({"ZRANGEBYLEX", "q", "[c", "[e"})), (V{"d", "c"}));
  EXPECT_EQ(Run({"ZLEXCOUNT", "q", "[c", "[e"}), ":2\r\n");
  EXPECT_EQ(Leaves(Run({"ZREVRANGEBYLEX", "q", "[e", "[c"})), (V{"e", "f", "c", "d"}));
  EXPECT_EQ(Leaves(Run({"ZRANGEBYLEX", "q", "[c", "[e", "LIMIT", "1", "-1"})), (V{"c"}));
  EXPECT_EQ(Leaves(Run({"ZRANGEBYLEX", "q", "[a", "[d", "LIMIT", "2", "-1"})), (V{"d", "c"}));
  EXPECT_EQ(Leaves(Run({"ZREVRANGEBYLEX", "q", "[d", "-"})), (V{"c", "d", "a", "b"}));
  EXPECT_EQ(Run({"ZLEXCOUNT", "q", "(b", "+"}), ":4\r\n");
  // The tail (e) is below min: nothing, though f is above it.
  EXPECT_EQ(Run({"ZLEXCOUNT", "q", "[f", "+"}), ":0\r\n");
}

// A skiplist over mixed scores gives some definite answer, never one from outside the
// set or a crash; over one score it is exactly the members inside the range.
TEST_F(ZSetFamilyTest, LexRangesOnSkiplistsAreSlicesOverOneScore) {
  SetLimits(2, 64);
  Run({"ZADD", "s", "0", "a", "0", "b", "0", "c", "0", "d", "0", "e"});
  ASSERT_EQ(Encoding("s"), kSkiplistReply);
  EXPECT_EQ(Leaves(Run({"ZRANGEBYLEX", "s", "(a", "[d"})),
            (std::vector<std::string>{"b", "c", "d"}));
  EXPECT_EQ(Leaves(Run({"ZREVRANGEBYLEX", "s", "+", "(c"})),
            (std::vector<std::string>{"e", "d"}));
  EXPECT_EQ(Run({"ZREMRANGEBYLEX", "s", "[b", "(d"}), ":2\r\n");
  EXPECT_EQ(Leaves(Run({"ZRANGE", "s", "0", "-1"})), (std::vector<std::string>{"a", "d", "e"}));
  Run({"ZADD", "t", "5", "a", "1", "b", "3", "c", "2", "d", "4", "e", "0", "f"});
  for (const char* lo : {"-", "[a", "(c", "[f"}) {
    for (const char* hi : {"+", "[b", "(d", "[z"}) {
      for (const std::string& m : Leaves(Run({"ZRANGEBYLEX", "t", lo, hi}))) {
        EXPECT_NE(Run({"ZSCORE", "t", m}), "$-1\r\n") << m;
      }
      Run({"ZLEXCOUNT", "t", lo, hi});
      Run({"ZREVRANGEBYLEX", "t", hi, lo, "LIMIT", "1", "3"});
    }
  }
}

}  // namespace
}  // namespace ringdb::engine
