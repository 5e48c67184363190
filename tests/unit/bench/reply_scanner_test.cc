#include "bench/loadgen/reply_scanner.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace ringdb::loadgen {
namespace {

using Counts = ReplyScanner::Counts;

// Scans `data` in two pieces split at `split`.
Counts ScanSplit(std::string_view data, size_t split, bool* ok) {
  ReplyScanner scanner;
  Counts counts;
  *ok = scanner.Feed(data.data(), split, &counts) &&
        scanner.Feed(data.data() + split, data.size() - split, &counts);
  return counts;
}

// Every split point, and byte by byte, must give the same counts as one piece.
void ExpectCounts(std::string_view data, uint64_t replies, uint64_t errors, uint64_t pushes = 0) {
  for (size_t split = 0; split <= data.size(); ++split) {
    bool ok = false;
    const Counts counts = ScanSplit(data, split, &ok);
    ASSERT_TRUE(ok) << "split at " << split;
    EXPECT_EQ(counts.replies, replies) << "split at " << split;
    EXPECT_EQ(counts.errors, errors) << "split at " << split;
    EXPECT_EQ(counts.pushes, pushes) << "split at " << split;
  }
  ReplyScanner scanner;
  Counts counts;
  for (char c : data) ASSERT_TRUE(scanner.Feed(&c, 1, &counts));
  EXPECT_EQ(counts.replies, replies);
  EXPECT_EQ(counts.errors, errors);
  EXPECT_EQ(counts.pushes, pushes);
}

TEST(ReplyScannerTest, Resp2RepliesSplitAnywhere) {
  ExpectCounts(
      "+OK\r\n"
      ":12345\r\n"
      "$5\r\nhello\r\n"
      "$0\r\n\r\n"
      "$-1\r\n"
      "*-1\r\n"
      "*0\r\n"
      "*3\r\n$1\r\na\r\n:2\r\n*2\r\n+x\r\n$-1\r\n"
      "$12\r\nbin\r\nary\r\n$$\r\n",
      9, 0);
}

TEST(ReplyScannerTest, ErrorsAreCountedApart) {
  ExpectCounts(
      "-ERR unknown command\r\n"
      "+OK\r\n"
      "!21\r\nSYNTAX invalid syntax\r\n"
      // An error inside an array (as EXEC returns) is part of a reply, not an error reply.
      "*2\r\n+OK\r\n-WRONGTYPE bad\r\n",
      4, 2);
}

TEST(ReplyScannerTest, Resp3Types) {
  ExpectCounts(
      "%2\r\n+a\r\n:1\r\n$1\r\nb\r\n,3.14\r\n"            // map
      "~3\r\n:1\r\n:2\r\n:3\r\n"                          // set
      ",inf\r\n"                                          // double
      "_\r\n"                                             // null
      "#t\r\n"                                            // boolean
      "(3492890328409238509324850943850943825024385\r\n"  // big number
      "=15\r\ntxt:Some string\r\n"                        // verbatim string
      "%0\r\n"                                            // empty map
      "*2\r\n_\r\n%1\r\n+k\r\n~0\r\n",                    // nesting with nulls and empties
      9, 0);
}

TEST(ReplyScannerTest, PushesAreNotReplies) {
  ExpectCounts(
      ">3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$2\r\nhi\r\n"
      "+OK\r\n"
      ">2\r\n$10\r\ninvalidate\r\n*1\r\n$3\r\nkey\r\n"
      ":1\r\n",
      2, 0, 2);
}

TEST(ReplyScannerTest, AttributesPrefixTheirValue) {
  ExpectCounts(
      "|1\r\n+key-popularity\r\n%1\r\n$1\r\na\r\n,0.19\r\n"
      "*2\r\n:2039123\r\n:9543892\r\n"
      "*2\r\n|1\r\n+ttl\r\n:3600\r\n:1\r\n:2\r\n",
      2, 0);
}

TEST(ReplyScannerTest, RejectsBytesThatAreNotResp) {
  ReplyScanner scanner;
  Counts counts;
  EXPECT_FALSE(scanner.Feed("+OK\r\n?\r\n", 8, &counts));
  EXPECT_TRUE(scanner.failed());
  EXPECT_EQ(counts.replies, 1u);
  EXPECT_FALSE(scanner.Feed("+OK\r\n", 5, &counts));

  ReplyScanner bad_length;
  EXPECT_FALSE(bad_length.Feed("$1x\r\n", 5, &counts));
  ReplyScanner streamed;
  EXPECT_FALSE(streamed.Feed("$?\r\n", 4, &counts));
}

TEST(ReplyScannerTest, NestingDeeperThanTheLimitFails) {
  std::string deep;
  for (int i = 0; i <= ReplyScanner::kMaxDepth; ++i) deep += "*1\r\n";
  ReplyScanner scanner;
  Counts counts;
  EXPECT_FALSE(scanner.Feed(deep.data(), deep.size(), &counts));
}

}  // namespace
}  // namespace ringdb::loadgen
