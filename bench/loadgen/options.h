// Command-line options of ringdb-benchmark, named like redis-benchmark's where the
// two overlap (-h -p -c -n -P -r -d -t -q --csv), and their parser.
//
// Thread: parsed once on the main thread; read-only afterwards, shared by all threads.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace ringdb::loadgen {

struct Options {
  std::string host = "127.0.0.1";
  uint16_t port = 6379;
  bool allow_remote = false;

  int threads = 1;
  std::vector<int> cpus;  // --cpus: thread i is pinned to cpus[i % size]
  int clients = 50;       // connections across all threads
  int pipeline = 1;       // requests in flight per connection (open loop: at most)

  uint64_t requests = 0;     // -n: stop after this many replies; 0: no limit
  double duration_s = 10.0;  // always bounds a run

  uint64_t keyspace = 1;  // -r: keys are drawn from [0, keyspace)
  double zipf_s = 0.0;    // --zipf: exponent; 0 draws keys uniformly
  uint64_t seed = 1;
  size_t data_size = 3;  // -d: bytes substituted for __data__

  // Commands: -t names and --command templates, each weighted; --ratio S:G sets the
  // weights of SET and GET.
  std::vector<std::string> commands;
  std::vector<uint32_t> weights;

  bool resp3 = false;

  double rate = 0;  // --rate: requests/s across all connections; 0: closed loop
  bool sweep = false;
  double p99_bound_us = 1000;
  double sweep_step_s = 2.0;

  pid_t server_pid = 0;
  bool quiet = false;
  bool csv = false;
  std::string json_path;
  bool help = false;
};

// Fills *options from argv (argv[0] is skipped). Returns false with a sentence in
// *error on an unknown option, a missing or malformed value, or contradictory choices.
bool ParseOptions(int argc, const char* const* argv, Options* options, std::string* error);

// The text of --help.
std::string UsageText();

}  // namespace ringdb::loadgen
