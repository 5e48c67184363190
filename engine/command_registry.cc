#include "engine/command_registry.h"

#include <cstdio>
#include <cstdlib>

#include "engine/command_families.h"
#include "engine/command_spec.h"

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

}  // namespace

void CommandRegistry::Register(std::string_view fullname, Handler handler, uint32_t options) {
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
  entry = CommandEntry{name, spec, handler, options, false, index};
}

const CommandEntry* CommandRegistry::Find(std::string_view name) const {
  char buf[kMaxNameLen];
  std::string_view lower = Lower(name, buf, sizeof buf);
  if (lower.empty() || lower.find('|') != std::string_view::npos) return nullptr;
  auto it = entries_.find(lower);
  return it == entries_.end() ? nullptr : &it->second;
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
