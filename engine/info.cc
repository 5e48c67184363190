#include "engine/blocking.h"
#include "engine/info.h"

#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <random>
#include <vector>

#include "alloc/memory.h"
#include "engine/clock.h"
#include "engine/command_stats.h"
#include "engine/config.h"
#include "engine/config_loader.h"
#include "engine/db_access.h"
#include "engine/keys_args.h"
#include "engine/server.h"
#include "engine/stats.h"

namespace ringdb::engine {
namespace {

// Redis 7.0's version as INFO reports it: tools and client libraries gate features
// on redis_version, and ringdb speaks 7.0. ringdb's own version is ringdb_version.
constexpr std::string_view kCompatVersion = "7.0.15";

struct InfoContext {
  Server& server;
  DbAccess& db;
  int64_t now_ms;
  std::string* out;

  void Line(std::string_view name, std::string_view value) {
    out->append(name).append(":").append(value).append("\r\n");
  }
  void Num(std::string_view name, int64_t v) { Line(name, std::to_string(v)); }
  void Fixed(std::string_view name, double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    Line(name, buf);
  }
};

std::string ExecutablePath() {
  char buf[4096];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
}

// The replication ID this master would offer replicas; fixed for the process.
const std::string& ReplicationId() {
  static const std::string id = [] {
    std::random_device rd;
    static const char kHex[] = "0123456789abcdef";
    std::string s(40, '0');
    for (char& c : s) c = kHex[rd() & 15];
    return s;
  }();
  return id;
}

void WriteServer(InfoContext& c) {
  struct utsname u {};
  uname(&u);
  int64_t uptime_s = (c.now_ms - c.server.start_ms()) / 1000;
  c.Line("redis_version", kCompatVersion);
  c.Line("ringdb_version", kRingdbVersion);
  c.Line("redis_git_sha1", "00000000");
  c.Num("redis_git_dirty", 0);
  c.Line("redis_build_id", "0");
  c.Line("redis_mode", "standalone");
  c.Line("os", std::string(u.sysname) + " " + u.release + " " + u.machine);
  c.Num("arch_bits", sizeof(void*) * 8);
  c.Line("monotonic_clock", "POSIX clock_gettime");
  c.Line("multiplexing_api", "io_uring");
  c.Line("atomicvar_api", "c11-builtin");
  c.Line("gcc_version", std::to_string(__GNUC__) + "." + std::to_string(__GNUC_MINOR__) + "." +
                            std::to_string(__GNUC_PATCHLEVEL__));
  c.Num("process_id", getpid());
  c.Line("process_supervised", "no");
  c.Line("run_id", c.server.run_id());
  c.Num("tcp_port", c.server.port());
  c.Num("server_time_usec", NowUs());
  c.Num("uptime_in_seconds", uptime_s);
  c.Num("uptime_in_days", uptime_s / 86400);
  c.Num("hz", ConfigInt(ConfigId::kHz));
  c.Num("configured_hz", ConfigInt(ConfigId::kHz));
  c.Num("lru_clock", LruClock(c.now_ms));
  c.Line("executable", ExecutablePath());
  c.Line("config_file", ConfigFilePath());
  c.Num("io_threads_active", 0);
}

void WriteClients(InfoContext& c) {
  c.Num("connected_clients", static_cast<int64_t>(c.server.clients().size()));
  c.Num("cluster_connections", 0);
  c.Num("maxclients", ConfigInt(ConfigId::kMaxclients));
  c.Num("client_recent_max_input_buffer", 0);
  c.Num("client_recent_max_output_buffer", 0);
  c.Num("blocked_clients", blocking::BlockedClients());
  c.Num("tracking_clients", 0);
  c.Num("clients_in_timeout_table", 0);
}

void WriteMemory(InfoContext& c) {
  alloc::UpdatePeak();
  int64_t used = alloc::UsedMemory(), rss = alloc::ResidentSetSize();
  int64_t peak = std::max(alloc::PeakMemory(), used);
  int64_t maxmemory = ConfigInt(ConfigId::kMaxmemory);
  c.Num("used_memory", used);
  c.Line("used_memory_human", BytesToHuman(used));
  c.Num("used_memory_rss", rss);
  c.Line("used_memory_rss_human", BytesToHuman(rss));
  c.Num("used_memory_peak", peak);
  c.Line("used_memory_peak_human", BytesToHuman(peak));
  c.Line("used_memory_peak_perc", peak > 0 ? [&] {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f%%", 100.0 * static_cast<double>(used) / peak);
    return std::string(buf);
  }() : std::string("0.00%"));
  const int64_t startup = alloc::StartupMemory(), dataset = alloc::KeyspaceMemory();
  c.Num("used_memory_overhead", used - dataset);
  c.Num("used_memory_startup", startup);
  c.Num("used_memory_dataset", dataset);
  c.Line("used_memory_dataset_perc", [&] {
    char buf[32];
    const int64_t net = used - startup;
    const double perc = net > 0 ? 100.0 * static_cast<double>(dataset) / net : 0.0;
    std::snprintf(buf, sizeof buf, "%.2f%%", perc);
    return std::string(buf);
  }());
  int64_t pages = sysconf(_SC_PHYS_PAGES), page_size = sysconf(_SC_PAGESIZE);
  int64_t total = pages > 0 && page_size > 0 ? pages * page_size : 0;
  c.Num("total_system_memory", total);
  c.Line("total_system_memory_human", BytesToHuman(total));
  c.Num("maxmemory", maxmemory);
  c.Line("maxmemory_human", BytesToHuman(maxmemory));
  c.Line("maxmemory_policy", ConfigValueText(ConfigSpecOf(ConfigId::kMaxmemoryPolicy)));
  c.Fixed("mem_fragmentation_ratio", used > 0 ? static_cast<double>(rss) / used : 0.0, 2);
  c.Num("mem_fragmentation_bytes", rss - used);
  c.Line("mem_allocator", "mimalloc");
  c.Num("active_defrag_running", 0);
  c.Num("lazyfree_pending_objects", 0);
  c.Num("lazyfreed_objects", 0);
}

void WritePersistence(InfoContext& c) {
  StatsTotals s = SumStats();
  c.Num("loading", 0);
  c.Num("async_loading", 0);
  c.Num("rdb_changes_since_last_save", s.dirty);
  c.Num("rdb_bgsave_in_progress", 0);
  c.Num("rdb_last_save_time", c.server.start_ms() / 1000);
  c.Line("rdb_last_bgsave_status", "ok");
  c.Num("rdb_last_bgsave_time_sec", -1);
  c.Num("rdb_current_bgsave_time_sec", -1);
  c.Num("rdb_saves", 0);
  c.Num("aof_enabled", 0);
  c.Num("aof_rewrite_in_progress", 0);
  c.Num("aof_rewrite_scheduled", 0);
  c.Num("aof_last_rewrite_time_sec", -1);
  c.Num("aof_current_rewrite_time_sec", -1);
  c.Line("aof_last_bgrewrite_status", "ok");
  c.Num("aof_rewrites", 0);
  c.Line("aof_last_write_status", "ok");
}

void WriteStats(InfoContext& c) {
  StatsTotals s = SumStats();
  c.Num("total_connections_received", s.connections_received);
  c.Num("total_commands_processed", s.commands);
  c.Num("instantaneous_ops_per_sec", 0);
  c.Num("total_net_input_bytes", s.net_input_bytes);
  c.Num("total_net_output_bytes", s.net_output_bytes);
  c.Num("total_net_repl_input_bytes", 0);
  c.Num("total_net_repl_output_bytes", 0);
  c.Fixed("instantaneous_input_kbps", 0, 2);
  c.Fixed("instantaneous_output_kbps", 0, 2);
  c.Num("rejected_connections", s.rejected_connections);
  c.Num("sync_full", 0);
  c.Num("sync_partial_ok", 0);
  c.Num("sync_partial_err", 0);
  c.Num("expired_keys", s.expired_keys);
  c.Fixed("expired_stale_perc", 0, 2);
  c.Num("expired_time_cap_reached_count", 0);
  c.Num("evicted_keys", 0);
  c.Num("evicted_clients", 0);
  c.Num("keyspace_hits", s.keyspace_hits);
  c.Num("keyspace_misses", s.keyspace_misses);
  c.Num("pubsub_channels", 0);
  c.Num("pubsub_patterns", 0);
  c.Num("pubsubshard_channels", 0);
  c.Num("latest_fork_usec", 0);
  c.Num("total_forks", 0);
  c.Num("unexpected_error_replies", 0);
  c.Num("total_error_replies", s.error_replies);
}

void WriteReplication(InfoContext& c) {
  c.Line("role", "master");
  c.Num("connected_slaves", 0);
  c.Line("master_failover_state", "no-failover");
  c.Line("master_replid", ReplicationId());
  c.Line("master_replid2", std::string(40, '0'));
  c.Num("master_repl_offset", 0);
  c.Num("second_repl_offset", -1);
  c.Num("repl_backlog_active", 0);
  c.Num("repl_backlog_size", ConfigInt(ConfigId::kReplBacklogSize));
  c.Num("repl_backlog_first_byte_offset", 0);
  c.Num("repl_backlog_histlen", 0);
}

std::string TimevalText(const timeval& tv) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%ld.%06ld", static_cast<long>(tv.tv_sec),
                static_cast<long>(tv.tv_usec));
  return buf;
}

