// Storage of configuration values and the CONFIG GET/SET/RESETSTAT logic.
#include "engine/config.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>

#include "engine/errors.h"
#include "types/ascii.h"
#include "types/glob.h"

namespace ringdb::engine {
namespace {

constexpr size_t kOutputBufferSlots = 9;  // 3 client classes x (hard, soft, seconds)

struct ConfigStore {
  // Serialises every change (CONFIG SET, start-up directives, resets) so that a multi-set
  // and its rollback are never interleaved with another writer.
  std::mutex writer_mu;
  // Guards `texts`; held only to copy a string in or out.
  std::mutex text_mu;
  std::vector<std::string> texts;          // per row: string value or special rendering
  std::vector<std::string> default_texts;  // per row: CONFIG GET rendering of the default
  std::vector<std::vector<ConfigApplyFn>> apply_hooks;  // per row
  std::vector<std::function<void()>> reset_stat_hooks;
  std::string config_file;
  std::atomic<int64_t> output_buffer[kOutputBufferSlots] = {};
};

// Never destroyed, so threads still running at exit can read it.
ConfigStore& Store() {
  static ConfigStore* store = new ConfigStore();
  return *store;
}

size_t RowOf(const ConfigSpec& spec) { return static_cast<size_t>(&spec - ConfigTable().data()); }

using types::EqualsNoCase;

bool HoldsText(const ConfigSpec& spec) {
  return spec.type == ConfigType::kString || spec.type == ConfigType::kSpecial;
}

ConfigValue LoadValue(const ConfigSpec& spec) {
  ConfigStore& s = Store();
  const size_t row = RowOf(spec);
  ConfigValue v;
  v.number = config_internal::g_numbers[row].load(std::memory_order_relaxed);
  if (HoldsText(spec)) {
    std::lock_guard lock(s.text_mu);
    v.text = s.texts[row];
  }
  return v;
}

void StoreOutputBufferLimits(const std::string& text) {
  const std::vector<std::string> words = SplitConfigSetValue(text);
  if (words.size() != 12) return;
  for (size_t cls = 0; cls < 3; ++cls) {
    for (size_t k = 0; k < 3; ++k) {
      const int64_t v = std::strtoll(words[cls * 4 + 1 + k].c_str(), nullptr, 10);
      Store().output_buffer[cls * 3 + k].store(v, std::memory_order_relaxed);
    }
  }
}

void StoreValue(const ConfigSpec& spec, const ConfigValue& value) {
  ConfigStore& s = Store();
  const size_t row = RowOf(spec);
  if (HoldsText(spec)) {
    std::lock_guard lock(s.text_mu);
    s.texts[row] = value.text;
  }
  config_internal::g_numbers[row].store(value.number, std::memory_order_relaxed);
  if (spec.special == ConfigSpecial::kClientOutputBufferLimit) {
    StoreOutputBufferLimits(value.text);
  }
}

// Multi-word settings are split like redis.conf arguments would be; a default is never
// quoted, so a split on spaces is exact.
std::vector<std::string> DefaultArgs(const ConfigSpec& spec) {
  if (spec.Is(kConfigMultiArg)) return SplitConfigSetValue(spec.default_text);
  return {std::string(spec.default_text)};
}

bool IsGlob(std::string_view pattern) {
  return pattern.find_first_of("[*?") != std::string_view::npos;
}

bool ProtectedAllowed(const ConfigSetContext& context) {
  const auto mode = ConfigEnum<ProtectedAction>(ConfigId::kEnableProtectedConfigs);
  return mode == ProtectedAction::kYes ||
         (mode == ProtectedAction::kLocal && context.client_is_local);
}

std::string SetFailed(std::string_view name, std::string_view reason) {
  std::string err = "ERR CONFIG SET failed (possibly related to argument '";
  err.append(name).append("')");
  if (!reason.empty()) err.append(" - ").append(reason);
  return err;
}

struct PendingSet {
  const ConfigSpec* spec;
  std::string_view name_as_given;  // for the error text
  std::string_view value;
  ConfigValue old_value;
  ConfigValue new_value;
};

// Finds every setting named, refusing unknown, immutable, protected and repeated ones.
// Redis reports the first problem in argument order.
std::string ResolveSetTargets(std::span<const std::string_view> pairs,
                              const ConfigSetContext& context, std::vector<PendingSet>* out) {
  for (size_t i = 0; i < pairs.size(); i += 2) {
    const ConfigSpec* spec = FindConfig(pairs[i]);
    if (spec == nullptr) {
      return "ERR Unknown option or number of arguments for CONFIG SET - '" +
             std::string(pairs[i]) + "'";
    }
    if (spec->Is(kConfigImmutable)) return SetFailed(pairs[i], "can't set immutable config");
    if (spec->Is(kConfigProtected) && !ProtectedAllowed(context)) {
      return SetFailed(pairs[i], "can't set protected config");
    }
    for (const PendingSet& p : *out) {
      if (p.spec == spec) return SetFailed(pairs[i], "duplicate parameter");
    }
    out->push_back(PendingSet{spec, pairs[i], pairs[i + 1], {}, {}});
  }
  return "";
}

// The name Redis shows in a parse error: the canonical name or the alias that was used.
std::string_view DisplayName(const PendingSet& p) {
  if (!p.spec->alias.empty() && EqualsNoCase(p.name_as_given, p.spec->alias)) {
    return p.spec->alias;
  }
  return p.spec->name;
}

// Runs the apply hooks of every changed row; on failure restores all old values and re-runs
// the hooks of the rows already applied so modules see the old values again.
std::string ApplyChanges(const std::vector<PendingSet>& pending) {
  ConfigStore& s = Store();
  std::vector<size_t> applied;
  for (size_t i = 0; i < pending.size(); ++i) {
    const PendingSet& p = pending[i];
    if (p.old_value.number == p.new_value.number && p.old_value.text == p.new_value.text) {
      continue;
    }
    std::string err;
    for (const ConfigApplyFn& hook : s.apply_hooks[RowOf(*p.spec)]) {
      err = hook();
      if (!err.empty()) break;
    }
    applied.push_back(i);
    if (err.empty()) continue;
    for (const PendingSet& q : pending) StoreValue(*q.spec, q.old_value);
    for (size_t j : applied) {
      for (const ConfigApplyFn& hook : s.apply_hooks[RowOf(*pending[j].spec)]) {
        const std::string restore_err = hook();
        if (!restore_err.empty()) {
          fprintf(stderr, "ringdb: restoring '%s' after a failed CONFIG SET: %s\n",
                  std::string(pending[j].spec->name).c_str(), restore_err.c_str());
        }
      }
    }
    return SetFailed(DisplayName(p), err);
  }
  return "";
}

}  // namespace

const ConfigSpec* FindConfig(std::string_view name) {
  for (const ConfigSpec& spec : ConfigTable()) {
    if (EqualsNoCase(spec.name, name)) return &spec;
    if (!spec.alias.empty() && EqualsNoCase(spec.alias, name)) return &spec;
  }
  return nullptr;
}

std::string ConfigString(ConfigId id) {
  const ConfigSpec& spec = ConfigSpecOf(id);
  return ConfigValueText(spec);
}

types::EncodingLimits CurrentEncodingLimits() {
  types::EncodingLimits l;
  l.hash_max_listpack_entries = ConfigInt(ConfigId::kHashMaxListpackEntries);
  l.hash_max_listpack_value = ConfigInt(ConfigId::kHashMaxListpackValue);
  l.list_max_listpack_size = ConfigInt(ConfigId::kListMaxListpackSize);
  l.list_compress_depth = ConfigInt(ConfigId::kListCompressDepth);
  l.set_max_intset_entries = ConfigInt(ConfigId::kSetMaxIntsetEntries);
  l.zset_max_listpack_entries = ConfigInt(ConfigId::kZsetMaxListpackEntries);
  l.zset_max_listpack_value = ConfigInt(ConfigId::kZsetMaxListpackValue);
  return l;
}

std::vector<SavePoint> ConfigSavePoints() {
  const std::vector<std::string> words = SplitConfigSetValue(ConfigString(ConfigId::kSave));
  std::vector<SavePoint> points;
  for (size_t i = 0; i + 1 < words.size(); i += 2) {
    points.push_back({std::strtoll(words[i].c_str(), nullptr, 10),
                      std::strtoll(words[i + 1].c_str(), nullptr, 10)});
  }
  return points;
}

std::vector<std::string> ConfigBindAddresses() {
  return SplitConfigSetValue(ConfigString(ConfigId::kBind));
}

OutputBufferLimit ConfigOutputBufferLimit(ClientClass client_class) {
  const size_t base = static_cast<size_t>(client_class) * 3;
  const auto& slots = Store().output_buffer;
  return {slots[base].load(std::memory_order_relaxed),
          slots[base + 1].load(std::memory_order_relaxed),
          slots[base + 2].load(std::memory_order_relaxed)};
}

std::optional<ReplicaOf> ConfigReplicaOf() {
  const std::vector<std::string> words = SplitConfigSetValue(ConfigString(ConfigId::kReplicaof));
  if (words.size() != 2) return std::nullopt;
  return ReplicaOf{words[0], static_cast<int>(std::strtol(words[1].c_str(), nullptr, 10))};
}

std::string ConfigValueText(const ConfigSpec& spec) {
  const ConfigValue v = LoadValue(spec);
  return HoldsText(spec) ? v.text : ConfigRenderNumber(spec, v.number);
}

const std::string& ConfigDefaultText(const ConfigSpec& spec) {
  return Store().default_texts[RowOf(spec)];
}

void AddConfigApplyHook(ConfigId id, ConfigApplyFn hook) {
  ConfigStore& s = Store();
  std::lock_guard lock(s.writer_mu);
  s.apply_hooks[static_cast<size_t>(id)].push_back(std::move(hook));
}

std::string ConfigApplyDirective(const ConfigSpec& spec, std::span<const std::string> args) {
  std::lock_guard lock(Store().writer_mu);
  ConfigValue value;
  std::string err = ConfigParseValue(spec, args, LoadValue(spec), &value);
  if (err.empty()) StoreValue(spec, value);
  return err;
}

void ResetConfigToDefaults() {
  ConfigStore& s = Store();
  std::lock_guard lock(s.writer_mu);
  const std::span<const ConfigSpec> table = ConfigTable();
  {
    std::lock_guard text_lock(s.text_mu);
    s.texts.resize(table.size());
    s.default_texts.resize(table.size());
  }
  s.apply_hooks.resize(table.size());
  for (const ConfigSpec& spec : table) {
    ConfigValue value;
    const std::string err = ConfigParseValue(spec, DefaultArgs(spec), ConfigValue{}, &value);
    if (!err.empty()) {
      // A default the table cannot parse is a programming error, caught by the unit tests.
      fprintf(stderr, "ringdb: bad default for '%s': %s\n", std::string(spec.name).c_str(),
              err.c_str());
      abort();
    }
    StoreValue(spec, value);
    s.default_texts[RowOf(spec)] =
        HoldsText(spec) ? value.text : ConfigRenderNumber(spec, value.number);
  }
}

void TEST_ClearConfigHooks() {
  ConfigStore& s = Store();
  std::lock_guard lock(s.writer_mu);
  for (auto& hooks : s.apply_hooks) hooks.clear();
  s.reset_stat_hooks.clear();
}

void SetConfigFilePath(std::string path) {
  ConfigStore& s = Store();
  std::lock_guard lock(s.text_mu);
  s.config_file = std::move(path);
}

std::string ConfigFilePath() {
  ConfigStore& s = Store();
  std::lock_guard lock(s.text_mu);
  return s.config_file;
}

std::vector<std::pair<std::string, std::string>> ConfigGet(
    std::span<const std::string_view> patterns) {
  std::map<std::string, const ConfigSpec*> matches;
  for (std::string_view pattern : patterns) {
    if (!IsGlob(pattern)) {
      // Redis echoes an exact name the way the client spelt it.
      if (const ConfigSpec* spec = FindConfig(pattern)) matches.emplace(pattern, spec);
      continue;
    }
    for (const ConfigSpec& spec : ConfigTable()) {
      if (types::GlobMatch(pattern, spec.name, /*nocase=*/true)) matches.emplace(spec.name, &spec);
      if (!spec.alias.empty() && types::GlobMatch(pattern, spec.alias, /*nocase=*/true)) {
        matches.emplace(spec.alias, &spec);
      }
    }
  }
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(matches.size());
  for (const auto& [name, spec] : matches) out.emplace_back(name, ConfigValueText(*spec));
  return out;
}

std::string ConfigSet(std::span<const std::string_view> name_value_pairs,
                      const ConfigSetContext& context) {
  if (name_value_pairs.empty() || name_value_pairs.size() % 2 != 0)
    return std::string(errors::kSyntax);
  std::lock_guard lock(Store().writer_mu);
  std::vector<PendingSet> pending;
  std::string err = ResolveSetTargets(name_value_pairs, context, &pending);
  if (!err.empty()) return err;
  // Parse everything before storing anything: all or nothing.
  for (PendingSet& p : pending) {
    p.old_value = LoadValue(*p.spec);
    std::vector<std::string> args;
    if (p.spec->Is(kConfigMultiArg)) {
      args = SplitConfigSetValue(p.value);
    } else {
      args.emplace_back(p.value);
    }
    err = ConfigParseValue(*p.spec, args, p.old_value, &p.new_value);
    if (!err.empty()) return SetFailed(DisplayName(p), err);
  }
  for (const PendingSet& p : pending) StoreValue(*p.spec, p.new_value);
  return ApplyChanges(pending);
}

void AddResetStatHook(std::function<void()> hook) {
  ConfigStore& s = Store();
  std::lock_guard lock(s.writer_mu);
  s.reset_stat_hooks.push_back(std::move(hook));
}

void ConfigResetStat() {
  ConfigStore& s = Store();
  std::lock_guard lock(s.writer_mu);
  for (const auto& hook : s.reset_stat_hooks) hook();
}

}  // namespace ringdb::engine
