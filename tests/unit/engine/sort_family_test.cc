// SORT and SORT_RO through the real dispatcher: number and ALPHA order, BY and GET
// patterns over keys in other slots, STORE, and when a run takes the exclusive
// barrier. The reply bytes of the many edge cases are checked against Redis by
// tests/differential/cases/sort.txt.
#include <string>
#include <string_view>
#include <vector>

#include "engine/command_registry.h"
#include "tests/unit/engine/command_test_util.h"

namespace ringdb::engine {
namespace {

class SortFamilyTest : public CommandTest {
 protected:
  bool NeedsBarrier(const std::vector<std::string_view>& args) {
    const CommandEntry* entry = server_.registry().Find(args[0]);
    return entry->needs_barrier != nullptr && entry->needs_barrier(args);
  }
};

TEST_F(SortFamilyTest, NumbersThenTiesByBytes) {
  Run({"RPUSH", "l", "10", "2", "1.5", " 3", "0x4", "2"});
  EXPECT_EQ(Run({"SORT", "l"}),
            "*6\r\n$3\r\n1.5\r\n$1\r\n2\r\n$1\r\n2\r\n$2\r\n 3\r\n$3\r\n0x4\r\n$2\r\n10\r\n");
  EXPECT_EQ(Run({"SORT", "l", "ALPHA", "DESC", "LIMIT", "1", "2"}),
            "*2\r\n$1\r\n2\r\n$2\r\n10\r\n");
  Run({"RPUSH", "bad", "1", "x"});
  EXPECT_EQ(Run({"SORT", "bad"}), "-ERR One or more scores can't be converted into double\r\n");
  EXPECT_EQ(Run({"SORT", "bad", "LIMIT", "0"}), "-ERR syntax error\r\n");
  EXPECT_EQ(Run({"SORT_RO", "bad", "STORE", "x"}), "-ERR syntax error\r\n");
}

TEST_F(SortFamilyTest, PatternsReadKeysOfOtherSlots) {
  Run({"RPUSH", "ids", "a", "b", "c"});
  Run({"MSET", "w_a", "3", "w_b", "1", "w_c", "2"});
  Run({"HSET", "h_b", "name", "bee"});
  EXPECT_EQ(Run({"SORT", "ids", "BY", "w_*", "GET", "#", "GET", "h_*->name"}),
            "*6\r\n$1\r\nb\r\n$3\r\nbee\r\n$1\r\nc\r\n$-1\r\n$1\r\na\r\n$-1\r\n");
  Run({"MULTI"});
  Run({"SORT", "ids", "BY", "w_*", "DESC", "GET", "w_*"});
  EXPECT_EQ(Run({"EXEC"}), "*1\r\n*3\r\n$1\r\n3\r\n$1\r\n2\r\n$1\r\n1\r\n");
}

TEST_F(SortFamilyTest, StoreWritesAListOrDeletes) {
  Run({"SADD", "s", "b", "a"});
  Run({"SET", "dst", "old", "EX", "100"});
  // A set kept unsorted is sorted ALPHA when stored.
  EXPECT_EQ(Run({"SORT", "s", "BY", "nosort", "STORE", "dst"}), ":2\r\n");
  EXPECT_EQ(Run({"LRANGE", "dst", "0", "-1"}), "*2\r\n$1\r\na\r\n$1\r\nb\r\n");
  EXPECT_EQ(Run({"TTL", "dst"}), ":-1\r\n");
  EXPECT_EQ(Run({"SORT", "nosuch", "STORE", "dst"}), ":0\r\n");
  EXPECT_EQ(Run({"EXISTS", "dst"}), ":0\r\n");
}

TEST_F(SortFamilyTest, SortedSetsTurnIntoSkiplists) {
  Run({"ZADD", "z", "2", "b", "1", "a"});
  EXPECT_EQ(Run({"SORT_RO", "z", "BY", "nosort", "DESC"}), "*2\r\n$1\r\nb\r\n$1\r\na\r\n");
  EXPECT_EQ(Run({"OBJECT", "ENCODING", "z"}), "$8\r\nskiplist\r\n");
}

TEST_F(SortFamilyTest, BarrierOnlyWhenAPatternCanNameAKey) {
  EXPECT_FALSE(NeedsBarrier({"SORT", "k"}));
  EXPECT_FALSE(NeedsBarrier({"SORT", "k", "BY", "nosort", "GET", "#", "GET", "const"}));
  EXPECT_FALSE(NeedsBarrier({"SORT", "k", "LIMIT", "0", "1", "ALPHA", "STORE", "d"}));
  EXPECT_TRUE(NeedsBarrier({"SORT", "k", "BY", "w_*"}));
  EXPECT_TRUE(NeedsBarrier({"sort_ro", "k", "GET", "#", "GET", "h_*->f"}));
  EXPECT_TRUE(NeedsBarrier({"SORT", "k", "BY", "nosort", "GET", "w_*"}));
  // A '*' behind a NUL byte is invisible to Redis's strchr.
  EXPECT_FALSE(NeedsBarrier({"SORT", "k", "BY", std::string_view("w\0*", 3)}));
  // Options past an error are never acted on.
  EXPECT_FALSE(NeedsBarrier({"SORT", "k", "BOGUS", "BY", "w_*"}));
}

}  // namespace
}  // namespace ringdb::engine
