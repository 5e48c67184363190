#include "engine/blocking.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>

#include "engine/client_state.h"
#include "engine/db_access.h"
#include "engine/errors.h"
#include "engine/keyspace.h"
#include "engine/server.h"
#include "io/event_loop.h"
#include "types/key_slot.h"
#include "types/number_format.h"

namespace ringdb::engine {
namespace {

std::atomic<int64_t> g_blocked_clients{0};

// Removes the waiters of `token` from the slot of `key`. REQUIRES: that slot locked.
void RemoveWaiters(Keyspace& keyspace, std::string_view key, const BlockToken* token) {
  Slot& slot = keyspace.slot(types::KeySlot(key));
  if (std::vector<Waiter>* waiters = slot.waiters()) {
    std::erase_if(*waiters, [&](const Waiter& w) { return w.token.get() == token; });
    slot.DropWaitersIfEmpty();
  }
}

// Wakes the first waiter of `key` not already woken: the one next in line after a
// client that left it. REQUIRES: the key's slot locked.
void WakeNext(Keyspace& keyspace, int db, std::string_view key) {
  Slot& slot = keyspace.slot(types::KeySlot(key));
  if (slot.waiters() != nullptr) blocking::WakeFirst(slot, db, key);
}

// Forgets the wait in the client's own state; the caller has removed the waiters.
void Release(ClientState& client) {
  BlockedState& b = *client.blocked;
  if (b.timer_id != 0 && client.loop() != nullptr) client.loop()->CancelTimer(b.timer_id);
  client.set_block_token(nullptr);
  client.blocked.reset();
  g_blocked_clients.fetch_sub(1, std::memory_order_relaxed);
}

// (Re)arms the deadline's timer. Re-armed at each wait: the loop's monotonic clock and
// the unix clock of deadlines may drift apart, so a timer may fire a little early.
void ArmTimer(ClientState& client, int64_t now_ms) {
  BlockedState& b = *client.blocked;
  if (b.deadline_ms == 0) return;
  if (b.timer_id != 0) client.loop()->CancelTimer(b.timer_id);
  std::shared_ptr<BlockToken> token = b.token;
  const int64_t delay = std::max<int64_t>(1, b.deadline_ms - now_ms);
  b.timer_id = client.loop()->AddTimer(static_cast<uint64_t>(delay), [token] { token->Wake(); });
}

// Registers a new wait of `client` on `keys` of `db`.
void Register(DbAccess& db, ClientState& client, std::span<const std::string_view> keys,
              int64_t deadline_ms) {
  auto b = std::make_unique<BlockedState>();
  b->token = std::make_shared<BlockToken>();
  b->token->loop = client.loop();
  b->token->conn_id = client.id();
  b->deadline_ms = deadline_ms;
  b->db = db.db();
  for (std::string_view key : keys) {
    // BLPOP k k waits once on k, as Redis's blocking keys dict holds each key once.
    if (std::find(b->keys.begin(), b->keys.end(), key) != b->keys.end()) continue;
    b->keys.emplace_back(key);
    db.keyspace().slot(types::KeySlot(key)).MutableWaiters().push_back(
        Waiter{b->db, std::string(key), b->token});
  }
  client.set_block_token(b->token);
  client.blocked = std::move(b);
  g_blocked_clients.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace

bool BlockToken::Wake() {
  if (woken.exchange(true, std::memory_order_acq_rel)) return false;
  // Posted to the client's loop from another thread; run in place on its own, where
  // it only marks the connection for this pass's flush.
  loop->SetReadPaused(conn_id, false);
  return true;
}

namespace blocking {

std::string Deadline(CommandContext& ctx, std::string_view timeout_arg, int64_t* deadline_ms) {
  if (ctx.client->blocked) {
    *deadline_ms = ctx.client->blocked->deadline_ms;
    return {};
  }
  long double seconds = 0;
  if (!types::ParseLongDouble(timeout_arg, &seconds)) return std::string(errors::kTimeoutNotFloat);
  // Redis 7.0 (since 7.0.8) rounds up to whole milliseconds, so a positive timeout
  // below 1 ms, or 0.001 whose product is 0.999..., still ends, and anything above
  // -1 ms rounds to 0 (wait forever) there too. The cast then turns anything out of
  // range into INT64_MIN on x86-64: such a timeout is reported as negative.
  const long double ms = std::ceil(seconds * 1000.0L);
  constexpr auto kMax = static_cast<long double>(std::numeric_limits<int64_t>::max());
  const int64_t tval = std::isfinite(ms) && ms < kMax && ms > -kMax
                           ? static_cast<int64_t>(ms)
                           : std::numeric_limits<int64_t>::min();
  if (tval < 0) return std::string(errors::kPositiveTimeout);
  const int64_t now = ctx.db->now_ms();
  // Redis 7.0 adds the time unchecked: a deadline past INT64_MAX never comes there,
  // so the client waits until woken, as with 0.
  if (tval > std::numeric_limits<int64_t>::max() - now) {
    *deadline_ms = 0;
    return {};
  }
  *deadline_ms = tval == 0 ? 0 : tval + now;
  return {};
}

bool IsRetry(const CommandContext& ctx) { return ctx.client->blocked != nullptr; }

bool YieldsToEarlier(const CommandContext& ctx) {
  const BlockedState* b = ctx.client->blocked.get();
  if (b == nullptr) return false;
  for (const std::string& key : b->keys) {
    const std::vector<Waiter>* waiters =
        ctx.db->keyspace().slot(types::KeySlot(key)).waiters();
    if (waiters == nullptr) continue;
    for (const Waiter& w : *waiters) {
      if (w.token == b->token) break;  // only those ahead in line count
      if (w.db == b->db && w.key == key && w.token->woken.load(std::memory_order_acquire)) {
        return true;
      }
    }
  }
  return false;
}

Outcome Wait(CommandContext& ctx, std::span<const std::string_view> keys, int64_t deadline_ms) {
  ClientState& client = *ctx.client;
  if (client.blocked) {
    const UnblockReason reason = client.blocked->token->unblock.load(std::memory_order_acquire);
    if (reason == UnblockReason::kError) return Outcome::kUnblocked;
    if (reason == UnblockReason::kTimeout) return Outcome::kTimedOut;
  }
  const bool may_wait = !client.in_exec && client.loop() != nullptr &&
                        (deadline_ms == 0 || ctx.db->now_ms() < deadline_ms);
  if (!may_wait) return Outcome::kTimedOut;
  if (client.blocked) {
    // Still registered, in place: only a new wake is allowed. Writers cannot touch
    // these keys before this command's locks are released.
    client.blocked->token->woken.store(false, std::memory_order_release);
  } else {
    Register(*ctx.db, client, keys, deadline_ms);
  }
  ArmTimer(client, ctx.db->now_ms());
  client.RequestBlock();
  client.loop()->SetReadPaused(client.id(), true);
  return Outcome::kWaiting;
}

void EndWait(Keyspace& keyspace, ClientState& client) {
  if (!client.blocked) return;
  for (const std::string& key : client.blocked->keys) {
    RemoveWaiters(keyspace, key, client.blocked->token.get());
    WakeNext(keyspace, client.blocked->db, key);
  }
  Release(client);
}

void WakeFirst(Slot& slot, int db, std::string_view key) {
  for (Waiter& w : *slot.waiters()) {
    if (w.db == db && w.key == key && w.token->Wake()) return;
  }
}

void WakeAll(Slot& slot) {
  if (std::vector<Waiter>* waiters = slot.waiters()) {
    for (Waiter& w : *waiters) w.token->Wake();
  }
}

void Forget(Server& server, ClientState& client) {
  if (!client.blocked) return;
  for (const std::string& key : client.blocked->keys) {
    Slot& slot = server.keyspace().slot(types::KeySlot(key));
    std::lock_guard lock(slot.lock());
    RemoveWaiters(server.keyspace(), key, client.blocked->token.get());
    WakeNext(server.keyspace(), client.blocked->db, key);
  }
  Release(client);
}

bool Unblock(ClientState& client, UnblockReason reason) {
  std::shared_ptr<BlockToken> token = client.block_token();
  if (token == nullptr) return false;
  UnblockReason none = UnblockReason::kNone;
  if (!token->unblock.compare_exchange_strong(none, reason, std::memory_order_acq_rel)) {
    return false;  // already released by an earlier CLIENT UNBLOCK
  }
  // Even if a key's wake is already on its way: the retry reads the reason first.
  token->woken.store(false, std::memory_order_release);
  token->Wake();
  return true;
}

int64_t BlockedClients() { return g_blocked_clients.load(std::memory_order_relaxed); }

}  // namespace blocking
}  // namespace ringdb::engine
