// Per-connection state the engine keeps: selected database, protocol version, name,
// transaction queue, watched keys, reply mode.
//
// Thread: owned by the connection's thread. The fields CLIENT LIST shows about other
// connections (db, name, last command, timestamps, buffer sizes, MULTI memory) are
// published through atomics or under `info_mu` so another thread may read them.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/blocking.h"
#include "engine/keyspace.h"
#include "engine/pipeline_prefetch.h"
#include "io/connection_handler.h"

namespace ringdb::io {
class EventLoop;
}

namespace ringdb::engine {

struct CommandEntry;

enum class ReplyMode : uint8_t { kOn, kOff, kSkip };

class ClientState {
 public:
  // `fd` is the connection's socket, for CLIENT LIST (-1 where there is none).
  ClientState(uint64_t id, std::string peer, std::string local, io::EventLoop* loop,
              int64_t now_ms, int fd = -1)
      : id_(id), peer_(std::move(peer)), local_(std::move(local)), loop_(loop),
        created_ms_(now_ms), fd_(fd), last_interaction_ms_(now_ms) {}

  uint64_t id() const { return id_; }
  int fd() const { return fd_; }
  const std::string& peer() const { return peer_; }
  const std::string& local() const { return local_; }
  io::EventLoop* loop() const { return loop_; }
  int64_t created_ms() const { return created_ms_; }

  int db() const { return db_.load(std::memory_order_relaxed); }
  void set_db(int db) { db_.store(db, std::memory_order_relaxed); }
  int resp() const { return resp_; }
  void set_resp(int v) { resp_ = v; }

  std::string name() const {
    std::lock_guard lock(info_mu_);
    return name_;
  }
  void set_name(std::string_view name) {
    std::lock_guard lock(info_mu_);
    name_ = name;
  }
  std::pair<std::string, std::string> lib() const {
    std::lock_guard lock(info_mu_);
    return {lib_name_, lib_ver_};
  }
  void set_lib_name(std::string_view v) {
    std::lock_guard lock(info_mu_);
    lib_name_ = v;
  }
  void set_lib_ver(std::string_view v) {
    std::lock_guard lock(info_mu_);
    lib_ver_ = v;
  }

  // The connection's buffers as of its last loop pass, published for other threads'
  // CLIENT LIST. Raises the output peak. Owner thread only.
  void set_buffer_sizes(const io::BufferSizes& sizes) {
    input_bytes_.store(sizes.input_bytes, std::memory_order_relaxed);
    input_capacity_.store(sizes.input_capacity, std::memory_order_relaxed);
    output_bytes_.store(sizes.output_bytes, std::memory_order_relaxed);
    output_capacity_.store(sizes.output_capacity, std::memory_order_relaxed);
    // One writer: a plain load and store suffice.
    if (sizes.output_bytes > output_peak_bytes_.load(std::memory_order_relaxed)) {
      output_peak_bytes_.store(sizes.output_bytes, std::memory_order_relaxed);
    }
  }
  io::BufferSizes buffer_sizes() const {
    return {input_bytes_.load(std::memory_order_relaxed),
            input_capacity_.load(std::memory_order_relaxed),
            output_bytes_.load(std::memory_order_relaxed),
            output_capacity_.load(std::memory_order_relaxed)};
  }
  // The most unsent output seen since the last ResetOutputPeak (CLIENT LIST's rbp).
  size_t output_peak_bytes() const { return output_peak_bytes_.load(std::memory_order_relaxed); }
  // Called by the loop's client cron, as Redis resets buf_peak every 5 s: the peak
  // starts again from what is unsent now. Owner thread only.
  void ResetOutputPeak() {
    output_peak_bytes_.store(output_bytes_.load(std::memory_order_relaxed),
                             std::memory_order_relaxed);
  }

  int64_t last_interaction_ms() const {
    return last_interaction_ms_.load(std::memory_order_relaxed);
  }
  void set_last_interaction_ms(int64_t ms) {
    last_interaction_ms_.store(ms, std::memory_order_relaxed);
  }
  // The full name of the last command ("client|list"), for CLIENT LIST's cmd=.
  std::string_view last_command() const {
    const char* c = last_command_.load(std::memory_order_relaxed);
    return c ? c : "NULL";
  }
  void set_last_command(const char* fullname) {
    last_command_.store(fullname, std::memory_order_relaxed);
  }

