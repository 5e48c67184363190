// The server: the keyspace, the command table and dispatcher, the client registry and
// the I/O threads, plus start-up, shutdown and the per-thread cron (active expiry,
// idle-client timeout).
//
// Thread: constructed and started on the main thread; accessors are safe from any
// thread; WaitForShutdown blocks the main thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "engine/client_pause.h"
#include "engine/client_registry.h"
#include "engine/command_registry.h"
#include "engine/dispatcher.h"
#include "engine/keyspace.h"
#include "io/server.h"

namespace ringdb::engine {

enum class ShutdownMode { kDefault, kNoSave, kSave };

class Server {
 public:
  // REQUIRES: the configuration is loaded.
  Server();
  ~Server();

  // Binds, starts the I/O threads and reports readiness (log line, systemd).
  bool Start(std::string* error);
  // Blocks until SIGTERM/SIGINT or SHUTDOWN, stops the threads; returns the exit code.
  int WaitForShutdown();
  // Thread-safe; SHUTDOWN calls this.
  void RequestShutdown(ShutdownMode mode);

  Keyspace& keyspace() { return keyspace_; }
  Dispatcher& dispatcher() { return dispatcher_; }
  const CommandRegistry& registry() const { return registry_; }
  ClientRegistry& clients() { return clients_; }
  ClientPause& pause() { return pause_; }
  io::IoServer& io() { return io_; }

  int64_t start_ms() const { return start_ms_; }
  const std::string& run_id() const { return run_id_; }
  int port() const { return port_; }
  int thread_count() { return io_.thread_count(); }

 private:
  std::unique_ptr<io::HandlerFactory> MakeFactory(io::EventLoop& loop);

  CommandRegistry registry_;
  Keyspace keyspace_;
  Dispatcher dispatcher_;
  ClientRegistry clients_;
  ClientPause pause_;
  io::IoServer io_;
  int64_t start_ms_;
  std::string run_id_;
  int port_ = 0;

  std::mutex shutdown_mu_;
  std::condition_variable shutdown_cv_;
  bool shutdown_requested_ = false;
};

}  // namespace ringdb::engine
