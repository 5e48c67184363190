#include "engine/server.h"

#include <signal.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include <random>
#include <thread>
#include <unordered_map>

#include "alloc/memory.h"
#include "engine/active_expire.h"
#include "engine/clock.h"
#include "engine/config.h"
#include "engine/errors.h"
#include "engine/session.h"
#include "engine/stats.h"
#include "io/log.h"

namespace ringdb::engine {
namespace {

std::string NewRunId() {
  std::random_device rd;
  static const char kHex[] = "0123456789abcdef";
  std::string id(40, '0');
  for (char& c : id) c = kHex[rd() & 15];
  return id;
}

bool SystemdSupervised() {
  auto mode = ConfigEnum<SupervisedMode>(ConfigId::kSupervised);
  if (mode == SupervisedMode::kSystemd) return true;
  return mode == SupervisedMode::kAuto && getenv("NOTIFY_SOCKET") != nullptr;
}

// How often CLIENT LIST's rbp (peak unsent output) starts over: Redis's default
// reply-buffer-peak-reset-time.
constexpr uint64_t kOutputPeakResetMs = 5000;

// The connections of one loop, its active-expiry share, its idle-client check and
// its output-peak reset.
class LoopFactory : public io::HandlerFactory {
 public:
  LoopFactory(Server* server, io::EventLoop& loop)
      : server_(server), loop_(loop),
        expirer_(&server->keyspace(), loop.index()) {
    int64_t hz = std::max<int64_t>(1, ConfigInt(ConfigId::kHz));
    uint64_t interval_ms = static_cast<uint64_t>(1000 / hz);
    loop.AddPeriodicTimer(interval_ms, [this, interval_ms] {
      // Redis's slow cycle: at most 25% of the interval, more with more effort.
      int64_t effort = ConfigInt(ConfigId::kActiveExpireEffort);
      // Redis neither expires nor evicts during a pause: replicas must see no writes.
      const int64_t now_ms = NowMs();
      alloc::UpdatePeak();  // used_memory_peak, between INFO calls too
      alloc::CollectRemoteFrees();
      server_->pause().CheckDeadline(now_ms);
      if (server_->pause().active(now_ms)) return;
      // The thread count is read here, not at construction: loops start one by one.
      expirer_.RunCycle(static_cast<int64_t>(interval_ms) * 1000 * (20 + 2 * effort) / 100,
                        server_->thread_count(),
                        ActiveExpirer::EffortFor(static_cast<int>(effort)));
    });
    loop.AddPeriodicTimer(1000, [this] { CloseIdleClients(); });
    loop.AddPeriodicTimer(kOutputPeakResetMs, [this] {
      for (auto& [id, s] : sessions_) s->client().ResetOutputPeak();
    });
  }

  std::unique_ptr<io::ConnectionHandler> Create(const io::ConnectionInfo& info,
                                                std::string* refusal) override {
    ThreadStats::Add(LocalStats().connections_received, 1);
    auto session = std::make_unique<TrackedSession>(server_, info, this);
    if (!server_->clients().Add(&session->client(), ConfigInt(ConfigId::kMaxclients))) {
      ThreadStats::Add(LocalStats().rejected_connections, 1);
      *refusal = "-" + std::string(errors::kMaxClients) + "\r\n";
      return nullptr;
    }
    sessions_[info.id] = session.get();
    return session;
  }

 private:
  class TrackedSession : public Session {
   public:
    TrackedSession(Server* server, const io::ConnectionInfo& info, LoopFactory* owner)
        : Session(server, info), owner_(owner) {}
    void OnClose() override {
      owner_->sessions_.erase(client().id());
      Session::OnClose();
    }

   private:
    LoopFactory* owner_;
  };

  void CloseIdleClients() {
    int64_t timeout_s = ConfigInt(ConfigId::kTimeout);
    if (timeout_s <= 0) return;
    int64_t now = NowMs();
    std::vector<uint64_t> idle;
    for (auto& [id, s] : sessions_) {
      ClientState& c = s->client();
      if (c.in_multi || c.blocked) continue;  // a blocked client waits by design
      if (now - c.last_interaction_ms() > timeout_s * 1000) idle.push_back(id);
    }
    for (uint64_t id : idle) loop_.CloseConnection(id);
  }

  Server* server_;
  io::EventLoop& loop_;
  ActiveExpirer expirer_;
  std::unordered_map<uint64_t, Session*> sessions_;
};

}  // namespace

Server::Server()
    : keyspace_(static_cast<int>(ConfigInt(ConfigId::kDatabases))),
      dispatcher_(this, &registry_),
      start_ms_(NowMs()),
      run_id_(NewRunId()) {
  RegisterAllCommands(&registry_);
}

Server::~Server() = default;

std::unique_ptr<io::HandlerFactory> Server::MakeFactory(io::EventLoop& loop) {
  return std::make_unique<LoopFactory>(this, loop);
}

bool Server::Start(std::string* error) {
  io::ServerOptions options;
  options.bind_addresses = ConfigBindAddresses();
  options.port = static_cast<int>(ConfigInt(ConfigId::kPort));
  options.threads = static_cast<int>(ConfigInt(ConfigId::kThreads));
  options.tcp_backlog = static_cast<int>(ConfigInt(ConfigId::kTcpBacklog));
  options.tcp_keepalive_s = static_cast<int>(ConfigInt(ConfigId::kTcpKeepalive));
  port_ = options.port;
  if (!io_.Start(options, [this](io::EventLoop& loop) { return MakeFactory(loop); }, error)) {
    return false;
  }
  alloc::RecordStartupMemory();
  io::LogNotice("Ready to accept connections tcp");
  if (SystemdSupervised()) {
    sd_notifyf(0, "READY=1\nSTATUS=Ready to accept connections on port %d", port_);
  }
  return true;
}

void Server::RequestShutdown(ShutdownMode mode) {
  std::lock_guard lock(shutdown_mu_);
  shutdown_requested_ = true;
  shutdown_cv_.notify_all();
}

int Server::WaitForShutdown() {
  // Signals are blocked in every thread (main blocks them before starting any), and
  // one thread waits for them synchronously: no async-signal-safety puzzles.
  std::thread signal_waiter([this] {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    int sig = 0;
    sigwait(&set, &sig);
    {
      std::lock_guard lock(shutdown_mu_);
      if (shutdown_requested_) return;  // woken by WaitForShutdown itself
    }
    io::LogWarning(sig == SIGINT ? "Received SIGINT scheduling shutdown..."
                                 : "Received SIGTERM scheduling shutdown...");
    RequestShutdown(ShutdownMode::kDefault);
  });
  {
    std::unique_lock lock(shutdown_mu_);
    shutdown_cv_.wait(lock, [this] { return shutdown_requested_; });
  }
  if (SystemdSupervised()) sd_notify(0, "STOPPING=1\nSTATUS=Shutting down");
  io::LogWarning("User requested shutdown...");
  io_.Stop();
  io_.Join();
  // The waiter may still be in sigwait: wake it with a signal it is waiting for.
  pthread_kill(signal_waiter.native_handle(), SIGTERM);
  signal_waiter.join();
  io::LogNotice("ringdb is now ready to exit, bye bye...");
  return 0;
}

}  // namespace ringdb::engine