void WriteCpu(InfoContext& c) {
  rusage self {}, children {}, thread {};
  getrusage(RUSAGE_SELF, &self);
  getrusage(RUSAGE_CHILDREN, &children);
  getrusage(RUSAGE_THREAD, &thread);  // the thread serving INFO, not a "main" thread
  c.Line("used_cpu_sys", TimevalText(self.ru_stime));
  c.Line("used_cpu_user", TimevalText(self.ru_utime));
  c.Line("used_cpu_sys_children", TimevalText(children.ru_stime));
  c.Line("used_cpu_user_children", TimevalText(children.ru_utime));
  c.Line("used_cpu_sys_main_thread", TimevalText(thread.ru_stime));
  c.Line("used_cpu_user_main_thread", TimevalText(thread.ru_utime));
}

// Sorted by name; Redis lists them in its hash-table order, which nobody relies on.
void WriteCommandStats(InfoContext& c) {
  std::vector<const CommandEntry*> served;
  for (const auto& [name, entry] : c.server.registry().entries()) {
    if (entry.handler != nullptr) served.push_back(&entry);
  }
  std::sort(served.begin(), served.end(),
            [](const CommandEntry* a, const CommandEntry* b) { return a->fullname < b->fullname; });
  for (const CommandEntry* e : served) {
    CommandCounters k = SumCommandCounters(e->index);
    if (k.calls == 0 && k.rejected_calls == 0 && k.failed_calls == 0) continue;
    char buf[256];
    std::snprintf(buf, sizeof buf,
                  "calls=%" PRId64 ",usec=%" PRId64 ",usec_per_call=%.2f,rejected_calls=%" PRId64
                  ",failed_calls=%" PRId64,
                  k.calls, k.usec, k.calls ? static_cast<double>(k.usec) / k.calls : 0.0,
                  k.rejected_calls, k.failed_calls);
    c.Line("cmdstat_" + e->fullname, buf);
  }
}

