// ringdb-server: loads the configuration (file and redis-server-style flags), starts
// the I/O threads and serves until SIGTERM/SIGINT or SHUTDOWN.
#include <signal.h>

#include <clocale>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>

#include "engine/config.h"
#include "engine/config_loader.h"
#include "engine/server.h"
#include "io/log.h"
#include "io/server.h"
#include "types/key_table.h"

int main(int argc, char** argv) {
  using namespace ringdb;
  // As redis-server does: SORT ... ALPHA compares with strcoll in the environment's
  // collation, so the same machine sorts the same way under either server.
  std::setlocale(LC_COLLATE, "");

  std::string error;
  engine::LoadOutcome outcome = engine::LoadConfiguration(argc, argv, &error);
  if (outcome == engine::LoadOutcome::kExitSuccess) return 0;
  if (outcome == engine::LoadOutcome::kError) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }

  std::string why;
  if (!io::ProbeIoUring(&why)) {
    std::fprintf(stderr, "ringdb cannot start: %s\n", why.c_str());
    return 1;
  }

  // Block the shutdown signals before any thread starts so that every thread inherits
  // the mask and Server::WaitForShutdown receives them synchronously.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);

  std::random_device entropy;
  types::KeyTable::SeedHash(uint64_t{entropy()} << 32 | entropy());

  engine::Server server;
  if (!server.Start(&error)) {
    io::LogWarning(error);
    return 1;
  }
  return server.WaitForShutdown();
}
