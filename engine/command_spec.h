// Static metadata of every Redis 7.0 command: arity, flags, key positions, ACL
// categories, key specs, argument trees and doc fields.
//
// The data is generated at build time by tools/gen_commands.py from
// engine/commands/redis-7.0-commands.json into constexpr arrays (STYLE.md rule 5):
// nothing is built or allocated at start-up, and every pointer or view returned
// here stays valid for the life of the process.
//
// Thread: everything here is immutable; any thread may call any function.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace ringdb::engine {

// Command flags. Bit order is the order in which Redis 7.0 lists them in COMMAND
// replies, so rendering walks bits upwards (the generator checks the JSON agrees).
enum CommandFlag : uint32_t {
  kCmdWrite = 1u << 0,
  kCmdReadonly = 1u << 1,
  kCmdDenyoom = 1u << 2,
  kCmdModule = 1u << 3,
  kCmdAdmin = 1u << 4,
  kCmdPubsub = 1u << 5,
  kCmdNoscript = 1u << 6,
  kCmdBlocking = 1u << 7,
  kCmdLoading = 1u << 8,
  kCmdStale = 1u << 9,
  kCmdSkipMonitor = 1u << 10,
  kCmdSkipSlowlog = 1u << 11,
  kCmdAsking = 1u << 12,
  kCmdFast = 1u << 13,
  kCmdNoAuth = 1u << 14,
  // The next four never appear in COMMAND replies (Redis hides them).
  kCmdMayReplicate = 1u << 15,
  kCmdSentinel = 1u << 16,
  kCmdOnlySentinel = 1u << 17,
  kCmdNoMandatoryKeys = 1u << 18,
  kCmdProtected = 1u << 19,
  kCmdNoAsyncLoading = 1u << 20,
  kCmdNoMulti = 1u << 21,
  kCmdMovablekeys = 1u << 22,
  kCmdAllowBusy = 1u << 23,
};

// ACL categories, in Redis 7.0's category-table order (the reply order).
enum AclCategory : uint32_t {
  kAclKeyspace = 1u << 0,
  kAclRead = 1u << 1,
  kAclWrite = 1u << 2,
  kAclSet = 1u << 3,
  kAclSortedset = 1u << 4,
  kAclList = 1u << 5,
  kAclHash = 1u << 6,
  kAclString = 1u << 7,
  kAclBitmap = 1u << 8,
  kAclHyperloglog = 1u << 9,
  kAclGeo = 1u << 10,
  kAclStream = 1u << 11,
  kAclPubsub = 1u << 12,
  kAclAdmin = 1u << 13,
  kAclFast = 1u << 14,
  kAclSlow = 1u << 15,
  kAclBlocking = 1u << 16,
  kAclDangerous = 1u << 17,
  kAclConnection = 1u << 18,
  kAclTransaction = 1u << 19,
  kAclScripting = 1u << 20,
};

// Key-spec flags, in reply order.
enum KeySpecFlag : uint32_t {
  kKeyRO = 1u << 0,
  kKeyRW = 1u << 1,
  kKeyOW = 1u << 2,
  kKeyRM = 1u << 3,
  kKeyAccess = 1u << 4,
  kKeyUpdate = 1u << 5,
  kKeyInsert = 1u << 6,
  kKeyDelete = 1u << 7,
  kKeyNotKey = 1u << 8,
  kKeyIncomplete = 1u << 9,
  kKeyVariableFlags = 1u << 10,
};

// Flags that mean the command modifies the key (RW/OW/RM or a write operation).
inline constexpr uint32_t kKeyWriteMask =
    kKeyRW | kKeyOW | kKeyRM | kKeyInsert | kKeyDelete | kKeyUpdate;

enum ArgFlag : uint8_t {
  kArgOptional = 1u << 0,
  kArgMultiple = 1u << 1,
  kArgMultipleToken = 1u << 2,
};

enum DocFlag : uint8_t {
  kDocDeprecated = 1u << 0,
  kDocSyscmd = 1u << 1,
};

enum class BeginSearchType : uint8_t { kUnknown, kIndex, kKeyword };
enum class FindKeysType : uint8_t { kUnknown, kRange, kKeynum };
enum class ArgType : uint8_t {
  kString, kInteger, kDouble, kKey, kPattern, kUnixTime, kPureToken, kOneof, kBlock,
};

