#include "io/log.h"

#include <sys/time.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <ctime>
#include <string>

namespace ringdb::io {
namespace {
std::atomic<int> min_level{static_cast<int>(LogLevel::kNotice)};
}

void SetLogLevel(LogLevel level) { min_level.store(static_cast<int>(level)); }

void Log(LogLevel level, std::string_view message) {
  if (static_cast<int>(level) < min_level.load(std::memory_order_relaxed)) return;
  timeval tv;
  gettimeofday(&tv, nullptr);
  tm local;
  localtime_r(&tv.tv_sec, &local);
  char stamp[64];
  size_t n = strftime(stamp, sizeof(stamp), "%d %b %Y %H:%M:%S", &local);
  snprintf(stamp + n, sizeof(stamp) - n, ".%03d", static_cast<int>(tv.tv_usec / 1000));
  static constexpr char kMarks[] = {'.', '-', '*', '#'};
  std::string line = std::to_string(getpid()) + ":M " + stamp + " " +
                     kMarks[static_cast<int>(level)] + " ";
  line.append(message);
  line.push_back('\n');
  // One write so that concurrent lines from several loops stay whole.
  ssize_t ignored = write(STDOUT_FILENO, line.data(), line.size());
  (void)ignored;
}

}  // namespace ringdb::io
