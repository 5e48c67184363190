// CLIENT PAUSE: holds clients' commands until the pause ends, as Redis 7.0 does.
//
// A held client is parked, not blocked: its session leaves the command unconsumed in
// the connection's input and pauses reading, so its thread serves everyone else.
// When the pause ends (CLIENT UNPAUSE, or the deadline seen by a loop's cron) every
// parked connection is resumed on its own loop, which re-presents the held input.
// Checking costs one relaxed atomic load per command while no pause is set.
//
// Thread: any I/O thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

namespace ringdb::io {
class EventLoop;
}

namespace ringdb::engine {

struct CommandEntry;
class ClientState;

class ClientPause {
 public:
  // Pauses until `end_ms` (absolute): all commands, or only those that may write
  // (Redis's PAUSE WRITE: write and may-replicate commands, and EXEC of such).
  void Pause(int64_t end_ms, bool writes_only);
  // Ends the pause and resumes every parked client.
  void Unpause();
  // For the cron: ends a pause whose deadline has passed.
  void CheckDeadline(int64_t now_ms);

  // Whether `entry`, sent by `client` now, must wait for the pause to end.
  bool Holds(const CommandEntry& entry, const ClientState& client, int64_t now_ms) const {
    const int64_t end = end_ms_.load(std::memory_order_relaxed);
    return end != 0 && now_ms < end && HoldsSlow(entry, client);
  }
  // Stops reading from a client that was held; it is resumed when the pause ends
  // (at once if it already has: Unpause may have run since Holds).
  void Park(io::EventLoop* loop, uint64_t conn_id, int64_t now_ms);

  // Whether a pause is in force (lazy expiry keeps keys then; INFO; tests).
  bool active(int64_t now_ms) const {
    const int64_t end = end_ms_.load(std::memory_order_relaxed);
    return end != 0 && now_ms < end;
  }
  bool writes_only() const { return writes_only_.load(std::memory_order_relaxed); }

 private:
  bool HoldsSlow(const CommandEntry& entry, const ClientState& client) const;

  std::atomic<int64_t> end_ms_{0};  // 0: not paused
  std::atomic<bool> writes_only_{false};
  struct Parked {
    io::EventLoop* loop;
    uint64_t conn_id;
  };
  std::mutex mu_;  // guards parked_ and serializes Pause (the rare paths only)
  std::vector<Parked> parked_;
};

}  // namespace ringdb::engine
