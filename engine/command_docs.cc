#include "engine/command_docs.h"

#include <string>
#include <vector>

#include "engine/errors.h"
#include "engine/key_extraction.h"
#include "types/ascii.h"
#include "types/glob.h"

namespace ringdb::engine {

namespace {

using protocol::ReplyBuilder;
using Args = std::span<const std::string_view>;

constexpr std::string_view kErrInvalidCommand = "ERR Invalid command specified";
constexpr std::string_view kErrNoKeyArgs = "ERR The command has no key arguments";
constexpr std::string_view kErrInvalidArgCount =
    "ERR Invalid number of arguments specified for command";
constexpr std::string_view kErrInvalidArgs = "ERR Invalid arguments specified for command";

// Command flags Redis keeps out of COMMAND replies.
constexpr uint32_t kHiddenCommandFlags =
    kCmdMayReplicate | kCmdSentinel | kCmdOnlySentinel | kCmdProtected;

constexpr const char* kHelpLines[] = {
    "COMMAND <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
    "(no subcommand)",
    "    Return details about all Redis commands.",
    "COUNT",
    "    Return the total number of commands in this Redis server.",
    "LIST",
    "    Return a list of all commands in this Redis server.",
    "INFO [<command-name> ...]",
    "    Return details about multiple Redis commands.",
    "    If no command names are given, documentation details for all",
    "    commands are returned.",
    "DOCS [<command-name> ...]",
    "    Return documentation details about multiple Redis commands.",
    "    If no command names are given, documentation details for all",
    "    commands are returned.",
    "GETKEYS <full-command>",
    "    Return the keys from a full Redis command.",
    "GETKEYSANDFLAGS <full-command>",
    "    Return the keys and the access flags from a full Redis command.",
    "HELP",
    "    Prints this help.",
};

using types::EqualsNoCase;

bool ArityOk(int arity, size_t argc) {
  return arity >= 0 ? argc == static_cast<size_t>(arity) : argc >= static_cast<size_t>(-arity);
}

// A set of status strings, one per bit of `bits` in table (= reply) order, each
// preceded by `prefix` ("@" for ACL categories).
void SendFlagSet(uint32_t bits, std::span<const FlagName> names, ReplyBuilder* rb,
                 std::string_view prefix = {}) {
  size_t n = 0;
  for (const FlagName& f : names) n += (bits & f.bit) != 0;
  rb->SendSetLen(n);
  char buf[64];  // Flag names are short; the longest is 17 bytes.
  for (const FlagName& f : names) {
    if ((bits & f.bit) == 0) continue;
    if (prefix.empty() || prefix.size() + f.name.size() > sizeof(buf)) {
      rb->SendSimpleString(f.name);
      continue;
    }
    prefix.copy(buf, prefix.size());
    f.name.copy(buf + prefix.size(), f.name.size());
    rb->SendSimpleString(std::string_view(buf, prefix.size() + f.name.size()));
  }
}

size_t CountImplementedSubcommands(const CommandSpec& spec, const CommandPredicate& implemented) {
  size_t n = 0;
  for (const CommandSpec& sub : spec.subcommands) n += implemented(sub);
  return n;
}

void SendBeginSearch(const BeginSearch& bs, ReplyBuilder* rb) {
  rb->SendMapLen(2);
  rb->SendBulk("type");
  switch (bs.type) {
    case BeginSearchType::kIndex:
      rb->SendBulk("index");
      rb->SendBulk("spec");
      rb->SendMapLen(1);
      rb->SendBulk("index");
      rb->SendLong(bs.index);
      return;
    case BeginSearchType::kKeyword:
      rb->SendBulk("keyword");
      rb->SendBulk("spec");
      rb->SendMapLen(2);
      rb->SendBulk("keyword");
      rb->SendBulk(bs.keyword);
      rb->SendBulk("startfrom");
      rb->SendLong(bs.startfrom);
      return;
    case BeginSearchType::kUnknown:
      break;
  }
  rb->SendBulk("unknown");
  rb->SendBulk("spec");
  rb->SendMapLen(0);
}

void SendFindKeys(const FindKeys& fk, ReplyBuilder* rb) {
  rb->SendMapLen(2);
  rb->SendBulk("type");
  switch (fk.type) {
    case FindKeysType::kRange:
      rb->SendBulk("range");
      rb->SendBulk("spec");
      rb->SendMapLen(3);
      rb->SendBulk("lastkey");
      rb->SendLong(fk.lastkey);
      rb->SendBulk("keystep");
      rb->SendLong(fk.keystep);
      rb->SendBulk("limit");
      rb->SendLong(fk.limit);
      return;
    case FindKeysType::kKeynum:
      rb->SendBulk("keynum");
      rb->SendBulk("spec");
      rb->SendMapLen(3);
      rb->SendBulk("keynumidx");
      rb->SendLong(fk.keynumidx);
      rb->SendBulk("firstkey");
      rb->SendLong(fk.firstkey);
      rb->SendBulk("keystep");
      rb->SendLong(fk.keystep);
      return;
    case FindKeysType::kUnknown:
      break;
  }
  rb->SendBulk("unknown");
  rb->SendBulk("spec");
  rb->SendMapLen(0);
}

void SendKeySpec(const KeySpec& ks, ReplyBuilder* rb) {
  rb->SendMapLen(ks.notes.empty() ? 3 : 4);
  if (!ks.notes.empty()) {
    rb->SendBulk("notes");
    rb->SendBulk(ks.notes);
  }
  rb->SendBulk("flags");
  SendFlagSet(ks.flags, KeySpecFlagNames(), rb);
  rb->SendBulk("begin_search");
  SendBeginSearch(ks.begin_search, rb);
  rb->SendBulk("find_keys");
  SendFindKeys(ks.find_keys, rb);
}

void SendArg(const CommandArg& arg, ReplyBuilder* rb) {
  const bool nested = arg.type == ArgType::kOneof || arg.type == ArgType::kBlock;
  const size_t len = 2 + !arg.value.empty() + !arg.display_text.empty() +
                     (arg.key_spec_index >= 0) + arg.has_token + !arg.since.empty() +
                     !arg.deprecated_since.empty() + (arg.flags != 0) + nested;
  rb->SendMapLen(len);
  rb->SendBulk("name");
  rb->SendBulk(arg.name);
  rb->SendBulk("type");
  rb->SendBulk(ArgTypeName(arg.type));
  // (The 7.0 data has no value/display_text; later versions place them here.)
  if (!arg.value.empty()) {
    rb->SendBulk("value");
    rb->SendBulk(arg.value);
  }
  if (!arg.display_text.empty()) {
    rb->SendBulk("display_text");
    rb->SendBulk(arg.display_text);
  }
  if (arg.key_spec_index >= 0) {
    rb->SendBulk("key_spec_index");
    rb->SendLong(arg.key_spec_index);
  }
  if (arg.has_token) {
    rb->SendBulk("token");
    rb->SendBulk(arg.token);
  }
  if (!arg.since.empty()) {
    rb->SendBulk("since");
    rb->SendBulk(arg.since);
  }
  if (!arg.deprecated_since.empty()) {
    rb->SendBulk("deprecated_since");
    rb->SendBulk(arg.deprecated_since);
  }
  if (arg.flags != 0) {
    rb->SendBulk("flags");
    SendFlagSet(arg.flags, ArgFlagNames(), rb);
  }
  if (nested) {
    rb->SendBulk("arguments");
    rb->SendArrayLen(arg.args.size());
    for (const CommandArg& child : arg.args) SendArg(child, rb);
  }
}

// What the client named in COMMAND GETKEYS: the command, or its subcommand when
// it is a container and a second word is given (Redis's lookupCommand).
const CommandSpec* LookupForGetKeys(Args cmd_args, const CommandPredicate& implemented) {
  if (cmd_args.empty()) return nullptr;
  const CommandSpec* spec = FindCommandSpec(cmd_args[0]);
  if (spec != nullptr && !spec->subcommands.empty() && cmd_args.size() >= 2) {
    spec = FindSubcommandSpec(*spec, cmd_args[1]);
  }
  if (spec == nullptr || !implemented(*spec)) return nullptr;
  return spec;
}

// COMMAND LIST's filter; `kind` is empty for no filter.
struct ListFilter {
  enum class Kind { kNone, kModule, kAclCat, kPattern } kind = Kind::kNone;
  uint32_t acl_bit = 0;
  std::string_view pattern;

