// One bounded load run: starts the load threads, releases them at one common instant,
// prints progress, joins them and merges what they measured, with the CPU time the
// server and this process spent meanwhile.
//
// Thread: RunLoad is called on the main thread, which coordinates and mostly sleeps.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bench/loadgen/histogram.h"
#include "bench/loadgen/options.h"
#include "bench/loadgen/target.h"
#include "bench/loadgen/workload.h"

namespace ringdb::loadgen {

struct RunParams {
  double rate = 0;  // requests/s across all connections; 0: closed loop
  double duration_s = 10;
  uint64_t requests = 0;  // 0: no limit
  bool progress = false;  // a line per second on stderr
};

struct RunResult {
  double rate = 0;  // the target rate; 0 for closed loop
  double elapsed_s = 0;
  uint64_t sent = 0;
  uint64_t replies = 0;  // errors included
  uint64_t errors = 0;
  uint64_t pushes = 0;
  Histogram latency;
  std::vector<uint64_t> replies_per_second;
  std::optional<double> server_cpu_us_per_request;
  double client_cpu_us_per_request = 0;
  std::string error;  // why the run failed or ended early; empty when it did not

  double requests_per_s() const { return elapsed_s > 0 ? replies / elapsed_s : 0; }
};

// Returns false when the run could not start (result->error says why). A run that
// starts but ends early (a connection dropped) returns true with result->error set
// and the figures up to then.
bool RunLoad(const Options& options, const Target& target, const Workload& workload,
             const RunParams& params, RunResult* result);

}  // namespace ringdb::loadgen
