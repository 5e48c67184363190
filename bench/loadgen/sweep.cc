// The rate sweep; see sweep.h. Main thread.
#include "bench/loadgen/sweep.h"

#include <cstdio>

namespace ringdb::loadgen {
namespace {

constexpr double kFirstStepFraction = 0.3;
constexpr double kStepFraction = 0.1;
// A step whose completions fall this far short of its target rate is over capacity
// even if the requests it did complete were fast.
constexpr double kMinAchievedFraction = 0.95;

}  // namespace

bool RunSweep(const Options& options, const Target& target, const Workload& workload,
              SweepResult* result, std::string* error) {
  RunParams params;
  params.duration_s = options.sweep_step_s;
  if (!RunLoad(options, target, workload, params, &result->probe) || !result->probe.error.empty()) {
    *error = result->probe.error;
    return false;
  }
  const double probe_rate = result->probe.requests_per_s();
  if (!options.quiet) {
    fprintf(stderr, "sweep: closed-loop probe %.0f requests/s\n", probe_rate);
  }
  if (probe_rate <= 0) {
    *error = "the closed-loop probe completed no requests";
    return false;
  }
  for (int step = 0; step < kMaxSweepSteps; ++step) {
    params.rate = probe_rate * (kFirstStepFraction + kStepFraction * step);
    SweepStep& s = result->steps.emplace_back();
    if (!RunLoad(options, target, workload, params, &s.result) || !s.result.error.empty()) {
      *error = s.result.error;
      return false;
    }
    const double p99_us = s.result.latency.PercentileNs(99) / 1e3;
    s.met = p99_us <= options.p99_bound_us &&
            s.result.requests_per_s() >= kMinAchievedFraction * params.rate;
    if (!options.quiet) {
      fprintf(stderr, "sweep: rate %.0f/s achieved %.0f/s p99 %.1f us: %s\n", params.rate,
              s.result.requests_per_s(), p99_us, s.met ? "meets the bound" : "misses");
    }
    if (!s.met) break;
    result->best_rate = params.rate;
  }
  return true;
}

}  // namespace ringdb::loadgen
