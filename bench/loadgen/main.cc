// ringdb-benchmark: an io_uring load generator for Redis-compatible servers. Parses
// the options, runs one load (or a rate sweep) and reports. Main thread.
#include <cstdio>
#include <string>

#include "bench/loadgen/options.h"
#include "bench/loadgen/report.h"
#include "bench/loadgen/run.h"
#include "bench/loadgen/sweep.h"
#include "bench/loadgen/target.h"
#include "bench/loadgen/workload.h"

using namespace ringdb::loadgen;

namespace {

int Die(const std::string& message) {
  fprintf(stderr, "ringdb-benchmark: %s\n", message.c_str());
  return 1;
}

int RunOnce(const Options& options, const Target& target, const Workload& workload) {
  RunParams params;
  params.rate = options.rate;
  params.duration_s = options.duration_s;
  params.requests = options.requests;
  params.progress = !options.quiet;
  RunResult result;
  if (!RunLoad(options, target, workload, params, &result)) return Die(result.error);
  PrintRun(stdout, options, target, workload, result);
  std::string error;
  if (!options.json_path.empty() &&
      !WriteTextFile(options.json_path, RunJson(options, target, workload, result), &error)) {
    return Die(error);
  }
  return result.error.empty() ? 0 : 1;
}

int Sweep(const Options& options, const Target& target, const Workload& workload) {
  SweepResult sweep;
  std::string error;
  if (!RunSweep(options, target, workload, &sweep, &error)) return Die(error);
  PrintSweep(stdout, options, target, workload, sweep);
  if (!options.json_path.empty() &&
      !WriteTextFile(options.json_path, SweepJson(options, target, workload, sweep), &error)) {
    return Die(error);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  std::string error;
  if (!ParseOptions(argc, argv, &options, &error)) return Die(error);
  if (options.help) {
    fputs(UsageText().c_str(), stdout);
    return 0;
  }
  Target target;
  if (!ResolveTarget(options.host, options.port, options.allow_remote, &target, &error)) {
    return Die(error);
  }
  Workload workload;
  if (!BuildWorkload(options, &workload, &error)) return Die(error);
  return options.sweep ? Sweep(options, target, workload) : RunOnce(options, target, workload);
}
