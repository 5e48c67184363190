// Server commands: TIME, INFO, LASTSAVE, ROLE, LOLWUT, SHUTDOWN, MEMORY, SLOWLOG,
// LATENCY and DEBUG. CONFIG, COMMAND and CLIENT have files of their own
// (config_family.cc, command_family.cc, client_family.cc).
#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <initializer_list>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "alloc/memory.h"
#include "engine/client_state.h"
#include "engine/clock.h"
#include "engine/command_families.h"
#include "engine/command_registry.h"
#include "engine/command_stats.h"
#include "engine/config.h"
#include "engine/config_loader.h"
#include "engine/db_access.h"
#include "engine/errors.h"
#include "engine/info.h"
#include "engine/keys_args.h"
#include "engine/server.h"
#include "types/entry.h"
#include "types/key_slot.h"
#include "types/number_format.h"

namespace ringdb::engine {
namespace {

using keyargs::EqualsNoCase;
using types::Entry;

void SendHelp(protocol::ReplyBuilder* rb, std::initializer_list<std::string_view> lines) {
  rb->SendArrayLen(lines.size());
  for (std::string_view l : lines) rb->SendSimpleString(l);
}

void SendUnknownSub(CommandContext& ctx, std::string_view sub, std::string_view container) {
  ctx.rb->SendError(errors::UnknownSubcommand(sub, container));
}

// ---- TIME, INFO, LASTSAVE, ROLE, LOLWUT -------------------------------------------------

void CmdTime(CmdArgs, CommandContext& ctx) {
  int64_t us = NowUs();
  ctx.rb->SendArrayLen(2);
  ctx.rb->SendBulk(std::to_string(us / 1000000));
  ctx.rb->SendBulk(std::to_string(us % 1000000));
}

void CmdInfo(CmdArgs args, CommandContext& ctx) {
  ctx.rb->SendVerbatim(InfoString(*ctx.server, *ctx.db, args.subspan(1)));
}

// No snapshot has been taken by this process: the start time, as Redis reports
// before its first save.
void CmdLastSave(CmdArgs, CommandContext& ctx) {
  ctx.rb->SendLong(ctx.server->start_ms() / 1000);
}

void CmdRole(CmdArgs, CommandContext& ctx) {
  ctx.rb->SendArrayLen(3);
  ctx.rb->SendBulk("master");
  ctx.rb->SendLong(0);
  ctx.rb->SendArrayLen(0);
}

void CmdLolwut(CmdArgs, CommandContext& ctx) {
  ctx.rb->SendVerbatim("ringdb ver. " + std::string(kRingdbVersion) +
                       " (Redis 7.0 compatible)\n");
}

// ---- SHUTDOWN ----------------------------------------------------------------------------

// SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]. There is no snapshot to wait for, so
// NOW and FORCE change nothing and there is never a shutdown in progress to abort.
// On success the connection closes without a reply, as the Redis process exits.
void CmdShutdown(CmdArgs args, CommandContext& ctx) {
  bool nosave = false, save = false, abort = false, other = false;
  for (size_t i = 1; i < args.size(); ++i) {
    if (EqualsNoCase(args[i], "nosave")) {
      nosave = true;
    } else if (EqualsNoCase(args[i], "save")) {
      save = true;
    } else if (EqualsNoCase(args[i], "now") || EqualsNoCase(args[i], "force")) {
      other = true;
    } else if (EqualsNoCase(args[i], "abort")) {
      abort = true;
    } else {
      ctx.rb->SendError(errors::kSyntax);
      return;
    }
  }
  if ((nosave && save) || (abort && (nosave || save || other))) {
    ctx.rb->SendError(errors::kSyntax);
    return;
  }
  if (abort) {
    ctx.rb->SendError(errors::kNoShutdownInProgress);
    return;
  }
  ctx.server->RequestShutdown(nosave ? ShutdownMode::kNoSave
                                     : save ? ShutdownMode::kSave : ShutdownMode::kDefault);
  ctx.rb->set_muted(true);
  ctx.client->RequestClose();
}

// ---- MEMORY ------------------------------------------------------------------------------

// The entry's block, its value object with all that it owns, and the key's share of
// the slot table's cells. SAMPLES is accepted and ignored: every value keeps an exact
// count of its bytes, so nothing needs sampling.
OpResult<int64_t> OpMemoryUsage(DbAccess& db, std::string_view key) {
  const Entry* e = db.Find(key, LookupMode::kNoTouch);
  if (e == nullptr) return OpStatus::kKeyNotFound;
  int64_t bytes = static_cast<int64_t>(e->MemoryUsage());
  const types::KeyTable* t = db.keyspace().slot(types::KeySlot(key)).table(db.db());
  if (t != nullptr && t->size() > 0) bytes += static_cast<int64_t>(t->TableBytes() / t->size());
  return bytes;
}

void CmdMemoryUsage(CmdArgs args, CommandContext& ctx) {
  for (size_t i = 3; i < args.size(); i += 2) {
    int64_t samples = 0;
    if (!EqualsNoCase(args[i], "samples") || i + 1 >= args.size()) {
      ctx.rb->SendError(errors::kSyntax);
      return;
    }
    if (!types::ParseInt64(args[i + 1], &samples)) {
      ctx.rb->SendError(errors::kNotInteger);
      return;
    }
    if (samples < 0) {
      ctx.rb->SendError(errors::kSyntax);
      return;
    }
  }
  OpResult<int64_t> r = OpMemoryUsage(*ctx.db, args[2]);
  if (r.ok()) {
    ctx.rb->SendLong(*r);
  } else {
    ctx.rb->SendNull();
  }
}

void CmdMemoryStats(CmdArgs, CommandContext& ctx) {
  alloc::UpdatePeak();
  int64_t used = alloc::UsedMemory(), peak = std::max(alloc::PeakMemory(), used);
  int64_t rss = alloc::ResidentSetSize();
  protocol::ReplyBuilder& rb = *ctx.rb;
  auto num = [&rb](std::string_view k, int64_t v) {
    rb.SendBulk(k);
    rb.SendLong(v);
  };
  auto dbl = [&rb](std::string_view k, double v) {
    rb.SendBulk(k);
    rb.SendDouble(v);
  };
  rb.SendMapLen(10);
  num("peak.allocated", peak);
  num("total.allocated", used);
  num("startup.allocated", alloc::StartupMemory());
  num("replication.backlog", 0);
  num("clients.slaves", 0);
  num("clients.normal", 0);
  num("aof.buffer", 0);
  num("dataset.bytes", alloc::KeyspaceMemory());
  dbl("peak.percentage", peak > 0 ? 100.0 * static_cast<double>(used) / peak : 0.0);
  dbl("fragmentation", used > 0 ? static_cast<double>(rss) / used : 0.0);
}

void CmdMemoryDoctor(CmdArgs, CommandContext& ctx) {
  ctx.rb->SendVerbatim(
      "ringdb memory doctor: no memory problem detected. Values are stored in single "
      "blocks and accounted exactly, so there is no fragmentation report to give.\n");
}

void CmdMemoryMallocStats(CmdArgs, CommandContext& ctx) {
  ctx.rb->SendVerbatim("Stats not supported for the current allocator");
}

void CmdMemoryPurge(CmdArgs, CommandContext& ctx) { ctx.rb->SendOk(); }

void CmdMemoryHelp(CmdArgs, CommandContext& ctx) {
  SendHelp(ctx.rb, {
      "MEMORY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "DOCTOR",
      "    Report memory problems.",
      "MALLOC-STATS",
      "    Report the allocator's internal statistics.",
      "PURGE",
      "    Ask the allocator to release unused memory.",
      "STATS",
      "    Report the server's memory usage.",
      "USAGE <key> [SAMPLES <count>]",
      "    Report the bytes used by <key> and its value.",
      "HELP",
      "    Print this help.",
  });
}

// ---- SLOWLOG -----------------------------------------------------------------------------

void CmdSlowlogGet(CmdArgs args, CommandContext& ctx) {
  int64_t count = 10;
  if (args.size() == 3 && (!types::ParseInt64(args[2], &count) || count < -1)) {
    ctx.rb->SendError(errors::kSlowlogCount);
    return;
  }
  std::vector<SlowlogEntry> entries = SlowlogGet(count);
  protocol::ReplyBuilder& rb = *ctx.rb;
  rb.SendArrayLen(entries.size());
  for (const SlowlogEntry& e : entries) {
    rb.SendArrayLen(6);
    rb.SendLong(e.id);
    rb.SendLong(e.unix_time_s);
    rb.SendLong(e.duration_us);
    rb.SendBulkArray(e.args);
    rb.SendBulk(e.peer);
    rb.SendBulk(e.client_name);
  }
}

void CmdSlowlogLen(CmdArgs, CommandContext& ctx) {
  ctx.rb->SendLong(static_cast<int64_t>(SlowlogLen()));
}

void CmdSlowlogReset(CmdArgs, CommandContext& ctx) {
  SlowlogReset();
  ctx.rb->SendOk();
}

void CmdSlowlogHelp(CmdArgs, CommandContext& ctx) {
  SendHelp(ctx.rb, {
      "SLOWLOG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "GET [<count>]",
      "    Return up to <count> entries, newest first (default: 10, -1: all).",
      "    Each entry holds: id, unix time, duration in microseconds, arguments,",
      "    client address and port, client name.",
      "LEN",
      "    Return the number of entries.",
      "RESET",
      "    Remove every entry.",
      "HELP",
      "    Print this help.",
  });
}

// ---- LATENCY -----------------------------------------------------------------------------
// The latency monitor records nothing yet: every event list is empty.

void CmdLatencyEmpty(CmdArgs, CommandContext& ctx) { ctx.rb->SendArrayLen(0); }

void CmdLatencyReset(CmdArgs, CommandContext& ctx) { ctx.rb->SendLong(0); }

void CmdLatencyGraph(CmdArgs args, CommandContext& ctx) {
  ctx.rb->SendError(std::string(errors::kLatencyNoSamplesPrefix) + std::string(args[2]) + "'");
}

void CmdLatencyDoctor(CmdArgs, CommandContext& ctx) {
  ctx.rb->SendVerbatim(
      "ringdb latency doctor: no latency samples recorded. The latency monitor is not "
      "implemented yet.\n");
}

void CmdLatencyHelp(CmdArgs, CommandContext& ctx) {
  SendHelp(ctx.rb, {
      "LATENCY <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "DOCTOR",
      "    Return a latency report.",
      "GRAPH <event>",
      "    Return a latency graph for <event>.",
      "HISTORY <event>",
      "    Return the latency samples of <event>.",
      "LATEST",
      "    Return the latest sample of every event.",
      "RESET [<event> ...]",
      "    Clear the samples of the given events (default: all).",
      "HELP",
      "    Print this help.",
  });
}

// ---- DEBUG -------------------------------------------------------------------------------

bool IsLocalPeer(std::string_view peer) {
  return peer.starts_with("127.") || peer.starts_with("::1") || peer.starts_with("[::1]") ||
         peer.starts_with("/") || peer.empty();
}

// enable-debug-command: no (default), yes, or local (loopback clients only).
bool DebugAllowed(const ClientState& c) {
  switch (ConfigEnum<ProtectedAction>(ConfigId::kEnableDebugCommand)) {
    case ProtectedAction::kYes: return true;
    case ProtectedAction::kLocal: return IsLocalPeer(c.peer());
    default: return false;
  }
}

void DebugObject(std::string_view key, CommandContext& ctx) {
  std::string reply;
  ctx.db->VisitSlot(types::KeySlot(key), [&](Slot&) {
    const Entry* e = ctx.db->Find(key, LookupMode::kNoTouch);
    if (e == nullptr) return;
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "Value at:%p refcount:1 encoding:%s serializedlength:%zu lru:%u "
                  "lru_seconds_idle:%" PRIu64,
                  static_cast<const void*>(e), std::string(EncodingName(e->encoding())).c_str(),
                  e->AllocatedSize(), e->lru(), IdleSeconds(e->lru(), ctx.db->now_ms()));
    reply = buf;
  });
  if (reply.empty()) {
    ctx.rb->SendError(errors::kNoSuchKey);
  } else {
    ctx.rb->SendSimpleString(reply);
  }
}

void DebugSleep(std::string_view secs, CommandContext& ctx) {
  double s = 0;
  if (!types::ParseDouble(secs, &s)) {
    ctx.rb->SendError(errors::kNotFloat);
    return;
  }
  if (s > 0) std::this_thread::sleep_for(std::chrono::duration<double>(s));
  ctx.rb->SendOk();
}

void CmdDebug(CmdArgs args, CommandContext& ctx) {
  if (!DebugAllowed(*ctx.client)) {
    ctx.rb->SendError(errors::kDebugNotAllowed);
    return;
  }
  std::string_view sub = args[1];
  if (EqualsNoCase(sub, "help") && args.size() == 2) {
    SendHelp(ctx.rb, {
        "DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "OBJECT <key>",
        "    Show low-level information about <key>.",
        "SLEEP <seconds>",
        "    Stop serving this thread's connections for <seconds> (may be fractional).",
        "HELP",
        "    Print this help.",
    });
  } else if (EqualsNoCase(sub, "object") && args.size() == 3) {
    DebugObject(args[2], ctx);
  } else if (EqualsNoCase(sub, "sleep") && args.size() == 3) {
    DebugSleep(args[2], ctx);
  } else {
    SendUnknownSub(ctx, sub, "debug");
  }
}

}  // namespace

