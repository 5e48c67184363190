// What every connection sends: the request templates and the order in which they are
// mixed. The mix is a fixed cycle spread by smooth weighted round-robin (weights 1:10
// give one SET every eleven requests, never ten GETs in a row and then a burst of SETs).
//
// Thread: built on the main thread; read-only and shared by the load threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "bench/loadgen/options.h"
#include "bench/loadgen/request_template.h"

namespace ringdb::loadgen {

struct Workload {
  std::vector<RequestTemplate> templates;
  std::vector<uint16_t> mix;  // template indexes, cycled through
  size_t max_request_bytes = 0;
  uint64_t keyspace = 1;
  double zipf_s = 0;
};

bool BuildWorkload(const Options& options, Workload* workload, std::string* error);

}  // namespace ringdb::loadgen
