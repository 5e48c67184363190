// One client connection as the engine sees it: parses requests from the received
// bytes, runs them through the dispatcher and writes replies, honouring the client's
// protocol version and reply mode.
//
// Thread: the connection's I/O thread (io/ calls every method there).
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "engine/client_state.h"
#include "io/connection_handler.h"
#include "protocol/resp_parser.h"

namespace ringdb::engine {

struct BatchClock;
class Server;

class Session : public io::ConnectionHandler {
 public:
  Session(Server* server, const io::ConnectionInfo& info);
  ~Session() override;

  size_t OnInput(std::string_view input, std::string* out, io::HandlerVerdict* verdict) override;
  void OnBufferSizes(const io::BufferSizes& sizes) override { client_.set_buffer_sizes(sizes); }
  void OnClose() override;

  ClientState& client() { return client_; }

 private:
  enum class RunResult {
    kDone,
    kHeld,   // CLIENT PAUSE holds it: not consumed, the client is parked
    kClose,  // close the connection after the reply
  };
  // Runs one parsed request.
  RunResult RunCommand(std::string* out, BatchClock* clock);

  Server* server_;
  protocol::RespParser parser_;
  ClientState client_;
  bool closed_ = false;
};

// Drops every WATCH of `client` (UNWATCH, EXEC, DISCARD, disconnect).
void UnwatchAll(Server& server, ClientState& client);

}  // namespace ringdb::engine