void WriteCluster(InfoContext& c) { c.Num("cluster_enabled", 0); }

struct DbTotals {
  int64_t keys = 0, volatile_keys = 0, ttl_sum_ms = 0;
};

// One pass over the slots for every database at once, locking each slot once.
void WriteKeyspace(InfoContext& c) {
  int num_dbs = c.server.keyspace().num_dbs();
  std::vector<DbTotals> totals(static_cast<size_t>(num_dbs));
  for (int id = 0; id < kNumSlots; ++id) {
    c.db.VisitSlot(static_cast<uint16_t>(id), [&](Slot& slot) {
      if (!slot.has_tables()) return;
      for (int db = 0; db < num_dbs; ++db) {
        const types::KeyTable* t = slot.table(db);
        if (t == nullptr) break;  // databases 1.. are created together
        DbTotals& d = totals[static_cast<size_t>(db)];
        d.keys += static_cast<int64_t>(t->size());
        if (slot.volatile_keys() == 0 || t->size() == 0) continue;
        t->ForEach([&](types::Entry* e) {
          if (!e->has_expire()) return;
          ++d.volatile_keys;
          d.ttl_sum_ms += std::max<int64_t>(0, e->expire_ms() - c.now_ms);
        });
      }
    });
  }
  for (int db = 0; db < num_dbs; ++db) {
    const DbTotals& d = totals[static_cast<size_t>(db)];
    if (d.keys == 0) continue;
    int64_t avg_ttl = d.volatile_keys ? d.ttl_sum_ms / d.volatile_keys : 0;
    c.Line("db" + std::to_string(db), "keys=" + std::to_string(d.keys) +
                                          ",expires=" + std::to_string(d.volatile_keys) +
                                          ",avg_ttl=" + std::to_string(avg_ttl));
  }
}

