// Connection commands: PING, ECHO, QUIT, RESET, HELLO, AUTH and SELECT.
//
// There are no ACL users yet: the only user is "default", which needs no password
// while requirepass is empty (Redis's "nopass") and otherwise needs requirepass.
// Authentication is checked but not remembered per connection: the dispatcher does
// not enforce NOAUTH yet, so a successful AUTH changes nothing.
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "engine/client_list.h"
#include "engine/client_state.h"
#include "engine/command_families.h"
#include "engine/command_registry.h"
#include "engine/config.h"
#include "engine/db_access.h"
#include "engine/errors.h"
#include "engine/keys_args.h"
#include "engine/server.h"
#include "engine/session.h"
#include "types/number_format.h"

namespace ringdb::engine {
namespace {

using keyargs::EqualsNoCase;

// HELLO reports this version, not ringdb's: client libraries (node-redis, redis-py,
// Lettuce) read it to decide which commands and reply shapes to use, and ringdb
// speaks Redis 7.0.
constexpr std::string_view kCompatVersion = "7.0.15";

// Whether `user`/`pass` authenticate as the one user ringdb knows.
bool CheckCredentials(std::string_view user, std::string_view pass) {
  if (user != "default") return false;
  std::string required = ConfigString(ConfigId::kRequirepass);
  return required.empty() || required == pass;
}

void CmdPing(CmdArgs args, CommandContext& ctx) {
  if (args.size() > 2) {
    ctx.rb->SendError(errors::WrongArity("ping"));
    return;
  }
  if (args.size() == 2) {
    ctx.rb->SendBulk(args[1]);
  } else {
    ctx.rb->SendSimpleString("PONG");
  }
}

void CmdEcho(CmdArgs args, CommandContext& ctx) { ctx.rb->SendBulk(args[1]); }

void CmdQuit(CmdArgs args, CommandContext& ctx) {
  ctx.rb->SendOk();
  ctx.client->RequestClose();
}

// Back to the state of a fresh connection (Redis's clearClientConnectionState).
void CmdReset(CmdArgs args, CommandContext& ctx) {
  ClientState& c = *ctx.client;
  c.ClearMulti();
  UnwatchAll(*ctx.server, c);
  c.set_db(0);
  if (ctx.db) ctx.db->set_db(0);
  c.set_resp(2);
  c.set_reply_mode(ReplyMode::kOn);
  c.set_name("");
  ctx.rb->set_resp_version(2);
  ctx.rb->set_muted(false);  // RESET answers even after CLIENT REPLY OFF
  ctx.rb->SendSimpleString("RESET");
}

void SendHelloMap(CommandContext& ctx) {
  protocol::ReplyBuilder& rb = *ctx.rb;
  rb.SendMapLen(7);
  rb.SendBulk("server");
  rb.SendBulk("redis");
  rb.SendBulk("version");
  rb.SendBulk(kCompatVersion);
  rb.SendBulk("proto");
  rb.SendLong(ctx.client->resp());
  rb.SendBulk("id");
  rb.SendLong(static_cast<int64_t>(ctx.client->id()));
  rb.SendBulk("mode");
  rb.SendBulk("standalone");
  rb.SendBulk("role");
  rb.SendBulk("master");
  rb.SendBulk("modules");
  rb.SendArrayLen(0);
}

struct HelloArgs {
  int64_t proto = 0;  // 0: keep the current one
  std::string_view user, pass, name;
  bool has_auth = false, has_name = false;
};

// Parses HELLO's arguments; "" or the error to reply.
std::string ParseHello(CmdArgs args, HelloArgs* h) {
  if (args.size() < 2) return {};
  if (!types::ParseInt64(args[1], &h->proto)) return std::string(errors::kProtoNotInteger);
  if (h->proto < 2 || h->proto > 3) return std::string(errors::kNoProto);
  for (size_t i = 2; i < args.size(); ++i) {
    size_t more = args.size() - i - 1;
    if (EqualsNoCase(args[i], "auth") && more >= 2) {
      h->has_auth = true;
      h->user = args[i + 1];
      h->pass = args[i + 2];
      i += 2;
    } else if (EqualsNoCase(args[i], "setname") && more >= 1) {
      h->has_name = true;
      h->name = args[++i];
    } else {
      return std::string(errors::kHelloSyntaxPrefix) + std::string(args[i]) + "'";
    }
  }
  return {};
}

void CmdHello(CmdArgs args, CommandContext& ctx) {
  HelloArgs h;
  std::string error = ParseHello(args, &h);
  if (error.empty() && h.has_auth && !CheckCredentials(h.user, h.pass)) {
    error = errors::kWrongPass;
  }
  if (error.empty() && h.has_name && !ValidClientName(h.name)) error = errors::kClientNameInvalid;
  if (!error.empty()) {
    ctx.rb->SendError(error);
    return;
  }
  if (h.has_name) ctx.client->set_name(h.name);
  if (h.proto != 0) {
    ctx.client->set_resp(static_cast<int>(h.proto));
    ctx.rb->set_resp_version(static_cast<int>(h.proto));
  }
  SendHelloMap(ctx);
}

void CmdAuth(CmdArgs args, CommandContext& ctx) {
  if (args.size() > 3) {
    ctx.rb->SendError(errors::kSyntax);
    return;
  }
  if (args.size() == 2 && ConfigString(ConfigId::kRequirepass).empty()) {
    ctx.rb->SendError(errors::kAuthNoPassword);
    return;
  }
  std::string_view user = args.size() == 3 ? args[1] : "default";
  if (CheckCredentials(user, args.back())) {
    ctx.rb->SendOk();
  } else {
    ctx.rb->SendError(errors::kWrongPass);
  }
}

void CmdSelect(CmdArgs args, CommandContext& ctx) {
  int64_t db = 0;
  if (!types::ParseInt64(args[1], &db) || db < std::numeric_limits<int32_t>::min() ||
      db > std::numeric_limits<int32_t>::max()) {
    ctx.rb->SendError(errors::kNotInteger);
    return;
  }
  if (db < 0 || db >= ConfigInt(ConfigId::kDatabases)) {
    ctx.rb->SendError(errors::kDbIndexOutOfRange);
    return;
  }
  ctx.client->set_db(static_cast<int>(db));
  // Inside EXEC the following queued commands share this DbAccess.
  if (ctx.db) ctx.db->set_db(static_cast<int>(db));
  ctx.rb->SendOk();
}

}  // namespace

void RegisterConnectionFamily(CommandRegistry* r) {
  r->Register("ping", &CmdPing);
  r->Register("echo", &CmdEcho);
  r->Register("quit", &CmdQuit, kOptNotQueued);
  r->Register("reset", &CmdReset, kOptNotQueued);
  r->Register("hello", &CmdHello);
  r->Register("auth", &CmdAuth);
  r->Register("select", &CmdSelect);
}

}  // namespace ringdb::engine