  bool Accepts(const CommandSpec& spec) const {
    switch (kind) {
      case Kind::kNone: return true;
      case Kind::kModule: return false;  // ringdb has no modules.
      case Kind::kAclCat: return (spec.acl_categories & acl_bit) != 0;
      case Kind::kPattern: return types::GlobMatch(pattern, spec.name, /*nocase=*/true);
    }
    return false;
  }
};

// Parses "COMMAND LIST [FILTERBY <kind> <value>]"; false on a syntax error.
bool ParseListFilter(Args args, ListFilter* filter) {
  if (args.size() == 2) return true;
  if (args.size() != 5 || !EqualsNoCase(args[2], "filterby")) return false;
  if (EqualsNoCase(args[3], "module")) {
    filter->kind = ListFilter::Kind::kModule;
  } else if (EqualsNoCase(args[3], "aclcat")) {
    filter->kind = ListFilter::Kind::kAclCat;
    // An unknown category matches nothing, as in Redis, rather than failing.
    filter->acl_bit = AclCategoryByName(args[4]);
  } else if (EqualsNoCase(args[3], "pattern")) {
    filter->kind = ListFilter::Kind::kPattern;
    filter->pattern = args[4];
  } else {
    return false;
  }
  return true;
}

// Calls fn(spec) for every served command, each container followed by its
// served subcommands.
template <typename Fn>
void ForEachServed(const CommandPredicate& implemented, Fn fn) {
  for (const CommandSpec& spec : AllCommandSpecs()) {
    if (!implemented(spec)) continue;
    fn(spec);
    for (const CommandSpec& sub : spec.subcommands) {
      if (implemented(sub)) fn(sub);
    }
  }
}

}  // namespace

void RenderCommandInfo(const CommandSpec& spec, const CommandPredicate& implemented,
                       ReplyBuilder* rb) {
  rb->SendArrayLen(10);
  rb->SendBulk(spec.name);
  rb->SendLong(spec.arity);
  SendFlagSet(spec.flags & ~kHiddenCommandFlags, CommandFlagNames(), rb);
  rb->SendLong(spec.first_key);
  rb->SendLong(spec.last_key);
  rb->SendLong(spec.step);
  SendFlagSet(spec.acl_categories, AclCategoryNames(), rb, "@");
  rb->SendSetLen(spec.tips.size());
  for (std::string_view tip : spec.tips) rb->SendBulk(tip);
  // Redis 7.0 sends key specs as a set, and "no subcommands" as an empty set
  // but a present list as an array; mirrored byte for byte.
  rb->SendSetLen(spec.key_specs.size());
  for (const KeySpec& ks : spec.key_specs) SendKeySpec(ks, rb);
  if (spec.subcommands.empty()) {
    rb->SendSetLen(0);
    return;
  }
  rb->SendArrayLen(CountImplementedSubcommands(spec, implemented));
  for (const CommandSpec& sub : spec.subcommands) {
    if (implemented(sub)) RenderCommandInfo(sub, implemented, rb);
  }
}

void RenderCommandDocs(const CommandSpec& spec, const CommandPredicate& implemented,
                       ReplyBuilder* rb) {
  const bool has_subs = !spec.subcommands.empty();
  const size_t len = 2 + (spec.doc_flags != 0) + !spec.deprecated_since.empty() +
                     !spec.replaced_by.empty() + !spec.args.empty() + has_subs;
  rb->SendMapLen(len);
  rb->SendBulk("since");
  rb->SendBulk(spec.since);
  rb->SendBulk("group");
  rb->SendBulk(spec.group);
  if (spec.doc_flags != 0) {
    rb->SendBulk("doc_flags");
    SendFlagSet(spec.doc_flags, DocFlagNames(), rb);
  }
  if (!spec.deprecated_since.empty()) {
    rb->SendBulk("deprecated_since");
    rb->SendBulk(spec.deprecated_since);
  }
  if (!spec.replaced_by.empty()) {
    rb->SendBulk("replaced_by");
    rb->SendBulk(spec.replaced_by);
  }
  if (!spec.args.empty()) {
    rb->SendBulk("arguments");
    rb->SendArrayLen(spec.args.size());
    for (const CommandArg& arg : spec.args) SendArg(arg, rb);
  }
  if (has_subs) {
    rb->SendBulk("subcommands");
    rb->SendMapLen(CountImplementedSubcommands(spec, implemented));
    for (const CommandSpec& sub : spec.subcommands) {
      if (!implemented(sub)) continue;
      rb->SendBulk(sub.name);
      RenderCommandDocs(sub, implemented, rb);
    }
  }
}

void CmdCommandInfo(Args args, const CommandPredicate& implemented, ReplyBuilder* rb) {
  if (args.size() <= 2) {  // COMMAND, or COMMAND INFO with no names: everything.
    size_t n = 0;
    for (const CommandSpec& spec : AllCommandSpecs()) n += implemented(spec);
    rb->SendArrayLen(n);
    for (const CommandSpec& spec : AllCommandSpecs()) {
      if (implemented(spec)) RenderCommandInfo(spec, implemented, rb);
    }
    return;
  }
  rb->SendArrayLen(args.size() - 2);
  for (std::string_view name : args.subspan(2)) {
    const CommandSpec* spec = FindCommandSpecByFullName(name);
    if (spec == nullptr || !implemented(*spec)) {
      rb->SendNull();
    } else {
      RenderCommandInfo(*spec, implemented, rb);
    }
  }
}

void CmdCommandDocs(Args args, const CommandPredicate& implemented, ReplyBuilder* rb) {
  std::vector<const CommandSpec*> found;
  if (args.size() == 2) {
    for (const CommandSpec& spec : AllCommandSpecs()) {
      if (implemented(spec)) found.push_back(&spec);
    }
  } else {
    // Unknown names are skipped, repeated ones repeated: Redis does both.
    for (std::string_view name : args.subspan(2)) {
      const CommandSpec* spec = FindCommandSpecByFullName(name);
      if (spec != nullptr && implemented(*spec)) found.push_back(spec);
    }
  }
  rb->SendMapLen(found.size());
  for (const CommandSpec* spec : found) {
    rb->SendBulk(spec->name);
    RenderCommandDocs(*spec, implemented, rb);
  }
}

void CmdCommandCount(Args /*args*/, const CommandPredicate& implemented, ReplyBuilder* rb) {
  int64_t n = 0;
  for (const CommandSpec& spec : AllCommandSpecs()) n += implemented(spec);
  rb->SendLong(n);
}

void CmdCommandList(Args args, const CommandPredicate& implemented, ReplyBuilder* rb) {
  ListFilter filter;
  if (!ParseListFilter(args, &filter)) {
    rb->SendError(errors::kSyntax);
    return;
  }
  size_t n = 0;
  ForEachServed(implemented, [&](const CommandSpec& spec) { n += filter.Accepts(spec); });
  rb->SendArrayLen(n);
  ForEachServed(implemented, [&](const CommandSpec& spec) {
    if (filter.Accepts(spec)) rb->SendBulk(spec.name);
  });
}

void CmdCommandGetKeys(Args args, const CommandPredicate& implemented, bool with_flags,
                       ReplyBuilder* rb) {
  const Args cmd_args = args.subspan(2);
  const CommandSpec* spec = LookupForGetKeys(cmd_args, implemented);
  if (spec == nullptr) {
    rb->SendError(kErrInvalidCommand);
    return;
  }
  if (!CommandHasKeys(*spec)) {
    rb->SendError(kErrNoKeyArgs);
    return;
  }
  if (!ArityOk(spec->arity, cmd_args.size())) {
    rb->SendError(kErrInvalidArgCount);
    return;
  }
  std::vector<KeyRef> keys;
  if (!ExtractKeys(*spec, cmd_args, &keys)) {
    rb->SendError(kErrInvalidArgs);
    return;
  }
  rb->SendArrayLen(keys.size());
  for (const KeyRef& key : keys) {
    if (!with_flags) {
      rb->SendBulk(cmd_args[key.pos]);
      continue;
    }
    rb->SendArrayLen(2);
    rb->SendBulk(cmd_args[key.pos]);
    SendFlagSet(key.flags, KeySpecFlagNames(), rb);
  }
}

void CmdCommandHelp(ReplyBuilder* rb) {
  rb->SendArrayLen(std::size(kHelpLines));
  for (const char* line : kHelpLines) rb->SendSimpleString(line);
}

void CmdCommand(Args args, const CommandPredicate& implemented, ReplyBuilder* rb) {
  if (args.size() == 1) {
    CmdCommandInfo(args, implemented, rb);
    return;
  }
  const CommandSpec* self = FindCommandSpec("command");
  const CommandSpec* sub = self ? FindSubcommandSpec(*self, args[1]) : nullptr;
  if (sub == nullptr) {
    rb->SendError(errors::UnknownSubcommand(args[1], args[0]));
    return;
  }
  if (!ArityOk(sub->arity, args.size())) {
    rb->SendError(errors::WrongArity(sub->name));
    return;
  }
  const std::string_view name = sub->ShortName();
  if (name == "info") {
    CmdCommandInfo(args, implemented, rb);
  } else if (name == "docs") {
    CmdCommandDocs(args, implemented, rb);
  } else if (name == "count") {
    CmdCommandCount(args, implemented, rb);
  } else if (name == "list") {
    CmdCommandList(args, implemented, rb);
  } else if (name == "getkeys" || name == "getkeysandflags") {
    CmdCommandGetKeys(args, implemented, name == "getkeysandflags", rb);
  } else {
    CmdCommandHelp(rb);
  }
}

}  // namespace ringdb::engine
