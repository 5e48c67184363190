// IoServer end to end over loopback sockets: two loops, an echo handler.
#include "io/server.h"

#include <fcntl.h>
#include <poll.h>

#include <chrono>
#include <future>
#include <random>
#include <thread>

#include <gtest/gtest.h>

#include "io/connection.h"
#include "tests/unit/io/test_server_util.h"

namespace ringdb::io {
namespace {

using testing::Connect;
using testing::EchoFactory;
using testing::EchoStats;
using testing::FreePort;
using testing::ReadN;
using testing::ReadsEof;
using testing::SendAll;

class IoServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    if (!ProbeIoUring(&why)) GTEST_SKIP() << why;
  }

  bool StartServer(std::vector<std::string> binds = {"127.0.0.1"}) {
    port_ = FreePort();
    ServerOptions options;
    options.bind_addresses = std::move(binds);
    options.port = port_;
    options.threads = 2;
    std::string error;
    bool ok = server_.Start(
        options, [this](EventLoop&) { return std::make_unique<EchoFactory>(&stats_); }, &error);
    EXPECT_TRUE(ok) << error;
    return ok;
  }

  template <typename Pred>
  static bool WaitFor(Pred pred, int timeout_ms = 3000) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (!pred()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
  }

  EchoStats stats_;
  IoServer server_;
  int port_ = 0;
};

TEST_F(IoServerTest, EchoesPipelinesSplitAtRandomPointsOnManyConnections) {
  ASSERT_TRUE(StartServer());
  constexpr int kConnections = 40;
  constexpr int kLines = 300;
  std::mt19937 rng(42);
  std::vector<int> fds;
  std::vector<std::string> expected(kConnections);
  std::vector<std::string> requests(kConnections);
  for (int c = 0; c < kConnections; ++c) {
    fds.push_back(Connect(port_));
    ASSERT_GE(fds.back(), 0);
    for (int i = 0; i < kLines; ++i) {
      std::string line = "c" + std::to_string(c) + "-line-" + std::to_string(i);
      requests[c] += line + "\r\n";
      expected[c] += "+" + line + "\r\n";
    }
  }
  // Interleave writes across connections in random-sized pieces.
  std::vector<size_t> sent(kConnections, 0);
  for (bool more = true; more;) {
    more = false;
    for (int c = 0; c < kConnections; ++c) {
      if (sent[c] == requests[c].size()) continue;
      size_t n = std::min<size_t>(1 + rng() % 97, requests[c].size() - sent[c]);
      ASSERT_TRUE(SendAll(fds[c], std::string_view(requests[c]).substr(sent[c], n)));
      sent[c] += n;
      more = true;
    }
  }
  for (int c = 0; c < kConnections; ++c) {
    EXPECT_EQ(ReadN(fds[c], expected[c].size()), expected[c]) << "connection " << c;
    close(fds[c]);
  }
  EXPECT_TRUE(WaitFor([&] { return stats_.closed == kConnections; }));
}

TEST_F(IoServerTest, SendsAnEightMebibyteReplyWhole) {
  ASSERT_TRUE(StartServer());
  int fd = Connect(port_);
  ASSERT_GE(fd, 0);
  constexpr size_t kBytes = size_t{8} << 20;
  ASSERT_TRUE(SendAll(fd, "BIG " + std::to_string(kBytes) + "\r\nafter\r\n"));
  std::string reply = ReadN(fd, kBytes + 2);
  ASSERT_EQ(reply.size(), kBytes + 2);
  EXPECT_EQ(reply.find_first_not_of('x'), kBytes);
  EXPECT_EQ(ReadN(fd, 8), "+after\r\n");
  close(fd);
}

