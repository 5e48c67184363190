// The configuration table: every directive Redis 7.0 accepts, plus ringdb's own "threads".
// Names, bounds, defaults and which rows are immutable follow Redis 7.0.15 (checked against
// a running redis-server 7.0.15 with CONFIG GET '*' and CONFIG SET of every row).
#include <sys/stat.h>

#include <array>
#include <climits>
#include <cstdlib>
#include <string>

#include "engine/config.h"

namespace ringdb::engine {
namespace {

using Names = std::span<const std::string_view>;

constexpr std::array<std::string_view, 4> kLogLevelNames = {"debug", "verbose", "notice",
                                                            "warning"};
constexpr std::array<std::string_view, 4> kSupervisedNames = {"upstart", "systemd", "auto", "no"};
constexpr std::array<std::string_view, 3> kAppendFsyncNames = {"everysec", "always", "no"};
constexpr std::array<std::string_view, 8> kMaxmemoryPolicyNames = {
    "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
    "allkeys-lru",  "allkeys-lfu",  "allkeys-random",  "noeviction"};
constexpr std::array<std::string_view, 3> kProtectedActionNames = {"no", "yes", "local"};
constexpr std::array<std::string_view, 2> kAclPubsubNames = {"allchannels", "resetchannels"};
constexpr std::array<std::string_view, 9> kSyslogFacilityNames = {
    "user", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"};
constexpr std::array<std::string_view, 3> kReplDisklessLoadNames = {"disabled", "on-empty-db",
                                                                    "swapdb"};
constexpr std::array<std::string_view, 3> kTlsAuthClientsNames = {"no", "yes", "optional"};
constexpr std::array<std::string_view, 4> kOomScoreAdjNames = {"no", "yes", "relative", "absolute"};
constexpr std::array<std::string_view, 3> kSanitizePayloadNames = {"no", "yes", "clients"};
constexpr std::array<std::string_view, 3> kEndpointTypeNames = {"ip", "hostname",
                                                                "unknown-endpoint"};
constexpr std::array<std::string_view, 3> kPropagationErrorNames = {"ignore", "panic",
                                                                    "panic-on-replicas"};
constexpr std::array<std::string_view, 5> kShutdownSignalNames = {"default", "save", "nosave",
                                                                  "now", "force"};

// ---- Row-specific checks --------------------------------------------------------------------

std::string CheckDaemonize(ConfigValue* value) {
  if (value->number == 0) return "";
  return "ringdb does not daemonize; run it in the foreground or under systemd "
         "(supervised systemd)";
}

bool IsBaseName(const std::string& path) { return path.find('/') == std::string::npos; }

std::string CheckDbfilename(ConfigValue* value) {
  return IsBaseName(value->text) ? "" : "dbfilename can't be a path, just a filename";
}

std::string CheckAppendfilename(ConfigValue* value) {
  if (value->text.empty()) return "appendfilename can't be empty";
  return IsBaseName(value->text) ? "" : "appendfilename can't be a path, just a filename";
}

std::string CheckAppenddirname(ConfigValue* value) {
  if (value->text.empty()) return "appenddirname can't be empty";
  return IsBaseName(value->text) ? "" : "appenddirname can't be a path, just a dirname";
}

// Redis chdir()s into `dir` and reports getcwd(); ringdb stores the absolute path instead so
// CONFIG GET and CONFIG REWRITE say the same whatever the process's working directory is.
std::string CheckDir(ConfigValue* value) {
  struct stat st {};
  if (stat(value->text.c_str(), &st) != 0) return "No such file or directory";
  if (!S_ISDIR(st.st_mode)) return "Not a directory";
  char* resolved = realpath(value->text.c_str(), nullptr);
  if (resolved == nullptr) return "No such file or directory";
  value->text = resolved;
  free(resolved);
  return "";
}

// hz is a hint: Redis accepts any non-negative value and clamps it to [1, 500].
std::string ClampHz(ConfigValue* value) {
  constexpr int64_t kMinHz = 1;
  constexpr int64_t kMaxHz = 500;
  if (value->number < kMinHz) value->number = kMinHz;
  if (value->number > kMaxHz) value->number = kMaxHz;
  return "";
}

// ACL files and users are not implemented; silently running without them would drop the
// passwords they set, so a non-empty aclfile is refused rather than ignored.
std::string CheckAclfile(ConfigValue* value) {
  return value->text.empty() ? "" : "ringdb does not support ACL files yet";
}

// ---- Row builders ---------------------------------------------------------------------------

constexpr int64_t kIntMax = INT_MAX;
constexpr int64_t kLongMax = LONG_MAX;
constexpr int64_t kUintMax = UINT_MAX;

constexpr ConfigSpec Bool(std::string_view name, std::string_view def, uint32_t flags = 0,
                          ConfigId id = ConfigId::kCount, std::string_view alias = {},
                          ConfigCheckFn check = nullptr) {
  ConfigSpec s;
  s.name = name;
  s.alias = alias;
  s.type = ConfigType::kBool;
  s.flags = flags;
  s.default_text = def;
  s.check = check;
  s.id = id;
  return s;
}

constexpr ConfigSpec Num(ConfigType type, std::string_view name, int64_t min, int64_t max,
                         std::string_view def, uint32_t flags = 0, ConfigId id = ConfigId::kCount,
                         std::string_view alias = {}, ConfigCheckFn check = nullptr) {
  ConfigSpec s;
  s.name = name;
  s.alias = alias;
  s.type = type;
  s.flags = flags;
  s.min = min;
  s.max = max;
  s.default_text = def;
  s.check = check;
  s.id = id;
  return s;
}

constexpr ConfigSpec Int(std::string_view name, int64_t min, int64_t max, std::string_view def,
                         uint32_t flags = 0, ConfigId id = ConfigId::kCount,
                         std::string_view alias = {}, ConfigCheckFn check = nullptr) {
  return Num(ConfigType::kInt, name, min, max, def, flags, id, alias, check);
}

constexpr ConfigSpec Mem(std::string_view name, int64_t min, int64_t max, std::string_view def,
                         uint32_t flags = 0, ConfigId id = ConfigId::kCount,
                         std::string_view alias = {}) {
  return Num(ConfigType::kMemory, name, min, max, def, flags, id, alias);
}

constexpr ConfigSpec Enum(std::string_view name, Names names, std::string_view def,
                          uint32_t flags = 0, ConfigId id = ConfigId::kCount) {
  ConfigSpec s;
  s.name = name;
  s.type = ConfigType::kEnum;
  s.flags = flags;
  s.default_text = def;
  s.enum_names = names;
  s.id = id;
  return s;
}

constexpr ConfigSpec Str(std::string_view name, std::string_view def, uint32_t flags = 0,
                         ConfigId id = ConfigId::kCount, std::string_view alias = {},
                         ConfigCheckFn check = nullptr) {
  ConfigSpec s;
  s.name = name;
  s.alias = alias;
  s.type = ConfigType::kString;
  s.flags = flags;
  s.default_text = def;
  s.check = check;
  s.id = id;
  return s;
}

constexpr ConfigSpec Special(std::string_view name, ConfigSpecial kind, std::string_view def,
                             uint32_t flags = 0, ConfigId id = ConfigId::kCount,
                             std::string_view alias = {}) {
  ConfigSpec s;
  s.name = name;
  s.alias = alias;
  s.type = ConfigType::kSpecial;
  s.special = kind;
  // Every special setting but notify-keyspace-events takes several words.
  s.flags = flags | (kind == ConfigSpecial::kNotifyKeyspaceEvents ? 0 : kConfigMultiArg);
  s.default_text = def;
  s.id = id;
  return s;
}

constexpr uint32_t kImm = kConfigImmutable;
constexpr uint32_t kIgn = kConfigIgnored;
constexpr uint32_t kSens = kConfigSensitive;
constexpr uint32_t kProt = kConfigProtected;
using enum ConfigId;

constexpr ConfigSpec kTable[] = {
    // Rows ringdb reads, in ConfigId order.
    Int("port", 0, 65535, "6379", 0, kPort),
    // ringdb's safe default; Redis's built-in one is "* -::*".
    Special("bind", ConfigSpecial::kBind, "127.0.0.1 -::1", 0, kBind),
    Int("threads", 0, 1024, "0", kImm, kThreads),
    Int("tcp-backlog", 0, kIntMax, "511", kImm, kTcpBacklog),
    Int("timeout", 0, kIntMax, "0", 0, kTimeout),
    Int("tcp-keepalive", 0, kIntMax, "300", 0, kTcpKeepalive),
    Bool("daemonize", "no", kImm, kDaemonize, {}, CheckDaemonize),
    Enum("supervised", kSupervisedNames, "no", kImm, kSupervised),
    Str("pidfile", "", kImm, kPidfile),
    Enum("loglevel", kLogLevelNames, "notice", 0, kLoglevel),
    Str("logfile", "", kImm, kLogfile),
    Int("databases", 1, kIntMax, "16", kImm, kDatabases),
    Str("dir", "./", kProt, kDir, {}, CheckDir),
    Str("dbfilename", "dump.rdb", kProt, kDbfilename, {}, CheckDbfilename),
    Special("save", ConfigSpecial::kSave, "3600 1 300 100 60 10000", 0, kSave),
    Bool("appendonly", "no", 0, kAppendonly),
    Str("appendfilename", "appendonly.aof", kImm, kAppendfilename, {}, CheckAppendfilename),
    Str("appenddirname", "appendonlydir", kImm, kAppenddirname, {}, CheckAppenddirname),
    Enum("appendfsync", kAppendFsyncNames, "everysec", 0, kAppendfsync),
    Int("maxclients", 1, kUintMax, "10000", 0, kMaxclients),
    Mem("maxmemory", 0, LLONG_MAX, "0", 0, kMaxmemory),
    Enum("maxmemory-policy", kMaxmemoryPolicyNames, "noeviction", 0, kMaxmemoryPolicy),
    Int("maxmemory-samples", 1, kIntMax, "5", 0, kMaxmemorySamples),
    Int("maxmemory-eviction-tenacity", 0, 100, "10", 0, kMaxmemoryEvictionTenacity),
    Mem("proto-max-bulk-len", 1024 * 1024, kLongMax, "512mb", 0, kProtoMaxBulkLen),
    Mem("client-query-buffer-limit", 1024 * 1024, kLongMax, "1gb", 0, kClientQueryBufferLimit),
    Special("client-output-buffer-limit", ConfigSpecial::kClientOutputBufferLimit,
            "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60", 0,
            kClientOutputBufferLimit),
    Int("hz", 0, kIntMax, "10", 0, kHz, {}, ClampHz),
    Bool("lazyfree-lazy-eviction", "no", 0, kLazyfreeLazyEviction),
    Bool("lazyfree-lazy-expire", "no", 0, kLazyfreeLazyExpire),
    Bool("lazyfree-lazy-server-del", "no", 0, kLazyfreeLazyServerDel),
    Bool("lazyfree-lazy-user-del", "no", 0, kLazyfreeLazyUserDel),
    Bool("lazyfree-lazy-user-flush", "no", 0, kLazyfreeLazyUserFlush),
    Bool("replica-lazy-flush", "no", 0, kReplicaLazyFlush, "slave-lazy-flush"),
    Int("hash-max-listpack-entries", 0, kLongMax, "512", 0, kHashMaxListpackEntries,
        "hash-max-ziplist-entries"),
    Mem("hash-max-listpack-value", 0, kLongMax, "64", 0, kHashMaxListpackValue,
        "hash-max-ziplist-value"),
    Int("list-max-listpack-size", INT_MIN, kIntMax, "-2", 0, kListMaxListpackSize,
        "list-max-ziplist-size"),
    Int("list-compress-depth", 0, kIntMax, "0", 0, kListCompressDepth),
    Int("set-max-intset-entries", 0, kLongMax, "512", 0, kSetMaxIntsetEntries),
    Int("zset-max-listpack-entries", 0, kLongMax, "128", 0, kZsetMaxListpackEntries,
        "zset-max-ziplist-entries"),
    Mem("zset-max-listpack-value", 0, kLongMax, "64", 0, kZsetMaxListpackValue,
        "zset-max-ziplist-value"),
    Mem("stream-node-max-bytes", 0, kLongMax, "4096", 0, kStreamNodeMaxBytes),
    Int("stream-node-max-entries", 0, LLONG_MAX, "100", 0, kStreamNodeMaxEntries),
    Mem("hll-sparse-max-bytes", 0, kLongMax, "3000", 0, kHllSparseMaxBytes),
    Int("slowlog-log-slower-than", -1, LLONG_MAX, "10000", 0, kSlowlogLogSlowerThan),
    Int("slowlog-max-len", 0, kLongMax, "128", 0, kSlowlogMaxLen),
    Int("latency-monitor-threshold", 0, LLONG_MAX, "0", 0, kLatencyMonitorThreshold),
    Special("notify-keyspace-events", ConfigSpecial::kNotifyKeyspaceEvents, "", 0,
            kNotifyKeyspaceEvents),
    Bool("protected-mode", "yes", 0, kProtectedMode),
    Str("requirepass", "", kSens, kRequirepass),
    Str("masterauth", "", kSens, kMasterauth),
    Str("masteruser", "", kSens, kMasteruser),
    Str("aclfile", "", kImm, kAclfile, {}, CheckAclfile),
    Special("replicaof", ConfigSpecial::kReplicaOf, "", kImm, kReplicaof, "slaveof"),
    Bool("replica-read-only", "yes", 0, kReplicaReadOnly, "slave-read-only"),
    Bool("replica-serve-stale-data", "yes", 0, kReplicaServeStaleData, "slave-serve-stale-data"),
    Int("replica-priority", 0, kIntMax, "100", 0, kReplicaPriority, "slave-priority"),
    Str("replica-announce-ip", "", 0, kReplicaAnnounceIp, "slave-announce-ip"),
    Int("replica-announce-port", 0, 65535, "0", 0, kReplicaAnnouncePort, "slave-announce-port"),
    Bool("replica-ignore-maxmemory", "yes", 0, kReplicaIgnoreMaxmemory, "slave-ignore-maxmemory"),
    Mem("repl-backlog-size", 1, LLONG_MAX, "1mb", 0, kReplBacklogSize),
    Int("repl-backlog-ttl", 0, kLongMax, "3600", 0, kReplBacklogTtl),
    Int("repl-timeout", 1, kIntMax, "60", 0, kReplTimeout),
    Int("repl-ping-replica-period", 1, kIntMax, "10", 0, kReplPingReplicaPeriod,
        "repl-ping-slave-period"),
    Bool("repl-disable-tcp-nodelay", "no", 0, kReplDisableTcpNodelay),
    Int("min-replicas-to-write", 0, kIntMax, "0", 0, kMinReplicasToWrite, "min-slaves-to-write"),
    Int("min-replicas-max-lag", 0, kIntMax, "10", 0, kMinReplicasMaxLag, "min-slaves-max-lag"),
    Int("active-expire-effort", 1, 10, "1", 0, kActiveExpireEffort),
    Bool("activerehashing", "yes", 0, kActiverehashing),
    Bool("rdbcompression", "yes", 0, kRdbcompression),
    Bool("rdbchecksum", "yes", kImm, kRdbchecksum),
    Bool("stop-writes-on-bgsave-error", "yes", 0, kStopWritesOnBgsaveError),
    Bool("aof-use-rdb-preamble", "yes", 0, kAofUseRdbPreamble),
    Bool("aof-load-truncated", "yes", 0, kAofLoadTruncated),
    Bool("aof-timestamp-enabled", "no", 0, kAofTimestampEnabled),
    Int("auto-aof-rewrite-percentage", 0, kIntMax, "100", 0, kAutoAofRewritePercentage),
    Mem("auto-aof-rewrite-min-size", 0, LLONG_MAX, "64mb", 0, kAutoAofRewriteMinSize),
    Str("unixsocket", "", kImm, kUnixsocket),
    Num(ConfigType::kOctal, "unixsocketperm", 0, 0777, "0", kImm, kUnixsocketperm),
    Int("busy-reply-threshold", 0, kLongMax, "5000", 0, kBusyReplyThreshold, "lua-time-limit"),
    Int("lfu-log-factor", 0, kIntMax, "10", 0, kLfuLogFactor),
    Int("lfu-decay-time", 0, kIntMax, "1", 0, kLfuDecayTime),
    Int("acllog-max-len", 0, kLongMax, "128", 0, kAcllogMaxLen),
    Int("tracking-table-max-keys", 0, kLongMax, "1000000", 0, kTrackingTableMaxKeys),
    Int("shutdown-timeout", 0, kIntMax, "10", 0, kShutdownTimeout),
    Enum("enable-protected-configs", kProtectedActionNames, "no", kImm, kEnableProtectedConfigs),
    Enum("enable-debug-command", kProtectedActionNames, "no", kImm, kEnableDebugCommand),

    // Known from Redis 7.0 but not used by ringdb: accepted, stored, shown, warned about.
    Enum("acl-pubsub-default", kAclPubsubNames, "resetchannels", kIgn),
    Int("active-defrag-cycle-max", 1, 99, "25", kIgn),
    Int("active-defrag-cycle-min", 1, 99, "1", kIgn),
    Mem("active-defrag-ignore-bytes", 1, LLONG_MAX, "100mb", kIgn),
    Int("active-defrag-max-scan-fields", 1, kLongMax, "1000", kIgn),
    Int("active-defrag-threshold-lower", 0, 1000, "10", kIgn),
    Int("active-defrag-threshold-upper", 0, 1000, "100", kIgn),
    Bool("activedefrag", "no", kIgn),
    Bool("always-show-logo", "no", kIgn | kImm),
    Bool("aof-disable-auto-gc", "no", kIgn),
    Bool("aof-rewrite-incremental-fsync", "yes", kIgn),
    Str("aof_rewrite_cpulist", "", kIgn | kImm),
    Str("bgsave_cpulist", "", kIgn | kImm),
    Str("bind-source-addr", "", kIgn),
    Str("bio_cpulist", "", kIgn | kImm),
    Bool("cluster-allow-pubsubshard-when-down", "yes", kIgn),
    Bool("cluster-allow-reads-when-down", "no", kIgn),
    Bool("cluster-allow-replica-migration", "yes", kIgn),
    Int("cluster-announce-bus-port", 0, 65535, "0", kIgn),
    Str("cluster-announce-hostname", "", kIgn),
    Str("cluster-announce-ip", "", kIgn),
    Int("cluster-announce-port", 0, 65535, "0", kIgn),
    Int("cluster-announce-tls-port", 0, 65535, "0", kIgn),
    Str("cluster-config-file", "nodes.conf", kIgn | kImm),
    Bool("cluster-enabled", "no", kIgn | kImm),
    Mem("cluster-link-sendbuf-limit", 0, LLONG_MAX, "0", kIgn),
    Int("cluster-migration-barrier", 0, kIntMax, "1", kIgn),
    Int("cluster-node-timeout", 0, LLONG_MAX, "15000", kIgn),
    Int("cluster-port", 0, 65535, "0", kIgn | kImm),
    Enum("cluster-preferred-endpoint-type", kEndpointTypeNames, "ip", kIgn),
    Bool("cluster-replica-no-failover", "no", kIgn, kCount, "cluster-slave-no-failover"),
    Int("cluster-replica-validity-factor", 0, kIntMax, "10", kIgn, kCount,
        "cluster-slave-validity-factor"),
    Bool("cluster-require-full-coverage", "yes", kIgn),
    Bool("crash-log-enabled", "yes", kIgn),
    Bool("crash-memcheck-enabled", "yes", kIgn),
    Bool("disable-thp", "yes", kIgn | kImm),
    Bool("dynamic-hz", "yes", kIgn),
    Enum("enable-module-command", kProtectedActionNames, "no", kIgn | kImm),
    Str("ignore-warnings", "", kIgn),
    Int("io-threads", 1, 128, "1", kIgn | kImm),
    Bool("io-threads-do-reads", "no", kIgn | kImm),
    Bool("jemalloc-bg-thread", "yes", kIgn),
    Bool("latency-tracking", "yes", kIgn),
    Special("latency-tracking-info-percentiles", ConfigSpecial::kLatencyPercentiles, "50 99 99.9",
            kIgn),
    Num(ConfigType::kMemoryOrPercent, "maxmemory-clients", -100, LLONG_MAX, "0", kIgn),
    Bool("no-appendfsync-on-rewrite", "no", kIgn),
    Enum("oom-score-adj", kOomScoreAdjNames, "no", kIgn),
    Special("oom-score-adj-values", ConfigSpecial::kOomScoreAdjValues, "0 200 800", kIgn),
    Str("proc-title-template", "{title} {listen-addr} {server-mode}", kIgn),
    Enum("propagation-error-behavior", kPropagationErrorNames, "ignore", kIgn),
    Bool("rdb-del-sync-files", "no", kIgn),
    Bool("rdb-save-incremental-fsync", "yes", kIgn),
    Enum("repl-diskless-load", kReplDisklessLoadNames, "disabled", kIgn),
    Bool("repl-diskless-sync", "yes", kIgn),
    Int("repl-diskless-sync-delay", 0, kIntMax, "5", kIgn),
    Int("repl-diskless-sync-max-replicas", 0, kIntMax, "0", kIgn),
    Bool("replica-announced", "yes", kIgn),
    Bool("replica-ignore-disk-write-errors", "no", kIgn),
    Enum("sanitize-dump-payload", kSanitizePayloadNames, "no", kIgn),
    Str("server_cpulist", "", kIgn | kImm),
    Bool("set-proc-title", "yes", kIgn | kImm),
    Enum("shutdown-on-sigint", kShutdownSignalNames, "default", kIgn),
    Enum("shutdown-on-sigterm", kShutdownSignalNames, "default", kIgn),
    Int("socket-mark-id", 0, kUintMax, "0", kIgn | kImm),
    Bool("syslog-enabled", "no", kIgn | kImm),
    Enum("syslog-facility", kSyslogFacilityNames, "local0", kIgn | kImm),
    Str("syslog-ident", "redis", kIgn | kImm),
    Enum("tls-auth-clients", kTlsAuthClientsNames, "yes", kIgn),
    Str("tls-ca-cert-dir", "", kIgn),
    Str("tls-ca-cert-file", "", kIgn),
    Str("tls-cert-file", "", kIgn),
    Str("tls-ciphers", "", kIgn),
    Str("tls-ciphersuites", "", kIgn),
    Str("tls-client-cert-file", "", kIgn),
    Str("tls-client-key-file", "", kIgn),
    Str("tls-client-key-file-pass", "", kIgn | kSens),
    Bool("tls-cluster", "no", kIgn),
    Str("tls-dh-params-file", "", kIgn),
    Str("tls-key-file", "", kIgn),
    Str("tls-key-file-pass", "", kIgn | kSens),
    Int("tls-port", 0, 65535, "0", kIgn),
    Bool("tls-prefer-server-ciphers", "no", kIgn),
    Str("tls-protocols", "", kIgn),
    Bool("tls-replication", "no", kIgn),
    Int("tls-session-cache-size", 0, kIntMax, "20480", kIgn),
    Int("tls-session-cache-timeout", 0, kIntMax, "300", kIgn),
    Bool("tls-session-caching", "yes", kIgn),
};

constexpr bool AppliedRowsFollowConfigIdOrder() {
  for (size_t i = 0; i < std::size(kTable); ++i) {
    const bool applied = i < kConfigIdCount;
    if (applied && kTable[i].id != static_cast<ConfigId>(i)) return false;
    if (!applied && kTable[i].id != ConfigId::kCount) return false;
    if (applied == kTable[i].Is(kConfigIgnored)) return false;
  }
  return true;
}
static_assert(AppliedRowsFollowConfigIdOrder(),
              "the first rows of kTable must be the ConfigId rows, in order, none ignored");

}  // namespace

std::span<const ConfigSpec> ConfigTable() { return kTable; }

const ConfigSpec& ConfigSpecOf(ConfigId id) { return kTable[static_cast<size_t>(id)]; }

namespace config_internal {
std::atomic<int64_t> g_numbers[std::size(kTable)];

// Defaults are loaded by the same translation unit that defines the storage, so any program
// that reads a value (even only through the inline ConfigInt) also links this initialiser.
[[maybe_unused]] const bool g_defaults_loaded = (ResetConfigToDefaults(), true);
}  // namespace config_internal

}  // namespace ringdb::engine
