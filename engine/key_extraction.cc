#include "engine/key_extraction.h"

#include <charconv>
#include <cstdint>

#include "types/ascii.h"

namespace ringdb::engine {

namespace {

using Args = std::span<const std::string_view>;

using types::EqualsNoCase;

// Redis's string2ll: "0", or an optional '-' and digits without leading zeros;
// nothing else ("+1", "01", "-0", " 1" and "" fail).
bool ParseInt64(std::string_view s, int64_t* out) {
  const size_t digits = !s.empty() && s.front() == '-' ? 1 : 0;
  if (s.size() <= digits || s[digits] < '0' || s[digits] > '9') return false;
  if (s[digits] == '0' && s.size() > 1) return false;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

// Position of the first key of `ks`: > 0 found, 0 keyword absent (the spec simply
// yields nothing), -1 the spec cannot be evaluated.
int64_t BeginSearchPos(const KeySpec& ks, Args args) {
  const int64_t argc = static_cast<int64_t>(args.size());
  switch (ks.begin_search.type) {
    case BeginSearchType::kIndex:
      return ks.begin_search.index;
    case BeginSearchType::kKeyword: {
      const int64_t from = ks.begin_search.startfrom;
      const int64_t start = from > 0 ? from : argc + from;
      // The bound itself is never a keyword candidate: a keyword in the last
      // argument has no key after it, and args[1] is never searched backwards.
      const int64_t end = from > 0 ? argc - 1 : 1;
      const int64_t dir = start <= end ? 1 : -1;
      for (int64_t i = start; i != end; i += dir) {
        if (i >= argc || i < 0) break;
        if (EqualsNoCase(args[i], ks.begin_search.keyword)) return i + 1;
      }
      return 0;
    }
    case BeginSearchType::kUnknown:
      break;
  }
  return -1;
}

// Appends the keys of one spec. Returns false where Redis jumps to invalid_spec.
bool AppendSpecKeys(const KeySpec& ks, Args args, std::vector<KeyRef>* keys) {
  const int64_t argc = static_cast<int64_t>(args.size());
  int64_t first = BeginSearchPos(ks, args);
  if (first < 0) return false;
  if (first == 0) return true;
  int64_t last = 0;
  int64_t step = ks.find_keys.keystep;
  switch (ks.find_keys.type) {
    case FindKeysType::kRange:
      if (ks.find_keys.lastkey >= 0) {
        last = first + ks.find_keys.lastkey;
      } else if (ks.find_keys.limit == 0) {
        last = argc + ks.find_keys.lastkey;
      } else {
        // Only 1/limit of what follows are keys (XREAD: keys then as many IDs).
        last = first + ((argc - first) / ks.find_keys.limit + ks.find_keys.lastkey);
      }
      break;
    case FindKeysType::kKeynum: {
      const int64_t count_pos = first + ks.find_keys.keynumidx;
      int64_t numkeys = 0;
      if (count_pos >= argc || !ParseInt64(args[count_pos], &numkeys) || numkeys < 0) {
        return false;
      }
      first += ks.find_keys.firstkey;
      last = first + numkeys - 1;  // numkeys 0 gives last < first: invalid below.
      break;
    }
    case FindKeysType::kUnknown:
      return false;
  }
  if (last >= argc || last < first || first >= argc || step < 1) return false;
  for (int64_t i = first; i <= last; i += step) {
    keys->push_back({static_cast<int>(i), ks.flags});
  }
  // Keys found so far are right but maybe not all of them: let the fallback decide.
  return (ks.flags & kKeyIncomplete) == 0;
}

bool ExtractWithSpecs(const CommandSpec& spec, Args args, std::vector<KeyRef>* keys) {
  for (const KeySpec& ks : spec.key_specs) {
    if (ks.flags & kKeyNotKey) continue;  // Channels (SPUBLISH ...), not keys.
    if (!AppendSpecKeys(ks, args, keys)) return false;
  }
  return true;
}

// SORT key [BY p] [LIMIT o c] [GET p ...] [STORE dst]: the last STORE wins, as the
// command itself does; BY/GET patterns name keys only known at run time.
void SortKeys(Args args, bool read_only, std::vector<KeyRef>* keys) {
  keys->push_back({1, kKeyRO | kKeyAccess});
  if (read_only) return;
  int store = 0;
  for (size_t i = 2; i < args.size(); ++i) {
    if (EqualsNoCase(args[i], "limit")) {
      i += 2;
    } else if (EqualsNoCase(args[i], "get") || EqualsNoCase(args[i], "by")) {
      i += 1;
    } else if (EqualsNoCase(args[i], "store") && i + 1 < args.size()) {
      store = static_cast<int>(i + 1);
    }
  }
  if (store != 0) keys->push_back({store, kKeyOW | kKeyUpdate});
}

// MIGRATE host port key|"" db timeout [COPY] [REPLACE] [AUTH pw] [AUTH2 u pw]
// [KEYS k ...]: with KEYS the key argument must be empty, else it is the key.
void MigrateKeys(Args args, std::vector<KeyRef>* keys) {
  size_t first = 3;
  size_t num = 1;
  for (size_t i = 6; i < args.size(); ++i) {
    if (EqualsNoCase(args[i], "keys")) {
      if (!args[3].empty()) {
        num = 0;  // Syntax error; the command reports it.
      } else {
        first = i + 1;
        num = args.size() - first;
      }
      break;
    }
    if (EqualsNoCase(args[i], "auth")) {
      i += 1;
    } else if (EqualsNoCase(args[i], "auth2")) {
      i += 2;
    }
  }
  for (size_t i = 0; i < num; ++i) {
    keys->push_back({static_cast<int>(first + i), kKeyRW | kKeyAccess | kKeyDelete});
  }
}

// BITFIELD is read-only unless some operation writes (or the arguments are
// malformed, where assuming a write is the safe side).
uint32_t BitfieldKeyFlags(Args args) {
  for (size_t i = 2; i < args.size(); ++i) {
    const size_t remaining = args.size() - i - 1;
    if (EqualsNoCase(args[i], "get") && remaining >= 2) {
      i += 2;
    } else if (EqualsNoCase(args[i], "overflow") && remaining >= 1) {
      i += 1;
    } else {
      return kKeyRW | kKeyAccess | kKeyUpdate;
    }
  }
  return kKeyRO | kKeyAccess;
}

// Redis's atoi(): leading blanks, a sign, then digits up to the first non-digit.
// Only the fallback below uses it, because Redis's fallback does.
int64_t LenientAtoi(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r'))) ++i;
  bool negative = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
  int64_t n = 0;
  for (; i < s.size() && s[i] >= '0' && s[i] <= '9' && n < (int64_t{1} << 40); ++i) {
    n = n * 10 + (s[i] - '0');
  }
  return negative ? -n : n;
}

// Redis's genericGetKeys for the key-count commands (EVAL, FCALL, ZUNIONSTORE,
// LMPOP ...), used only once the key-count spec failed: it reads the count
// leniently ("2abc" is 2) and lists a destination key after the sources.
void KeynumFallback(const CommandSpec& spec, Args args, std::vector<KeyRef>* keys) {
  const KeySpec* keynum = nullptr;
  int store_pos = 0;
  for (const KeySpec& ks : spec.key_specs) {
    if (ks.begin_search.type != BeginSearchType::kIndex) return;
    if (ks.find_keys.type == FindKeysType::kKeynum) {
      keynum = &ks;
    } else if (keynum == nullptr) {
      store_pos = ks.begin_search.index;
    }
  }
  if (keynum == nullptr) return;
  const size_t count_pos = keynum->begin_search.index + keynum->find_keys.keynumidx;
  const int64_t first = keynum->begin_search.index + keynum->find_keys.firstkey;
  if (count_pos >= args.size()) return;
  const int64_t num = LenientAtoi(args[count_pos]);
  const int64_t step = keynum->find_keys.keystep;
  if (num < 1 || step < 1 || num > (static_cast<int64_t>(args.size()) - first) / step) return;
  // Redis's fallback reports no flags for these keys.
  for (int64_t i = 0; i < num; ++i) keys->push_back({static_cast<int>(first + i * step), 0});
  if (store_pos != 0) keys->push_back({store_pos, 0});
}

// XREAD / XREADGROUP: the first STREAMS after the options starts the keys, which
// are half of what follows. Redis's fallback reports no flags for them.
void XreadFallback(Args args, std::vector<KeyRef>* keys) {
  size_t streams = 0;
  for (size_t i = 1; i < args.size() && streams == 0; ++i) {
    if (EqualsNoCase(args[i], "block") || EqualsNoCase(args[i], "count")) {
      i += 1;
    } else if (EqualsNoCase(args[i], "group")) {
      i += 2;
    } else if (EqualsNoCase(args[i], "streams")) {
      streams = i;
    } else if (!EqualsNoCase(args[i], "noack")) {
      return;  // Syntax error.
    }
  }
  if (streams == 0) return;
  const size_t rest = args.size() - streams - 1;
  if (rest == 0 || rest % 2 != 0) return;
  for (size_t i = 0; i < rest / 2; ++i) keys->push_back({static_cast<int>(streams + 1 + i), 0});
}

// Redis's per-command getkeys procedures, consulted as Redis does: when a spec
// fails, is incomplete or unknown, or its flags vary with the arguments. This is
// never on the path of a well-formed command with plain specs.
void FallbackKeys(const CommandSpec& spec, Args args, std::vector<KeyRef>* keys) {
  const std::string_view name = spec.name;
  if (name == "sort" || name == "sort_ro") {
    SortKeys(args, name == "sort_ro", keys);
  } else if (name == "migrate") {
    MigrateKeys(args, keys);
  } else if (name == "set") {
    uint32_t flags = kKeyOW | kKeyUpdate;
    for (size_t i = 3; i < args.size(); ++i) {
      if (EqualsNoCase(args[i], "get")) flags = kKeyRW | kKeyAccess | kKeyUpdate;
    }
    keys->push_back({1, flags});
  } else if (name == "bitfield") {
    keys->push_back({1, BitfieldKeyFlags(args)});
  } else if (name == "xread" || name == "xreadgroup") {
    XreadFallback(args, keys);
  } else if (spec.Has(kCmdMovablekeys)) {
    KeynumFallback(spec, args, keys);
  }
}

}  // namespace

bool CommandHasKeys(const CommandSpec& spec) {
  for (const KeySpec& ks : spec.key_specs) {
    if ((ks.flags & kKeyNotKey) == 0) return true;
  }
  return false;
}

bool KeysFollowLegacyRange(const CommandSpec& spec) {
  if (spec.Has(kCmdMovablekeys) || spec.first_key <= 0 || spec.step <= 0) return false;
  for (const KeySpec& ks : spec.key_specs) {
    if (ks.flags & kKeyNotKey) return false;
  }
  return true;
}

bool ExtractKeys(const CommandSpec& spec, std::span<const std::string_view> args,
                 std::vector<KeyRef>* keys) {
  keys->clear();
  if (!CommandHasKeys(spec)) return true;
  // Variable flags: the specs' positions are right but their flags are only an
  // upper bound, so Redis skips straight to the command's own rules.
  bool ok = (spec.key_spec_flags_any & kKeyVariableFlags) == 0 &&
            ExtractWithSpecs(spec, args, keys);
  if (!ok) {
    keys->clear();
    FallbackKeys(spec, args, keys);
  }
  return !keys->empty() || spec.Has(kCmdNoMandatoryKeys);
}

bool ExtractKeyPositions(const CommandSpec& spec, std::span<const std::string_view> args,
                         std::vector<int>* positions, bool* all_write) {
  // Most commands have a handful of keys; a thread-local scratch vector keeps the
  // per-command path free of allocations once warmed.
  thread_local std::vector<KeyRef> scratch;
  const bool ok = ExtractKeys(spec, args, &scratch);
  positions->clear();
  bool writes = true;
  for (const KeyRef& key : scratch) {
    positions->push_back(key.pos);
    writes = writes && IsWriteKey(key);
  }
  if (all_write != nullptr) *all_write = writes && !scratch.empty();
  return ok;
}

}  // namespace ringdb::engine
