#include "engine/session.h"

#include <algorithm>

#include "engine/blocking.h"
#include "engine/clock.h"
#include "engine/config.h"
#include "engine/dispatcher.h"
#include "engine/server.h"
#include "engine/stats.h"
#include "types/key_slot.h"

namespace ringdb::engine {
namespace {

protocol::ParserLimits LimitsFromConfig() {
  protocol::ParserLimits limits;
  limits.max_bulk_len = ConfigInt(ConfigId::kProtoMaxBulkLen);
  return limits;
}

}  // namespace

Session::Session(Server* server, const io::ConnectionInfo& info)
    : server_(server),
      parser_(LimitsFromConfig()),
      client_(info.id, info.peer, info.local, info.loop, NowMs(), info.fd) {}

Session::~Session() {
  if (!closed_) OnClose();
}

size_t Session::OnInput(std::string_view input, std::string* out, io::HandlerVerdict* verdict) {
  size_t consumed = 0;
  size_t prefetched_until = 0;
  size_t out_before = out->size();
  BatchClock clock;
  while (consumed < input.size()) {
    if (consumed >= prefetched_until) {
      prefetched_until =
          consumed + std::max<size_t>(1, client_.prefetch.Scan(input.substr(consumed),
                                                              server_->keyspace(), client_.db()));
    }
    protocol::ParseStatus status = parser_.Parse(input.substr(consumed));
    if (status == protocol::ParseStatus::kNeedMore) {
      if (static_cast<int64_t>(input.size() - consumed) >
          ConfigInt(ConfigId::kClientQueryBufferLimit)) {
        // Redis closes such a client without a reply.
        *verdict = io::HandlerVerdict::kCloseAfterWrite;
        client_.prefetch.Clear();
        return input.size();
      }
      break;
    }
    if (status == protocol::ParseStatus::kError) {
      consumed = input.size();
      protocol::ReplyBuilder rb(out, client_.resp());
      rb.SendError("ERR Protocol error: " + std::string(parser_.error()));
      *verdict = io::HandlerVerdict::kCloseAfterWrite;
      break;
    }
    if (status == protocol::ParseStatus::kEmpty) {
      consumed += parser_.consumed();
      continue;
    }
    const size_t request_bytes = parser_.consumed();
    const RunResult result = RunCommand(out, &clock);
    if (result == RunResult::kHeld) break;  // presented again when the pause ends
    consumed += request_bytes;
    if (result == RunResult::kClose) {
      *verdict = io::HandlerVerdict::kCloseAfterWrite;
      consumed = input.size();
      break;
    }
  }
  client_.prefetch.Clear();  // the input's memory is reused after this call
  ThreadStats& stats = LocalStats();
  ThreadStats::Add(stats.net_input_bytes, static_cast<int64_t>(consumed));
  ThreadStats::Add(stats.net_output_bytes, static_cast<int64_t>(out->size() - out_before));
  return consumed;
}

Session::RunResult Session::RunCommand(std::string* out, BatchClock* clock) {
  const auto& args = parser_.args();
  protocol::ReplyBuilder rb(out, client_.resp());
  bool skip = client_.reply_mode() == ReplyMode::kSkip;
  if (skip) client_.set_reply_mode(ReplyMode::kOn);
  rb.set_muted(skip || client_.reply_mode() == ReplyMode::kOff);
  if (!server_->dispatcher().Execute(args, client_, rb, clock)) {
    if (skip) client_.set_reply_mode(ReplyMode::kSkip);  // the SKIP is for this command
    return RunResult::kHeld;
  }
  const bool close = client_.close_requested() || client_.killed.load(std::memory_order_relaxed);
  return close ? RunResult::kClose : RunResult::kDone;
}

void Session::OnClose() {
  if (closed_) return;
  closed_ = true;
  UnwatchAll(*server_, client_);
  blocking::Forget(*server_, client_);
  server_->clients().Remove(client_.id());
}

void UnwatchAll(Server& server, ClientState& client) {
  for (const auto& watched : client.watched) {
    Slot& slot = server.keyspace().slot(types::KeySlot(watched.second));
    std::lock_guard lock(slot.lock());
    if (std::vector<Watch>* watches = slot.watches()) {
      std::erase_if(*watches, [&](const Watch& w) {
        return w.flag == client.watch_flag && w.db == watched.first && w.key == watched.second;
      });
      slot.DropWatchesIfEmpty();
    }
  }
  client.watched.clear();
  client.watch_flag.reset();
}

}  // namespace ringdb::engine