void RegisterServerFamily(CommandRegistry* r) {
  r->Register("time", &CmdTime);
  r->Register("info", &CmdInfo);
  r->Register("lastsave", &CmdLastSave);
  r->Register("role", &CmdRole);
  r->Register("lolwut", &CmdLolwut);
  r->Register("shutdown", &CmdShutdown);
  r->Register("memory|usage", &CmdMemoryUsage);
  r->Register("memory|stats", &CmdMemoryStats);
  r->Register("memory|doctor", &CmdMemoryDoctor);
  r->Register("memory|malloc-stats", &CmdMemoryMallocStats);
  r->Register("memory|purge", &CmdMemoryPurge);
  r->Register("memory|help", &CmdMemoryHelp);
  r->Register("slowlog|get", &CmdSlowlogGet);
  r->Register("slowlog|len", &CmdSlowlogLen);
  r->Register("slowlog|reset", &CmdSlowlogReset);
  r->Register("slowlog|help", &CmdSlowlogHelp);
  r->Register("latency|latest", &CmdLatencyEmpty);
  r->Register("latency|history", &CmdLatencyEmpty);
  r->Register("latency|reset", &CmdLatencyReset);
  r->Register("latency|graph", &CmdLatencyGraph);
  r->Register("latency|doctor", &CmdLatencyDoctor);
  r->Register("latency|help", &CmdLatencyHelp);
  r->Register("debug", &CmdDebug);
}

}  // namespace ringdb::engine