// A client pipelining without reading: the server stops producing replies past
// kMaxPendingOutputBytes and stops receiving past kMaxBufferedInputBytes, so the
// client's writes block; once it reads, everything is answered.
TEST_F(IoServerTest, ClientThatNeverReadsIsBoundedThenServedWhenItReads) {
  ASSERT_TRUE(StartServer());
  int fd = Connect(port_);
  ASSERT_GE(fd, 0);
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  const std::string line = std::string(1021, 'p') + "\r\n";
  std::string chunk;
  for (int i = 0; i < 256; ++i) chunk += line;
  size_t written = 0;
  auto last_progress = std::chrono::steady_clock::now();
  size_t chunk_pos = 0;
  // "No progress for 1.5 s" means the server pushed back; shorter windows misfire
  // under TSan, where the server itself crawls.
  while (std::chrono::steady_clock::now() - last_progress < std::chrono::milliseconds(1500)) {
    ssize_t n = send(fd, chunk.data() + chunk_pos, chunk.size() - chunk_pos, MSG_NOSIGNAL);
    if (n > 0) {
      written += n;
      chunk_pos = (chunk_pos + n) % chunk.size();
      last_progress = std::chrono::steady_clock::now();
    } else {
      pollfd p{fd, POLLOUT, 0};
      poll(&p, 1, 20);
    }
    ASSERT_LT(written, size_t{256} << 20) << "the server never pushed back";
  }
  // Bounded: input held at ~64 MiB plus socket buffers; the handler saw ~1 MiB
  // worth of replies plus what the kernel's buffers absorbed.
  EXPECT_GT(written, kMaxBufferedInputBytes);
  EXPECT_LT(stats_.consumed.load(), written - kMaxBufferedInputBytes + (size_t{1} << 20));

  // Read every reply on another thread while this one finishes the last line: the
  // server resumes receiving only as its output drains.
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  const size_t partial = written % line.size();
  const size_t lines = written / line.size() + (partial ? 1 : 0);
  std::string reply;
  std::thread reader([&] { reply = ReadN(fd, lines * (line.size() + 1)); });
  if (partial) {
    EXPECT_TRUE(SendAll(fd, std::string_view(line).substr(partial)));
  }
  reader.join();
  EXPECT_EQ(reply.size(), lines * (line.size() + 1));
  EXPECT_EQ(stats_.consumed.load(), lines * line.size());
  close(fd);
}

TEST_F(IoServerTest, PostRunsOnTheTargetLoopFromAnyThread) {
  ASSERT_TRUE(StartServer());
  ASSERT_EQ(server_.thread_count(), 2);
  EventLoop* loop0 = server_.loop(0);
  EventLoop* loop1 = server_.loop(1);
  EXPECT_EQ(EventLoop::Current(), nullptr);
  std::promise<bool> ran_on_1_from_0;
  std::atomic<int> from_main{0};
  constexpr int kPosts = 1000;
  for (int i = 0; i < kPosts; ++i) {
    loop1->Post([&] {
      if (EventLoop::Current() == loop1) from_main++;
    });
  }
  // From an I/O thread: the wake-up travels on loop 0's own ring.
  loop0->Post([&] {
    EXPECT_EQ(EventLoop::Current(), loop0);
    loop1->Post([&] { ran_on_1_from_0.set_value(EventLoop::Current() == loop1); });
  });
  auto future = ran_on_1_from_0.get_future();
  ASSERT_EQ(future.wait_for(std::chrono::seconds(3)), std::future_status::ready);
  EXPECT_TRUE(future.get());
  EXPECT_TRUE(WaitFor([&] { return from_main == kPosts; }));
}

TEST_F(IoServerTest, PeriodicTimersFireOnTheirLoop) {
  ASSERT_TRUE(StartServer());
  std::atomic<int> ticks{0};
  std::atomic<bool> wrong_thread{false};
  EventLoop* loop = server_.loop(1);
  loop->AddPeriodicTimer(10, [&] {
    if (EventLoop::Current() != loop) wrong_thread = true;
    ticks++;
  });
  EXPECT_TRUE(WaitFor([&] { return ticks >= 5; }));
  EXPECT_FALSE(wrong_thread);
}

