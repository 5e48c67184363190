// Blocking commands (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP, BZPOPMIN, BZPOPMAX,
// BZMPOP): a client whose command finds nothing to serve waits until a write to one
// of its keys, its timeout, CLIENT UNBLOCK or its own disconnection.
//
// How it works. The command registers a Waiter for each of its keys in that key's
// slot (under the lock the command already holds) and the dispatcher parks the
// client: its loop stops feeding it input, so the command stays unconsumed, while the
// socket is still read (a client that hangs up is forgotten at once). Every write to
// a key ends in DbAccess::Touched, which wakes the first waiter of that key not
// already woken, through the waiter's own loop; the loop feeds the command again and
// it runs from the top: it serves, times out, or waits again in the same place in
// line. One wake per write, in the order clients blocked, so N waiters and one push
// cost one retry, not N. No thread waits and no lock is held while a client waits.
//
// Against Redis 7.0: Redis hands a pushed element to the first blocked client before
// any other command runs. Here the woken client runs again on its own thread, so a
// client that is not blocked may pop the element first; the woken client then waits
// again at the head of the line. Timeouts are exact to the millisecond (Redis's
// depend on its cron), and a client's place in line survives a lost race.
//
// Thread: all functions taking a CommandContext run on the client's own thread, with
// the command's slots locked.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/command.h"

namespace ringdb::io {
class EventLoop;
}

namespace ringdb::engine {

class ClientState;
class Keyspace;
class Server;
class Slot;

enum class UnblockReason : uint8_t { kNone, kTimeout, kError };

// What a blocked client and its waiters share: how to wake it, whether a wake is on
// its way, and why CLIENT UNBLOCK ended the wait. Any thread.
struct BlockToken {
  io::EventLoop* loop = nullptr;
  uint64_t conn_id = 0;
  std::atomic<bool> woken{false};
  std::atomic<UnblockReason> unblock{UnblockReason::kNone};

  // Wakes the client unless a wake is already on its way; true if this call woke it.
  bool Wake();
};

// A blocked client's own record of its wait (in ClientState).
struct BlockedState {
  std::shared_ptr<BlockToken> token;
  int64_t deadline_ms = 0;  // unix ms; 0: waits forever
  uint64_t timer_id = 0;    // the loop timer for the deadline, 0 if none
  int db = 0;
  std::vector<std::string> keys;
};

namespace blocking {

// Reads a blocking command's timeout (seconds, fractions allowed; 0 waits forever)
// into the absolute deadline of its wait, as Redis's getTimeoutFromObjectOrReply
// does. A command running again after waiting keeps the deadline it first had.
// Returns the error to reply, or empty.
std::string Deadline(CommandContext& ctx, std::string_view timeout_arg, int64_t* deadline_ms);

// Whether this run is a retry after waiting. Redis leaves a client blocked when its
// key turns into another type meanwhile, so a retry skips such keys instead of
// answering WRONGTYPE as the first run does.
bool IsRetry(const CommandContext& ctx);

// Whether a retry must wait again before serving, so that clients are served in the
// order they blocked: a waiter ahead of this client on one of its keys has been woken
// and has not run yet (the element the write made ready is that waiter's). The waiter
// ahead, once it ends its wait, wakes the next in line (EndWait, Forget).
// REQUIRES: the slots of the client's keys are locked.
bool YieldsToEarlier(const CommandContext& ctx);

enum class Outcome {
  kWaiting,   // the client is parked: send no reply
  kTimedOut,  // send the command's timeout reply (a null)
  kUnblocked  // CLIENT UNBLOCK ... ERROR: send errors::kUnblocked
};

// For a blocking command that found nothing to serve: parks the client on `keys`
// until `deadline_ms`, unless it may not wait (inside MULTI/EXEC, past its deadline,
// no loop to park on, or released by CLIENT UNBLOCK). A command that serves or fails
// need not say so: the dispatcher ends the wait of any run that did not wait again.
// REQUIRES: the slots of `keys` are locked (they are the command's keys).
Outcome Wait(CommandContext& ctx, std::span<const std::string_view> keys, int64_t deadline_ms);

// Ends `client`'s wait, if it has one (the dispatcher, after a run that did not wait
// again), and wakes the next waiter of each of its keys, which may have yielded to it.
// REQUIRES: the slots of the keys it waited on are locked.
void EndWait(Keyspace& keyspace, ClientState& client);

// Wakes the first waiter of (db, key) in `slot` that is not already woken. Called for
// every write (DbAccess::Touched). REQUIRES: slot locked.
void WakeFirst(Slot& slot, int db, std::string_view key);
// Wakes every waiter of `slot` (SWAPDB: any key may have become ready).
void WakeAll(Slot& slot);

// Drops a disconnecting client's waiters and timer. Client's thread; locks the slots.
void Forget(Server& server, ClientState& client);

// CLIENT UNBLOCK: releases a blocked client for `reason`; false if it was not blocked.
// Any thread.
bool Unblock(ClientState& client, UnblockReason reason);

// Clients waiting now, all threads (INFO blocked_clients).
int64_t BlockedClients();

}  // namespace blocking
}  // namespace ringdb::engine
