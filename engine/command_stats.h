// Per-command counters for INFO commandstats, and the slow log.
//
// Counters are per thread (no shared cache line per command on the data path),
// indexed by CommandEntry::index; INFO sums them. The slow log is rare (only commands
// over slowlog-log-slower-than) and sits behind one mutex.
//
// Thread: Record* from any I/O thread; Sum/Slowlog* from any thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "engine/command.h"

namespace ringdb::engine {

struct CommandEntry;

struct CommandCounters {
  int64_t calls = 0;
  int64_t usec = 0;
  int64_t rejected_calls = 0;
  int64_t failed_calls = 0;
};

// Records one execution of `entry` that took `usec`; `failed` when it replied an error.
void RecordCommand(const CommandEntry& entry, int64_t usec, bool failed);
// Records a call refused before running (wrong arity, ...).
void RecordRejected(const CommandEntry& entry);
// Totals for the command with this registry index.
CommandCounters SumCommandCounters(uint32_t index);
void ResetCommandCounters();

struct SlowlogEntry {
  int64_t id;
  int64_t unix_time_s;
  int64_t duration_us;
  std::vector<std::string> args;  // trimmed as Redis does (32 args, 128 bytes each)
  std::string peer;
  std::string client_name;
};

// Whether a command that took `usec` belongs in the slow log
// (slowlog-log-slower-than; negative disables). Cheap: checked for every command.
bool SlowlogWants(int64_t usec);
void SlowlogAdd(CmdArgs args, int64_t usec, const std::string& peer,
                const std::string& client_name);
// Newest first, at most `count` (negative: all).
std::vector<SlowlogEntry> SlowlogGet(int64_t count);
size_t SlowlogLen();
void SlowlogReset();

}  // namespace ringdb::engine
