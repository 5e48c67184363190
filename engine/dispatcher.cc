#include "engine/dispatcher.h"

#include <algorithm>

#include "engine/blocking.h"
#include "engine/client_state.h"
#include "engine/clock.h"
#include "engine/command_spec.h"
#include "engine/command_stats.h"
#include "engine/db_access.h"
#include "engine/errors.h"
#include "engine/key_extraction.h"
#include "engine/server.h"
#include "engine/session.h"
#include "engine/stats.h"
#include "types/ascii.h"
#include "types/key_slot.h"

namespace ringdb::engine {
namespace {

bool ArityOk(int arity, size_t argc) {
  return arity >= 0 ? argc == static_cast<size_t>(arity) : argc >= static_cast<size_t>(-arity);
}

// Locks the given slots (sorted ascending) for one scope; all of them when `all`.
class SlotLocks {
 public:
  SlotLocks(Keyspace& ks, const std::vector<uint16_t>& slots, bool all)
      : ks_(ks), slots_(slots), all_(all) {
    if (all_) {
      ks_.LockAll();
    } else {
      for (uint16_t s : slots_) ks_.slot(s).lock().lock();
    }
  }
  ~SlotLocks() {
    if (all_) {
      ks_.UnlockAll();
    } else {
      for (auto it = slots_.rbegin(); it != slots_.rend(); ++it) ks_.slot(*it).lock().unlock();
    }
  }
  SlotLocks(const SlotLocks&) = delete;
  SlotLocks& operator=(const SlotLocks&) = delete;

