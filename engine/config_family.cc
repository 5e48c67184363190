// CONFIG GET / SET / RESETSTAT / REWRITE / HELP: thin wiring to the config table
// (engine/config.h) and CONFIG REWRITE (engine/config_rewrite.h).
#include <initializer_list>
#include <string>
#include <string_view>

#include "engine/client_state.h"
#include "engine/command_families.h"
#include "engine/command_registry.h"
#include "engine/command_stats.h"
#include "engine/config.h"
#include "engine/config_rewrite.h"
#include "engine/errors.h"
#include "engine/stats.h"

namespace ringdb::engine {
namespace {

bool IsLocalPeer(std::string_view peer) {
  return peer.starts_with("127.") || peer.starts_with("::1") || peer.starts_with("[::1]") ||
         peer.starts_with("/") || peer.empty();
}

// A map in RESP3, a flat name/value array in RESP2.
void CmdConfigGet(CmdArgs args, CommandContext& ctx) {
  auto pairs = ConfigGet(args.subspan(2));
  ctx.rb->SendMapLen(pairs.size());
  for (const auto& [name, value] : pairs) {
    ctx.rb->SendBulk(name);
    ctx.rb->SendBulk(value);
  }
}

void CmdConfigSet(CmdArgs args, CommandContext& ctx) {
  if (args.size() % 2 != 0) {  // name/value pairs after CONFIG SET
    ctx.rb->SendError(errors::WrongArity("config|set"));
    return;
  }
  ConfigSetContext context;
  context.client_is_local = IsLocalPeer(ctx.client->peer());
  std::string error = ConfigSet(args.subspan(2), context);
  if (error.empty()) {
    ctx.rb->SendOk();
  } else {
    ctx.rb->SendError(error);
  }
}

// As Redis: the INFO counters and the command statistics; the slow log stays.
void CmdConfigResetStat(CmdArgs, CommandContext& ctx) {
  ResetStats();
  ResetCommandCounters();
  ConfigResetStat();
  ctx.rb->SendOk();
}

void CmdConfigRewrite(CmdArgs, CommandContext& ctx) {
  std::string error = ConfigRewrite();
  if (error.empty()) {
    ctx.rb->SendOk();
  } else {
    ctx.rb->SendError(error);
  }
}

void CmdConfigHelp(CmdArgs, CommandContext& ctx) {
  static constexpr std::string_view kLines[] = {
      "CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
      "GET <pattern>",
      "    Return the parameters matching the glob-like <pattern> and their values.",
      "SET <directive> <value>",
      "    Set the configuration <directive> to <value>.",
      "RESETSTAT",
      "    Reset the statistics reported by the INFO command.",
      "REWRITE",
      "    Write the current configuration to the config file.",
      "HELP",
      "    Print this help.",
  };
  ctx.rb->SendArrayLen(std::size(kLines));
  for (std::string_view l : kLines) ctx.rb->SendSimpleString(l);
}

}  // namespace

void RegisterConfigFamily(CommandRegistry* r) {
  r->Register("config|get", &CmdConfigGet);
  r->Register("config|set", &CmdConfigSet);
  r->Register("config|resetstat", &CmdConfigResetStat);
  r->Register("config|rewrite", &CmdConfigRewrite);
  r->Register("config|help", &CmdConfigHelp);
}

}  // namespace ringdb::engine
