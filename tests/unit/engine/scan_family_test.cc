#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/keyspace.h"
#include "tests/unit/engine/command_test_util.h"
#include "types/key_slot.h"

namespace ringdb::engine {
namespace {

// Reads one bulk string "$<n>\r\n<bytes>\r\n" at *pos.
std::string ReadBulk(const std::string& r, size_t* pos) {
  size_t eol = r.find("\r\n", *pos);
  size_t n = std::stoul(r.substr(*pos + 1, eol - *pos - 1));
  std::string s = r.substr(eol + 2, n);
  *pos = eol + 2 + n + 2;
  return s;
}

// Reads "*<n>\r\n" followed by n bulk strings.
std::vector<std::string> ReadBulkArray(const std::string& r, size_t* pos) {
  size_t eol = r.find("\r\n", *pos);
  size_t n = std::stoul(r.substr(*pos + 1, eol - *pos - 1));
  *pos = eol + 2;
  std::vector<std::string> out;
  for (size_t i = 0; i < n; ++i) out.push_back(ReadBulk(r, pos));
  return out;
}

// prefix + decimal i (spelled out: GCC 12 warns falsely on "lit" + std::to_string).
std::string Name(std::string_view prefix, int i) {
  std::string s(prefix);
  s += std::to_string(i);
  return s;
}

class ScanFamilyTest : public CommandTest {
 protected:
  std::vector<std::string> Keys(std::string_view pattern) {
    std::string r = Run({"KEYS", pattern});
    size_t pos = 0;
    std::vector<std::string> keys = ReadBulkArray(r, &pos);
    std::sort(keys.begin(), keys.end());
    return keys;
  }

  // One SCAN call: the next cursor and the keys.
  std::string Scan(const std::vector<std::string_view>& args, std::vector<std::string>* keys) {
    std::string r = Run(args);
    EXPECT_EQ(r.rfind("*2\r\n", 0), 0u) << r;
    size_t pos = 4;
    std::string cursor = ReadBulk(r, &pos);
    *keys = ReadBulkArray(r, &pos);
    return cursor;
  }

  // A full SCAN; `calls` gets the number of calls made.
  std::multiset<std::string> ScanAll(std::vector<std::string_view> extra, int* calls) {
    std::multiset<std::string> seen;
    std::string cursor = "0";
    *calls = 0;
    do {
      std::vector<std::string_view> args{"SCAN", cursor};
      args.insert(args.end(), extra.begin(), extra.end());
      std::vector<std::string> keys;
      cursor = Scan(args, &keys);
      seen.insert(keys.begin(), keys.end());
      ++*calls;
    } while (cursor != "0" && *calls < 100000);
    return seen;
  }

  // Registers a watcher as WATCH would (the fixture runs no I/O threads).
  std::shared_ptr<WatchFlag> WatchKey(int db, const std::string& key) {
    auto flag = std::make_shared<WatchFlag>();
    Slot& slot = server_.keyspace().slot(types::KeySlot(key));
    slot.MutableWatches().push_back(Watch{db, key, flag});
    return flag;
  }

