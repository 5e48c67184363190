#include "engine/command_stats.h"

#include <algorithm>
#include <memory>
#include <mutex>

#include "engine/clock.h"
#include "engine/command_registry.h"
#include "engine/config.h"

namespace ringdb::engine {
namespace {

struct AtomicCounters {
  std::atomic<int64_t> calls{0}, usec{0}, rejected{0}, failed{0};
};

// Registry commands are registered at start-up; a fixed capacity avoids resizing a
// vector another thread may be summing.
constexpr size_t kMaxCommandEntries = 1024;

struct ThreadCounters {
  std::unique_ptr<AtomicCounters[]> counters{new AtomicCounters[kMaxCommandEntries]};
};

std::mutex registry_mu;
std::vector<ThreadCounters*>& Registry() {
  static auto* all = new std::vector<ThreadCounters*>();
  return *all;
}

constinit thread_local ThreadCounters* tls_counters = nullptr;

// Not a dynamically initialized thread_local: that costs a guarded call per command.
ThreadCounters* CreateLocal() {
  auto* t = new ThreadCounters();
  std::lock_guard lock(registry_mu);
  Registry().push_back(t);
  tls_counters = t;
  return t;
}

AtomicCounters& Local(uint32_t index) {
  ThreadCounters* mine = tls_counters;
  if (mine == nullptr) [[unlikely]] mine = CreateLocal();
  return mine->counters[std::min<size_t>(index, kMaxCommandEntries - 1)];
}

void Bump(std::atomic<int64_t>& c, int64_t n) {
  c.store(c.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
}

constexpr size_t kSlowlogMaxArgs = 32;
constexpr size_t kSlowlogMaxArgLen = 128;

std::mutex slowlog_mu;
std::deque<SlowlogEntry> slowlog;
int64_t slowlog_next_id = 0;

}  // namespace

void RecordCommand(const CommandEntry& entry, int64_t usec, bool failed) {
  AtomicCounters& c = Local(entry.index);
  Bump(c.calls, 1);
  Bump(c.usec, usec);
  if (failed) Bump(c.failed, 1);
}

void RecordRejected(const CommandEntry& entry) { Bump(Local(entry.index).rejected, 1); }

CommandCounters SumCommandCounters(uint32_t index) {
  CommandCounters sum;
  if (index >= kMaxCommandEntries) return sum;
  std::lock_guard lock(registry_mu);
  for (ThreadCounters* t : Registry()) {
    AtomicCounters& c = t->counters[index];
    sum.calls += c.calls.load(std::memory_order_relaxed);
    sum.usec += c.usec.load(std::memory_order_relaxed);
    sum.rejected_calls += c.rejected.load(std::memory_order_relaxed);
    sum.failed_calls += c.failed.load(std::memory_order_relaxed);
  }
  return sum;
}

void ResetCommandCounters() {
  std::lock_guard lock(registry_mu);
  for (ThreadCounters* t : Registry()) {
    for (size_t i = 0; i < kMaxCommandEntries; ++i) {
      AtomicCounters& c = t->counters[i];
      c.calls = 0;
      c.usec = 0;
      c.rejected = 0;
      c.failed = 0;
    }
  }
}

bool SlowlogWants(int64_t usec) {
  int64_t threshold = ConfigInt(ConfigId::kSlowlogLogSlowerThan);
  return threshold >= 0 && usec >= threshold;
}

void SlowlogAdd(CmdArgs args, int64_t usec, const std::string& peer,
                const std::string& client_name) {
  SlowlogEntry e;
  size_t n = std::min(args.size(), kSlowlogMaxArgs);
  for (size_t i = 0; i < n; ++i) {
    std::string_view a = args[i];
    if (i == kSlowlogMaxArgs - 1 && args.size() > kSlowlogMaxArgs) {
      e.args.push_back("... (" + std::to_string(args.size() - kSlowlogMaxArgs + 1) +
                       " more arguments)");
    } else if (a.size() > kSlowlogMaxArgLen) {
      e.args.push_back(std::string(a.substr(0, kSlowlogMaxArgLen)) + "... (" +
                       std::to_string(a.size() - kSlowlogMaxArgLen) + " more bytes)");
    } else {
      e.args.emplace_back(a);
    }
  }
  e.unix_time_s = NowMs() / 1000;
  e.duration_us = usec;
  e.peer = peer;
  e.client_name = client_name;
  std::lock_guard lock(slowlog_mu);
  e.id = slowlog_next_id++;
  slowlog.push_front(std::move(e));
  size_t max_len = static_cast<size_t>(std::max<int64_t>(0, ConfigInt(ConfigId::kSlowlogMaxLen)));
  while (slowlog.size() > max_len) slowlog.pop_back();
}

std::vector<SlowlogEntry> SlowlogGet(int64_t count) {
  std::lock_guard lock(slowlog_mu);
  size_t n = count < 0 ? slowlog.size() : std::min<size_t>(count, slowlog.size());
  return {slowlog.begin(), slowlog.begin() + n};
}

size_t SlowlogLen() {
  std::lock_guard lock(slowlog_mu);
  return slowlog.size();
}

void SlowlogReset() {
  std::lock_guard lock(slowlog_mu);
  slowlog.clear();
}

}  // namespace ringdb::engine