// Where the search for a key spec's keys starts.
struct BeginSearch {
  BeginSearchType type;
  int index;                 // kIndex: the argument position.
  std::string_view keyword;  // kKeyword: the token, matched case-insensitively.
  int startfrom;             // kKeyword: where to search from; < 0 counts from the end.
};

// How many keys follow the begin-search position.
struct FindKeys {
  FindKeysType type;
  int lastkey;    // kRange: relative to the first key; < 0 counts from the end.
  int keystep;    // kRange and kKeynum.
  int limit;      // kRange with lastkey -1: only 1/limit of the remaining args are keys.
  int keynumidx;  // kKeynum: position of the key count, relative to begin-search.
  int firstkey;   // kKeynum: position of the first key, relative to begin-search.
};

struct KeySpec {
  BeginSearch begin_search;
  FindKeys find_keys;
  uint32_t flags;  // KeySpecFlag bits.
  std::string_view notes;
};

// One node of a command's argument tree (COMMAND DOCS "arguments").
struct CommandArg {
  std::string_view name;
  ArgType type;
  int key_spec_index;  // -1 when the argument is not a key.
  std::string_view token;
  bool has_token;  // MIGRATE's empty_string has a token, and it is "".
  std::string_view since;
  std::string_view deprecated_since;
  std::string_view display_text;  // Empty in the 7.0 data; kept for later versions.
  std::string_view value;         // Likewise.
  uint8_t flags;                  // ArgFlag bits.
  std::span<const CommandArg> args;  // Children of kOneof / kBlock.
};

struct CommandSpec {
  std::string_view name;  // Lowercase; "parent|sub" for a subcommand.
  int arity;              // Redis convention: < 0 means "at least -arity".
  uint32_t flags;         // CommandFlag bits.
  int first_key;
  int last_key;
  int step;
  uint32_t acl_categories;  // AclCategory bits.
  std::span<const std::string_view> tips;
  std::span<const KeySpec> key_specs;
  std::span<const CommandSpec> subcommands;
  std::string_view group;
  std::string_view since;
  uint32_t doc_flags;  // DocFlag bits.
  std::string_view deprecated_since;
  std::string_view replaced_by;
  std::span<const CommandArg> args;
  // Union of the flags of all key specs (an unknown spec counts as kKeyIncomplete),
  // so key extraction can pick its fast path with one test.
  uint32_t key_spec_flags_any;

  bool Has(CommandFlag f) const { return (flags & f) != 0; }
  bool IsSubcommand() const { return name.find('|') != std::string_view::npos; }
  // The part after '|' for a subcommand, else the whole name.
  std::string_view ShortName() const;
};

// Name of one flag bit, for rendering replies and parsing filters.
struct FlagName {
  uint32_t bit;
  std::string_view name;
};

// Each table lists every bit of its enum in ascending bit order (= reply order).
std::span<const FlagName> CommandFlagNames();
std::span<const FlagName> AclCategoryNames();  // Without the '@'.
std::span<const FlagName> KeySpecFlagNames();
std::span<const FlagName> ArgFlagNames();
std::span<const FlagName> DocFlagNames();
std::string_view ArgTypeName(ArgType type);  // "string", "pure-token", ...

// Every top-level command of the reference, sorted by name.
std::span<const CommandSpec> AllCommandSpecs();

// A top-level command by name, ASCII case-insensitive, or null. Never matches a
// "parent|sub" name, as Redis's dispatcher does not either. Allocation-free.
const CommandSpec* FindCommandSpec(std::string_view name);

// A subcommand of `parent` by its short name ("get" for CONFIG GET), ASCII
// case-insensitive, or null. Allocation-free.
const CommandSpec* FindSubcommandSpec(const CommandSpec& parent, std::string_view sub);

// "get" or "config|get" (either case), as COMMAND INFO / DOCS accept them.
const CommandSpec* FindCommandSpecByFullName(std::string_view full_name);

// The ACL category bit for a name without '@' (case-insensitive), or 0.
uint32_t AclCategoryByName(std::string_view name);

namespace command_spec_internal {
// Defined in the generated translation unit.
std::span<const CommandSpec> TopLevelSpecs();
std::span<const CommandSpec* const> TopLevelLookup();
std::span<const CommandSpec* const> SubcommandLookup();
}  // namespace command_spec_internal

}  // namespace ringdb::engine