TEST_F(IoServerTest, StopClosesOpenConnectionsAndJoins) {
  ASSERT_TRUE(StartServer());
  std::vector<int> fds;
  for (int i = 0; i < 10; ++i) {
    fds.push_back(Connect(port_));
    ASSERT_TRUE(SendAll(fds.back(), "hi\r\n"));
    ASSERT_EQ(ReadN(fds.back(), 5), "+hi\r\n");
  }
  server_.Stop();
  server_.Join();
  EXPECT_EQ(stats_.created, 10);
  EXPECT_EQ(stats_.closed, 10);
  for (int fd : fds) {
    EXPECT_TRUE(ReadsEof(fd));
    close(fd);
  }
  EXPECT_LT(Connect(port_), 0) << "listeners must be closed";
}

TEST_F(IoServerTest, RefusalIsSentThenTheSocketCloses) {
  stats_.refuse = true;
  ASSERT_TRUE(StartServer());
  int fd = Connect(port_);
  ASSERT_GE(fd, 0);
  const std::string refusal = "-ERR max number of clients reached\r\n";
  EXPECT_EQ(ReadN(fd, refusal.size()), refusal);
  EXPECT_TRUE(ReadsEof(fd));
  EXPECT_EQ(stats_.closed, 0) << "no handler, so no OnClose";
  close(fd);
}

TEST_F(IoServerTest, CloseAfterWriteAndCloseConnection) {
  ASSERT_TRUE(StartServer());
  int quitter = Connect(port_);
  ASSERT_TRUE(SendAll(quitter, "a\r\nQUIT\r\nnever\r\n"));
  EXPECT_EQ(ReadN(quitter, 9), "+a\r\n+OK\r\n");
  EXPECT_TRUE(ReadsEof(quitter));
  close(quitter);

  int victim = Connect(port_);
  ASSERT_TRUE(SendAll(victim, "x\r\n"));
  ASSERT_EQ(ReadN(victim, 4), "+x\r\n");
  ConnectionInfo info;
  {
    std::lock_guard<std::mutex> lock(stats_.mutex);
    info = stats_.infos.back();
  }
  info.loop->CloseConnection(info.id);  // from a foreign thread: forwarded
  EXPECT_TRUE(ReadsEof(victim));
  EXPECT_TRUE(WaitFor([&] { return stats_.closed == 2; }));
  close(victim);
}

TEST_F(IoServerTest, ConnectionInfoUsesRedisAddressFormat) {
  ASSERT_TRUE(StartServer());
  int a = Connect(port_);
  int b = Connect(port_);
  ASSERT_TRUE(SendAll(a, "1\r\n") && SendAll(b, "2\r\n"));
  ASSERT_EQ(ReadN(a, 4), "+1\r\n");
  ASSERT_EQ(ReadN(b, 4), "+2\r\n");
  std::lock_guard<std::mutex> lock(stats_.mutex);
  ASSERT_EQ(stats_.infos.size(), 2u);
  for (const ConnectionInfo& info : stats_.infos) {
    EXPECT_GE(info.id, 1u);
    EXPECT_EQ(info.local, "127.0.0.1:" + std::to_string(port_));
    EXPECT_EQ(info.peer.rfind("127.0.0.1:", 0), 0u) << info.peer;
    EXPECT_NE(info.loop, nullptr);
  }
  EXPECT_NE(stats_.infos[0].id, stats_.infos[1].id);
  close(a);
  close(b);
}

