// Result rendering; see report.h. Main thread.
#include "bench/loadgen/report.h"

#include <cerrno>
#include <cstring>
#include <fstream>

namespace ringdb::loadgen {
namespace {

struct Percentile {
  const char* name;
  double p;
};
constexpr Percentile kPercentiles[] = {
    {"p50", 50}, {"p90", 90}, {"p99", 99}, {"p99.9", 99.9}, {"p99.99", 99.99}, {"max", 100},
};

double Us(uint64_t ns) { return static_cast<double>(ns) / 1e3; }

std::string Format(const char* format, double value) {
  char text[64];
  snprintf(text, sizeof(text), format, value);
  return text;
}

std::string Labels(const Workload& workload) {
  std::string labels;
  for (const RequestTemplate& tmpl : workload.templates) {
    if (!labels.empty()) labels += ",";
    labels += tmpl.label;
  }
  return labels;
}

std::string JsonString(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += Format("\\u%04x", static_cast<unsigned char>(c));
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string Mode(const RunResult& result) {
  return result.rate > 0 ? "open loop at " + Format("%.0f", result.rate) + " requests/s"
                         : "closed loop";
}

void PrintHuman(FILE* out, const Options& options, const Target& target, const Workload& workload,
                const RunResult& result) {
  fprintf(out, "ringdb-benchmark: %s, %d thread(s), %d connection(s), pipeline %d, %s, %s\n",
          FormatTarget(target).c_str(), options.threads, options.clients, options.pipeline,
          Mode(result).c_str(), options.resp3 ? "RESP3" : "RESP2");
  for (size_t i = 0; i < workload.templates.size(); ++i) {
    fprintf(out, "  command: %s (weight %u)\n", workload.templates[i].text.c_str(),
            options.weights[i]);
  }
  fprintf(out, "  keys: %llu, %s; values: %zu bytes\n",
          static_cast<unsigned long long>(options.keyspace),
          options.zipf_s > 0 ? Format("zipf %.2f", options.zipf_s).c_str() : "uniform",
          options.data_size);
  fprintf(out, "requests: %llu completed in %.2f s = %.0f requests/s; %llu error replies",
          static_cast<unsigned long long>(result.replies), result.elapsed_s,
          result.requests_per_s(), static_cast<unsigned long long>(result.errors));
  if (result.pushes > 0)
    fprintf(out, ", %llu pushes", static_cast<unsigned long long>(result.pushes));
  fprintf(out, "\nlatency (us): min %.1f mean %.1f", Us(result.latency.min_ns()),
          result.latency.mean_ns() / 1e3);
  for (const Percentile& p : kPercentiles) {
    fprintf(out, " %s %.1f", p.name, Us(result.latency.PercentileNs(p.p)));
  }
  fprintf(out, "\nrequests per second, each second:");
  for (uint64_t n : result.replies_per_second)
    fprintf(out, " %llu", static_cast<unsigned long long>(n));
  fprintf(out, "\nCPU per request: generator %.2f us", result.client_cpu_us_per_request);
  if (result.server_cpu_us_per_request) {
    fprintf(out, ", server %.2f us (pid %d)", *result.server_cpu_us_per_request,
            static_cast<int>(options.server_pid));
  } else if (options.server_pid != 0) {
    fprintf(out, ", server unknown (cannot read /proc/%d/stat)",
            static_cast<int>(options.server_pid));
  }
  fprintf(out, "\n");
  if (!result.error.empty()) fprintf(out, "ended early: %s\n", result.error.c_str());
}

void PrintCsv(FILE* out, const Workload& workload, const RunResult& result) {
  fprintf(out,
          "\"test\",\"rps\",\"avg_latency_ms\",\"min_latency_ms\",\"p50_latency_ms\","
          "\"p95_latency_ms\",\"p99_latency_ms\",\"max_latency_ms\"\n");
  const Histogram& h = result.latency;
  fprintf(out, "\"%s\",\"%.2f\",\"%.3f\",\"%.3f\",\"%.3f\",\"%.3f\",\"%.3f\",\"%.3f\"\n",
          Labels(workload).c_str(), result.requests_per_s(), h.mean_ns() / 1e6, h.min_ns() / 1e6,
          h.PercentileNs(50) / 1e6, h.PercentileNs(95) / 1e6, h.PercentileNs(99) / 1e6,
          h.max_ns() / 1e6);
}

std::string ResultJson(const RunResult& result) {
  std::string json = "{";
  json += "\"rate_target\": " + Format("%.3f", result.rate);
  json += ", \"elapsed_s\": " + Format("%.6f", result.elapsed_s);
  json += ", \"sent\": " + std::to_string(result.sent);
  json += ", \"replies\": " + std::to_string(result.replies);
  json += ", \"errors\": " + std::to_string(result.errors);
  json += ", \"pushes\": " + std::to_string(result.pushes);
  json += ", \"requests_per_s\": " + Format("%.3f", result.requests_per_s());
  json += ", \"latency_us\": {\"min\": " + Format("%.3f", Us(result.latency.min_ns()));
  json += ", \"mean\": " + Format("%.3f", result.latency.mean_ns() / 1e3);
  for (const Percentile& p : kPercentiles) {
    json += ", \"" + std::string(p.name) +
            "\": " + Format("%.3f", Us(result.latency.PercentileNs(p.p)));
  }
  json += "}, \"requests_per_second_series\": [";
  for (size_t i = 0; i < result.replies_per_second.size(); ++i) {
    if (i > 0) json += ", ";
    json += std::to_string(result.replies_per_second[i]);
  }
  json += "], \"client_cpu_us_per_request\": " + Format("%.4f", result.client_cpu_us_per_request);
  json += ", \"server_cpu_us_per_request\": ";
  json += result.server_cpu_us_per_request ? Format("%.4f", *result.server_cpu_us_per_request)
                                           : std::string("null");
  json += ", \"error\": " + (result.error.empty() ? std::string("null") : JsonString(result.error));
  return json + "}";
}

std::string ConfigJson(const Options& options, const Target& target, const Workload& workload) {
  std::string json = "{\"target\": " + JsonString(FormatTarget(target));
  json += ", \"threads\": " + std::to_string(options.threads);
  json += ", \"clients\": " + std::to_string(options.clients);
  json += ", \"pipeline\": " + std::to_string(options.pipeline);
  json += ", \"keyspace\": " + std::to_string(options.keyspace);
  json += ", \"zipf\": " + Format("%.4f", options.zipf_s);
  json += ", \"data_size\": " + std::to_string(options.data_size);
  json += ", \"resp3\": " + std::string(options.resp3 ? "true" : "false");
  json += ", \"commands\": [";
  for (size_t i = 0; i < workload.templates.size(); ++i) {
    if (i > 0) json += ", ";
    json += "{\"command\": " + JsonString(workload.templates[i].text) +
            ", \"weight\": " + std::to_string(options.weights[i]) + "}";
  }
  return json + "]}";
}

}  // namespace

void PrintRun(FILE* out, const Options& options, const Target& target, const Workload& workload,
              const RunResult& result) {
  if (options.csv) {
    PrintCsv(out, workload, result);
  } else if (options.quiet) {
    fprintf(out, "%s: %.2f requests per second, p50=%.3f msec", Labels(workload).c_str(),
            result.requests_per_s(), result.latency.PercentileNs(50) / 1e6);
    if (result.errors > 0) {
      fprintf(out, ", %llu error replies", static_cast<unsigned long long>(result.errors));
    }
    fprintf(out, "\n");
  } else {
    PrintHuman(out, options, target, workload, result);
  }
}

void PrintSweep(FILE* out, const Options& options, const Target& target, const Workload& workload,
                const SweepResult& sweep) {
  fprintf(out, "sweep: %s, p99 bound %.1f us, closed-loop probe %.0f requests/s\n",
          Labels(workload).c_str(), options.p99_bound_us, sweep.probe.requests_per_s());
  if (!options.quiet) {
    for (const SweepStep& step : sweep.steps) {
      fprintf(out, "  rate %10.0f/s achieved %10.0f/s p99 %10.1f us %s\n", step.result.rate,
              step.result.requests_per_s(), Us(step.result.latency.PercentileNs(99)),
              step.met ? "ok" : "over");
    }
  }
  if (sweep.best_rate > 0) {
    fprintf(out, "highest rate meeting p99 <= %.1f us: %.0f requests/s\n", options.p99_bound_us,
            sweep.best_rate);
  } else {
    fprintf(out, "no rate tried met p99 <= %.1f us\n", options.p99_bound_us);
  }
}

std::string RunJson(const Options& options, const Target& target, const Workload& workload,
                    const RunResult& result) {
  return "{\"config\": " + ConfigJson(options, target, workload) +
         ", \"result\": " + ResultJson(result) + "}\n";
}

std::string SweepJson(const Options& options, const Target& target, const Workload& workload,
                      const SweepResult& sweep) {
  std::string json = "{\"config\": " + ConfigJson(options, target, workload);
  json += ", \"p99_bound_us\": " + Format("%.3f", options.p99_bound_us);
  json += ", \"probe\": " + ResultJson(sweep.probe) + ", \"steps\": [";
  for (size_t i = 0; i < sweep.steps.size(); ++i) {
    if (i > 0) json += ", ";
    json += "{\"met\": " + std::string(sweep.steps[i].met ? "true" : "false") +
            ", \"result\": " + ResultJson(sweep.steps[i].result) + "}";
  }
  json += "], \"best_rate\": " + Format("%.3f", sweep.best_rate);
  return json + "}\n";
}

bool WriteTextFile(const std::string& path, const std::string& text, std::string* error) {
  std::ofstream file(path, std::ios::trunc);
  file << text;
  file.close();
  if (!file) {
    *error = "cannot write " + path + ": " + strerror(errno);
    return false;
  }
  return true;
}

}  // namespace ringdb::loadgen
