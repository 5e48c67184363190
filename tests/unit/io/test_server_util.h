// Helpers for the io/ tests: a line-echo handler and plain blocking client sockets.
//
// The client calls retry EINTR: a thread that has used io_uring (the test thread
// probes and wakes rings) gets task-work notifications, and a socket call with
// SO_RCVTIMEO/SO_SNDTIMEO reports those as EINTR instead of restarting.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <atomic>
#include <mutex>
#include <string>
#include <vector>

#include "io/connection_handler.h"
#include "io/event_loop.h"

namespace ringdb::io::testing {

// Picks a port that was free a moment ago (the API cannot bind port 0).
inline int FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr));
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

// Connects to 127.0.0.1:port with a 5 s receive timeout; -1 on failure.
inline int Connect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    close(fd);
    return -1;
  }
  timeval tv{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
  return fd;
}

inline bool SendAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(n);
  }
  return true;
}

// Reads exactly n bytes (fewer on EOF, error or timeout).
inline std::string ReadN(int fd, size_t n) {
  std::string out;
  out.resize(n);
  size_t got = 0;
  while (got < n) {
    ssize_t r = recv(fd, out.data() + got, n - got, 0);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += r;
  }
  out.resize(got);
  return out;
}

// True if the peer closed (recv returns 0) within the socket's timeout.
inline bool ReadsEof(int fd) {
  char c;
  ssize_t r;
  do {
    r = recv(fd, &c, 1, 0);
  } while (r < 0 && errno == EINTR);
  return r == 0;
}

// Stats shared by every handler a factory made.
struct EchoStats {
  std::atomic<int> created{0};
  std::atomic<int> closed{0};
  std::atomic<size_t> consumed{0};
  std::atomic<bool> refuse{false};
  std::mutex mutex;
  std::vector<ConnectionInfo> infos;     // guarded by mutex
  std::vector<std::string*> outputs;     // guarded by mutex; valid until closed
};

// Consumes whole lines; replies "+<line>\r\n". "BIG n" replies n 'x' then CRLF;
// "QUIT" replies "+OK\r\n" and closes after the write; "REGISTER" publishes the
// connection's output buffer in EchoStats::outputs.
class EchoHandler : public ConnectionHandler {
 public:
  explicit EchoHandler(EchoStats* stats) : stats_(stats) {}
  size_t OnInput(std::string_view input, std::string* out, HandlerVerdict* verdict) override {
    size_t used = 0;
    for (;;) {
      size_t eol = input.find('\n', used);
      if (eol == std::string_view::npos) break;
      std::string_view line = input.substr(used, eol - used);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      used = eol + 1;
      if (line.substr(0, 4) == "BIG ") {
        out->append(std::stoul(std::string(line.substr(4))), 'x');
        out->append("\r\n");
      } else if (line == "REGISTER") {  // lets a test append from outside OnInput
        std::lock_guard<std::mutex> lock(stats_->mutex);
        stats_->outputs.push_back(out);
        out->append("+REGISTERED\r\n");
      } else if (line == "QUIT") {
        out->append("+OK\r\n");
        *verdict = HandlerVerdict::kCloseAfterWrite;
        break;
      } else {
        out->append("+").append(line).append("\r\n");
      }
    }
    stats_->consumed += used;
    return used;
  }
  void OnClose() override { stats_->closed++; }

 private:
  EchoStats* stats_;
};

class EchoFactory : public HandlerFactory {
 public:
  explicit EchoFactory(EchoStats* stats) : stats_(stats) {}
  std::unique_ptr<ConnectionHandler> Create(const ConnectionInfo& info,
                                            std::string* refusal) override {
    if (stats_->refuse) {
      *refusal = "-ERR max number of clients reached\r\n";
      return nullptr;
    }
    auto handler = std::make_unique<EchoHandler>(stats_);
    stats_->created++;
    std::lock_guard<std::mutex> lock(stats_->mutex);
    stats_->infos.push_back(info);
    return handler;
  }

 private:
  EchoStats* stats_;
};

}  // namespace ringdb::io::testing
