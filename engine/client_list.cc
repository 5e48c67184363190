#include "engine/client_list.h"

#include "engine/client_state.h"
#include "engine/keys_args.h"

namespace ringdb::engine {

using keyargs::EqualsNoCase;

std::optional<ClientType> ParseClientType(std::string_view name) {
  if (EqualsNoCase(name, "normal")) return ClientType::kNormal;
  if (EqualsNoCase(name, "replica") || EqualsNoCase(name, "slave")) return ClientType::kReplica;
  if (EqualsNoCase(name, "pubsub")) return ClientType::kPubsub;
  if (EqualsNoCase(name, "master")) return ClientType::kMaster;
  return std::nullopt;
}

ClientType TypeOf(const ClientState&) { return ClientType::kNormal; }

bool ValidClientName(std::string_view name) {
  for (char c : name) {
    if (c < '!' || c > '~') return false;
  }
  return true;
}

// Only "x" (inside MULTI) is tracked so far; "N" stands for no flag, as in Redis.
std::string ClientState::FlagsString() const {
  return in_multi ? "x" : "N";
}

std::string FormatClientLine(const ClientState& c, bool self, int64_t now_ms) {
  std::string line;
  line.reserve(320);
  auto field = [&line](std::string_view name, std::string_view value) {
    if (!line.empty()) line += ' ';
    line.append(name).append("=").append(value);
  };
  auto num = [&field](std::string_view name, int64_t v) { field(name, std::to_string(v)); };
  num("id", static_cast<int64_t>(c.id()));
  field("addr", c.peer());
  field("laddr", c.local());
  num("fd", c.fd());
  field("name", c.name());
  num("age", (now_ms - c.created_ms()) / 1000);
  num("idle", (now_ms - c.last_interaction_ms()) / 1000);
  field("flags", self ? c.FlagsString() : "N");
  num("db", c.db());
  num("sub", 0);
  num("psub", 0);
  num("ssub", 0);
  num("multi", self && c.in_multi ? static_cast<int64_t>(c.queued.size()) : -1);
  // Redis splits output into a 16 KiB static buffer (obl) and a list (oll, omem);
  // here it is one buffer, shown as omem. Capacities are not tracked: their fields
  // read 0, as do the argv and MULTI figures.
  const int64_t qbuf = static_cast<int64_t>(c.query_buffer_bytes());
  const int64_t omem = static_cast<int64_t>(c.output_buffer_bytes());
  num("qbuf", qbuf);
  for (std::string_view zero : {"qbuf-free", "argv-mem", "multi-mem", "rbs", "rbp", "obl", "oll"}) {
    num(zero, 0);
  }
  num("omem", omem);
  num("tot-mem", qbuf + omem);
  field("events", "r");
  field("cmd", c.last_command());
  field("user", "default");
  num("redir", -1);
  num("resp", self ? c.resp() : 2);
  // Redis 7.2's fields, set by CLIENT SETINFO; parsers of 7.0's line ignore extras.
  auto [lib_name, lib_ver] = c.lib();
  field("lib-name", lib_name);
  field("lib-ver", lib_ver);
  line += '\n';
  return line;
}

}  // namespace ringdb::engine
