// What a command handler sees: its parsed arguments and a context holding the reply
// builder, the client's state and access to the keys it may touch. Never a socket.
#pragma once

#include <span>
#include <string_view>

#include "engine/op_status.h"
#include "protocol/reply_builder.h"

namespace ringdb::engine {

class ClientState;
class Server;
class DbAccess;
struct CommandSpec;

// args[0] is the command name as the client sent it; arguments follow, so key
// positions match the reference's first_key / key_specs indexes.
using CmdArgs = std::span<const std::string_view>;

struct CommandContext {
  protocol::ReplyBuilder* rb;
  ClientState* client;
  Server* server;
  // Keyspace access for this command: the slots of every key the command declared
  // are locked for the whole call. Null for commands that declare no keys.
  DbAccess* db;
  const CommandSpec* spec;
};

using Handler = void (*)(CmdArgs args, CommandContext& ctx);

// Replies the error a failed Op's status stands for (errors::StatusMessage).
void ReplyStatus(CommandContext& ctx, OpStatus status);

}  // namespace ringdb::engine
