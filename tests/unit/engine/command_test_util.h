// In-process command tests: a real Server (keyspace, registry, dispatcher) without
// sockets, and a client whose replies are captured as raw RESP bytes.
#pragma once

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "engine/client_state.h"
#include "engine/clock.h"
#include "engine/server.h"
#include "protocol/reply_builder.h"

namespace ringdb::engine {

class CommandTest : public ::testing::Test {
 protected:
  // Runs one command as `client` and returns its raw reply ("+OK\r\n").
  std::string Run(std::initializer_list<std::string_view> args) {
    return RunAs(client_, std::vector<std::string_view>(args));
  }
  std::string Run(const std::vector<std::string_view>& args) { return RunAs(client_, args); }
  std::string RunAs(ClientState& client, const std::vector<std::string_view>& args) {
    std::string out;
    protocol::ReplyBuilder rb(&out, client.resp());
    server_.dispatcher().Execute(args, client, rb);
    return out;
  }
  // A second client (e.g. to invalidate a WATCH).
  ClientState NewClient(uint64_t id) {
    return ClientState(id, "127.0.0.1:2", "127.0.0.1:6379", nullptr, NowMs());
  }

  Server server_;
  ClientState client_{1, "127.0.0.1:1", "127.0.0.1:6379", nullptr, NowMs()};
};

}  // namespace ringdb::engine
