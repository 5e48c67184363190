// INFO: the report as a table of small section writers, one per Redis 7.0 section,
// with Redis's section and field names so that monitoring tools parse it unchanged.
//
// Thread: any; reads counters racily (relaxed), as Redis's INFO does.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/command.h"

namespace ringdb::engine {

class DbAccess;
class Server;

// The INFO text for the section names in `sections` (INFO's arguments after the
// command name; empty means "default"). Names are case-insensitive and may be
// "default", "all", "everything" or section names; unknown names select nothing.
// `db` is the calling command's keyspace access: the keyspace section visits slots
// through it, so INFO also works inside EXEC, which may hold some slot locks.
std::string InfoString(Server& server, DbAccess& db, CmdArgs sections);

// Redis's bytesToHuman: "512B", "1.50K", "3.00M", ...
std::string BytesToHuman(int64_t bytes);

}  // namespace ringdb::engine
