// Workload construction; see workload.h. Main thread.
#include "bench/loadgen/workload.h"

#include <algorithm>
#include <numeric>

namespace ringdb::loadgen {
namespace {

std::vector<uint16_t> SpreadMix(const std::vector<uint32_t>& weights) {
  const uint64_t total = std::accumulate(weights.begin(), weights.end(), uint64_t{0});
  std::vector<int64_t> current(weights.size(), 0);
  std::vector<uint16_t> mix;
  mix.reserve(total);
  for (uint64_t step = 0; step < total; ++step) {
    size_t best = 0;
    for (size_t i = 0; i < weights.size(); ++i) {
      current[i] += weights[i];
      if (current[i] > current[best]) best = i;
    }
    current[best] -= static_cast<int64_t>(total);
    mix.push_back(static_cast<uint16_t>(best));
  }
  return mix;
}

}  // namespace

bool BuildWorkload(const Options& options, Workload* workload, std::string* error) {
  if (options.commands.empty() || options.commands.size() > UINT16_MAX ||
      options.weights.size() != options.commands.size()) {
    *error = "between 1 and 65535 commands, each with a weight, are needed";
    return false;
  }
  *workload = Workload{};
  for (const std::string& command : options.commands) {
    RequestTemplate tmpl;
    if (!BuildTemplate(command, options.data_size, &tmpl, error)) return false;
    workload->max_request_bytes = std::max(workload->max_request_bytes, tmpl.bytes.size());
    workload->templates.push_back(std::move(tmpl));
  }
  workload->mix = SpreadMix(options.weights);
  workload->keyspace = options.keyspace;
  workload->zipf_s = options.zipf_s;
  return true;
}

}  // namespace ringdb::loadgen
