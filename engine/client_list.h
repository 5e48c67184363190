// CLIENT LIST / CLIENT INFO lines, client types and client-name rules, shared by the
// CLIENT commands and HELLO.
//
// Thread: any. The line of a client other than the caller reads only the fields
// ClientState publishes thread-safely (id, addresses, db, name, timestamps, last
// command, buffer sizes, MULTI memory); its transaction state and protocol version
// belong to its own thread, so those are shown only for the calling client (others
// show flags=N multi=-1 resp=2), and only the caller is inside a command (others show
// argv-mem=0).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/command.h"

namespace ringdb::engine {

class ClientState;

// Redis's client classes, as CLIENT LIST TYPE and CLIENT KILL TYPE name them.
enum class ClientType : uint8_t { kNormal, kReplica, kPubsub, kMaster };

// "normal", "replica"/"slave", "pubsub", "master" (any case); nullopt otherwise.
std::optional<ClientType> ParseClientType(std::string_view name);
// The class of `client`. ringdb has no replicas or pub/sub yet: always kNormal.
ClientType TypeOf(const ClientState& client);

// A client name may hold only the printable characters '!'..'~' (no spaces).
bool ValidClientName(std::string_view name);

// One CLIENT LIST line for `client`, ending in '\n'. `running` holds the arguments of
// the command being run when `client` is the caller, nullopt for any other client
// (see the thread note above).
std::string FormatClientLine(const ClientState& client, std::optional<CmdArgs> running,
                             int64_t now_ms);

}  // namespace ringdb::engine
