#include "engine/client_list.h"

#include <concepts>
#include <string>
#include <utility>

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

// "x" (inside MULTI; known only to the client's own thread, so shown to itself) and
// "b" (blocked, which it can never see itself as); "N" stands for no flag, as in Redis.
std::string ClientState::FlagsString(bool self) const {
  if (self) return in_multi ? "x" : "N";
  return is_blocked() ? "b" : "N";
}

namespace {

// Builds a line of space-separated name=value fields.
class LineWriter {
 public:
  LineWriter() { line_.reserve(320); }  // one allocation for a typical line
  void Field(std::string_view name, std::string_view value) {
    if (!line_.empty()) line_ += ' ';
    line_.append(name).append("=").append(value);
  }
  void Num(std::string_view name, std::integral auto value) { Field(name, std::to_string(value)); }
  std::string Finish() { return std::move(line_) + '\n'; }

 private:
  std::string line_;
};

// qbuf .. tot-mem. Redis measures allocations; ours are the connection's strings (see
// io::BufferSizes). argv-mem counts argument bytes, as Redis's argv_len_sum does,
// though ours are views into the received bytes rather than copies; only the caller
// is inside a command. multi-mem counts the queued commands' argument bytes (copies),
// without the argv arrays and WATCH overhead Redis adds.
void WriteMemoryFields(const ClientState& c, std::optional<CmdArgs> running, LineWriter& w) {
  const io::BufferSizes buf = c.buffer_sizes();
  const size_t qbuf_free =
      buf.input_capacity > buf.input_bytes ? buf.input_capacity - buf.input_bytes : 0;
  size_t argv_bytes = 0;
  for (std::string_view arg : running.value_or(CmdArgs())) argv_bytes += arg.size();
  const size_t multi_bytes = c.multi_arg_bytes();
  w.Num("qbuf", buf.input_bytes);
  w.Num("qbuf-free", qbuf_free);
  w.Num("argv-mem", argv_bytes);
  w.Num("multi-mem", multi_bytes);
  // Redis fills a reply buffer of rbs bytes (rbp at peak since its cron last reset it),
  // then a list of blocks (obl, oll). Ours is one contiguous buffer: rbs is its
  // capacity, rbp the peak of unsent bytes since the loop's cron reset it, obl and oll
  // read 0, and omem holds the unsent bytes, which output-buffer limits watch.
  w.Num("rbs", buf.output_capacity);
  w.Num("rbp", c.output_peak_bytes());
  w.Num("obl", 0);
  w.Num("oll", 0);
  w.Num("omem", buf.output_bytes);
  // Input allocation, arguments, MULTI queue and output allocation; Redis also counts
  // its client struct, which is left out here.
  w.Num("tot-mem", buf.input_bytes + qbuf_free + argv_bytes + multi_bytes + buf.output_capacity);
}

}  // namespace

std::string FormatClientLine(const ClientState& c, std::optional<CmdArgs> running,
                             int64_t now_ms) {
  const bool self = running.has_value();
  LineWriter w;
  w.Num("id", c.id());
  w.Field("addr", c.peer());
  w.Field("laddr", c.local());
  w.Num("fd", c.fd());
  w.Field("name", c.name());
  w.Num("age", (now_ms - c.created_ms()) / 1000);
  w.Num("idle", (now_ms - c.last_interaction_ms()) / 1000);
  w.Field("flags", c.FlagsString(self));
  w.Num("db", c.db());
  w.Num("sub", 0);
  w.Num("psub", 0);
  w.Num("ssub", 0);
  w.Num("multi", self && c.in_multi ? static_cast<int64_t>(c.queued().size()) : -1);
  WriteMemoryFields(c, running, w);
  w.Field("events", "r");
  w.Field("cmd", c.last_command());
  w.Field("user", "default");
  w.Num("redir", -1);
  w.Num("resp", self ? c.resp() : 2);
  // Redis 7.2's fields, set by CLIENT SETINFO; parsers of 7.0's line ignore extras.
  auto [lib_name, lib_ver] = c.lib();
  w.Field("lib-name", lib_name);
  w.Field("lib-ver", lib_ver);
  return w.Finish();
}

}  // namespace ringdb::engine
