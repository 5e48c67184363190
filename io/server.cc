#include "io/server.h"

#include <pthread.h>
#include <sched.h>

#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <thread>

#include "io/event_loop_impl.h"
#include "io/listener.h"
#include "io/log.h"

namespace ringdb::io {
namespace {

std::vector<int> AllowedCpus() {
  std::vector<int> cpus;
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) != 0) return cpus;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (CPU_ISSET(cpu, &set)) cpus.push_back(cpu);
  }
  return cpus;
}

// A refused pin is not an error: the thread runs where the scheduler puts it.
void PinCurrentThread(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  int rc = pthread_setaffinity_np(pthread_self(), sizeof(set), &set);
  static std::atomic<bool> warned{false};
  if (rc != 0 && !warned.exchange(true)) {
    LogWarning(std::string("Could not pin I/O threads to CPUs (") + strerror(rc) +
               "); running them unpinned");
  }
}

bool OpcodeSupported(int opcode) {
  io_uring_probe* probe = io_uring_get_probe();
  if (probe == nullptr) return false;
  bool supported = io_uring_opcode_supported(probe, opcode);
  io_uring_free_probe(probe);
  return supported;
}

// Start() waits here until every thread has set up its ring, then says go or stop.
struct StartGate {
  std::mutex mutex;
  std::condition_variable cv;
  int reported = 0;
  std::string first_error;
  bool decided = false;
  bool go = false;

  void Report(bool ok, const std::string& error) {
    std::lock_guard<std::mutex> lock(mutex);
    ++reported;
    if (!ok && first_error.empty()) first_error = error;
    cv.notify_all();
  }
  bool WaitForDecision() {
    std::unique_lock<std::mutex> lock(mutex);
    cv.wait(lock, [this] { return decided; });
    return go;
  }
};

}  // namespace

struct IoServer::Impl {
  ServerShared shared;  // declared first: the loops use it until they are destroyed
  std::vector<std::unique_ptr<EventLoopImpl>> loops;
  std::vector<std::thread> threads;
  StartGate gate;
};

IoServer::IoServer() = default;

IoServer::~IoServer() {
  Stop();
  Join();
}

bool ProbeIoUring(std::string* why) {
  io_uring ring;
  int ret = io_uring_queue_init(4, &ring, 0);
  if (ret < 0) {
    *why = std::string("io_uring is unavailable: io_uring_setup failed (") + strerror(-ret) + ")";
    if (ret == -EPERM || ret == -ENOSYS) {
      std::string disabled = "unknown";
      if (FILE* f = fopen("/proc/sys/kernel/io_uring_disabled", "r")) {
        char buf[16] = {};
        if (fgets(buf, sizeof(buf), f)) disabled = std::string(buf, strcspn(buf, "\n"));
        fclose(f);
      }
      *why += "; check the kernel.io_uring_disabled sysctl (now " + disabled +
              ") or a seccomp filter (containers often block io_uring)";
    } else if (ret == -ENOMEM) {
      *why += "; check RLIMIT_MEMLOCK (ulimit -l)";
    }
    return false;
  }
  io_uring_queue_exit(&ring);
  // Multishot receive arrived in Linux 6.0, alongside SEND_ZC, which a probe can see.
  if (!OpcodeSupported(IORING_OP_SEND_ZC)) {
    *why = "io_uring is too old here: ringdb needs Linux 6.0 or later (multishot receive)";
    return false;
  }
  return true;
}

namespace {

// Binds every address once per loop; fds[i] and names[i] go to loop i.
bool OpenAllListeners(const ServerOptions& options, int loops,
                      std::vector<std::vector<int>>* fds,
                      std::vector<std::vector<std::string>>* names, std::string* error) {
  fds->assign(loops, {});
  names->assign(loops, {});
  for (const std::string& entry : options.bind_addresses) {
    BindAddress address;
    std::vector<int> group;
    ListenResult result = ParseBindAddress(entry, options.port, &address, error);
    if (result == ListenResult::kOk) {
      result = OpenListenGroup(address, options.port, options.tcp_backlog, loops, &group, error);
    }
    if (result == ListenResult::kSkipped) continue;
    if (result == ListenResult::kFailed) {
      for (auto& list : *fds) {
        for (int fd : list) close(fd);
      }
      return false;
    }
    for (int i = 0; i < loops; ++i) {
      (*fds)[i].push_back(group[i]);
      (*names)[i].push_back(address.text + ":" + std::to_string(options.port));
    }
  }
  return true;
}

}  // namespace

bool IoServer::Start(const ServerOptions& options,
                     std::function<std::unique_ptr<HandlerFactory>(EventLoop&)> make_factory,
                     std::string* error) {
  if (impl_) {
    *error = "the I/O server is already started";
    return false;
  }
  if (!ProbeIoUring(error)) return false;
  auto impl = std::make_unique<Impl>();
  std::string why;
  if (!impl->shared.wake_sender.Init(&why)) {
    *error = "io_uring is unavailable: " + why;
    return false;
  }
  impl->shared.use_eventfd = !OpcodeSupported(IORING_OP_MSG_RING);
  impl->shared.tcp_keepalive_s = options.tcp_keepalive_s;
  const std::vector<int> cpus = AllowedCpus();
  const int count =
      options.threads > 0 ? options.threads : std::max<int>(1, static_cast<int>(cpus.size()));

  std::vector<std::vector<int>> fds;
  std::vector<std::vector<std::string>> names;
  if (!OpenAllListeners(options, count, &fds, &names, error)) return false;
  for (int i = 0; i < count; ++i) {
    impl->loops.push_back(std::make_unique<EventLoopImpl>(
        i, &impl->shared, options.ring_entries, std::move(fds[i]), std::move(names[i])));
  }

  Impl* raw = impl.get();
  for (int i = 0; i < count; ++i) {
    const int cpu = options.pin_threads && !cpus.empty() ? cpus[i % cpus.size()] : -1;
    raw->threads.emplace_back([raw, i, cpu, make_factory] {
      if (cpu >= 0) PinCurrentThread(cpu);
      std::string init_error;
      EventLoopImpl* loop = raw->loops[i].get();
      raw->gate.Report(loop->Init(&init_error), init_error);
      if (raw->gate.WaitForDecision()) loop->Run(make_factory);
    });
  }
  bool ok;
  {
    std::unique_lock<std::mutex> lock(raw->gate.mutex);
    raw->gate.cv.wait(lock, [raw, count] { return raw->gate.reported == count; });
    ok = raw->gate.first_error.empty();
    if (!ok) *error = raw->gate.first_error;
    raw->gate.go = ok;
    raw->gate.decided = true;
    raw->gate.cv.notify_all();
  }
  impl_ = std::move(impl);
  if (!ok) {
    Join();
    impl_.reset();
  }
  return ok;
}

void IoServer::Stop() {
  if (!impl_) return;
  for (auto& loop : impl_->loops) loop->RequestStop();
}

void IoServer::Join() {
  if (!impl_) return;
  for (auto& thread : impl_->threads) {
    if (thread.joinable() && thread.get_id() != std::this_thread::get_id()) thread.join();
  }
  // The rings stay open until ~IoServer, so a late Post() never reaches a reused fd.
}

int IoServer::thread_count() const { return impl_ ? static_cast<int>(impl_->loops.size()) : 0; }

EventLoop* IoServer::loop(int index) {
  if (!impl_ || index < 0 || index >= static_cast<int>(impl_->loops.size())) return nullptr;
  return impl_->loops[index]->api();
}

}  // namespace ringdb::io
