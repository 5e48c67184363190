#include "engine/command_registry.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "engine/command_families.h"
#include "engine/command_spec.h"
#include "engine/key_extraction.h"

namespace ringdb::engine {
namespace {

// Lower-cases into a stack buffer: lookups happen per command and must not allocate.
std::string_view Lower(std::string_view s, char* buf, size_t cap) {
  if (s.size() > cap) return {};
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    buf[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  }
  return {buf, s.size()};
}

constexpr size_t kMaxNameLen = 64;

std::atomic<uint64_t> next_version{1};

// The last name each thread resolved, as sent: clients repeat one command (a
// pipeline of GETs), and then a lookup is one compare instead of lower-casing and
// hashing. Keyed by the registry's version, never its address: a registry that
// changed, or died and left its address to another, never matches.
struct LookupCache {
  uint64_t version = 0;
  const CommandEntry* entry = nullptr;
  uint8_t len = 0;
  char name[23] = {};
};
constinit thread_local LookupCache lookup_cache;

}  // namespace

CommandRegistry::CommandRegistry() : version_(next_version.fetch_add(1)) {}

void CommandRegistry::Register(std::string_view fullname, Handler handler, uint32_t options,
                               BarrierTest needs_barrier) {
  version_ = next_version.fetch_add(1);  // entries may move: forget cached lookups
  std::string name(fullname);
  size_t bar = name.find('|');
  const CommandSpec* spec = nullptr;
  if (bar == std::string::npos) {
    spec = FindCommandSpec(name);
  } else {
    const CommandSpec* parent = FindCommandSpec(name.substr(0, bar));
    spec = parent ? FindSubcommandSpec(*parent, name.substr(bar + 1)) : nullptr;
    CommandEntry& container = entries_[name.substr(0, bar)];
    container.fullname = name.substr(0, bar);
    container.spec = parent;
    container.is_container = true;
    if (container.index == 0) container.index = static_cast<uint32_t>(entries_.size());
  }
  if (spec == nullptr) {
    std::fprintf(stderr, "ringdb: command '%s' is not in the Redis 7.0 reference\n", name.c_str());
    std::abort();
  }
  CommandEntry& entry = entries_[name];
  uint32_t index = entry.index ? entry.index : static_cast<uint32_t>(entries_.size());
  entry = CommandEntry{name,  spec,  handler, options, false,
                       index, KeysFollowLegacyRange(*spec), needs_barrier};
}

const CommandEntry* CommandRegistry::Find(std::string_view name) const {
  LookupCache& cache = lookup_cache;
  if (cache.version == version_ && cache.len == name.size() &&
      std::memcmp(cache.name, name.data(), name.size()) == 0) {
    return cache.entry;
  }
  char buf[kMaxNameLen];
  std::string_view lower = Lower(name, buf, sizeof buf);
  if (lower.empty() || lower.find('|') != std::string_view::npos) return nullptr;
  auto it = entries_.find(lower);
  if (it == entries_.end()) return nullptr;
  if (name.size() <= sizeof cache.name) {
    cache.version = version_;
    cache.entry = &it->second;
    cache.len = static_cast<uint8_t>(name.size());
    std::memcpy(cache.name, name.data(), name.size());
  }
  return &it->second;
}

const CommandEntry* CommandRegistry::FindSub(const CommandEntry& container,
                                             std::string_view sub) const {
  char buf[kMaxNameLen];
  std::string_view lower = Lower(sub, buf, sizeof buf);
  if (lower.empty()) return nullptr;
  auto it = entries_.find(container.fullname + "|" + std::string(lower));
  return it == entries_.end() ? nullptr : &it->second;
}

bool CommandRegistry::Serves(std::string_view fullname) const {
  auto it = entries_.find(fullname);
  return it != entries_.end() && (it->second.handler != nullptr || it->second.is_container);
}

}  // namespace ringdb::engine
