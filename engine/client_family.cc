// CLIENT subcommands: ID, SETNAME, GETNAME, SETINFO, LIST, INFO, KILL, PAUSE, UNPAUSE,
// REPLY, NO-EVICT, GETREDIR and HELP.
//
// SETINFO is Redis 7.2's (its spec comes from engine/commands/ringdb-extensions.json):
// current clients (node-redis, redis-py 5) send it on connect, and it behaves as 7.2.
#include <algorithm>
#include <initializer_list>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/blocking.h"
#include "engine/client_list.h"
#include "engine/client_state.h"
#include "engine/clock.h"
#include "engine/command_families.h"
#include "engine/command_registry.h"
#include "engine/errors.h"
#include "engine/keys_args.h"
#include "engine/server.h"
#include "types/number_format.h"

namespace ringdb::engine {
namespace {

using keyargs::EqualsNoCase;

void SendHelp(protocol::ReplyBuilder* rb, std::initializer_list<std::string_view> lines) {
  rb->SendArrayLen(lines.size());
  for (std::string_view l : lines) rb->SendSimpleString(l);
}

void CmdClientId(CmdArgs, CommandContext& ctx) {
  ctx.rb->SendLong(static_cast<int64_t>(ctx.client->id()));
}

void CmdClientSetName(CmdArgs args, CommandContext& ctx) {
  if (!ValidClientName(args[2])) {
    ctx.rb->SendError(errors::kClientNameInvalid);
    return;
  }
  ctx.client->set_name(args[2]);
  ctx.rb->SendOk();
}

void CmdClientSetInfo(CmdArgs args, CommandContext& ctx) {
  const std::string_view attr = args[2];
  const bool is_name = EqualsNoCase(attr, "lib-name");
  if (!is_name && !EqualsNoCase(attr, "lib-ver")) {
    ctx.rb->SendError("ERR Unrecognized option '" + std::string(attr) + "'");
    return;
  }
  if (!ValidClientName(args[3])) {
    ctx.rb->SendError("ERR " + std::string(attr) +
                      " cannot contain spaces, newlines or special characters.");
    return;
  }
  if (is_name) {
    ctx.client->set_lib_name(args[3]);
  } else {
    ctx.client->set_lib_ver(args[3]);
  }
  ctx.rb->SendOk();
}

void CmdClientGetName(CmdArgs, CommandContext& ctx) {
  std::string name = ctx.client->name();
  if (name.empty()) {
    ctx.rb->SendNull();
  } else {
    ctx.rb->SendBulk(name);
  }
}

void CmdClientInfo(CmdArgs args, CommandContext& ctx) {
  ctx.rb->SendVerbatim(FormatClientLine(*ctx.client, args, NowMs()));
}

// CLIENT LIST [TYPE type | ID id [id ...]].
void CmdClientList(CmdArgs args, CommandContext& ctx) {
  std::optional<ClientType> type;
  std::vector<int64_t> ids;
  bool by_id = false;
  if (args.size() == 4 && EqualsNoCase(args[2], "type")) {
    type = ParseClientType(args[3]);
    if (!type) {
      ctx.rb->SendError(std::string(errors::kUnknownClientTypePrefix) + std::string(args[3]) +
                        "'");
      return;
    }
  } else if (args.size() > 3 && EqualsNoCase(args[2], "id")) {
    by_id = true;
    for (size_t i = 3; i < args.size(); ++i) {
      int64_t id = 0;
      if (!types::ParseInt64(args[i], &id)) {
        ctx.rb->SendError(errors::kInvalidClientId);
        return;
      }
      ids.push_back(id);
    }
  } else if (args.size() != 2) {
    ctx.rb->SendError(errors::kSyntax);
    return;
  }
  int64_t now = NowMs();
  std::string out;
  ctx.server->clients().ForEach([&](ClientState& c) {
    if (type && TypeOf(c) != *type) return;
    if (by_id && std::find(ids.begin(), ids.end(), static_cast<int64_t>(c.id())) == ids.end()) {
      return;
    }
    out += FormatClientLine(c, &c == ctx.client ? std::optional<CmdArgs>(args) : std::nullopt,
                            now);
  });
  ctx.rb->SendVerbatim(out);
}

// The filters of CLIENT KILL's option form; every one given must match.
struct KillFilter {
  std::optional<uint64_t> id;
  std::optional<ClientType> type;
  std::optional<std::string> addr, laddr;
  bool skip_me = true;
  uint64_t self_id = 0;

