// Open- versus closed-loop behaviour of whole runs against a deliberately slow
// in-process server, and the request bound.
#include "bench/loadgen/run.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <thread>

#include "bench/loadgen/reply_scanner.h"

namespace ringdb::loadgen {
namespace {

constexpr auto kServiceTime = std::chrono::milliseconds(2);
constexpr double kServiceTimeNs = 2e6;

// Answers each request "+OK" after kServiceTime, one request at a time, one connection
// after another: a server with a capacity of 500 requests/s.
class SlowServer {
 public:
  SlowServer() {
    listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
        listen(listen_fd_, 16) != 0 ||
        getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
      ADD_FAILURE() << "cannot listen on loopback";
    }
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { Serve(); });
  }
  ~SlowServer() {
    shutdown(listen_fd_, SHUT_RDWR);  // wakes the blocked accept()
    thread_.join();
    close(listen_fd_);
  }

  uint16_t port() const { return port_; }

 private:
  void Serve() {
    while (true) {
      const int fd = accept(listen_fd_, nullptr, nullptr);
      if (fd < 0) return;
      ReplyScanner requests;  // a RESP request is an array, so it counts them too
      char buffer[4096];
      ssize_t n;
      while ((n = read(fd, buffer, sizeof(buffer))) > 0) {
        ReplyScanner::Counts counts;
        if (!requests.Feed(buffer, static_cast<size_t>(n), &counts)) break;
        for (uint64_t i = 0; i < counts.replies; ++i) {
          std::this_thread::sleep_for(kServiceTime);
          if (write(fd, "+OK\r\n", 5) != 5) break;
        }
      }
      close(fd);
    }
  }

  int listen_fd_ = -1;
  uint16_t port_ = 0;
  std::thread thread_;
};

class OpenLoopTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    ASSERT_TRUE(ResolveTarget("127.0.0.1", server_.port(), false, &target_, &error)) << error;
    options_.clients = 1;
    options_.pipeline = 1;
    options_.keyspace = 1000;
    options_.commands = {BuiltinCommand("set")};
    options_.weights = {1};
    ASSERT_TRUE(BuildWorkload(options_, &workload_, &error)) << error;
  }

  RunResult Run(const RunParams& params) {
    RunResult result;
    EXPECT_TRUE(RunLoad(options_, target_, workload_, params, &result)) << result.error;
    EXPECT_EQ(result.error, "");
    return result;
  }

  SlowServer server_;
  Options options_;
  Target target_;
  Workload workload_;
};

TEST_F(OpenLoopTest, OverCapacityLatencyGrowsWithQueueingWhileClosedLoopSeesServiceTime) {
  RunParams closed;
  closed.duration_s = 0.3;
  const RunResult closed_result = Run(closed);
  ASSERT_GT(closed_result.replies, 10u);
  const double closed_p50 = closed_result.latency.PercentileNs(50);
  EXPECT_GE(closed_p50, kServiceTimeNs * 0.99);
  EXPECT_LT(closed_p50, kServiceTimeNs * 10);

  // Twice the server's capacity for 0.5 s: by the end the backlog is ~250 requests, so
  // latency from the intended send times climbs towards ~250 ms, although each
  // request, once sent, still takes ~2 ms.
  RunParams open;
  open.rate = 1000;
  open.duration_s = 0.5;
  const RunResult open_result = Run(open);
  ASSERT_GT(open_result.replies, 10u);
  EXPECT_GT(open_result.latency.PercentileNs(99), kServiceTimeNs * 25);
  EXPECT_GT(open_result.latency.PercentileNs(50), kServiceTimeNs * 5);
  EXPECT_LT(open_result.replies, open_result.sent + 1);
}

TEST_F(OpenLoopTest, UnderCapacityOpenLoopSeesServiceTime) {
  RunParams open;
  open.rate = 100;  // a fifth of capacity: nothing queues
  open.duration_s = 0.3;
  const RunResult result = Run(open);
  ASSERT_GT(result.replies, 10u);
  EXPECT_GE(result.latency.PercentileNs(50), kServiceTimeNs * 0.99);
  EXPECT_LT(result.latency.PercentileNs(50), kServiceTimeNs * 10);
  EXPECT_EQ(result.rate, 100);
}

TEST_F(OpenLoopTest, LoadgenStopsAtTheRequestBound) {
  RunParams params;
  params.requests = 20;
  params.duration_s = 5;
  const RunResult result = Run(params);
  EXPECT_EQ(result.replies, 20u);
  EXPECT_EQ(result.sent, 20u);
  EXPECT_EQ(result.errors, 0u);
  EXPECT_LT(result.elapsed_s, 4);
}

}  // namespace
}  // namespace ringdb::loadgen
