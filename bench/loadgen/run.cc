// Coordination of one load run; see run.h. Main thread, plus the load threads it
// starts.
#include "bench/loadgen/run.h"

#include <pthread.h>
#include <sched.h>
#include <time.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <future>
#include <latch>
#include <memory>
#include <mutex>
#include <thread>

#include "bench/loadgen/cpu_usage.h"
#include "bench/loadgen/load_thread.h"

namespace ringdb::loadgen {
namespace {

int64_t NowNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t{ts.tv_sec} * 1000000000 + ts.tv_nsec;
}

void PinToCpu(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  const int rc = pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
  if (rc != 0) {
    fprintf(stderr, "warning: cannot pin a load thread to CPU %d (%s); running unpinned\n", cpu,
            strerror(rc));
  }
}

std::vector<ThreadPlan> PlanThreads(const Options& options, const RunParams& params) {
  const int threads = options.threads;
  std::vector<ThreadPlan> plans(threads);
  for (int i = 0; i < threads; ++i) {
    ThreadPlan& plan = plans[i];
    plan.connections = options.clients / threads + (i < options.clients % threads ? 1 : 0);
    plan.pipeline = options.pipeline;
    if (params.requests != 0) {
      plan.request_quota =
          params.requests / threads + (i < static_cast<int>(params.requests % threads) ? 1 : 0);
    }
    if (params.rate > 0) {
      // Each connection gets the same share of the rate, and thread i's timetable is
      // offset by i slots, so the threads' timetables interleave into one.
      plan.rate = params.rate * plan.connections / options.clients;
      plan.phase_ns = static_cast<int64_t>(i * 1e9 / params.rate);
    }
    plan.resp3 = options.resp3;
    plan.seed = options.seed + static_cast<uint64_t>(i) * 0x9e3779b97f4a7c15ULL;
  }
  return plans;
}

// The per-second progress line; returns when every load thread has finished.
void WatchProgress(const std::vector<std::unique_ptr<LoadThread>>& loads, int64_t start_ns,
                   bool print, std::mutex* mutex, std::condition_variable* done,
                   const int* running) {
  uint64_t last_total = 0;
  for (int second = 1;; ++second) {
    const auto tick = std::chrono::steady_clock::time_point(std::chrono::nanoseconds(start_ns)) +
                      std::chrono::seconds(second);
    {
      std::unique_lock lock(*mutex);
      if (done->wait_until(lock, tick, [&] { return *running == 0; })) return;
    }
    uint64_t total = 0;
    for (const auto& load : loads) total += load->live_replies();
    if (print) {
      fprintf(stderr, "[%4d s] %llu requests/s, %llu in all\n", second,
              static_cast<unsigned long long>(total - last_total),
              static_cast<unsigned long long>(total));
    }
    last_total = total;
  }
}

void MergeResults(const std::vector<std::unique_ptr<LoadThread>>& loads, int64_t start_ns,
                  RunResult* result) {
  int64_t stop_ns = start_ns;
  for (const auto& load : loads) {
    const ThreadResult& r = load->result();
    result->latency.Merge(r.latency);
    result->sent += r.sent;
    result->replies += r.replies;
    result->errors += r.errors;
    result->pushes += r.pushes;
    if (result->replies_per_second.size() < r.replies_per_second.size()) {
      result->replies_per_second.resize(r.replies_per_second.size(), 0);
    }
    for (size_t s = 0; s < r.replies_per_second.size(); ++s) {
      result->replies_per_second[s] += r.replies_per_second[s];
    }
    stop_ns = std::max(stop_ns, r.stop_ns);
    if (result->error.empty()) result->error = r.error;
  }
  result->elapsed_s = static_cast<double>(stop_ns - start_ns) / 1e9;
  // The last second is usually partial; a series of whole seconds reads honestly.
  const size_t whole_seconds = static_cast<size_t>(result->elapsed_s);
  if (result->replies_per_second.size() > whole_seconds) {
    result->replies_per_second.resize(std::max<size_t>(whole_seconds, 1));
  }
}

}  // namespace

bool RunLoad(const Options& options, const Target& target, const Workload& workload,
             const RunParams& params, RunResult* result) {
  *result = RunResult{};
  result->rate = params.rate;
  const std::vector<ThreadPlan> plans = PlanThreads(options, params);
  const int threads = static_cast<int>(plans.size());
  std::vector<std::unique_ptr<LoadThread>> loads;
  for (const ThreadPlan& plan : plans) {
    loads.push_back(std::make_unique<LoadThread>(workload, target, plan));
  }
  const int64_t duration_ns = static_cast<int64_t>(params.duration_s * 1e9);
  std::latch connected(threads);
  std::promise<int64_t> start_promise;
  std::shared_future<int64_t> start = start_promise.get_future().share();
  std::mutex mutex;
  std::condition_variable done;
  int running = threads;
  std::vector<std::thread> workers;
  for (int i = 0; i < threads; ++i) {
    workers.emplace_back([&, i] {
      if (!options.cpus.empty()) PinToCpu(options.cpus[i % options.cpus.size()]);
      const bool ok = loads[i]->Connect();
      connected.count_down();
      const int64_t start_ns = start.get();
      if (ok && start_ns >= 0) loads[i]->Run(start_ns, start_ns + duration_ns);
      std::lock_guard lock(mutex);
      --running;
      done.notify_all();
    });
  }
  connected.wait();
  bool all_connected = true;
  for (const auto& load : loads) {
    if (!load->result().error.empty()) {
      all_connected = false;
      if (result->error.empty()) result->error = load->result().error;
    }
  }
  const std::optional<uint64_t> server_cpu_before =
      options.server_pid != 0 ? ProcessCpuNs(options.server_pid) : std::nullopt;
  const uint64_t self_cpu_before = SelfCpuNs();
  const int64_t start_ns = NowNs();
  start_promise.set_value(all_connected ? start_ns : -1);
  WatchProgress(loads, start_ns, params.progress && params.duration_s > 2, &mutex, &done, &running);
  for (std::thread& worker : workers) worker.join();
  if (!all_connected) return false;

  const uint64_t self_cpu_after = SelfCpuNs();
  const std::optional<uint64_t> server_cpu_after =
      options.server_pid != 0 ? ProcessCpuNs(options.server_pid) : std::nullopt;
  MergeResults(loads, start_ns, result);
  if (result->replies > 0) {
    const double per = 1e3 * static_cast<double>(result->replies);  // ns to µs, per reply
    result->client_cpu_us_per_request = static_cast<double>(self_cpu_after - self_cpu_before) / per;
    if (server_cpu_before && server_cpu_after) {
      result->server_cpu_us_per_request =
          static_cast<double>(*server_cpu_after - *server_cpu_before) / per;
    }
  }
  return true;
}

}  // namespace ringdb::loadgen