TEST_F(IoServerTest, ReadPauseHoldsInputAndFlushSendsOutsideOnInput) {
  ASSERT_TRUE(StartServer());
  int fd = Connect(port_);
  ASSERT_TRUE(SendAll(fd, "REGISTER\r\n"));
  ASSERT_EQ(ReadN(fd, 13), "+REGISTERED\r\n");
  ConnectionInfo info;
  std::string* out;
  {
    std::lock_guard<std::mutex> lock(stats_.mutex);
    info = stats_.infos.back();
    out = stats_.outputs.back();
  }
  info.loop->SetReadPaused(info.id, true);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_TRUE(SendAll(fd, "held\r\n"));
  pollfd p{fd, POLLIN, 0};
  EXPECT_EQ(poll(&p, 1, 100), 0) << "a paused connection must not be served";
  info.loop->SetReadPaused(info.id, false);
  EXPECT_EQ(ReadN(fd, 7), "+held\r\n");

  EventLoop* loop = info.loop;
  uint64_t id = info.id;
  loop->Post([loop, id, out] {
    out->append("+PUSHED\r\n");
    loop->FlushConnection(id);
  });
  EXPECT_EQ(ReadN(fd, 9), "+PUSHED\r\n");
  close(fd);
}

// A paused connection still receives: when its peer hangs up the handler hears of it
// at once, not when the pause ends (a client blocked in BLPOP that disconnects).
TEST_F(IoServerTest, PausedConnectionNoticesThePeerClosing) {
  ASSERT_TRUE(StartServer());
  int fd = Connect(port_);
  ASSERT_TRUE(SendAll(fd, "REGISTER\r\n"));
  ASSERT_EQ(ReadN(fd, 13), "+REGISTERED\r\n");
  ConnectionInfo info;
  {
    std::lock_guard<std::mutex> lock(stats_.mutex);
    info = stats_.infos.back();
  }
  info.loop->SetReadPaused(info.id, true);
  ASSERT_TRUE(SendAll(fd, "held\r\n"));
  close(fd);
  EXPECT_TRUE(WaitFor([&] { return stats_.closed == 1; }));
}

TEST_F(IoServerTest, OneShotTimersFireOnceAndCancelledOnesNever) {
  ASSERT_TRUE(StartServer());
  int fd = Connect(port_);
  ASSERT_TRUE(SendAll(fd, "REGISTER\r\n"));
  ASSERT_EQ(ReadN(fd, 13), "+REGISTERED\r\n");
  EventLoop* loop;
  {
    std::lock_guard<std::mutex> lock(stats_.mutex);
    loop = stats_.infos.back().loop;
  }
  std::atomic<int> fired{0};
  std::atomic<int> cancelled_fired{0};
  const auto start = std::chrono::steady_clock::now();
  std::atomic<int64_t> elapsed_ms{-1};
  loop->Post([&] {
    loop->AddTimer(30, [&] {
      elapsed_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::steady_clock::now() - start).count();
      ++fired;
    });
    const uint64_t doomed = loop->AddTimer(10, [&] { ++cancelled_fired; });
    loop->CancelTimer(doomed);
    loop->CancelTimer(doomed);  // a second cancel is a no-op
  });
  EXPECT_TRUE(WaitFor([&] { return fired == 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(fired, 1);
  EXPECT_EQ(cancelled_fired, 0);
  EXPECT_GE(elapsed_ms, 29);  // the loop's clock is in whole milliseconds
  close(fd);
}

TEST_F(IoServerTest, BindConflictReadsLikeRedisAndOptionalAddressesAreSkipped) {
  // 192.0.2.1 (TEST-NET-1) is not a local address: optional, so skipped.
  ASSERT_TRUE(StartServer({"127.0.0.1", "-192.0.2.1"}));
  IoServer second;
  ServerOptions options;
  options.bind_addresses = {"127.0.0.1"};
  options.port = port_;
  options.threads = 1;
  std::string error;
  EXPECT_FALSE(second.Start(
      options, [this](EventLoop&) { return std::make_unique<EchoFactory>(&stats_); }, &error));
  EXPECT_EQ(error, "Could not create server TCP listening socket 127.0.0.1:" +
                       std::to_string(port_) + ": bind: Address already in use");
  options.bind_addresses = {"192.0.2.1"};
  EXPECT_FALSE(second.Start(
      options, [this](EventLoop&) { return std::make_unique<EchoFactory>(&stats_); }, &error));
  EXPECT_NE(error.find("bind: Cannot assign requested address"), std::string::npos) << error;
}

}  // namespace
}  // namespace ringdb::io
