// Hash commands through the real dispatcher, in both encodings, crossing the
// thresholds inside the tests; RESTORE of corrupt hash payloads.
#include <set>
#include <string>
#include <vector>

#include "persist/crc64.h"
#include "tests/unit/engine/command_test_util.h"

namespace ringdb::engine {
namespace {

constexpr const char* kWrongType =
    "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";

std::string Bulk(std::string_view s) {
  return "$" + std::to_string(s.size()) + "\r\n" + std::string(s) + "\r\n";
}

class HashFamilyTest : public CommandTest {
 protected:
  void TearDown() override {
    Run({"CONFIG", "SET", "hash-max-listpack-entries", "512"});
    Run({"CONFIG", "SET", "hash-max-listpack-value", "64"});
  }
  std::string Encoding(std::string_view key) { return Run({"OBJECT", "ENCODING", key}); }
  // Fields (or, for HSCAN, fields and values) of a flat array reply of bulk strings.
  static std::vector<std::string> Bulks(const std::string& reply) {
    std::vector<std::string> out;
    for (size_t pos = reply.find('$'); pos != std::string::npos; pos = reply.find('$', pos)) {
      const size_t eol = reply.find("\r\n", pos);
      const size_t len = std::stoul(reply.substr(pos + 1, eol - pos - 1));
      out.push_back(reply.substr(eol + 2, len));
      pos = eol + 2 + len;
    }
    return out;
  }
};

const std::string kListpack = Bulk("listpack");
const std::string kHashtable = Bulk("hashtable");

TEST_F(HashFamilyTest, SetGetAndReadsInBothEncodings) {
  for (const char* limit : {"512", "1"}) {
    Run({"CONFIG", "SET", "hash-max-listpack-entries", limit});
    Run({"DEL", "h"});
    EXPECT_EQ(Run({"HSET", "h", "a", "1", "b", "two"}), ":2\r\n");
    EXPECT_EQ(Encoding("h"), std::string(limit) == "1" ? kHashtable : kListpack);
    EXPECT_EQ(Run({"HSET", "h", "a", "10", "c", "3"}), ":1\r\n");
    EXPECT_EQ(Run({"HGET", "h", "a"}), Bulk("10"));
    EXPECT_EQ(Run({"HGET", "h", "nosuch"}), "$-1\r\n");
    EXPECT_EQ(Run({"HMGET", "h", "b", "x"}), "*2\r\n" + Bulk("two") + "$-1\r\n");
    EXPECT_EQ(Run({"HLEN", "h"}), ":3\r\n");
    EXPECT_EQ(Run({"HEXISTS", "h", "c"}), ":1\r\n");
    EXPECT_EQ(Run({"HSTRLEN", "h", "a"}), ":2\r\n");
    const std::vector<std::string> all = Bulks(Run({"HGETALL", "h"}));
    EXPECT_EQ(std::multiset<std::string>(all.begin(), all.end()),
              (std::multiset<std::string>{"a", "10", "b", "two", "c", "3"}));
    EXPECT_EQ(Bulks(Run({"HKEYS", "h"})).size(), 3u);
    EXPECT_EQ(Run({"HSETNX", "h", "a", "x"}), ":0\r\n");
    EXPECT_EQ(Run({"HSETNX", "h", "d", "x"}), ":1\r\n");
    EXPECT_EQ(Run({"HMSET", "h", "e", "5"}), "+OK\r\n");
    EXPECT_EQ(Run({"HDEL", "h", "a", "b", "zz"}), ":2\r\n");
    EXPECT_EQ(Run({"HDEL", "h", "c", "d", "e"}), ":3\r\n");
    EXPECT_EQ(Run({"EXISTS", "h"}), ":0\r\n");  // the last field took the key with it
  }
}

TEST_F(HashFamilyTest, ErrorsAndWrongType) {
  EXPECT_EQ(Run({"HSET", "h", "a"}), "-ERR wrong number of arguments for 'hset' command\r\n");
  EXPECT_EQ(Run({"HMSET", "h", "a", "1", "b"}),
            "-ERR wrong number of arguments for 'hmset' command\r\n");
  EXPECT_EQ(Run({"EXISTS", "h"}), ":0\r\n");
  Run({"SET", "s", "v"});
  for (const std::vector<std::string_view>& cmd :
       std::vector<std::vector<std::string_view>>{{"HSET", "s", "f", "v"},
                                                  {"HGET", "s", "f"},
                                                  {"HGETALL", "s"},
                                                  {"HDEL", "s", "f"},
                                                  {"HINCRBY", "s", "f", "1"},
                                                  {"HRANDFIELD", "s", "1"},
                                                  {"HSCAN", "s", "0"}}) {
    EXPECT_EQ(Run(cmd), kWrongType) << cmd[0];
  }
}

TEST_F(HashFamilyTest, Counters) {
  EXPECT_EQ(Run({"HINCRBY", "c", "n", "5"}), ":5\r\n");
  EXPECT_EQ(Run({"HINCRBY", "c", "n", "-7"}), ":-2\r\n");
  EXPECT_EQ(Run({"HINCRBY", "c", "n", "x"}), "-ERR value is not an integer or out of range\r\n");
  Run({"HSET", "c", "t", "abc", "m", "9223372036854775807", "f", "1.5"});
  EXPECT_EQ(Run({"HINCRBY", "c", "t", "1"}), "-ERR hash value is not an integer\r\n");
  EXPECT_EQ(Run({"HINCRBY", "c", "m", "1"}), "-ERR increment or decrement would overflow\r\n");
  EXPECT_EQ(Run({"HINCRBYFLOAT", "c", "f", "0.25"}), Bulk("1.75"));
  EXPECT_EQ(Run({"HINCRBYFLOAT", "c", "n", "2"}), Bulk("0"));
  EXPECT_EQ(Run({"HINCRBYFLOAT", "c", "t", "1"}), "-ERR hash value is not a float\r\n");
  EXPECT_EQ(Run({"HINCRBYFLOAT", "c", "f", "inf"}), "-ERR value is NaN or Infinity\r\n");
  EXPECT_EQ(Run({"HINCRBYFLOAT", "c", "f", "x"}), "-ERR value is not a valid float\r\n");
  // A result longer than hash-max-listpack-value converts the hash.
  EXPECT_EQ(Encoding("c"), kListpack);
  Run({"CONFIG", "SET", "hash-max-listpack-value", "4"});
  EXPECT_EQ(Run({"HINCRBYFLOAT", "c", "f", "0.125"}), Bulk("1.875"));
  EXPECT_EQ(Encoding("c"), kHashtable);
  EXPECT_EQ(Run({"HINCRBY", "c", "n", "1"}), ":1\r\n");
  // Past long double's range: refused, the value kept.
  Run({"HSET", "c", "huge", "1e4932"});
  EXPECT_EQ(Run({"HINCRBYFLOAT", "c", "huge", "1e4932"}),
            "-ERR increment would produce NaN or Infinity\r\n");
  EXPECT_EQ(Run({"HGET", "c", "huge"}), Bulk("1e4932"));
}

TEST_F(HashFamilyTest, ConversionsAtTheThresholds) {
  Run({"CONFIG", "SET", "hash-max-listpack-entries", "2"});
  Run({"CONFIG", "SET", "hash-max-listpack-value", "3"});
  Run({"HSET", "e", "a", "1", "b", "2"});
  EXPECT_EQ(Encoding("e"), kListpack);
  Run({"HSETNX", "e", "c", "3"});
  EXPECT_EQ(Encoding("e"), kHashtable);
  Run({"HSET", "v", "abc", "xyz"});
  EXPECT_EQ(Encoding("v"), kListpack);
  Run({"HINCRBY", "v", "abcd", "1"});
  EXPECT_EQ(Encoding("v"), kHashtable);
  Run({"HDEL", "v", "abcd"});
  EXPECT_EQ(Encoding("v"), kHashtable);  // never back
  EXPECT_EQ(Run({"HGET", "v", "abc"}), Bulk("xyz"));
}

TEST_F(HashFamilyTest, RandomFieldShapes) {
  EXPECT_EQ(Run({"HRANDFIELD", "nokey"}), "$-1\r\n");
  EXPECT_EQ(Run({"HRANDFIELD", "nokey", "3"}), "*0\r\n");
  Run({"HSET", "r", "a", "1", "b", "2", "c", "3"});
  EXPECT_EQ(Run({"HRANDFIELD", "r", "0"}), "*0\r\n");
  EXPECT_EQ(Run({"HRANDFIELD", "r", "5", "WITHVALUES"}),
            "*6\r\n" + Bulk("a") + Bulk("1") + Bulk("b") + Bulk("2") + Bulk("c") + Bulk("3"));
  EXPECT_EQ(Run({"HRANDFIELD", "r", "1", "x"}), "-ERR syntax error\r\n");
  EXPECT_EQ(Run({"HRANDFIELD", "r", "-4611686018427387904", "WITHVALUES"}),
            "-ERR value is out of range\r\n");
  for (const char* limit : {"512", "1"}) {
    Run({"CONFIG", "SET", "hash-max-listpack-entries", limit});
    Run({"DEL", "big"});
    for (int i = 0; i < 40; ++i) Run({"HSET", "big", "f" + std::to_string(i), "v"});
    const std::vector<std::string> distinct = Bulks(Run({"HRANDFIELD", "big", "10"}));
    EXPECT_EQ(std::set<std::string>(distinct.begin(), distinct.end()).size(), 10u);
    const std::vector<std::string> close = Bulks(Run({"HRANDFIELD", "big", "30"}));
    EXPECT_EQ(std::set<std::string>(close.begin(), close.end()).size(), 30u);
    EXPECT_EQ(Bulks(Run({"HRANDFIELD", "big", "-100", "WITHVALUES"})).size(), 200u);
  }
  client_.set_resp(3);
  EXPECT_EQ(Run({"HRANDFIELD", "r", "1", "WITHVALUES"}).substr(0, 8), "*1\r\n*2\r\n");
  EXPECT_EQ(Run({"HGETALL", "nokey"}), "%0\r\n");
}

TEST_F(HashFamilyTest, ScanWalksAHashtableWithCursors) {
  Run({"CONFIG", "SET", "hash-max-listpack-entries", "4"});
  for (int i = 0; i < 200; ++i) Run({"HSET", "s", "f" + std::to_string(i), std::to_string(i)});
  std::set<std::string> fields;
  std::string cursor = "0";
  for (int calls = 0; calls < 1000; ++calls) {
    const std::string reply = Run({"HSCAN", "s", cursor, "COUNT", "7", "MATCH", "f1*"});
    std::vector<std::string> bulks = Bulks(reply);
    cursor = bulks[0];
    for (size_t i = 1; i + 1 < bulks.size(); i += 2) {
      EXPECT_EQ("f" + bulks[i + 1], bulks[i]);
      fields.insert(bulks[i]);
    }
    if (cursor == "0") break;
  }
  EXPECT_EQ(cursor, "0");
  EXPECT_EQ(fields.size(), 111u);  // f1, f10..f19, f100..f199
}

TEST_F(HashFamilyTest, RestoreRoundTripsAndRefusesCorruptPayloads) {
  for (const char* limit : {"512", "2"}) {
    Run({"CONFIG", "SET", "hash-max-listpack-entries", limit});
    Run({"DEL", "h", "copy"});
    Run({"HSET", "h", "a", "1", "b", "2", "c", "3"});
    const std::string dump = Bulks(Run({"DUMP", "h"}))[0];
    EXPECT_EQ(Run({"RESTORE", "copy", "0", dump}), "+OK\r\n");
    EXPECT_EQ(Encoding("copy"), Encoding("h"));
    EXPECT_EQ(Run({"HGET", "copy", "c"}), Bulk("3"));
    // Every truncation and byte flip, re-signed so that the body is what is judged.
    const std::string_view body(dump.data(), dump.size() - 10);
    for (size_t i = 0; i < body.size(); ++i) {
      for (bool truncate : {true, false}) {
        std::string bad = truncate ? std::string(body.substr(0, i))
                                   : std::string(body);
        if (!truncate) bad[i] = static_cast<char>(bad[i] ^ 0x41);
        bad += std::string("\x0a\x00", 2);
        const uint64_t sum = persist::Crc64(0, bad);
        for (int b = 0; b < 8; ++b) bad.push_back(static_cast<char>(sum >> (8 * b)));
        const std::string reply = Run({"RESTORE", "bad", "0", bad, "REPLACE"});
        EXPECT_TRUE(reply == "+OK\r\n" || reply == "-ERR Bad data format\r\n") << reply;
        if (reply == "+OK\r\n") { EXPECT_NE(Run({"HLEN", "bad"}), ":0\r\n"); }
      }
    }
  }
}

TEST_F(HashFamilyTest, WritesInvalidateWatch) {
  Run({"HSET", "w", "a", "1"});
  EXPECT_EQ(Run({"WATCH", "w"}), "+OK\r\n");
  ClientState other = NewClient(2);
  RunAs(other, {"HINCRBY", "w", "a", "1"});
  Run({"MULTI"});
  Run({"HGET", "w", "a"});
  EXPECT_EQ(Run({"EXEC"}), "*-1\r\n");
  // A write that changes nothing leaves a WATCH alone.
  EXPECT_EQ(Run({"WATCH", "w"}), "+OK\r\n");
  RunAs(other, {"HSETNX", "w", "a", "x"});
  RunAs(other, {"HDEL", "w", "nosuch"});
  Run({"MULTI"});
  Run({"HGET", "w", "a"});
  EXPECT_EQ(Run({"EXEC"}), "*1\r\n" + Bulk("2"));
}

}  // namespace
}  // namespace ringdb::engine
