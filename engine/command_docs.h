// Renders the COMMAND command family (COMMAND, COUNT, LIST, INFO, DOCS, GETKEYS,
// GETKEYSANDFLAGS, HELP) from the generated command specs, with the reply shapes
// and error strings of Redis 7.0 in both RESP2 and RESP3.
//
// Differences from Redis, on purpose: COMMAND DOCS omits "summary", "complexity"
// and "history" (the reference data carries no prose, and ringdb ships none copied
// from Redis); commands and subcommands are listed in name order, where Redis uses
// its hash-table order, which clients may not rely on.
//
// Only what ringdb serves is reported: every function takes an `implemented`
// predicate, asked for top-level specs and for subcommand specs alike.
//
// Thread: stateless; any thread, with its own ReplyBuilder.
#pragma once

#include <functional>
#include <span>
#include <string_view>

#include "engine/command_spec.h"
#include "protocol/reply_builder.h"

namespace ringdb::engine {

using CommandPredicate = std::function<bool(const CommandSpec&)>;

// Arguments of these functions are the whole client command: args[0] is "COMMAND",
// args[1] (if any) the subcommand, so errors can echo what the client sent.

// COMMAND [subcommand ...]: dispatches on args[1]; checks each subcommand's arity
// ("ERR wrong number of arguments for 'command|info' command") and answers
// "ERR unknown subcommand '<x>'. Try COMMAND HELP." for anything else.
void CmdCommand(std::span<const std::string_view> args, const CommandPredicate& implemented,
                protocol::ReplyBuilder* rb);

// The handlers CmdCommand dispatches to; arity already checked.
// COMMAND and COMMAND INFO [name ...]: an entry per name ("config|get" allowed),
// a null for a name not served; all commands when no name is given.
void CmdCommandInfo(std::span<const std::string_view> args, const CommandPredicate& implemented,
                    protocol::ReplyBuilder* rb);
// COMMAND DOCS [name ...]: a map name -> docs; unknown names are skipped.
void CmdCommandDocs(std::span<const std::string_view> args, const CommandPredicate& implemented,
                    protocol::ReplyBuilder* rb);
// COMMAND COUNT: the number of top-level commands served.
void CmdCommandCount(std::span<const std::string_view> args, const CommandPredicate& implemented,
                     protocol::ReplyBuilder* rb);
// COMMAND LIST [FILTERBY MODULE m | ACLCAT c | PATTERN p]: full names, each
// container followed by its subcommands.
void CmdCommandList(std::span<const std::string_view> args, const CommandPredicate& implemented,
                    protocol::ReplyBuilder* rb);
// COMMAND GETKEYS / GETKEYSANDFLAGS <command> [arg ...].
void CmdCommandGetKeys(std::span<const std::string_view> args, const CommandPredicate& implemented,
                       bool with_flags, protocol::ReplyBuilder* rb);
// COMMAND HELP.
void CmdCommandHelp(protocol::ReplyBuilder* rb);

// One COMMAND INFO entry (a 10-element array) for `spec`, subcommands filtered by
// `implemented`.
void RenderCommandInfo(const CommandSpec& spec, const CommandPredicate& implemented,
                       protocol::ReplyBuilder* rb);
// The COMMAND DOCS map for `spec` (without its name).
void RenderCommandDocs(const CommandSpec& spec, const CommandPredicate& implemented,
                       protocol::ReplyBuilder* rb);

}  // namespace ringdb::engine
