// Parser for ringdb-benchmark's command line; see options.h. Main thread only.
#include "bench/loadgen/options.h"

#include <charconv>
#include <cstring>
#include <functional>
#include <string_view>

#include "bench/loadgen/request_template.h"

namespace ringdb::loadgen {
namespace {

// Bounds on what the command line controls, so a typo cannot ask for a million
// threads or a terabyte of buffers.
constexpr int kMaxThreads = 256;
constexpr int kMaxClients = 65536;
constexpr int kMaxPipeline = 4096;
constexpr size_t kMaxDataSize = 64 * 1024 * 1024;
constexpr double kMaxDurationS = 24 * 3600;
constexpr uint32_t kMaxWeight = 10000;

template <typename T>
bool ParseInteger(std::string_view text, T min, T max, T* out) {
  T value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return false;
  if (value < min || value > max) return false;
  *out = value;
  return true;
}

bool ParseDouble(std::string_view text, double min, double max, double* out) {
  // from_chars for double is in GCC 12's libstdc++; strtod would accept hex and "inf".
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return false;
  if (!(value >= min && value <= max)) return false;
  *out = value;
  return true;
}

std::vector<std::string_view> Split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t pos = text.find(sep, start);
    parts.push_back(text.substr(start, pos == std::string_view::npos ? pos : pos - start));
    if (pos == std::string_view::npos) return parts;
    start = pos + 1;
  }
}

using Setter = std::function<bool(std::string_view value, Options* options)>;

struct OptionSpec {
  const char* short_name;  // nullptr: none
  const char* long_name;   // nullptr: none
  bool takes_value;
  std::string what;  // for the error message: what a valid value is
  Setter set;
};

bool SetTests(std::string_view value, Options* o) {
  for (std::string_view name : Split(value, ',')) {
    const char* command = BuiltinCommand(name);
    if (command == nullptr) return false;
    o->commands.emplace_back(command);
    o->weights.push_back(1);
  }
  return !o->commands.empty();
}

bool SetRatio(std::string_view value, Options* o) {
  const std::vector<std::string_view> parts = Split(value, ':');
  uint32_t set_weight = 0;
  uint32_t get_weight = 0;
  if (parts.size() != 2 || !ParseInteger<uint32_t>(parts[0], 0, kMaxWeight, &set_weight) ||
      !ParseInteger<uint32_t>(parts[1], 0, kMaxWeight, &get_weight) ||
      set_weight + get_weight == 0) {
    return false;
  }
  if (set_weight > 0) {
    o->commands.emplace_back(BuiltinCommand("set"));
    o->weights.push_back(set_weight);
  }
  if (get_weight > 0) {
    o->commands.emplace_back(BuiltinCommand("get"));
    o->weights.push_back(get_weight);
  }
  return true;
}

bool SetCpus(std::string_view value, Options* o) {
  for (std::string_view part : Split(value, ',')) {
    int cpu = 0;
    if (!ParseInteger(part, 0, 4095, &cpu)) return false;
    o->cpus.push_back(cpu);
  }
  return true;
}

const std::vector<OptionSpec>& Specs() {
  static const std::vector<OptionSpec> specs = {
      {"-h", "--host", true, "a host name or address",
       [](std::string_view v, Options* o) {
         o->host = v;
         return !v.empty();
       }},
      {"-p", "--port", true, "a port 1..65535",
       [](std::string_view v, Options* o) {
         return ParseInteger<uint16_t>(v, 1, 65535, &o->port);
       }},
      {nullptr, "--allow-remote", false, "",
       [](std::string_view, Options* o) { return o->allow_remote = true; }},
      {nullptr, "--threads", true, "a thread count 1..256",
       [](std::string_view v, Options* o) { return ParseInteger(v, 1, kMaxThreads, &o->threads); }},
      {nullptr, "--cpus", true, "a comma-separated list of CPU numbers", SetCpus},
      {"-c", "--clients", true, "a connection count 1..65536",
       [](std::string_view v, Options* o) { return ParseInteger(v, 1, kMaxClients, &o->clients); }},
      {"-P", "--pipeline", true, "a pipeline depth 1..4096",
       [](std::string_view v, Options* o) {
         return ParseInteger(v, 1, kMaxPipeline, &o->pipeline);
       }},
      {"-n", "--requests", true, "a request count",
       [](std::string_view v, Options* o) {
         return ParseInteger<uint64_t>(v, 1, UINT64_MAX, &o->requests);
       }},
      {nullptr, "--duration", true, "seconds, more than 0",
       [](std::string_view v, Options* o) {
         return ParseDouble(v, 0.001, kMaxDurationS, &o->duration_s);
       }},
      {"-r", "--keyspace", true, "a key count, at least 1",
       [](std::string_view v, Options* o) {
         return ParseInteger<uint64_t>(v, 1, UINT64_MAX, &o->keyspace);
       }},
      {nullptr, "--zipf", true, "an exponent between 0 and 10",
       [](std::string_view v, Options* o) { return ParseDouble(v, 0, 10, &o->zipf_s); }},
      {nullptr, "--seed", true, "an integer",
       [](std::string_view v, Options* o) {
         return ParseInteger<uint64_t>(v, 0, UINT64_MAX, &o->seed);
       }},
      {"-d", "--data-size", true, "a value size in bytes",
       [](std::string_view v, Options* o) {
         return ParseInteger<size_t>(v, 0, kMaxDataSize, &o->data_size);
       }},
      {"-t", "--tests", true, "a comma-separated list of: " + std::string(BuiltinCommandNames()),
       SetTests},
      {nullptr, "--ratio", true, "SET:GET weights such as 1:10", SetRatio},
      {nullptr, "--command", true, "a command template such as \"HSET h:__key__ f __data__\"",
       [](std::string_view v, Options* o) {
         o->commands.emplace_back(v);
         o->weights.push_back(1);
         return !v.empty();
       }},
      {nullptr, "--resp3", false, "", [](std::string_view, Options* o) { return o->resp3 = true; }},
      {nullptr, "--rate", true, "requests per second, more than 0",
       [](std::string_view v, Options* o) { return ParseDouble(v, 0.001, 1e10, &o->rate); }},
      {nullptr, "--sweep", false, "", [](std::string_view, Options* o) { return o->sweep = true; }},
      {nullptr, "--p99-bound-us", true, "microseconds, more than 0",
       [](std::string_view v, Options* o) { return ParseDouble(v, 0.001, 1e9, &o->p99_bound_us); }},
      {nullptr, "--sweep-step-duration", true, "seconds, more than 0",
       [](std::string_view v, Options* o) {
         return ParseDouble(v, 0.001, kMaxDurationS, &o->sweep_step_s);
       }},
      {nullptr, "--server-pid", true, "a process id",
       [](std::string_view v, Options* o) {
         return ParseInteger<pid_t>(v, 1, INT32_MAX, &o->server_pid);
       }},
      {"-q", "--quiet", false, "", [](std::string_view, Options* o) { return o->quiet = true; }},
      {nullptr, "--csv", false, "", [](std::string_view, Options* o) { return o->csv = true; }},
      {nullptr, "--json", true, "a file name",
       [](std::string_view v, Options* o) {
         o->json_path = v;
         return !v.empty();
       }},
      {nullptr, "--help", false, "", [](std::string_view, Options* o) { return o->help = true; }},
  };
  return specs;
}