  bool Matches(const ClientState& c) const {
    if (skip_me && c.id() == self_id) return false;
    if (id && c.id() != *id) return false;
    if (type && TypeOf(c) != *type) return false;
    if (addr && c.peer() != *addr) return false;
    if (laddr && c.local() != *laddr) return false;
    return true;
  }
};

// Parses "option value" pairs from args[2]; "" or the error to reply.
std::string ParseKillFilter(CmdArgs args, KillFilter* f) {
  for (size_t i = 2; i < args.size(); i += 2) {
    if (i + 1 >= args.size()) return std::string(errors::kSyntax);
    std::string_view opt = args[i], val = args[i + 1];
    if (EqualsNoCase(opt, "id")) {
      int64_t id = 0;
      if (!types::ParseInt64(val, &id) || id <= 0) {
        return std::string(errors::kClientIdNotPositive);
      }
      f->id = static_cast<uint64_t>(id);
    } else if (EqualsNoCase(opt, "type")) {
      f->type = ParseClientType(val);
      if (!f->type) {
        return std::string(errors::kUnknownClientTypePrefix) + std::string(val) + "'";
      }
    } else if (EqualsNoCase(opt, "addr")) {
      f->addr = std::string(val);
    } else if (EqualsNoCase(opt, "laddr")) {
      f->laddr = std::string(val);
    } else if (EqualsNoCase(opt, "user")) {
      // "default" is the only user, and every client is authenticated as it.
      if (val != "default") return std::string(errors::kNoSuchUserPrefix) + std::string(val) + "'";
    } else if (EqualsNoCase(opt, "skipme")) {
      if (EqualsNoCase(val, "yes")) {
        f->skip_me = true;
      } else if (EqualsNoCase(val, "no")) {
        f->skip_me = false;
      } else {
        return std::string(errors::kSyntax);
      }
    } else {
      return std::string(errors::kSyntax);
    }
  }
  return {};
}

// CLIENT KILL ip:port (old form: +OK or an error, may kill the caller) or
// CLIENT KILL <option> <value> ... (new form: the number killed).
void CmdClientKill(CmdArgs args, CommandContext& ctx) {
  if (args.size() == 3) {
    std::string addr(args[2]);
    int n = ctx.server->clients().Kill([&](const ClientState& c) { return c.peer() == addr; });
    if (n == 0) {
      ctx.rb->SendError(errors::kNoSuchClient);
    } else {
      ctx.rb->SendOk();
    }
    return;
  }
  KillFilter filter;
  filter.self_id = ctx.client->id();
  std::string error = ParseKillFilter(args, &filter);
  if (!error.empty()) {
    ctx.rb->SendError(error);
    return;
  }
  ctx.rb->SendLong(ctx.server->clients().Kill(
      [&](const ClientState& c) { return filter.Matches(c); }));
}

// CLIENT UNBLOCK id [TIMEOUT|ERROR]: 1 if that client was waiting in a blocking
// command (it then answers as if timed out, or with the UNBLOCKED error), else 0.
void CmdClientUnblock(CmdArgs args, CommandContext& ctx) {
  UnblockReason reason = UnblockReason::kTimeout;
  if (args.size() == 4) {
    if (EqualsNoCase(args[3], "error")) {
      reason = UnblockReason::kError;
    } else if (!EqualsNoCase(args[3], "timeout")) {
      return ctx.rb->SendError(errors::kUnblockReason);
    }
  }
  int64_t id = 0;
  if (!types::ParseInt64(args[2], &id)) return ctx.rb->SendError(errors::kNotInteger);
  bool unblocked = false;
  ctx.server->clients().ForEach([&](ClientState& c) {
    if (static_cast<int64_t>(c.id()) == id) unblocked = blocking::Unblock(c, reason);
  });
  ctx.rb->SendLong(unblocked ? 1 : 0);
}

void CmdClientPause(CmdArgs args, CommandContext& ctx) {
  int64_t timeout_ms = 0;
  if (!types::ParseInt64(args[2], &timeout_ms)) {
    ctx.rb->SendError(errors::kTimeout);
    return;
  }
  if (timeout_ms < 0) {
    ctx.rb->SendError(errors::kPositiveTimeout);
    return;
  }
  bool writes_only = false;
  if (args.size() == 4) {
    if (EqualsNoCase(args[3], "write")) {
      writes_only = true;
    } else if (!EqualsNoCase(args[3], "all")) {
      ctx.rb->SendError(errors::kPauseMode);
      return;
    }
  } else if (args.size() > 4) {
    ctx.rb->SendError(errors::kSyntax);
    return;
  }
  ctx.server->pause().Pause(NowMs() + timeout_ms, writes_only);
  ctx.rb->SendOk();
}

void CmdClientUnpause(CmdArgs, CommandContext& ctx) {
  ctx.server->pause().Unpause();
  ctx.rb->SendOk();
}

// OFF and SKIP reply nothing, this command included.
void CmdClientReply(CmdArgs args, CommandContext& ctx) {
  if (EqualsNoCase(args[2], "on")) {
    ctx.client->set_reply_mode(ReplyMode::kOn);
    ctx.rb->SendOk();
  } else if (EqualsNoCase(args[2], "off") || EqualsNoCase(args[2], "skip")) {
    ctx.rb->set_muted(true);
    ctx.client->set_reply_mode(EqualsNoCase(args[2], "off") ? ReplyMode::kOff : ReplyMode::kSkip);
  } else {
    ctx.rb->SendError(errors::kSyntax);
  }
}

// Clients are never evicted (no maxmemory-clients yet): the flag is only validated.
void CmdClientNoEvict(CmdArgs args, CommandContext& ctx) {
  if (EqualsNoCase(args[2], "on") || EqualsNoCase(args[2], "off")) {
    ctx.rb->SendOk();
  } else {
    ctx.rb->SendError(errors::kSyntax);
  }
}

// No client-side caching yet: never redirecting.
void CmdClientGetRedir(CmdArgs, CommandContext& ctx) { ctx.rb->SendLong(-1); }

void CmdClientHelp(CmdArgs, CommandContext& ctx) {
  SendHelp(ctx.rb, {
      "CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "GETNAME",
      "    Return the name of this connection.",
      "GETREDIR",
      "    Return the client ID tracking redirects to (always -1: no tracking).",
      "ID",
      "    Return the ID of this connection.",
      "INFO",
      "    Return information about this connection.",
      "KILL <ip:port>",
      "    Kill the connection from <ip:port>.",
      "KILL <option> <value> [<option> <value> [...]]",
      "    Kill the connections matching every option:",
      "    * ID <client-id>",
      "    * ADDR (<ip:port>|<unixsocket>:0)",
      "    * LADDR (<ip:port>|<unixsocket>:0)",
      "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
      "    * USER <username>",
      "    * SKIPME (YES|NO)",
      "      Whether to spare this connection (default: yes).",
      "LIST [options ...]",
      "    Return information about the connections. Options:",
      "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
      "    * ID <client-id> [<client-id> ...]",
      "NO-EVICT (ON|OFF)",
      "    Protect this connection from client eviction.",
      "PAUSE <timeout> [WRITE|ALL]",
      "    Pause all clients, or only writes, for <timeout> milliseconds.",
      "REPLY (ON|OFF|SKIP)",
      "    Control the replies sent to this connection.",
      "SETNAME <name>",
      "    Name this connection.",
      "UNPAUSE",
      "    End a client pause.",
      "HELP",
      "    Print this help.",
  });
}

}  // namespace

void RegisterClientFamily(CommandRegistry* r) {
  r->Register("client|id", &CmdClientId);
  r->Register("client|setname", &CmdClientSetName);
  r->Register("client|setinfo", &CmdClientSetInfo);
  r->Register("client|getname", &CmdClientGetName);
  r->Register("client|list", &CmdClientList);
  r->Register("client|info", &CmdClientInfo);
  r->Register("client|kill", &CmdClientKill);
  r->Register("client|pause", &CmdClientPause);
  r->Register("client|unblock", &CmdClientUnblock);
  r->Register("client|unpause", &CmdClientUnpause);
  r->Register("client|reply", &CmdClientReply);
  r->Register("client|no-evict", &CmdClientNoEvict);
  r->Register("client|getredir", &CmdClientGetRedir);
  r->Register("client|help", &CmdClientHelp);
}

}  // namespace ringdb::engine
