#include "engine/client_pause.h"

#include <algorithm>

#include "engine/client_state.h"
#include "engine/command_registry.h"
#include "engine/command_spec.h"
#include "io/event_loop.h"

namespace ringdb::engine {
namespace {

bool MayWrite(const CommandSpec& spec) {
  return (spec.flags & (kCmdWrite | kCmdMayReplicate)) != 0;
}

}  // namespace

void ClientPause::Pause(int64_t end_ms, bool writes_only) {
  // Redis keeps the stricter mode and the later deadline of overlapping pauses; the
  // lock makes two concurrent PAUSEs combine instead of interleaving.
  std::lock_guard lock(mu_);
  const int64_t current = end_ms_.load(std::memory_order_relaxed);
  const bool in_force = current != 0;
  writes_only_.store(in_force ? writes_only && writes_only_.load(std::memory_order_relaxed)
                              : writes_only,
                     std::memory_order_relaxed);
  end_ms_.store(in_force ? std::max(current, end_ms) : end_ms, std::memory_order_relaxed);
}

void ClientPause::Unpause() {
  end_ms_.store(0, std::memory_order_relaxed);
  std::vector<Parked> parked;
  {
    std::lock_guard lock(mu_);
    parked.swap(parked_);
  }
  // SetReadPaused posts to the connection's own loop when called from another.
  for (const Parked& p : parked) p.loop->SetReadPaused(p.conn_id, false);
}

void ClientPause::CheckDeadline(int64_t now_ms) {
  const int64_t end = end_ms_.load(std::memory_order_relaxed);
  if (end != 0 && now_ms >= end) Unpause();
}

bool ClientPause::HoldsSlow(const CommandEntry& entry, const ClientState& client) const {
  if (!writes_only_.load(std::memory_order_relaxed)) return true;
  if (MayWrite(*entry.spec)) return true;
  if (entry.fullname != "exec") return false;
  for (const ClientState::Queued& q : client.queued()) {
    if (MayWrite(*q.entry->spec)) return true;
  }
  return false;
}

void ClientPause::Park(io::EventLoop* loop, uint64_t conn_id, int64_t now_ms) {
  loop->SetReadPaused(conn_id, true);
  {
    // Under the lock, Unpause has either not swapped the list yet (it will see this
    // entry) or has already cleared end_ms_ (seen here).
    std::lock_guard lock(mu_);
    if (active(now_ms)) {
      parked_.push_back({loop, conn_id});
      return;
    }
  }
  loop->SetReadPaused(conn_id, false);
}

}  // namespace ringdb::engine