const OptionSpec* FindSpec(std::string_view name) {
  for (const OptionSpec& spec : Specs()) {
    if ((spec.short_name != nullptr && name == spec.short_name) ||
        (spec.long_name != nullptr && name == spec.long_name)) {
      return &spec;
    }
  }
  return nullptr;
}

bool CheckCombination(const Options& o, std::string* error) {
  if (o.sweep && o.rate > 0) {
    *error = "--sweep finds the rate itself; drop --rate";
    return false;
  }
  if (o.clients < o.threads) {
    *error = "--threads must not exceed -c (each thread needs a connection)";
    return false;
  }
  return true;
}

}  // namespace

bool ParseOptions(int argc, const char* const* argv, Options* options, std::string* error) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    std::string_view value;
    bool inline_value = false;
    if (arg.starts_with("--")) {
      if (const size_t eq = arg.find('='); eq != std::string_view::npos) {
        value = arg.substr(eq + 1);
        arg = arg.substr(0, eq);
        inline_value = true;
      }
    }
    const OptionSpec* spec = FindSpec(arg);
    if (spec == nullptr) {
      *error = "unknown option " + std::string(arg) + " (see --help)";
      return false;
    }
    if (spec->takes_value && !inline_value) {
      if (i + 1 >= argc) {
        *error = std::string(arg) + " needs a value: " + spec->what;
        return false;
      }
      value = argv[++i];
    } else if (!spec->takes_value && inline_value) {
      *error = std::string(arg) + " takes no value";
      return false;
    }
    if (!spec->set(value, options)) {
      *error = "bad value '" + std::string(value) + "' for " + std::string(arg) + ": expected " +
               spec->what;
      return false;
    }
  }
  if (options->commands.empty()) {
    options->commands.emplace_back(BuiltinCommand("set"));
    options->weights.push_back(1);
  }
  return CheckCombination(*options, error);
}

std::string UsageText() {
  return R"(Usage: ringdb-benchmark [options]
Drives a Redis-compatible server over io_uring and reports throughput and latency.

Target
  -h, --host HOST        server address (default 127.0.0.1); must be loopback
  -p, --port PORT        server port (default 6379)
  --allow-remote         allow a target that is not 127.0.0.0/8 or ::1
Load
  --threads N            load threads, each with its own io_uring (default 1)
  --cpus LIST            pin thread i to the i-th CPU of LIST (e.g. 1,2)
  -c, --clients N        connections across all threads (default 50)
  -P, --pipeline N       requests in flight per connection (default 1); in open
                         loop the most a connection may have in flight
  -n, --requests N       stop after N replies
  --duration S           stop after S seconds (default 10); the first bound wins
  --rate R               open loop: R requests/s on a fixed timetable; latency is
                         measured from each request's intended send time
  --sweep                find the highest rate whose p99 meets --p99-bound-us:
                         probe closed loop, then step from 30% of the probe rate
                         by 10% with --sweep-step-duration runs (at most 20 steps)
  --p99-bound-us US      p99 bound for --sweep (default 1000)
  --sweep-step-duration S  seconds per sweep step (default 2)
Commands
  -t, --tests LIST       comma-separated built-in commands, mixed in equal parts:
                         )" +
         std::string(BuiltinCommandNames()) + R"(
  --ratio S:G            SET:GET mix, e.g. 1:10
  --command TEMPLATE     a command, words split at spaces; __key__ becomes the
                         request's key number, __data__ the -d byte value
                         (may be repeated; mixed in equal parts)
  -r, --keyspace N       keys drawn from 0..N-1 (default 1: one key)
  --zipf S               draw keys Zipf-distributed with exponent S (e.g. 0.99)
  --seed N               random seed (default 1)
  -d, --data-size N      value size in bytes (default 3)
  --resp3                send HELLO 3 on each connection first
Report
  --server-pid PID       also report the server's CPU time per request
  -q, --quiet            one line per run, no progress
  --csv                  CSV output
  --json FILE            write every figure as JSON to FILE
  --help                 this text
)";
}

}  // namespace ringdb::loadgen
