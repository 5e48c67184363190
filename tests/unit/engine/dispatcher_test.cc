// The dispatcher through real command handlers: name/arity errors, MULTI queueing,
// and atomicity of cross-slot commands and transactions under concurrent threads.
#include "engine/dispatcher.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "tests/unit/engine/command_test_util.h"
#include "types/key_slot.h"

namespace ringdb::engine {
namespace {

class DispatcherTest : public CommandTest {};

TEST_F(DispatcherTest, UnknownCommandShowsArgsPreview) {
  EXPECT_EQ(Run({"NOSUCH", "a", "b"}),
            "-ERR unknown command 'NOSUCH', with args beginning with: 'a' 'b' \r\n");
  EXPECT_EQ(Run({"nosuch"}), "-ERR unknown command 'nosuch', with args beginning with: \r\n");
}

TEST_F(DispatcherTest, WrongArityNamesTheCommandInLowerCase) {
  EXPECT_EQ(Run({"GET"}), "-ERR wrong number of arguments for 'get' command\r\n");
  EXPECT_EQ(Run({"GET", "a", "b"}), "-ERR wrong number of arguments for 'get' command\r\n");
}

TEST_F(DispatcherTest, UnknownSubcommand) {
  EXPECT_EQ(Run({"OBJECT", "nope", "k"}), "-ERR unknown subcommand 'nope'. Try OBJECT HELP.\r\n");
}

// Pipelined commands share clock reads: the end of one is the start of the next.
TEST_F(DispatcherTest, ABatchClockReadingIsTheNextCommandsNow) {
  Run({"SET", "k", "v", "PX", "100"});
  auto run = [this](std::vector<std::string_view> args, BatchClock* clock) {
    std::string out;
    protocol::ReplyBuilder rb(&out, client_.resp());
    server_.dispatcher().Execute(args, client_, rb, clock);
    return out;
  };
  BatchClock clock;
  clock.now_us = NowUs() + 1'000'000;  // as if the previous command ended 1 s from now
  EXPECT_EQ(run({"GET", "k"}, &clock), "$-1\r\n");  // expired at that time
  EXPECT_GT(clock.now_us, 0);  // it left its own end time, read from the real clock
  EXPECT_LE(clock.now_us, NowUs());
  // A request that did not run (an error before execution) leaves no reading.
  EXPECT_EQ(run({"NOSUCH"}, &clock).rfind("-ERR unknown command", 0), 0u);
  EXPECT_EQ(clock.now_us, 0);
}

TEST_F(DispatcherTest, CommandNamesAreCaseInsensitive) {
  EXPECT_EQ(Run({"sEt", "k", "v"}), "+OK\r\n");
  EXPECT_EQ(Run({"get", "k"}), "$1\r\nv\r\n");
}

TEST_F(DispatcherTest, MultiQueuesAndExecRunsInOrder) {
  EXPECT_EQ(Run({"MULTI"}), "+OK\r\n");
  EXPECT_EQ(Run({"SET", "a", "1"}), "+QUEUED\r\n");
  EXPECT_EQ(Run({"INCR", "a"}), "+QUEUED\r\n");
  EXPECT_EQ(Run({"GET", "a"}), "+QUEUED\r\n");
  EXPECT_EQ(Run({"EXEC"}), "*3\r\n+OK\r\n:2\r\n$1\r\n2\r\n");
}

TEST_F(DispatcherTest, QueueingErrorAbortsExec) {
  EXPECT_EQ(Run({"MULTI"}), "+OK\r\n");
  EXPECT_EQ(Run({"SET", "a"}), "-ERR wrong number of arguments for 'set' command\r\n");
  EXPECT_EQ(Run({"EXEC"}),
            "-EXECABORT Transaction discarded because of previous errors.\r\n");
  EXPECT_EQ(Run({"GET", "a"}), "$-1\r\n");
}

TEST_F(DispatcherTest, WatchedKeyWrittenByAnotherClientAbortsExec) {
  ClientState other = NewClient(2);
  EXPECT_EQ(Run({"WATCH", "w"}), "+OK\r\n");
  EXPECT_EQ(RunAs(other, {"SET", "w", "x"}), "+OK\r\n");
  EXPECT_EQ(Run({"MULTI"}), "+OK\r\n");
  EXPECT_EQ(Run({"SET", "w", "mine"}), "+QUEUED\r\n");
  EXPECT_EQ(Run({"EXEC"}), "*-1\r\n");
  EXPECT_EQ(Run({"GET", "w"}), "$1\r\nx\r\n");
}

// Keys in different slots, so the atomicity comes from locking both slots.
constexpr const char* kA = "account:a";
constexpr const char* kB = "account:b";

TEST_F(DispatcherTest, KeysUnderTestLiveInDifferentSlots) {
  EXPECT_NE(types::KeySlot(kA), types::KeySlot(kB));
}

// Writers move one unit from A to B inside MULTI/EXEC; readers MGET both and must
// always see the same total.
TEST_F(DispatcherTest, TransfersNeverShowATornSum) {
  Run({"SET", kA, "1000000"});
  Run({"SET", kB, "0"});
  std::atomic<bool> stop{false};
  std::atomic<int> torn{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < 2; ++w) {
    threads.emplace_back([&, w] {
      ClientState c = NewClient(100 + w);
      for (int i = 0; i < 3000; ++i) {
        RunAs(c, {"MULTI"});
        RunAs(c, {"DECRBY", kA, "1"});
        RunAs(c, {"INCRBY", kB, "1"});
        RunAs(c, {"EXEC"});
      }
    });
  }
  for (int r = 0; r < 2; ++r) {
    threads.emplace_back([&, r] {
      ClientState c = NewClient(200 + r);
      while (!stop.load()) {
        std::string reply = RunAs(c, {"MGET", kA, kB});
        // "*2\r\n$<n>\r\n<a>\r\n$<m>\r\n<b>\r\n"
        std::vector<long long> nums;
        size_t pos = 0;
        while ((pos = reply.find("\r\n$", pos)) != std::string::npos) {
          size_t start = reply.find("\r\n", pos + 3) + 2;
          nums.push_back(std::stoll(reply.substr(start, reply.find("\r\n", start) - start)));
          pos = start;
        }
        if (nums.size() != 2 || nums[0] + nums[1] != 1000000) torn++;
      }
    });
  }
  threads[0].join();
  threads[1].join();
  stop = true;
  threads[2].join();
  threads[3].join();
  EXPECT_EQ(torn.load(), 0);
  EXPECT_EQ(Run({"GET", kB}), "$4\r\n6000\r\n");
}

// MSET writes two keys in different slots with the same value; MGET must never see
// them differ.
TEST_F(DispatcherTest, CrossSlotMsetIsAtomicForMget) {
  std::atomic<bool> stop{false};
  std::atomic<int> torn{0};
  std::thread writer([&] {
    ClientState c = NewClient(300);
    for (int i = 0; i < 20000; ++i) {
      std::string v = std::to_string(i);
      RunAs(c, {"MSET", kA, v, kB, v});
    }
    stop = true;
  });
  std::thread reader([&] {
    ClientState c = NewClient(301);
    while (!stop.load()) {
      std::string reply = RunAs(c, {"MGET", kA, kB});
      // "*2\r\n" then "$n\r\n<a>" "\r\n" "$m\r\n<b>" "\r\n" (or two "$-1").
      size_t first = reply.find("\r\n$", 4);
      if (first == std::string::npos) {
        torn++;
        continue;
      }
      std::string a = reply.substr(4, first - 4);
      std::string b = reply.substr(first + 2, reply.size() - first - 4);
      if (a != b) torn++;
    }
  });
  writer.join();
  reader.join();
  EXPECT_EQ(torn.load(), 0);
}

}  // namespace
}  // namespace ringdb::engine
