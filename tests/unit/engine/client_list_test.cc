// CLIENT LIST / CLIENT INFO lines: Redis 7.0's field order and the memory figures
// (qbuf .. tot-mem), both from FormatClientLine directly and through the dispatcher.
#include "engine/client_list.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "tests/unit/engine/command_test_util.h"

namespace ringdb::engine {
namespace {

// The line's fields in order, as (name, value) pairs.
std::vector<std::pair<std::string, std::string>> Fields(std::string_view line) {
  std::vector<std::pair<std::string, std::string>> fields;
  std::istringstream in{std::string(line)};
  std::string field;
  while (in >> field) {
    const size_t eq = field.find('=');
    fields.emplace_back(field.substr(0, eq), field.substr(eq + 1));
  }
  return fields;
}

int64_t FieldInt(std::string_view line, std::string_view name) {
  for (const auto& [n, v] : Fields(line)) {
    if (n == name) return std::stoll(v);
  }
  ADD_FAILURE() << "no field " << name << " in " << line;
  return -1;
}

// The line of client `id` in a CLIENT LIST reply (a verbatim or bulk string).
std::string LineOf(const std::string& reply, uint64_t id) {
  const std::string key = "id=" + std::to_string(id) + " ";
  const size_t at = reply.find(key);
  if (at == std::string::npos) return "";
  return reply.substr(at, reply.find('\n', at) - at);
}

class ClientListTest : public CommandTest {
 protected:
  ClientListTest() {
    server_.clients().Add(&client_, 0);
    server_.clients().Add(&other_, 0);
  }
  ~ClientListTest() override {
    server_.clients().Remove(client_.id());
    server_.clients().Remove(other_.id());
  }
  // `client`'s line as `other_` sees it through CLIENT LIST.
  std::string SeenByOther(const ClientState& client) {
    return LineOf(RunAs(other_, {"CLIENT", "LIST"}), client.id());
  }

  ClientState other_ = NewClient(2);
};

TEST_F(ClientListTest, FieldsFollowRedis70OrderThenRedis72Lib) {
  // redis-server 7.0.15's CLIENT LIST line, field by field.
  const std::vector<std::string> redis70 = {
      "id", "addr", "laddr", "fd", "name", "age", "idle", "flags", "db", "sub", "psub",
      "ssub", "multi", "qbuf", "qbuf-free", "argv-mem", "multi-mem", "rbs", "rbp", "obl",
      "oll", "omem", "tot-mem", "events", "cmd", "user", "redir", "resp"};
  std::vector<std::string> names;
  for (const auto& [name, value] : Fields(FormatClientLine(client_, std::nullopt, NowMs()))) {
    names.push_back(name);
  }
  std::vector<std::string> expected = redis70;
  expected.insert(expected.end(), {"lib-name", "lib-ver"});
  EXPECT_EQ(names, expected);
}

TEST_F(ClientListTest, BufferFiguresComeFromThePublishedSizes) {
  client_.set_buffer_sizes({.input_bytes = 100, .input_capacity = 4096, .output_bytes = 300,
                            .output_capacity = 8192});
  const std::string line = FormatClientLine(client_, std::nullopt, NowMs());
  EXPECT_EQ(FieldInt(line, "qbuf"), 100);
  EXPECT_EQ(FieldInt(line, "qbuf-free"), 3996);
  EXPECT_EQ(FieldInt(line, "rbs"), 8192);
  EXPECT_EQ(FieldInt(line, "rbp"), 300);
  EXPECT_EQ(FieldInt(line, "obl"), 0);
  EXPECT_EQ(FieldInt(line, "oll"), 0);
  EXPECT_EQ(FieldInt(line, "omem"), 300);
  EXPECT_EQ(FieldInt(line, "tot-mem"), 4096 + 8192);
}

TEST_F(ClientListTest, InputWithoutAHeapBufferHasNoFreeSpace) {
  // A few bytes held in a string's inline buffer: capacity 0, never a negative free.
  client_.set_buffer_sizes({.input_bytes = 5});
  const std::string line = FormatClientLine(client_, std::nullopt, NowMs());
  EXPECT_EQ(FieldInt(line, "qbuf"), 5);
  EXPECT_EQ(FieldInt(line, "qbuf-free"), 0);
  EXPECT_EQ(FieldInt(line, "tot-mem"), 5);
}

TEST_F(ClientListTest, OutputPeakHoldsUntilTheCronResetsIt) {
  client_.set_buffer_sizes({.output_bytes = 5000, .output_capacity = 8192});
  client_.set_buffer_sizes({.output_bytes = 0, .output_capacity = 8192});
  EXPECT_EQ(FieldInt(FormatClientLine(client_, std::nullopt, NowMs()), "rbp"), 5000);
  client_.set_buffer_sizes({.output_bytes = 40, .output_capacity = 8192});
  client_.ResetOutputPeak();  // starts again from what is unsent now
  EXPECT_EQ(FieldInt(FormatClientLine(client_, std::nullopt, NowMs()), "rbp"), 40);
}

TEST_F(ClientListTest, ArgvMemIsTheCallersOwnCommand) {
  // "client" + "info", as redis-server 7.0 reports argv-mem=10.
  const std::string info = Run({"CLIENT", "INFO"});
  EXPECT_EQ(FieldInt(info, "argv-mem"), 10);
  EXPECT_EQ(FieldInt(info, "tot-mem"), 10);
  const std::string list = Run({"CLIENT", "LIST", "ID", "1", "2"});
  EXPECT_EQ(FieldInt(LineOf(list, client_.id()), "argv-mem"), 6 + 4 + 2 + 1 + 1);
  EXPECT_EQ(FieldInt(LineOf(list, other_.id()), "argv-mem"), 0);  // between commands
}

TEST_F(ClientListTest, MultiMemCountsQueuedArgumentsUntilExec) {
  EXPECT_EQ(FieldInt(SeenByOther(client_), "multi-mem"), 0);
  EXPECT_EQ(Run({"MULTI"}), "+OK\r\n");
  EXPECT_EQ(Run({"SET", "aaa", "bbbbbbbbbb"}), "+QUEUED\r\n");
  EXPECT_EQ(Run({"GET", "aaa"}), "+QUEUED\r\n");
  const std::string line = SeenByOther(client_);
  EXPECT_EQ(FieldInt(line, "multi-mem"), 16 + 6);
  EXPECT_EQ(FieldInt(line, "tot-mem"), 16 + 6);
  EXPECT_EQ(Run({"EXEC"}), "*2\r\n+OK\r\n$10\r\nbbbbbbbbbb\r\n");
  EXPECT_EQ(FieldInt(SeenByOther(client_), "multi-mem"), 0);
}

TEST_F(ClientListTest, MultiMemClearsOnDiscardAndReset) {
  Run({"MULTI"});
  Run({"SET", "k", "v"});
  EXPECT_EQ(FieldInt(SeenByOther(client_), "multi-mem"), 5);
  EXPECT_EQ(Run({"DISCARD"}), "+OK\r\n");
  EXPECT_EQ(FieldInt(SeenByOther(client_), "multi-mem"), 0);
  Run({"MULTI"});
  Run({"SET", "k", "v"});
  EXPECT_EQ(Run({"RESET"}), "+RESET\r\n");
  EXPECT_EQ(FieldInt(SeenByOther(client_), "multi-mem"), 0);
}

}  // namespace
}  // namespace ringdb::engine