  uint32_t VolatileKeysTotal() {
    uint32_t n = 0;
    for (int i = 0; i < kNumSlots; ++i) n += server_.keyspace().slot(i).volatile_keys();
    return n;
  }
};

TEST_F(ScanFamilyTest, KeysMatchesGlobs) {
  for (const char* k : {"hello", "hallo", "hxllo", "foo:bar", "x[y"}) Run({"SET", k, "1"});
  EXPECT_EQ(Keys("*").size(), 5u);
  EXPECT_EQ(Keys("h?llo"), (std::vector<std::string>{"hallo", "hello", "hxllo"}));
  EXPECT_EQ(Keys("h[ae]llo"), (std::vector<std::string>{"hallo", "hello"}));
  EXPECT_EQ(Keys("x\\[y"), (std::vector<std::string>{"x[y"}));
  EXPECT_EQ(Keys("nomatch*"), (std::vector<std::string>{}));
  EXPECT_EQ(Run({"KEYS"}), "-ERR wrong number of arguments for 'keys' command\r\n");
}

TEST_F(ScanFamilyTest, KeysAndScanSkipExpiredKeys) {
  Run({"SET", "live", "1"});
  Run({"SET", "dying", "1"});
  Run({"PEXPIRE", "dying", "10"});
  TEST_AdvanceClockMs(20);
  EXPECT_EQ(Keys("*"), (std::vector<std::string>{"live"}));
  int calls = 0;
  EXPECT_EQ(ScanAll({"COUNT", "1000"}, &calls), (std::multiset<std::string>{"live"}));
  EXPECT_EQ(Run({"DBSIZE"}), ":1\r\n");
}

TEST_F(ScanFamilyTest, ScanReturnsEveryKeyOnce) {
  std::vector<std::string> names;
  for (int i = 0; i < 2000; ++i) names.push_back(Name("key:", i));
  for (const std::string& k : names) Run({"SET", k, "v"});
  int calls = 0;
  std::multiset<std::string> seen = ScanAll({}, &calls);
  EXPECT_EQ(seen, std::multiset<std::string>(names.begin(), names.end()));
  EXPECT_GT(calls, 1);
}

TEST_F(ScanFamilyTest, ScanGuaranteeHoldsWhileKeysChange) {
  for (int i = 0; i < 500; ++i) Run({"SET", Name("stay:", i), "v"});
  std::set<std::string> seen;
  std::string cursor = "0";
  int round = 0;
  do {
    std::vector<std::string> keys;
    cursor = Scan({"SCAN", cursor}, &keys);
    seen.insert(keys.begin(), keys.end());
    // Churn between calls: add and delete keys that are not part of the guarantee.
    std::string tmp = Name("churn:", round++);
    Run({"SET", tmp, "v"});
    if (round % 2 == 0) Run({"DEL", Name("churn:", round - 2)});
  } while (cursor != "0");
  for (int i = 0; i < 500; ++i) EXPECT_TRUE(seen.count(Name("stay:", i))) << i;
}

// Keys sharing a hash tag fill one slot: SCAN returns it a table segment (at most
// 1024 keys) at a time, each key once, and KEYS still returns them all.
TEST_F(ScanFamilyTest, ScanSplitsAHugeSlot) {
  constexpr int kKeys = 6000;
  std::vector<std::string> names;
  for (int i = 0; i < kKeys; ++i) names.push_back(Name("{tag}:", i));
  for (const std::string& k : names) Run({"SET", k, "v"});
  std::multiset<std::string> seen;
  std::string cursor = "0";
  int calls = 0;
  do {
    std::vector<std::string> keys;
    cursor = Scan({"SCAN", cursor, "COUNT", "10"}, &keys);
    EXPECT_LE(keys.size(), 1024u);
    seen.insert(keys.begin(), keys.end());
  } while (cursor != "0" && ++calls < 100000);
  EXPECT_EQ(seen, std::multiset<std::string>(names.begin(), names.end()));
  EXPECT_GT(calls, kKeys / 1024);
  EXPECT_EQ(Keys("{tag}:*").size(), size_t{kKeys});
}

TEST_F(ScanFamilyTest, SparseScanBoundsEachCall) {
  Run({"SET", "only", "v"});
  std::vector<std::string> keys;
  std::string cursor = Scan({"SCAN", "0", "COUNT", "1"}, &keys);
  // At most COUNT*10 slots are visited per call, so the walk is not finished at once
  // unless the key sits in the first slots visited.
  uint64_t slot = types::KeySlot("only");
  if (slot >= 10) {
    EXPECT_EQ(cursor, "10");
    EXPECT_TRUE(keys.empty());
  }
  int calls = 0;
  EXPECT_EQ(ScanAll({"COUNT", "100"}, &calls), (std::multiset<std::string>{"only"}));
  EXPECT_EQ(calls, 17);  // ceil(16384 / 1000)
}

TEST_F(ScanFamilyTest, ScanMatchAndType) {
  for (const char* k : {"s1", "s2", "t1"}) Run({"SET", k, "v"});
  int calls = 0;
  EXPECT_EQ(ScanAll({"MATCH", "s*", "COUNT", "1000"}, &calls),
            (std::multiset<std::string>{"s1", "s2"}));
  EXPECT_EQ(ScanAll({"TYPE", "STRING", "COUNT", "1000"}, &calls).size(), 3u);
  EXPECT_EQ(ScanAll({"TYPE", "list", "COUNT", "1000"}, &calls).size(), 0u);
}

TEST_F(ScanFamilyTest, ScanArgumentErrors) {
  EXPECT_EQ(Run({"SCAN", "abc"}), "-ERR invalid cursor\r\n");
  EXPECT_EQ(Run({"SCAN", " 1"}), "-ERR invalid cursor\r\n");
  EXPECT_EQ(Run({"SCAN", "-"}), "-ERR invalid cursor\r\n");
  EXPECT_EQ(Run({"SCAN", "18446744073709551616"}), "-ERR invalid cursor\r\n");
  EXPECT_EQ(Run({"SCAN", "abc", "COUNT", "0"}), "-ERR invalid cursor\r\n");
  EXPECT_EQ(Run({"SCAN", "0", "COUNT", "0"}), "-ERR syntax error\r\n");
  EXPECT_EQ(Run({"SCAN", "0", "COUNT", "-1"}), "-ERR syntax error\r\n");
  EXPECT_EQ(Run({"SCAN", "0", "COUNT", "abc"}),
            "-ERR value is not an integer or out of range\r\n");
  EXPECT_EQ(Run({"SCAN", "0", "MATCH"}), "-ERR syntax error\r\n");
  EXPECT_EQ(Run({"SCAN", "0", "FOO", "bar"}), "-ERR syntax error\r\n");
  EXPECT_EQ(Run({"SCAN", "0", "TYPE"}), "-ERR syntax error\r\n");
  // strtoul accepts these: the cursor is past the end (or wraps) and the scan is done.
  EXPECT_EQ(Run({"SCAN", "18446744073709551615"}), "*2\r\n$1\r\n0\r\n*0\r\n");
  EXPECT_EQ(Run({"SCAN", "-1"}), "*2\r\n$1\r\n0\r\n*0\r\n");
}

TEST_F(ScanFamilyTest, RandomKey) {
  EXPECT_EQ(Run({"RANDOMKEY"}), "$-1\r\n");
  Run({"SET", "only", "1"});
  EXPECT_EQ(Run({"RANDOMKEY"}), "$4\r\nonly\r\n");
  Run({"SET", "gone", "1"});
  Run({"PEXPIRE", "gone", "5"});
  TEST_AdvanceClockMs(10);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(Run({"RANDOMKEY"}), "$4\r\nonly\r\n");
  Run({"DEL", "only"});
  EXPECT_EQ(Run({"RANDOMKEY"}), "$-1\r\n");
}

TEST_F(ScanFamilyTest, RandomKeyReachesEveryKey) {
  for (int i = 0; i < 8; ++i) Run({"SET", Name("k", i), "v"});
  std::set<std::string> seen;
  for (int i = 0; i < 2000 && seen.size() < 8; ++i) seen.insert(Run({"RANDOMKEY"}));
  EXPECT_EQ(seen.size(), 8u);
}

TEST_F(ScanFamilyTest, DbSizeSwapDb) {
  Run({"SET", "in0", "v"});
  Run({"SELECT", "1"});
  Run({"SET", "in1", "v"});
  Run({"SET", "in1b", "v"});
  EXPECT_EQ(Run({"DBSIZE"}), ":2\r\n");
  Run({"SELECT", "0"});
  EXPECT_EQ(Run({"DBSIZE"}), ":1\r\n");
  EXPECT_EQ(Run({"SWAPDB", "0", "1"}), "+OK\r\n");
  EXPECT_EQ(Run({"DBSIZE"}), ":2\r\n");
  EXPECT_EQ(Run({"EXISTS", "in1", "in0"}), ":1\r\n");
  EXPECT_EQ(Run({"SWAPDB", "0", "0"}), "+OK\r\n");
  EXPECT_EQ(Run({"SWAPDB", "0", "16"}), "-ERR DB index is out of range\r\n");
  EXPECT_EQ(Run({"SWAPDB", "-1", "0"}), "-ERR DB index is out of range\r\n");
  EXPECT_EQ(Run({"SWAPDB", "a", "0"}), "-ERR invalid first DB index\r\n");
  EXPECT_EQ(Run({"SWAPDB", "0", "1.5"}), "-ERR invalid second DB index\r\n");
  EXPECT_EQ(Run({"DBSIZE", "x"}), "-ERR wrong number of arguments for 'dbsize' command\r\n");
}

TEST_F(ScanFamilyTest, SwapDbTouchesWatchers) {
  Run({"SELECT", "1"});
  Run({"SET", "w", "v"});
  Run({"SELECT", "0"});
  Run({"SET", "both", "v"});
  Run({"SELECT", "2"});
  Run({"SET", "other", "v"});
  Run({"SELECT", "0"});
  // Missing in db 0 but present in db 1: the swap changes what db 0's watcher sees.
  auto w0 = WatchKey(0, "w");
  auto w1 = WatchKey(1, "w");
  auto untouched = WatchKey(0, "nowhere");
  auto elsewhere = WatchKey(2, "other");
  EXPECT_EQ(Run({"SWAPDB", "0", "1"}), "+OK\r\n");
  EXPECT_TRUE(w0->dirty.load());
  EXPECT_TRUE(w1->dirty.load());
  EXPECT_FALSE(untouched->dirty.load());
  EXPECT_FALSE(elsewhere->dirty.load());
}

TEST_F(ScanFamilyTest, SwapDbTouchesWatchersThroughExec) {
  Run({"SELECT", "1"});
  Run({"SET", "w", "v"});
  Run({"SELECT", "0"});
  Run({"WATCH", "w"});
  EXPECT_EQ(Run({"SWAPDB", "0", "1"}), "+OK\r\n");
  Run({"MULTI"});
  Run({"GET", "w"});
  EXPECT_EQ(Run({"EXEC"}), "*-1\r\n");
}

TEST_F(ScanFamilyTest, FlushDbAndFlushAll) {
  Run({"SET", "a", "v"});
  Run({"SET", "b", "v"});
  Run({"EXPIRE", "a", "100"});
  Run({"SELECT", "1"});
  Run({"SET", "c", "v"});
  Run({"EXPIRE", "c", "100"});
  EXPECT_EQ(VolatileKeysTotal(), 2u);
  EXPECT_EQ(Run({"FLUSHDB", "ASYNC"}), "+OK\r\n");
  EXPECT_EQ(Run({"DBSIZE"}), ":0\r\n");
  EXPECT_EQ(VolatileKeysTotal(), 1u);
  Run({"SELECT", "0"});
  EXPECT_EQ(Run({"DBSIZE"}), ":2\r\n");
  EXPECT_EQ(Run({"FLUSHDB", "FOO"}), "-ERR syntax error\r\n");
  EXPECT_EQ(Run({"FLUSHALL", "FOO"}), "-ERR syntax error\r\n");
  EXPECT_EQ(Run({"FLUSHALL", "SYNC", "ASYNC"}), "-ERR syntax error\r\n");
  EXPECT_EQ(Run({"FLUSHALL", "sync"}), "+OK\r\n");
  EXPECT_EQ(Run({"DBSIZE"}), ":0\r\n");
  EXPECT_EQ(VolatileKeysTotal(), 0u);
  EXPECT_EQ(Run({"FLUSHDB"}), "+OK\r\n");
}

TEST_F(ScanFamilyTest, FlushTouchesWatchersOfExistingKeys) {
  Run({"SET", "w", "v"});
  Run({"SELECT", "1"});
  Run({"SET", "w", "v"});
  Run({"SELECT", "0"});
  auto w0 = WatchKey(0, "w");
  auto w1 = WatchKey(1, "w");
  auto missing = WatchKey(0, "nosuch");
  EXPECT_EQ(Run({"FLUSHDB"}), "+OK\r\n");
  EXPECT_TRUE(w0->dirty.load());
  EXPECT_FALSE(w1->dirty.load());
  EXPECT_FALSE(missing->dirty.load());
  EXPECT_EQ(Run({"FLUSHALL"}), "+OK\r\n");
  EXPECT_TRUE(w1->dirty.load());
  EXPECT_FALSE(missing->dirty.load());
}

TEST_F(ScanFamilyTest, FlushTouchesWatchersThroughExec) {
  Run({"SET", "w", "v"});
  Run({"WATCH", "w"});
  EXPECT_EQ(Run({"FLUSHALL"}), "+OK\r\n");
  Run({"MULTI"});
  Run({"GET", "w"});
  EXPECT_EQ(Run({"EXEC"}), "*-1\r\n");
}

TEST_F(ScanFamilyTest, FlushInsideMulti) {
  Run({"SET", "a", "v"});
  Run({"MULTI"});
  Run({"FLUSHDB"});
  Run({"DBSIZE"});
  EXPECT_EQ(Run({"EXEC"}), "*2\r\n+OK\r\n:0\r\n");
}

}  // namespace
}  // namespace ringdb::engine
