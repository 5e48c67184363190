// The --sweep search for the highest open-loop rate whose p99 latency meets a bound:
// a closed-loop probe measures what the server can do flat out, then open-loop steps
// start at 30% of that and climb by 10% of it until a step misses the bound or falls
// short of its rate. Every step is a short bounded run; the whole sweep is bounded by
// kMaxSweepSteps of them.
//
// Thread: main thread.
#pragma once

#include <string>
#include <vector>

#include "bench/loadgen/run.h"

namespace ringdb::loadgen {

constexpr int kMaxSweepSteps = 20;

struct SweepStep {
  RunResult result;
  bool met = false;  // p99 within the bound and the target rate achieved
};

struct SweepResult {
  RunResult probe;
  std::vector<SweepStep> steps;
  double best_rate = 0;  // 0: not even the first step met the bound
};

// Returns false when a run could not start or failed (result->... error says why).
bool RunSweep(const Options& options, const Target& target, const Workload& workload,
              SweepResult* result, std::string* error);

}  // namespace ringdb::loadgen
