// Runs commands: resolves the name to a handler, checks arity, finds the keys from the
// command's key specs, locks their slots in ascending order, calls the handler and
// unlocks. MULTI queueing and EXEC go through the same locking, so a transaction is
// atomic and isolated with the same mechanism as a multi-key command.
//
// Thread: any I/O thread; holds no state of its own between calls.
#pragma once

#include <string>
#include <vector>

#include "engine/command.h"
#include "engine/command_registry.h"

namespace ringdb::engine {

// A clock reading carried from the end of one command to the start of the next in
// the same batch of pipelined requests: back to back, one read serves both (a
// clock_gettime is ~27 ns on this VM, ~3% of a pipelined GET).
struct BatchClock {
  int64_t now_us = 0;  // 0: none yet, read the clock
};

class Dispatcher {
 public:
  Dispatcher(Server* server, const CommandRegistry* registry)
      : server_(server), registry_(registry) {}

  // Executes (or, inside MULTI, queues) one request; args[0] is the command name.
  // Returns false when CLIENT PAUSE holds it: nothing ran, nothing was replied, and
  // the caller must present the same request again once the client is resumed.
  // With `clock`, a reading left there by the previous command of the batch serves
  // as this one's start, and this one leaves its end time there.
  bool Execute(CmdArgs args, ClientState& client, protocol::ReplyBuilder& rb,
               BatchClock* clock = nullptr);

  // Runs the client's queued transaction under the locks of all its keys; replies
  // with the array of results. The caller has already checked EXECABORT and WATCH.
  void ExecQueued(ClientState& client, protocol::ReplyBuilder& rb);

  // The entry for `args`, or nullptr with *error set to Redis's reply text.
  const CommandEntry* Resolve(CmdArgs args, std::string* error) const;

  const CommandRegistry& registry() const { return *registry_; }

 private:
  // Appends the slots of the keys of `args` to *slots (and, with `db`, hints them to
  // it); false when the command must lock everything (kOptLockAll, needs_barrier).
  bool CollectSlots(const CommandEntry& entry, CmdArgs args, ClientState& client,
                    std::vector<uint16_t>* slots, DbAccess* db) const;
  // `start_us` is when the command began, for its duration in the stats and slowlog.
  // Returns when it ended.
  int64_t Run(const CommandEntry& entry, CmdArgs args, ClientState& client,
              protocol::ReplyBuilder& rb, DbAccess& db, int64_t start_us);
  void Queue(const CommandEntry& entry, CmdArgs args, ClientState& client,
             protocol::ReplyBuilder& rb);

  Server* server_;
  const CommandRegistry* registry_;
};

}  // namespace ringdb::engine
