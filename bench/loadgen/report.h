// Rendering of results: human-readable text (default), one redis-benchmark-like line
// (-q), CSV (--csv), and JSON with every figure (--json FILE).
//
// Thread: main thread, after the runs.
#pragma once

#include <cstdio>
#include <string>

#include "bench/loadgen/options.h"
#include "bench/loadgen/run.h"
#include "bench/loadgen/sweep.h"
#include "bench/loadgen/target.h"
#include "bench/loadgen/workload.h"

namespace ringdb::loadgen {

void PrintRun(FILE* out, const Options& options, const Target& target, const Workload& workload,
              const RunResult& result);
void PrintSweep(FILE* out, const Options& options, const Target& target, const Workload& workload,
                const SweepResult& sweep);

std::string RunJson(const Options& options, const Target& target, const Workload& workload,
                    const RunResult& result);
std::string SweepJson(const Options& options, const Target& target, const Workload& workload,
                      const SweepResult& sweep);

// Returns false with a sentence in *error when the file cannot be written.
bool WriteTextFile(const std::string& path, const std::string& text, std::string* error);

}  // namespace ringdb::loadgen
