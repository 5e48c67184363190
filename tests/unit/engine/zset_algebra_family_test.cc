// ZUNION, ZINTER, ZDIFF, their STOREs and ZINTERCARD through the real dispatcher: both
// input encodings (limits lowered inside the tests) and plain sets as inputs, the
// encoding a STORE result takes on either side of each limit, weights and aggregates,
// NaN sums, destinations replaced and deleted, WATCH, RESP3 shapes.
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "tests/unit/engine/zset_test_util.h"

namespace ringdb::engine {
namespace {

class ZSetAlgebraTest : public ZSetTest {
 protected:
  // The reply's (member, score) pairs as a map, from a WITHSCORES reply.
  static std::map<std::string, double> Scores(const std::string& reply) {
    std::vector<std::string> leaves = Leaves(reply);
    std::map<std::string, double> out;
    for (size_t i = 0; i + 1 < leaves.size(); i += 2) out[leaves[i]] = std::stod(leaves[i + 1]);
    return out;
  }
};

TEST_F(ZSetAlgebraTest, SmallResultsInBothInputEncodings) {
  for (int entries : {128, 0}) {
    SCOPED_TRACE(entries);
    Run({"FLUSHALL"});
    SetLimits(entries, 64);
    Run({"ZADD", "a", "1", "x", "2", "y", "3", "z"});
    Run({"ZADD", "b", "10", "y", "20", "z", "30", "w"});
    EXPECT_EQ(Encoding("a"), entries ? kListpackReply : kSkiplistReply);
    EXPECT_EQ(Run({"ZUNION", "2", "a", "b", "WITHSCORES"}),
              "*8\r\n$1\r\nx\r\n$1\r\n1\r\n$1\r\ny\r\n$2\r\n12\r\n$1\r\nz\r\n$2\r\n23\r\n"
              "$1\r\nw\r\n$2\r\n30\r\n");
    EXPECT_EQ(Run({"ZINTER", "2", "a", "b"}), "*2\r\n$1\r\ny\r\n$1\r\nz\r\n");
    EXPECT_EQ(Run({"ZDIFF", "2", "a", "b", "WITHSCORES"}), "*2\r\n$1\r\nx\r\n$1\r\n1\r\n");
    EXPECT_EQ(Run({"ZDIFF", "2", "b", "a"}), "*1\r\n$1\r\nw\r\n");
    EXPECT_EQ(Run({"ZINTERCARD", "2", "a", "b"}), ":2\r\n");
    EXPECT_EQ(Run({"ZINTERCARD", "2", "a", "b", "LIMIT", "1"}), ":1\r\n");
    EXPECT_EQ(Run({"ZINTERCARD", "2", "a", "nosuch"}), ":0\r\n");
    EXPECT_EQ(Run({"ZUNION", "2", "a", "nosuch"}), "*3\r\n$1\r\nx\r\n$1\r\ny\r\n$1\r\nz\r\n");
  }
}

TEST_F(ZSetAlgebraTest, PlainSetsCountAsScoresOfOne) {
  for (int intset : {512, 0}) {
    SCOPED_TRACE(intset);
    Run({"FLUSHALL"});
    Run({"CONFIG", "SET", "set-max-intset-entries", std::to_string(intset)});
    Run({"SADD", "s", "1", "2", "3"});
    Run({"ZADD", "z", "5", "2", "7", "9"});
    EXPECT_EQ(Scores(Run({"ZUNION", "2", "s", "z", "WITHSCORES"})),
              (std::map<std::string, double>{{"1", 1}, {"2", 6}, {"3", 1}, {"9", 7}}));
    EXPECT_EQ(Run({"ZINTER", "2", "s", "z", "WEIGHTS", "3", "1", "WITHSCORES"}),
              "*2\r\n$1\r\n2\r\n$1\r\n8\r\n");
    EXPECT_EQ(Run({"ZDIFF", "2", "s", "z"}), "*2\r\n$1\r\n1\r\n$1\r\n3\r\n");
    EXPECT_EQ(Run({"ZINTERCARD", "2", "s", "s"}), ":3\r\n");
    EXPECT_EQ(Run({"ZUNIONSTORE", "d", "1", "s"}), ":3\r\n");
    EXPECT_EQ(Run({"TYPE", "d"}), "+zset\r\n");
  }
  Run({"CONFIG", "SET", "set-max-intset-entries", "512"});
}

TEST_F(ZSetAlgebraTest, WeightsAggregatesAndNaN) {
  Run({"ZADD", "a", "1", "x", "4", "y"});
  Run({"ZADD", "b", "2", "x", "3", "y"});
  EXPECT_EQ(Scores(Run({"ZUNION", "2", "a", "b", "AGGREGATE", "MIN", "WITHSCORES"})),
            (std::map<std::string, double>{{"x", 1}, {"y", 3}}));
  EXPECT_EQ(Scores(Run({"ZINTER", "2", "a", "b", "AGGREGATE", "max", "WITHSCORES"})),
            (std::map<std::string, double>{{"x", 2}, {"y", 4}}));
  EXPECT_EQ(Scores(Run({"ZUNION", "2", "a", "b", "WEIGHTS", "2", "-1", "WITHSCORES"})),
            (std::map<std::string, double>{{"x", 0}, {"y", 5}}));
  // inf + -inf and 0 * inf are NaN, which Redis stores as 0.
  Run({"ZADD", "p", "inf", "m"});
  Run({"ZADD", "n", "-inf", "m"});
  EXPECT_EQ(Run({"ZUNION", "2", "p", "n", "WITHSCORES"}), "*2\r\n$1\r\nm\r\n$1\r\n0\r\n");
  EXPECT_EQ(Run({"ZINTER", "1", "p", "WEIGHTS", "0", "WITHSCORES"}),
            "*2\r\n$1\r\nm\r\n$1\r\n0\r\n");
  EXPECT_EQ(Run({"ZUNIONSTORE", "d", "2", "p", "n"}), ":1\r\n");
  EXPECT_EQ(Run({"ZSCORE", "d", "m"}), "$1\r\n0\r\n");
}

TEST_F(ZSetAlgebraTest, StoreResultEncodingFollowsTheLimits) {
  SetLimits(5, 4);
  Run({"ZADD", "a", "1", "a1", "2", "a2", "3", "a3"});
  Run({"ZADD", "b", "4", "b1", "5", "b2"});
  Run({"ZADD", "c", "6", "c1"});
  EXPECT_EQ(Run({"ZUNIONSTORE", "d", "2", "a", "b"}), ":5\r\n");
  EXPECT_EQ(Encoding("d"), kListpackReply);  // 5 fits
  EXPECT_EQ(Run({"ZUNIONSTORE", "d", "3", "a", "b", "c"}), ":6\r\n");
  EXPECT_EQ(Encoding("d"), kSkiplistReply);  // 6 does not
  EXPECT_EQ(Run({"ZRANGE", "d", "0", "-1"}),
            "*6\r\n$2\r\na1\r\n$2\r\na2\r\n$2\r\na3\r\n$2\r\nb1\r\n$2\r\nb2\r\n$2\r\nc1\r\n");
  // A skiplist input gives a listpack result when the result fits.
  EXPECT_EQ(Run({"ZINTERSTORE", "e", "2", "d", "a"}), ":3\r\n");
  EXPECT_EQ(Encoding("e"), kListpackReply);
  EXPECT_EQ(Run({"ZDIFFSTORE", "f", "2", "d", "a"}), ":3\r\n");
  EXPECT_EQ(Encoding("f"), kListpackReply);
  EXPECT_EQ(Run({"ZRANGE", "f", "0", "-1", "WITHSCORES"}),
            "*6\r\n$2\r\nb1\r\n$1\r\n4\r\n$2\r\nb2\r\n$1\r\n5\r\n$2\r\nc1\r\n$1\r\n6\r\n");
  // One member longer than zset-max-listpack-value makes a skiplist.
  Run({"ZADD", "long", "1", "abcde"});
  EXPECT_EQ(Encoding("long"), kSkiplistReply);
  EXPECT_EQ(Run({"ZUNIONSTORE", "g", "2", "a", "long"}), ":4\r\n");
  EXPECT_EQ(Encoding("g"), kSkiplistReply);
  SetLimits(0, 64);
  EXPECT_EQ(Run({"ZUNIONSTORE", "h", "1", "a"}), ":3\r\n");
  EXPECT_EQ(Encoding("h"), kSkiplistReply);
}

TEST_F(ZSetAlgebraTest, LargeInputsMatchAReferenceComputation) {
  SetLimits(16, 64);
  AddRange("a", 0, 300);
  AddRange("b", 200, 500);
  for (int i = 0; i < 600; i += 7) Run({"SADD", "s", "m" + std::to_string(i)});
  EXPECT_EQ(Encoding("a"), kSkiplistReply);
  std::map<std::string, double> un, in, df;
  for (int i = 0; i < 500; ++i) {
    const std::string m = "m" + std::to_string(i);
    const bool ina = i < 300, inb = i >= 200, ins = i % 7 == 0;
    un[m] = (ina ? i * 2.0 : 0) + (inb ? i * 3.0 : 0) + (ins ? 0.5 : 0);
    if (ina && inb && ins) in[m] = un[m];
    if (ina && !inb && !ins) df[m] = i;
  }
  for (int i = 504; i < 600; i += 7) un["m" + std::to_string(i)] = 0.5;
  EXPECT_EQ(Scores(Run({"ZUNION", "3", "a", "b", "s", "WEIGHTS", "2", "3", "0.5",
                        "WITHSCORES"})),
            un);
  EXPECT_EQ(Scores(Run({"ZINTER", "3", "a", "b", "s", "WEIGHTS", "2", "3", "0.5",
                        "WITHSCORES"})),
            in);
  EXPECT_EQ(Scores(Run({"ZDIFF", "3", "a", "b", "s", "WITHSCORES"})), df);
  EXPECT_EQ(Run({"ZINTERCARD", "3", "a", "b", "s"}), ":" + std::to_string(in.size()) + "\r\n");
  EXPECT_EQ(Run({"ZUNIONSTORE", "d", "3", "a", "b", "s", "WEIGHTS", "2", "3", "0.5"}),
            ":" + std::to_string(un.size()) + "\r\n");
  EXPECT_EQ(Encoding("d"), kSkiplistReply);
  EXPECT_EQ(Scores(Run({"ZRANGE", "d", "0", "-1", "WITHSCORES"})), un);
  // The stored skiplist is ordered and its member map answers lookups.
  EXPECT_EQ(Run({"ZRANK", "d", "m0"}), ":0\r\n");  // 0.5, ahead of m504 and on
  EXPECT_EQ(Run({"ZSCORE", "d", "m250"}), "$4\r\n1250\r\n");
  // A diff probes the other inputs for each member of the first (above) unless they
  // are much smaller: then it removes them from a copy of the first.
  Run({"ZADD", "one", "1", "m1", "2", "zz"});
  EXPECT_EQ(Run({"ZDIFF", "2", "one", "a"}), "*1\r\n$2\r\nzz\r\n");
  EXPECT_EQ(Scores(Run({"ZDIFF", "3", "a", "one", "s", "WITHSCORES"})).size(), 256u);
}

TEST_F(ZSetAlgebraTest, StoreReplacesOrDeletesTheDestination) {
  Run({"ZADD", "a", "1", "x", "2", "y"});
  Run({"SET", "d", "string"});
  EXPECT_EQ(Run({"ZINTERSTORE", "d", "2", "a", "a"}), ":2\r\n");
  EXPECT_EQ(Run({"ZRANGE", "d", "0", "-1", "WITHSCORES"}),
            "*4\r\n$1\r\nx\r\n$1\r\n2\r\n$1\r\ny\r\n$1\r\n4\r\n");
  // The destination may be an input.
  EXPECT_EQ(Run({"ZUNIONSTORE", "a", "2", "a", "d"}), ":2\r\n");
  EXPECT_EQ(Run({"ZSCORE", "a", "y"}), "$1\r\n6\r\n");
  EXPECT_EQ(Run({"ZDIFFSTORE", "d", "2", "a", "a"}), ":0\r\n");
  EXPECT_EQ(Run({"EXISTS", "d"}), ":0\r\n");
  EXPECT_EQ(Run({"ZINTERSTORE", "a", "2", "a", "nosuch"}), ":0\r\n");
  EXPECT_EQ(Run({"EXISTS", "a"}), ":0\r\n");
  Run({"SET", "str", "v"});
  EXPECT_EQ(Run({"ZUNIONSTORE", "d", "2", "nosuch", "str"}),
            "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
}

TEST_F(ZSetAlgebraTest, StoreInvalidatesWatch) {
  Run({"ZADD", "a", "1", "x"});
  ClientState other = NewClient(2);
  Run({"WATCH", "d"});
  RunAs(other, {"ZUNIONSTORE", "d", "1", "a"});
  Run({"MULTI"});
  Run({"ZCARD", "d"});
  EXPECT_EQ(Run({"EXEC"}), "*-1\r\n");
  Run({"WATCH", "d"});
  RunAs(other, {"ZINTERSTORE", "d", "2", "a", "nosuch"});  // deletes d
  Run({"MULTI"});
  Run({"ZCARD", "d"});
  EXPECT_EQ(Run({"EXEC"}), "*-1\r\n");
}

TEST_F(ZSetAlgebraTest, ErrorsComeInRedisOrder) {
  Run({"ZADD", "a", "1", "x"});
  Run({"SET", "str", "v"});
  EXPECT_EQ(Run({"ZUNIONSTORE", "d", "0", "a"}),
            "-ERR at least 1 input key is needed for 'zunionstore' command\r\n");
  EXPECT_EQ(Run({"ZINTERCARD", "-1", "a"}),
            "-ERR at least 1 input key is needed for 'zintercard' command\r\n");
  EXPECT_EQ(Run({"ZDIFF", "2", "a"}), "-ERR syntax error\r\n");
  EXPECT_EQ(Run({"ZUNION", "x", "a"}), "-ERR value is not an integer or out of range\r\n");
  // Every key's type is checked before the options are read.
  EXPECT_EQ(Run({"ZUNION", "2", "str", "a", "WEIGHTS", "x"}),
            "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n");
  EXPECT_EQ(Run({"ZUNION", "1", "a", "WEIGHTS", "x"}), "-ERR weight value is not a float\r\n");
  EXPECT_EQ(Run({"ZUNION", "1", "a", "WEIGHTS", "1", "2"}), "-ERR syntax error\r\n");
  EXPECT_EQ(Run({"ZUNION", "1", "a", "AGGREGATE", "avg"}), "-ERR syntax error\r\n");
  EXPECT_EQ(Run({"ZDIFF", "1", "a", "WEIGHTS", "1"}), "-ERR syntax error\r\n");
  EXPECT_EQ(Run({"ZINTERSTORE", "d", "1", "a", "WITHSCORES"}), "-ERR syntax error\r\n");
  EXPECT_EQ(Run({"ZINTERCARD", "1", "a", "LIMIT", "-1"}), "-ERR LIMIT can't be negative\r\n");
  EXPECT_EQ(Run({"ZINTER", "1", "a", "LIMIT", "1"}), "-ERR syntax error\r\n");
}

TEST_F(ZSetAlgebraTest, Resp3NestsScoredPairs) {
  client_.set_resp(3);
  Run({"ZADD", "a", "1.5", "x", "2", "y"});
  EXPECT_EQ(Run({"ZUNION", "1", "a", "WITHSCORES"}),
            "*2\r\n*2\r\n$1\r\nx\r\n,1.5\r\n*2\r\n$1\r\ny\r\n,2\r\n");
  EXPECT_EQ(Run({"ZINTER", "1", "a"}), "*2\r\n$1\r\nx\r\n$1\r\ny\r\n");
  EXPECT_EQ(Run({"ZDIFF", "1", "nosuch", "WITHSCORES"}), "*0\r\n");
}

}  // namespace
}  // namespace ringdb::engine
