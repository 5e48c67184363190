#include "engine/command_spec.h"

#include <cstddef>

namespace ringdb::engine {

namespace {

using namespace std::string_view_literals;

constexpr FlagName kCommandFlagNames[] = {
    {kCmdWrite, "write"sv},
    {kCmdReadonly, "readonly"sv},
    {kCmdDenyoom, "denyoom"sv},
    {kCmdModule, "module"sv},
    {kCmdAdmin, "admin"sv},
    {kCmdPubsub, "pubsub"sv},
    {kCmdNoscript, "noscript"sv},
    {kCmdBlocking, "blocking"sv},
    {kCmdLoading, "loading"sv},
    {kCmdStale, "stale"sv},
    {kCmdSkipMonitor, "skip_monitor"sv},
    {kCmdSkipSlowlog, "skip_slowlog"sv},
    {kCmdAsking, "asking"sv},
    {kCmdFast, "fast"sv},
    {kCmdNoAuth, "no_auth"sv},
    {kCmdMayReplicate, "may_replicate"sv},
    {kCmdSentinel, "sentinel"sv},
    {kCmdOnlySentinel, "only_sentinel"sv},
    {kCmdNoMandatoryKeys, "no_mandatory_keys"sv},
    {kCmdProtected, "protected"sv},
    {kCmdNoAsyncLoading, "no_async_loading"sv},
    {kCmdNoMulti, "no_multi"sv},
    {kCmdMovablekeys, "movablekeys"sv},
    {kCmdAllowBusy, "allow_busy"sv},
};

constexpr FlagName kAclCategoryNames[] = {
    {kAclKeyspace, "keyspace"sv},       {kAclRead, "read"sv},
    {kAclWrite, "write"sv},             {kAclSet, "set"sv},
    {kAclSortedset, "sortedset"sv},     {kAclList, "list"sv},
    {kAclHash, "hash"sv},               {kAclString, "string"sv},
    {kAclBitmap, "bitmap"sv},           {kAclHyperloglog, "hyperloglog"sv},
    {kAclGeo, "geo"sv},                 {kAclStream, "stream"sv},
    {kAclPubsub, "pubsub"sv},           {kAclAdmin, "admin"sv},
    {kAclFast, "fast"sv},               {kAclSlow, "slow"sv},
    {kAclBlocking, "blocking"sv},       {kAclDangerous, "dangerous"sv},
    {kAclConnection, "connection"sv},   {kAclTransaction, "transaction"sv},
    {kAclScripting, "scripting"sv},
};

constexpr FlagName kKeySpecFlagNames[] = {
    {kKeyRO, "RO"sv},
    {kKeyRW, "RW"sv},
    {kKeyOW, "OW"sv},
    {kKeyRM, "RM"sv},
    {kKeyAccess, "access"sv},
    {kKeyUpdate, "update"sv},
    {kKeyInsert, "insert"sv},
    {kKeyDelete, "delete"sv},
    {kKeyNotKey, "not_key"sv},
    {kKeyIncomplete, "incomplete"sv},
    {kKeyVariableFlags, "variable_flags"sv},
};

constexpr FlagName kArgFlagNames[] = {
    {kArgOptional, "optional"sv},
    {kArgMultiple, "multiple"sv},
    {kArgMultipleToken, "multiple_token"sv},
};

constexpr FlagName kDocFlagNames[] = {
    {kDocDeprecated, "deprecated"sv},
    {kDocSyscmd, "syscmd"sv},
};

constexpr unsigned char ToLower(unsigned char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<unsigned char>(c + ('a' - 'A')) : c;
}

// 32-bit FNV-1a over the lowercased bytes; must match fnv1a() in the generator,
// which laid the lookup tables out with it.
constexpr uint32_t kFnvOffset = 2166136261u;
constexpr uint32_t kFnvPrime = 16777619u;

constexpr uint32_t HashLower(uint32_t h, std::string_view s) {
  for (char c : s) h = (h ^ ToLower(static_cast<unsigned char>(c))) * kFnvPrime;
  return h;
}

// `lower` is a generated (already lowercase) name; `s` is client input.
bool EqualsLower(std::string_view lower, std::string_view s) {
  if (lower.size() != s.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (static_cast<unsigned char>(lower[i]) != ToLower(static_cast<unsigned char>(s[i]))) {
      return false;
    }
  }
  return true;
}

// Linear probing over a power-of-two table: the generator guarantees a load
// factor <= 1/4, so a miss ends at an empty slot after a probe or two.
template <typename Matches>
const CommandSpec* Probe(std::span<const CommandSpec* const> table, uint32_t hash,
                         Matches matches) {
  const size_t mask = table.size() - 1;
  for (size_t i = hash & mask;; i = (i + 1) & mask) {
    const CommandSpec* spec = table[i];
    if (spec == nullptr) return nullptr;
    if (matches(*spec)) return spec;
  }
}

}  // namespace

std::string_view CommandSpec::ShortName() const {
  const size_t bar = name.find('|');
  return bar == std::string_view::npos ? name : name.substr(bar + 1);
}

std::span<const FlagName> CommandFlagNames() { return kCommandFlagNames; }
std::span<const FlagName> AclCategoryNames() { return kAclCategoryNames; }
std::span<const FlagName> KeySpecFlagNames() { return kKeySpecFlagNames; }
std::span<const FlagName> ArgFlagNames() { return kArgFlagNames; }
std::span<const FlagName> DocFlagNames() { return kDocFlagNames; }

std::string_view ArgTypeName(ArgType type) {
  switch (type) {
    case ArgType::kString: return "string"sv;
    case ArgType::kInteger: return "integer"sv;
    case ArgType::kDouble: return "double"sv;
    case ArgType::kKey: return "key"sv;
    case ArgType::kPattern: return "pattern"sv;
    case ArgType::kUnixTime: return "unix-time"sv;
    case ArgType::kPureToken: return "pure-token"sv;
    case ArgType::kOneof: return "oneof"sv;
    case ArgType::kBlock: return "block"sv;
  }
  return "string"sv;
}

std::span<const CommandSpec> AllCommandSpecs() {
  return command_spec_internal::TopLevelSpecs();
}

const CommandSpec* FindCommandSpec(std::string_view name) {
  return Probe(command_spec_internal::TopLevelLookup(), HashLower(kFnvOffset, name),
               [name](const CommandSpec& spec) { return EqualsLower(spec.name, name); });
}

const CommandSpec* FindSubcommandSpec(const CommandSpec& parent, std::string_view sub) {
  if (parent.subcommands.empty()) return nullptr;
  // Hash "parent|sub" piecewise so no joined string is built.
  const uint32_t hash = HashLower(HashLower(HashLower(kFnvOffset, parent.name), "|"), sub);
  const size_t prefix = parent.name.size() + 1;
  return Probe(command_spec_internal::SubcommandLookup(), hash,
               [&](const CommandSpec& spec) {
                 return spec.name.size() == prefix + sub.size() &&
                        spec.name.starts_with(parent.name) && spec.name[prefix - 1] == '|' &&
                        EqualsLower(spec.name.substr(prefix), sub);
               });
}

const CommandSpec* FindCommandSpecByFullName(std::string_view full_name) {
  const size_t bar = full_name.find('|');
  if (bar == std::string_view::npos) return FindCommandSpec(full_name);
  const CommandSpec* parent = FindCommandSpec(full_name.substr(0, bar));
  if (parent == nullptr) return nullptr;
  return FindSubcommandSpec(*parent, full_name.substr(bar + 1));
}

uint32_t AclCategoryByName(std::string_view name) {
  for (const FlagName& f : kAclCategoryNames) {
    if (EqualsLower(f.name, name)) return f.bit;
  }
  return 0;
}

}  // namespace ringdb::engine
