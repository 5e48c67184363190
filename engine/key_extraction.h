// Finds which arguments of a command are keys, from its generated key specs.
//
// Follows Redis 7.0's getKeysFromCommandWithSpecs: the key specs are tried first
// (begin search by index or keyword, then a range — possibly counted from the end
// or limited to a fraction of the remaining args — or a key count read from the
// arguments). Where Redis falls back to a per-command parser because a spec is
// incomplete, unknown or has variable flags (SORT, SORT_RO, MIGRATE, SET,
// BITFIELD), the same few rules are applied here.
//
// Thread: pure functions over immutable data; any thread.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "engine/command_spec.h"

namespace ringdb::engine {

// One key argument: its index in args and how the command uses it.
struct KeyRef {
  int pos;         // Index into args; args[0] is the command name.
  uint32_t flags;  // KeySpecFlag bits.
};

inline bool IsWriteKey(const KeyRef& key) { return (key.flags & kKeyWriteMask) != 0; }

// True when the command declares key arguments at all (some key spec not marked
// not_key). False is Redis's "The command has no key arguments".
bool CommandHasKeys(const CommandSpec& spec);

// Whether the command's keys are exactly its legacy (first_key, last_key, step) range
// (last_key < 0 counting from the end): true for every command without movable keys
// or not-key specs, which Redis derives that range from exactly.
bool KeysFollowLegacyRange(const CommandSpec& spec);
// Calls f(position) for each key of that range in a request of `argc` arguments.
// REQUIRES: KeysFollowLegacyRange(spec).
template <typename F>
void ForEachLegacyRangeKey(const CommandSpec& spec, int argc, F&& f) {
  const int last = spec.last_key < 0 ? argc + spec.last_key : spec.last_key;
  for (int p = spec.first_key; p <= last && p < argc; p += spec.step) f(p);
}

// Fills *keys with the key arguments of `args`, in spec order.
//
// `args` is the whole command as received: args[0] the command name and, when
// `spec` is a subcommand (OBJECT ENCODING k), args[1] the subcommand name, so
// positions index args directly. REQUIRES: args satisfies spec.arity.
//
// Returns false, with *keys empty, when the arguments hold no valid key
// arguments (a key count that is not a number, negative, zero, or larger than
// the arguments present; a STREAMS list cut short; no keyword at all): Redis's
// "Invalid arguments specified for command". The command's own handler reports
// the precise error. Commands flagged no_mandatory_keys (EVAL, FCALL ...) never
// fail: they get an empty list instead. A command without keys gets true and an
// empty list.
bool ExtractKeys(const CommandSpec& spec, std::span<const std::string_view> args,
                 std::vector<KeyRef>* keys);

// ExtractKeys, keeping positions only. If `all_write` is not null it is set to
// whether every key found is written (RW/OW/RM or insert/delete/update), so that a
// caller can tell a pure-write key set from one with read-only sources.
bool ExtractKeyPositions(const CommandSpec& spec, std::span<const std::string_view> args,
                         std::vector<int>* positions, bool* all_write = nullptr);

}  // namespace ringdb::engine
