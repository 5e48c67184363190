#include "engine/pipeline_prefetch.h"

#include <gtest/gtest.h>

#include <string>

#include "engine/keyspace.h"
#include "types/key_slot.h"
#include "types/key_table.h"

namespace ringdb::engine {
namespace {

class PipelinePrefetcherTest : public testing::Test {
 protected:
  Keyspace keyspace_{16};
  PipelinePrefetcher prefetcher_;
};

TEST_F(PipelinePrefetcherTest, HintsTheFirstKeyOfEachCompleteRequest) {
  const std::string input =
      "*2\r\n$3\r\nGET\r\n$3\r\nfoo\r\n"
      "*3\r\n$3\r\nSET\r\n$5\r\n{a}bc\r\n$1\r\nv\r\n"
      "*1\r\n$4\r\nPING\r\n"
      "*2\r\n$3\r\nGET\r\n$3\r\nba";  // incomplete: not scanned
  size_t spanned = prefetcher_.Scan(input, keyspace_, 0);
  EXPECT_EQ(spanned, input.find("*2\r\n$3\r\nGET\r\n$3\r\nba"));
  std::string_view in = input;
  std::string_view foo = in.substr(in.find("foo"), 3);
  std::string_view abc = in.substr(in.find("{a}bc"), 5);
  const PipelinePrefetcher::KeyHint* hint = prefetcher_.HintFor(foo);
  ASSERT_NE(hint, nullptr);
  EXPECT_EQ(hint->slot, types::KeySlot("foo"));
  EXPECT_EQ(hint->hash, types::KeyTable::Hash("foo"));
  hint = prefetcher_.HintFor(abc);
  ASSERT_NE(hint, nullptr);
  EXPECT_EQ(hint->slot, types::KeySlot("a"));
  // Matched by address: equal bytes elsewhere (the parser's own copy) are not hinted.
  std::string copy = "foo";
  EXPECT_EQ(prefetcher_.HintFor(copy), nullptr);
}

TEST_F(PipelinePrefetcherTest, EntryPassSkipsBusySlotsAndLeavesEveryLockAsItFoundIt) {
  types::KeyTable& table = keyspace_.slot(types::KeySlot("foo")).MutableTable(0, 16);
  table.Upsert(types::Entry::NewString("foo", "v", types::Encoding::kEmbstr, types::kNoExpire),
               types::KeyTable::Hash("foo"));
  const std::string input = "*2\r\n$3\r\nGET\r\n$3\r\nfoo\r\n*2\r\n$3\r\nGET\r\n$3\r\nbar\r\n";
  SlotLock& busy = keyspace_.slot(types::KeySlot("bar")).lock();
  busy.lock();  // held by "another thread": the scan must not wait for it
  EXPECT_EQ(prefetcher_.Scan(input, keyspace_, 0), input.size());
  EXPECT_TRUE(busy.is_locked());
  busy.unlock();
  EXPECT_FALSE(keyspace_.slot(types::KeySlot("foo")).lock().is_locked());
}

TEST_F(PipelinePrefetcherTest, ClearForgetsEveryHint) {
  const std::string input = "*2\r\n$3\r\nGET\r\n$3\r\nfoo\r\n";
  prefetcher_.Scan(input, keyspace_, 0);
  prefetcher_.Clear();
  EXPECT_EQ(prefetcher_.HintFor(std::string_view(input).substr(input.find("foo"), 3)), nullptr);
}

TEST_F(PipelinePrefetcherTest, IgnoresWhatIsNotAMultibulkRequest) {
  for (std::string input : {"GET foo\r\n", "*x\r\n", "*2\r\n$99999999999999999999\r\n",
                            "*2\r\n$3\r\nGET\r\n$-1\r\n", "", "*0\r\n"}) {
    EXPECT_EQ(prefetcher_.Scan(input, keyspace_, 0), 0u) << input;
  }
}

}  // namespace
}  // namespace ringdb::engine