// Sections with nothing to report yet still print their title, as Redis does.
void WriteNothing(InfoContext&) {}

struct InfoSection {
  std::string_view name;   // as INFO's argument
  std::string_view title;  // the "# Title" line
  void (*write)(InfoContext&);
  bool in_default;
};

// Redis 7.0's order; "all" and "everything" select every row.
constexpr InfoSection kSections[] = {
    {"server", "Server", &WriteServer, true},
    {"clients", "Clients", &WriteClients, true},
    {"memory", "Memory", &WriteMemory, true},
    {"persistence", "Persistence", &WritePersistence, true},
    {"stats", "Stats", &WriteStats, true},
    {"replication", "Replication", &WriteReplication, true},
    {"cpu", "CPU", &WriteCpu, true},
    {"modules", "Modules", &WriteNothing, true},
    {"commandstats", "Commandstats", &WriteCommandStats, false},
    {"errorstats", "Errorstats", &WriteNothing, true},
    {"latencystats", "Latencystats", &WriteNothing, false},
    {"cluster", "Cluster", &WriteCluster, true},
    {"keyspace", "Keyspace", &WriteKeyspace, true},
};
constexpr size_t kSectionCount = sizeof kSections / sizeof kSections[0];

void SelectSections(CmdArgs names, bool (&selected)[kSectionCount]) {
  using keyargs::EqualsNoCase;
  if (names.empty()) {
    for (size_t i = 0; i < kSectionCount; ++i) selected[i] = kSections[i].in_default;
    return;
  }
  for (std::string_view n : names) {
    bool all = EqualsNoCase(n, "all") || EqualsNoCase(n, "everything");
    bool dflt = EqualsNoCase(n, "default");
    for (size_t i = 0; i < kSectionCount; ++i) {
      if (all || (dflt && kSections[i].in_default) || EqualsNoCase(n, kSections[i].name)) {
        selected[i] = true;
      }
    }
  }
}

}  // namespace

std::string BytesToHuman(int64_t bytes) {
  static constexpr const char* kUnits[] = {"K", "M", "G", "T", "P"};
  if (bytes < 1024) return std::to_string(bytes) + "B";
  double v = static_cast<double>(bytes);
  int unit = -1;
  while (v >= 1024 && unit < 4) {
    v /= 1024;
    ++unit;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%s", v, kUnits[unit]);
  return buf;
}

std::string InfoString(Server& server, DbAccess& db, CmdArgs sections) {
  bool selected[kSectionCount] = {};
  SelectSections(sections, selected);
  std::string out;
  InfoContext c{server, db, db.now_ms(), &out};
  bool first = true;
  for (size_t i = 0; i < kSectionCount; ++i) {
    if (!selected[i]) continue;
    if (!first) out += "\r\n";
    first = false;
    out.append("# ").append(kSections[i].title).append("\r\n");
    kSections[i].write(c);
  }
  return out;
}

}  // namespace ringdb::engine