  ReplyMode reply_mode() const { return reply_mode_; }
  void set_reply_mode(ReplyMode m) { reply_mode_ = m; }

  // Asked to close once the reply is written (QUIT, CLIENT KILL of itself).
  bool close_requested() const { return close_requested_; }
  void RequestClose() { close_requested_ = true; }

  // Killed by another client (CLIENT KILL): checked by the owning thread.
  std::atomic<bool> killed{false};

  // MULTI state.
  struct Queued {
    std::vector<std::string> args;
    const CommandEntry* entry;
  };
  // Reused by the dispatcher for each command's slots and key positions (no
  // allocation per command). EXEC, which nests inside a command, uses its own.
  std::vector<uint16_t> scratch_slots;
  std::vector<int> scratch_key_positions;
  PipelinePrefetcher prefetch;
  bool in_multi = false;
  bool multi_error = false;  // a command failed to queue: EXEC answers EXECABORT
  // The queue changes only through Enqueue and TakeQueued, so multi_arg_bytes follows.
  const std::vector<Queued>& queued() const { return queued_; }
  void Enqueue(Queued q) {
    size_t bytes = multi_arg_bytes_.load(std::memory_order_relaxed);
    for (const std::string& arg : q.args) bytes += arg.size();
    multi_arg_bytes_.store(bytes, std::memory_order_relaxed);
    queued_.push_back(std::move(q));
  }
  // Empties the queue, handing it to EXEC; MULTI state is left to ClearMulti.
  std::vector<Queued> TakeQueued() {
    multi_arg_bytes_.store(0, std::memory_order_relaxed);
    return std::exchange(queued_, {});
  }
  // Argument bytes of the queued commands (CLIENT LIST's multi-mem); any thread.
  size_t multi_arg_bytes() const { return multi_arg_bytes_.load(std::memory_order_relaxed); }
  // Leaves MULTI state (EXEC, DISCARD, RESET, an aborted EXEC); WATCHes are separate.
  void ClearMulti() {
    in_multi = false;
    multi_error = false;
    TakeQueued();
  }

  // Blocking commands (engine/blocking.h). `blocked` is set while the client waits
  // for keys; owner thread only.
  std::unique_ptr<BlockedState> blocked;
  // Set by blocking::Wait for the dispatcher: the command waits, park the client.
  void RequestBlock() { block_requested_ = true; }
  bool TakeBlockRequest() { return std::exchange(block_requested_, false); }
  bool block_requested() const { return block_requested_; }
  // The wait's token, published for CLIENT UNBLOCK on other threads.
  std::shared_ptr<BlockToken> block_token() const {
    std::lock_guard lock(info_mu_);
    return block_token_;
  }
  void set_block_token(std::shared_ptr<BlockToken> token) {
    std::lock_guard lock(info_mu_);
    block_token_ = std::move(token);
  }
  // Whether the client waits now, for other threads (CLIENT LIST's "b" flag).
  bool is_blocked() const { return block_token() != nullptr; }
  // True while EXEC runs the queued commands: blocking commands then never wait.
  bool in_exec = false;

  // WATCH state: keys watched and the flag writers set.
  std::vector<std::pair<int, std::string>> watched;
  std::shared_ptr<WatchFlag> watch_flag;

  // Connection-level flags for CLIENT LIST (e.g. "x" in MULTI), as seen by the client
  // itself (`self`) or by another.
  std::string FlagsString(bool self) const;

 private:
  const uint64_t id_;
  const std::string peer_;
  const std::string local_;
  io::EventLoop* const loop_;
  const int64_t created_ms_;
  const int fd_;
  std::atomic<int> db_{0};
  int resp_ = 2;
  std::atomic<int64_t> last_interaction_ms_;
  std::atomic<size_t> input_bytes_{0};
  std::atomic<size_t> input_capacity_{0};
  std::atomic<size_t> output_bytes_{0};
  std::atomic<size_t> output_capacity_{0};
  std::atomic<size_t> output_peak_bytes_{0};
  std::vector<Queued> queued_;
  std::atomic<size_t> multi_arg_bytes_{0};
  std::atomic<const char*> last_command_{nullptr};
  ReplyMode reply_mode_ = ReplyMode::kOn;
  bool close_requested_ = false;
  bool block_requested_ = false;
  mutable std::mutex info_mu_;
  std::string name_;
  std::string lib_name_;
  std::string lib_ver_;
  std::shared_ptr<BlockToken> block_token_;
};

}  // namespace ringdb::engine