 private:
  Keyspace& ks_;
  const std::vector<uint16_t>& slots_;
  bool all_;
};

void SortUniqueSlow(std::vector<uint16_t>* v) {
  std::sort(v->begin(), v->end());
  v->erase(std::unique(v->begin(), v->end()), v->end());
}

// Inline for the single-key case, which needs nothing done.
inline void SortUnique(std::vector<uint16_t>* v) {
  if (v->size() > 1) SortUniqueSlow(v);
}

}  // namespace

const CommandEntry* Dispatcher::Resolve(CmdArgs args, std::string* error) const {
  const CommandEntry* entry = registry_->Find(args[0]);
  if (entry == nullptr) {
    *error = errors::UnknownCommand(args[0], args.data() + 1, args.size() - 1);
    return nullptr;
  }
  if (entry->is_container && args.size() >= 2) {
    const CommandEntry* sub = registry_->FindSub(*entry, args[1]);
    if (sub == nullptr) {
      *error = errors::UnknownSubcommand(args[1], entry->fullname);
      return nullptr;
    }
    entry = sub;
  }
  if (!ArityOk(entry->spec->arity, args.size())) {
    *error = errors::WrongArity(entry->fullname);
    return nullptr;
  }
  return entry;
}

bool Dispatcher::CollectSlots(const CommandEntry& entry, CmdArgs args, ClientState& client,
                              std::vector<uint16_t>* slots, DbAccess* db) const {
  if (entry.options & kOptLockAll) return false;
  if (entry.needs_barrier != nullptr && entry.needs_barrier(args)) return false;
  auto add = [&](std::string_view key) {
    const PipelinePrefetcher::KeyHint* hint = client.prefetch.HintFor(key);
    uint16_t slot = hint ? hint->slot : types::KeySlot(key);
    slots->push_back(slot);
    if (db != nullptr) db->set_key_hint(key, slot, hint ? &hint->hash : nullptr);
  };
  if (entry.legacy_range_keys) {
    ForEachLegacyRangeKey(*entry.spec, static_cast<int>(args.size()),
                          [&](int p) { add(args[p]); });
    return true;
  }
  std::vector<int>& positions = client.scratch_key_positions;
  positions.clear();
  if (ExtractKeyPositions(*entry.spec, args, &positions)) {
    for (int p : positions) add(args[p]);
  }
  return true;
}

int64_t Dispatcher::Run(const CommandEntry& entry, CmdArgs args, ClientState& client,
                        protocol::ReplyBuilder& rb, DbAccess& db, int64_t start_us) {
  client.set_last_command(entry.fullname.c_str());
  ThreadStats::Add(LocalStats().commands, 1);
  CommandContext ctx{&rb, &client, server_, &db, entry.spec};
  db.set_db(client.db());
  std::string* out = rb.buffer();
  size_t reply_start = out->size();
  entry.handler(args, ctx);
  const int64_t end_us = NowUs();
  // A command that waits (engine/blocking.h) is counted once, by the run that ends
  // its wait; any other run ends whatever wait the client had.
  if (client.block_requested()) return end_us;
  blocking::EndWait(server_->keyspace(), client);
  const int64_t usec = end_us - start_us;
  bool failed = out->size() > reply_start && (*out)[reply_start] == '-';
  RecordCommand(entry, usec, failed);
  if (SlowlogWants(usec)) SlowlogAdd(args, usec, client.peer(), client.name());
  return end_us;
}

bool Dispatcher::Execute(CmdArgs args, ClientState& client, protocol::ReplyBuilder& rb,
                         BatchClock* clock) {
  // One clock read serves idle tracking, expiry checks and the command's duration.
  const int64_t start_us = clock != nullptr && clock->now_us != 0 ? clock->now_us : NowUs();
  if (clock != nullptr) clock->now_us = 0;  // only a command that ran leaves a reading
  client.set_last_interaction_ms(start_us / 1000);
  std::string error;
  const CommandEntry* entry = Resolve(args, &error);
  if (entry == nullptr) {
    if (client.in_multi) {
      client.multi_error = true;
      // A malformed EXEC ends the transaction it belongs to (Redis's execCommandAbort).
      if (types::EqualsNoCase(args[0], "exec")) {
        client.ClearMulti();
        UnwatchAll(*server_, client);
        std::string_view reason = error;
        if (reason.starts_with("ERR ")) reason.remove_prefix(4);
        error = "EXECABORT Transaction discarded because of: " + std::string(reason);
      }
    }
    rb.SendError(error);
    return true;
  }
  // Before queueing, as Redis does: a write inside MULTI waits out PAUSE WRITE too.
  if (client.loop() != nullptr && server_->pause().Holds(*entry, client, start_us / 1000)) {
    server_->pause().Park(client.loop(), client.id(), start_us / 1000);
    return false;
  }
  if (client.in_multi && !(entry->options & kOptNotQueued)) {
    Queue(*entry, args, client, rb);
    return true;
  }
  DbAccess db(&server_->keyspace(), client.db(), start_us / 1000);
  db.set_keep_expired(server_->pause().active(start_us / 1000));
  std::vector<uint16_t>& slots = client.scratch_slots;
  slots.clear();
  bool all = !CollectSlots(*entry, args, client, &slots, &db);
  SortUnique(&slots);
  db.set_locked_slots(&slots, all);
  SlotLocks locks(server_->keyspace(), slots, all);
  const int64_t end_us = Run(*entry, args, client, rb, db, start_us);
  if (clock != nullptr) clock->now_us = end_us;
  // A waiting command stays unconsumed: the client is parked until it is woken.
  return !client.TakeBlockRequest();
}

void Dispatcher::Queue(const CommandEntry& entry, CmdArgs args, ClientState& client,
                       protocol::ReplyBuilder& rb) {
  ClientState::Queued q;
  q.args.assign(args.begin(), args.end());
  q.entry = &entry;
  client.Enqueue(std::move(q));
  rb.SendSimpleString("QUEUED");
}

void Dispatcher::ExecQueued(ClientState& client, protocol::ReplyBuilder& rb) {
  std::vector<ClientState::Queued> queued = client.TakeQueued();
  client.ClearMulti();

  std::vector<std::vector<std::string_view>> argvs(queued.size());
  // Not the client's scratch list: EXEC's own Execute frame still holds that one.
  std::vector<uint16_t> slots;
  bool all = false;
  for (size_t i = 0; i < queued.size(); ++i) {
    argvs[i].assign(queued[i].args.begin(), queued[i].args.end());
    all |= !CollectSlots(*queued[i].entry, argvs[i], client, &slots, nullptr);
    all |= (queued[i].entry->options & kOptWalksKeyspace) != 0;
  }
  SortUnique(&slots);
  // Like Redis, every command of the transaction sees the same time.
  const int64_t now_us = NowUs();
  DbAccess db(&server_->keyspace(), client.db(), now_us / 1000);
  db.set_keep_expired(server_->pause().active(now_us / 1000));
  db.set_locked_slots(&slots, all);
  SlotLocks locks(server_->keyspace(), slots, all);
  rb.SendArrayLen(queued.size());
  int64_t start_us = now_us;  // each command starts when the one before it ended
  client.in_exec = true;  // blocking commands answer at once instead of waiting
  for (size_t i = 0; i < queued.size(); ++i) {
    start_us = Run(*queued[i].entry, argvs[i], client, rb, db, start_us);
  }
  client.in_exec = false;
}

}  // namespace ringdb::engine
