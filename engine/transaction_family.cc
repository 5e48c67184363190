// Transactions: MULTI, EXEC, DISCARD, WATCH, UNWATCH.
//
// The dispatcher queues commands inside MULTI (flagging multi_error when one cannot
// be queued) and runs the queue under the locks of all its keys (ExecQueued). What
// is left here is the client's state machine and WATCH: a watch is a Watch record in
// the key's slot pointing at the client's WatchFlag, which any write to the key
// through DbAccess sets.
#include <algorithm>
#include <memory>
#include <string>
#include <string_view>

#include "engine/client_state.h"
#include "engine/clock.h"
#include "engine/command_families.h"
#include "engine/command_registry.h"
#include "engine/db_access.h"
#include "engine/errors.h"
#include "engine/server.h"
#include "engine/session.h"
#include "types/key_slot.h"

namespace ringdb::engine {
namespace {

void CmdMulti(CmdArgs, CommandContext& ctx) {
  if (ctx.client->in_multi) {
    ctx.rb->SendError(errors::kMultiNested);
    return;
  }
  ctx.client->ClearMulti();  // an empty queue and no latched error
  ctx.client->in_multi = true;
  ctx.rb->SendOk();
}

// Whether a watched key holds an entry whose time has passed (Redis aborts EXEC for
// it even if no command has deleted it yet). Reads only: deleting here would count as
// a write to the key.
bool OpAnyWatchedKeyExpired(const ClientState& c, DbAccess& db) {
  bool expired = false;
  for (const auto& watched : c.watched) {
    // Not a structured binding: clang 14 (the fuzz build's) cannot capture one.
    const auto& key = watched.second;
    db.VisitSlot(types::KeySlot(key), [&](Slot& slot) {
      types::KeyTable* table = slot.table(watched.first);
      if (table == nullptr) return;
      const types::Entry* e = table->Find(key, types::KeyTable::Hash(key));
      if (e && e->has_expire() && e->expire_ms() < db.now_ms()) expired = true;
    });
    if (expired) return true;
  }
  return false;
}

bool WatchBroken(const ClientState& c, DbAccess& db) {
  if (!c.watch_flag) return false;
  if (c.watch_flag->dirty.load(std::memory_order_acquire)) return true;
  return OpAnyWatchedKeyExpired(c, db);
}

void CmdExec(CmdArgs, CommandContext& ctx) {
  ClientState& c = *ctx.client;
  if (!c.in_multi) {
    ctx.rb->SendError(errors::kExecWithoutMulti);
    return;
  }
  if (c.multi_error) {
    c.ClearMulti();
    UnwatchAll(*ctx.server, c);
    ctx.rb->SendError(errors::kExecAbort);
    return;
  }
  DbAccess fallback(&ctx.server->keyspace(), c.db(), NowMs());
  DbAccess& db = ctx.db ? *ctx.db : fallback;
  if (WatchBroken(c, db)) {
    c.ClearMulti();
    UnwatchAll(*ctx.server, c);
    ctx.rb->SendNullArray();
    return;
  }
  // Watches are dropped after the queue ran: its own writes must not matter, and
  // dropping them first would need the slot locks ExecQueued takes.
  ctx.server->dispatcher().ExecQueued(c, *ctx.rb);
  UnwatchAll(*ctx.server, c);
}

void CmdDiscard(CmdArgs, CommandContext& ctx) {
  if (!ctx.client->in_multi) {
    ctx.rb->SendError(errors::kDiscardWithoutMulti);
    return;
  }
  ctx.client->ClearMulti();
  UnwatchAll(*ctx.server, *ctx.client);
  ctx.rb->SendOk();
}

// The dispatcher holds the slots of every key (WATCH declares its keys).
void OpWatch(ClientState& c, DbAccess& db, std::string_view key) {
  int dbi = db.db();
  auto same = [&](const std::pair<int, std::string>& w) { return w.first == dbi && w.second == key; };
  if (std::any_of(c.watched.begin(), c.watched.end(), same)) return;
  db.VisitSlot(types::KeySlot(key), [&](Slot& slot) {
    slot.MutableWatches().push_back(Watch{dbi, std::string(key), c.watch_flag});
  });
  c.watched.emplace_back(dbi, std::string(key));
}

void CmdWatch(CmdArgs args, CommandContext& ctx) {
  ClientState& c = *ctx.client;
  if (c.in_multi) {
    ctx.rb->SendError(errors::kWatchInMulti);
    return;
  }
  if (!c.watch_flag) c.watch_flag = std::make_shared<WatchFlag>();
  for (size_t i = 1; i < args.size(); ++i) OpWatch(c, *ctx.db, args[i]);
  ctx.rb->SendOk();
}

void CmdUnwatch(CmdArgs, CommandContext& ctx) {
  UnwatchAll(*ctx.server, *ctx.client);
  ctx.rb->SendOk();
}

}  // namespace

void RegisterTransactionFamily(CommandRegistry* r) {
  r->Register("multi", &CmdMulti, kOptNotQueued);
  r->Register("exec", &CmdExec, kOptNotQueued);
  r->Register("discard", &CmdDiscard, kOptNotQueued);
  r->Register("watch", &CmdWatch, kOptNotQueued);
  r->Register("unwatch", &CmdUnwatch, kOptNotQueued);
}

}  // namespace ringdb::engine
