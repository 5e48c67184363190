// COMMAND and its subcommands: wiring to the renderer in engine/command_docs.h, which
// reports only what this server's registry serves.
#include "engine/command_docs.h"
#include "engine/command_families.h"
#include "engine/command_registry.h"
#include "engine/server.h"

namespace ringdb::engine {
namespace {

// The dispatcher has resolved the subcommand and checked its arity; CmdCommand
// dispatches on args[1] again, which keeps one entry point for every form.
void CmdCommandAny(CmdArgs args, CommandContext& ctx) {
  const CommandRegistry& registry = ctx.server->registry();
  CmdCommand(
      args, [&registry](const CommandSpec& spec) { return registry.Serves(spec.name); },
      ctx.rb);
}

}  // namespace

void RegisterCommandFamily(CommandRegistry* r) {
  // The bare COMMAND first: registering a subcommand marks the entry as a container
  // and a later Register("command") would reset that.
  r->Register("command", &CmdCommandAny);
  for (const char* sub : {"command|count", "command|info", "command|docs", "command|list",
                          "command|getkeys", "command|getkeysandflags", "command|help"}) {
    r->Register(sub, &CmdCommandAny);
  }
}

}  // namespace ringdb::engine
