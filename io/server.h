// The I/O side of the server: N event-loop threads, each with its own io_uring ring
// and its own SO_REUSEPORT listener per bind address, serving connections end to end.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "io/connection_handler.h"
#include "io/event_loop.h"

namespace ringdb::io {

struct ServerOptions {
  std::vector<std::string> bind_addresses = {"127.0.0.1", "::1"};
  int port = 6379;
  int threads = 0;            // 0: one per usable core (sched_getaffinity)
  int tcp_backlog = 511;
  int tcp_keepalive_s = 300;  // 0 disables
  bool pin_threads = true;    // a refused pin means "run unpinned", never a failure
  unsigned ring_entries = 1024;
};

class IoServer {
 public:
  IoServer();
  ~IoServer();

  // Probes io_uring, binds the listeners and starts the threads. Each thread calls
  // `make_factory(loop)` once, on itself, before serving; the factory lives as long
  // as the loop. On failure returns false and sets *error to a sentence that says
  // what failed and why (e.g. "io_uring is unavailable: io_uring_setup failed
  // (Operation not permitted); check the kernel.io_uring_disabled sysctl or a seccomp
  // filter"). Binding errors read like Redis's ("Could not create server TCP
  // listening socket 127.0.0.1:6379: bind: Address already in use").
  bool Start(const ServerOptions& options,
             std::function<std::unique_ptr<HandlerFactory>(EventLoop&)> make_factory,
             std::string* error);

  // Asks every loop to stop; thread-safe and async-signal-unsafe (call from a normal
  // thread, e.g. the one waiting for signals). Connections are closed.
  void Stop();
  // Blocks until every loop has stopped.
  void Join();

  int thread_count() const;
  EventLoop* loop(int index);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Returns true if io_uring can be used here; otherwise false with the reason.
bool ProbeIoUring(std::string* why);

}  // namespace ringdb::io
