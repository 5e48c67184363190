// One accepted TCP connection as its event loop sees it, and the limits that bound
// what a client can make the server hold.
//
// Thread: a Connection belongs to one loop; only that loop's thread touches it.
// Invariants: while ops_in_flight > 0 the object stays alive (the ring may still
// post completions whose user_data points at it); `output` never moves, so a
// handler may keep pointing at it; the bytes of `sending` stay untouched while a
// send is in flight.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "io/connection_handler.h"

namespace ringdb::io {

// Past this much unsent output, received input is buffered instead of handed to the
// handler: a client that pipelines without reading stops getting replies produced.
inline constexpr size_t kMaxPendingOutputBytes = size_t{1} << 20;
// Past this much buffered (not yet fed) input while output is blocked as above, the
// loop stops receiving; the kernel's socket buffers then push back on the client.
inline constexpr size_t kMaxBufferedInputBytes = size_t{64} << 20;
// Provided receive buffers per loop and their size.
inline constexpr unsigned kRecvBufferCount = 512;
inline constexpr size_t kRecvBufferBytes = size_t{16} << 10;
// The most buffered input one OnInput call is offered at first (see Feed).
inline constexpr size_t kFeedSliceBytes = size_t{64} << 10;
// A drained send or input buffer above this capacity is freed rather than kept.
inline constexpr size_t kRetainedBufferBytes = size_t{64} << 10;

static_assert((kRecvBufferCount & (kRecvBufferCount - 1)) == 0, "buffer ring needs 2^n");
static_assert(kRecvBufferCount <= 32768, "buffer ids are 16 bits, rings hold 32768 at most");
static_assert(kMaxBufferedInputBytes > kMaxPendingOutputBytes + kRecvBufferBytes,
              "input is held only while output is blocked; it must be able to exceed it");
static_assert(kRetainedBufferBytes >= kRecvBufferBytes, "keep at least one receive's worth");
static_assert(kFeedSliceBytes >= kRecvBufferBytes, "one receive is fed in one call");
static_assert(kFeedSliceBytes < kMaxPendingOutputBytes, "a slice must not dwarf the output cap");

struct Connection {
  ConnectionInfo info;
  std::unique_ptr<ConnectionHandler> handler;  // null for a refused connection

  std::string input;       // received bytes not yet consumed start at input_pos
  size_t input_pos = 0;
  std::string output;      // the handler appends here
  std::string sending;     // bytes handed to the kernel start at sending_pos
  size_t sending_pos = 0;

  int ops_in_flight = 0;   // receive and send requests still owed a final completion
  bool recv_armed = false;
  bool recv_cancel_sent = false;
  bool send_in_flight = false;
  bool read_paused = false;       // SetReadPaused: input is buffered, not fed
  bool close_after_write = false;  // handler verdict or refusal
  bool close_requested = false;   // CloseConnection: closed at the end of the pass
  bool closing = false;           // OnClose called; waiting for the last completions
  bool active = false;            // queued for this pass's flush
  uint32_t load_window = 0;       // the loop's load window it last sent input in

  size_t buffered_input() const { return input.size() - input_pos; }
  size_t unsent_output() const { return output.size() + sending.size() - sending_pos; }
  std::string_view pending_input() const {
    return std::string_view(input).substr(input_pos);
  }
  BufferSizes buffer_sizes() const {
    return {buffered_input(), HeapBytes(input), unsent_output(),
            HeapBytes(output) + HeapBytes(sending)};
  }

 private:
  // What `s` holds on the heap; its inline buffer (no allocation) counts as none.
  static size_t HeapBytes(const std::string& s) {
    return s.capacity() > std::string().capacity() ? s.capacity() : 0;
  }
};

}  // namespace ringdb::io
