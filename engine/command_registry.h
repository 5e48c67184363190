// Which commands ringdb serves: each handler bound to its metadata from the generated
// Redis 7.0 table (arity, flags, key specs). Container commands (CONFIG, CLIENT, ...)
// register one handler per subcommand under "parent|sub".
//
// Thread: filled once at start-up by the Register* functions, read-only afterwards.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "engine/command.h"

namespace ringdb::engine {

// How the dispatcher must lock for a command beyond its declared keys.
enum CommandOption : uint32_t {
  kOptNone = 0,
  // Locks every slot (FLUSHALL, SWAPDB): the exclusive barrier.
  kOptLockAll = 1u << 0,
  // Runs even inside MULTI instead of being queued (EXEC, DISCARD, WATCH, ...).
  kOptNotQueued = 1u << 1,
  // Visits slots one at a time (KEYS, SCAN, DBSIZE). Alone it holds no other lock, so
  // any order is safe; inside EXEC, which already holds slots, the visits would break
  // the ascending order, so EXEC takes every slot instead.
  kOptWalksKeyspace = 1u << 2,
};

// Lets the table be searched with a string_view (no std::string built per command).
struct NameHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
// Whether a command's arguments make it read keys that only its data names (SORT's BY
// and GET patterns): such a run takes the exclusive barrier, like kOptLockAll.
using BarrierTest = bool (*)(CmdArgs args);

struct CommandEntry {
  std::string fullname;  // "get", "config|get"
  const CommandSpec* spec = nullptr;
  Handler handler = nullptr;
  uint32_t options = kOptNone;
  bool is_container = false;  // has subcommands; dispatch on args[1]
  uint32_t index = 0;         // dense, for per-command counters (command_stats.h)
  // The keys are exactly the spec's legacy (first_key, last_key, step) range, so the
  // dispatcher reads their positions off it (see KeysFollowLegacyRange).
  bool legacy_range_keys = false;
  BarrierTest needs_barrier = nullptr;  // null: never beyond kOptLockAll
};

using CommandTable = std::unordered_map<std::string, CommandEntry, NameHash, std::equal_to<>>;

class CommandRegistry {
 public:
  CommandRegistry();

  // Binds `handler` to the reference command `fullname` ("get", "config|get").
  // Aborts at start-up if the reference has no such command: a typo must not ship.
  void Register(std::string_view fullname, Handler handler, uint32_t options = kOptNone,
                BarrierTest needs_barrier = nullptr);

  // Case-insensitive lookup of a top-level command; nullptr if not served.
  const CommandEntry* Find(std::string_view name) const;
  // The subcommand entry of a container, case-insensitive; nullptr if not served.
  const CommandEntry* FindSub(const CommandEntry& container, std::string_view sub) const;
  // Every served command, top-level and subcommands.
  const CommandTable& entries() const { return entries_; }
  // Whether the reference command `fullname` has a handler.
  bool Serves(std::string_view fullname) const;

 private:
  CommandTable entries_;
  uint64_t version_;  // unique per registry and per change (see Find's cache)
};

// Registers every command family (see command_families.h).
void RegisterAllCommands(CommandRegistry* registry);

}  // namespace ringdb::engine
