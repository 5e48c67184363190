// The seam between the I/O layer and the engine.
//
// io/ owns sockets, the ring, buffers and timers; it knows nothing of commands. For
// each accepted connection it asks the thread's HandlerFactory for a
// ConnectionHandler and feeds it the received bytes; the handler appends replies to
// the output buffer it is given, and io/ sends them (one send per connection per loop
// pass). Every call happens on the connection's own thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace ringdb::io {

class EventLoop;

struct ConnectionInfo {
  uint64_t id = 0;          // unique for the process lifetime, starts at 1
  int fd = -1;
  std::string peer;         // "127.0.0.1:53422" or "[::1]:53422"
  std::string local;        // "127.0.0.1:6379"
  EventLoop* loop = nullptr;  // the owning thread's loop
};

// A connection's buffers at the end of a loop pass (CLIENT LIST's qbuf, qbuf-free,
// omem, rbs). Capacities count heap allocations only: a string's small inline buffer
// is part of the connection object, not buffer memory.
struct BufferSizes {
  size_t input_bytes = 0;      // received and not yet consumed
  size_t input_capacity = 0;   // allocated for received bytes awaiting the handler
  size_t output_bytes = 0;     // reply bytes not yet sent
  size_t output_capacity = 0;  // allocated for replies, being built and being sent
};

// What the handler wants after consuming input.
enum class HandlerVerdict {
  kContinue,        // keep reading
  kCloseAfterWrite,  // send what is in the output buffer, then close (QUIT, protocol error)
};

class ConnectionHandler {
 public:
  virtual ~ConnectionHandler() = default;

  // `input` holds all received bytes not yet consumed, oldest first. The handler
  // appends replies to *out and returns how many bytes of `input` it consumed; the
  // rest is kept and presented again, followed by new bytes, on the next call.
  // It must not consume a partial request.
  virtual size_t OnInput(std::string_view input, std::string* out, HandlerVerdict* verdict) = 0;

  // Called once per loop pass after input is handled (for timers / deferred work the
  // handler might have, e.g. re-checking a blocked command). May append to *out.
  virtual void OnIdleCheck(std::string* out) {}

  // After each loop pass that touched the connection.
  virtual void OnBufferSizes(const BufferSizes& sizes) {}

  // The connection is gone (peer closed, error, kill). Called exactly once.
  virtual void OnClose() = 0;
};

class HandlerFactory {
 public:
  virtual ~HandlerFactory() = default;
  // Called on the accepting thread. Returning nullptr refuses the connection; the
  // factory may first write a final error into *refusal (e.g. max clients reached),
  // which io/ sends before closing.
  virtual std::unique_ptr<ConnectionHandler> Create(const ConnectionInfo& info,
                                                    std::string* refusal) = 0;
};

}  // namespace ringdb::io
