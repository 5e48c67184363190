// CPU time of the server (from /proc/PID/stat) and of this process (getrusage), read
// before and after a run to report CPU microseconds per request.
//
// Thread: the coordinating (main) thread.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>

namespace ringdb::loadgen {

// utime + stime of process `pid`, all its threads, in ns (clock-tick resolution), or
// nothing when the process cannot be read.
std::optional<uint64_t> ProcessCpuNs(pid_t pid);

// User + system CPU time of this process, all its threads, in ns.
uint64_t SelfCpuNs();

}  // namespace ringdb::loadgen
