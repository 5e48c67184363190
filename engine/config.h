// ringdb's configuration: one table keyed by redis.conf directive names (STYLE rule 10).
//
// Every setting ringdb knows is a row of one table (engine/config_table.cc): its redis.conf
// name, an optional alias ("slaveof" for "replicaof"), its type, bounds, default and flags.
// The TOML loader, the redis.conf reader, the command line (engine/config_loader.h),
// CONFIG GET/SET (below) and CONFIG REWRITE (engine/config_rewrite.h) all read that table.
//
// The table holds every directive Redis 7.0 accepts, so an existing redis.conf loads and
// CONFIG GET '*' lists what clients expect. Rows ringdb acts on have a ConfigId; the others
// are flagged kConfigIgnored: accepted and stored, with a start-up warning when a file sets
// them away from their default, but nothing in ringdb reads them.
//
// Reading values (any thread, no locks on the hot path):
//   ConfigInt(ConfigId::kMaxclients)            numbers, memory sizes (bytes), bools (0/1)
//   ConfigBool(ConfigId::kProtectedMode)
//   ConfigEnum<LogLevel>(ConfigId::kLoglevel)    enums (index into the row's names)
//   ConfigString(ConfigId::kDbfilename)          strings: a copy taken under a mutex
//   ConfigSavePoints(), ConfigBindAddresses(), ConfigOutputBufferLimit(...),
//   ConfigReplicaOf()                            multi-value settings, parsed
//   CurrentEncodingLimits()                      the collection encoding thresholds
// Numbers live in std::atomic<int64_t> (relaxed loads); strings behind one mutex.
// Values must not be read during static initialisation (defaults are set by a static
// initialiser in config.cc).
//
// Changing values: ConfigSet (CONFIG SET) or, at start-up only, ConfigApplyDirective (which
// may also set immutable rows). Modules react to CONFIG SET with AddConfigApplyHook.
#ifndef RINGDB_ENGINE_CONFIG_H_
#define RINGDB_ENGINE_CONFIG_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "types/encoding_limits.h"

namespace ringdb::engine {

// Settings ringdb reads. The order is the order of the first rows of the table; a
// static_assert in config_table.cc keeps them in step. Ignored rows have no id.
enum class ConfigId : uint16_t {
  kPort,
  kBind,
  kThreads,  // ringdb-only: I/O threads, 0 = every usable core
  kTcpBacklog,
  kTimeout,
  kTcpKeepalive,
  kDaemonize,
  kSupervised,
  kPidfile,
  kLoglevel,
  kLogfile,
  kDatabases,
  kDir,
  kDbfilename,
  kSave,
  kAppendonly,
  kAppendfilename,
  kAppenddirname,
  kAppendfsync,
  kMaxclients,
  kMaxmemory,
  kMaxmemoryPolicy,
  kMaxmemorySamples,
  kMaxmemoryEvictionTenacity,
  kProtoMaxBulkLen,
  kClientQueryBufferLimit,
  kClientOutputBufferLimit,
  kHz,
  kLazyfreeLazyEviction,
  kLazyfreeLazyExpire,
  kLazyfreeLazyServerDel,
  kLazyfreeLazyUserDel,
  kLazyfreeLazyUserFlush,
  kReplicaLazyFlush,
  kHashMaxListpackEntries,
  kHashMaxListpackValue,
  kListMaxListpackSize,
  kListCompressDepth,
  kSetMaxIntsetEntries,
  kZsetMaxListpackEntries,
  kZsetMaxListpackValue,
  kStreamNodeMaxBytes,
  kStreamNodeMaxEntries,
  kHllSparseMaxBytes,
  kSlowlogLogSlowerThan,
  kSlowlogMaxLen,
  kLatencyMonitorThreshold,
  kNotifyKeyspaceEvents,  // ConfigInt gives the kNotify* flags below
  kProtectedMode,
  kRequirepass,
  kMasterauth,
  kMasteruser,
  kAclfile,
  kReplicaof,
  kReplicaReadOnly,
  kReplicaServeStaleData,
  kReplicaPriority,
  kReplicaAnnounceIp,
  kReplicaAnnouncePort,
  kReplicaIgnoreMaxmemory,
  kReplBacklogSize,
  kReplBacklogTtl,
  kReplTimeout,
  kReplPingReplicaPeriod,
  kReplDisableTcpNodelay,
  kMinReplicasToWrite,
  kMinReplicasMaxLag,
  kActiveExpireEffort,
  kActiverehashing,
  kRdbcompression,
  kRdbchecksum,
  kStopWritesOnBgsaveError,
  kAofUseRdbPreamble,
  kAofLoadTruncated,
  kAofTimestampEnabled,
  kAutoAofRewritePercentage,
  kAutoAofRewriteMinSize,
  kUnixsocket,
  kUnixsocketperm,
  kBusyReplyThreshold,
  kLfuLogFactor,
  kLfuDecayTime,
  kAcllogMaxLen,
  kTrackingTableMaxKeys,
  kShutdownTimeout,
  kEnableProtectedConfigs,
  kEnableDebugCommand,
  kCount,  // not a setting; also marks ignored rows
};
inline constexpr size_t kConfigIdCount = static_cast<size_t>(ConfigId::kCount);

// Enum settings; each C++ enum follows the order of the names the row accepts (that order
// is also the order Redis lists them in its error message).
enum class LogLevel : uint8_t { kDebug, kVerbose, kNotice, kWarning };
enum class SupervisedMode : uint8_t { kUpstart, kSystemd, kAuto, kNo };
enum class AppendFsync : uint8_t { kEverysec, kAlways, kNo };
enum class MaxmemoryPolicy : uint8_t {
  kVolatileLru,
  kVolatileLfu,
  kVolatileRandom,
  kVolatileTtl,
  kAllkeysLru,
  kAllkeysLfu,
  kAllkeysRandom,
  kNoeviction,
};
// enable-protected-configs, enable-debug-command.
enum class ProtectedAction : uint8_t { kNo, kYes, kLocal };

// notify-keyspace-events flags, as ConfigInt(ConfigId::kNotifyKeyspaceEvents) returns them.
inline constexpr int64_t kNotifyKeyspace = 1 << 0;  // K
inline constexpr int64_t kNotifyKeyevent = 1 << 1;  // E
inline constexpr int64_t kNotifyGeneric = 1 << 2;   // g
inline constexpr int64_t kNotifyString = 1 << 3;    // $
inline constexpr int64_t kNotifyList = 1 << 4;      // l
inline constexpr int64_t kNotifySet = 1 << 5;       // s
inline constexpr int64_t kNotifyHash = 1 << 6;      // h
inline constexpr int64_t kNotifyZset = 1 << 7;      // z
inline constexpr int64_t kNotifyExpired = 1 << 8;   // x
inline constexpr int64_t kNotifyEvicted = 1 << 9;   // e
inline constexpr int64_t kNotifyStream = 1 << 10;   // t
inline constexpr int64_t kNotifyKeyMiss = 1 << 11;  // m
inline constexpr int64_t kNotifyModule = 1 << 12;   // d
inline constexpr int64_t kNotifyNew = 1 << 13;      // n
// "A": every class except key-miss and new (as Redis 7.0 defines it).
inline constexpr int64_t kNotifyAll = kNotifyGeneric | kNotifyString | kNotifyList | kNotifySet |
                                      kNotifyHash | kNotifyZset | kNotifyExpired | kNotifyEvicted |
                                      kNotifyStream | kNotifyModule;

// ---- The table ---------------------------------------------------------------------------

enum class ConfigType : uint8_t {
  kBool,             // yes/no
  kInt,              // decimal integer within [min, max]
  kMemory,           // bytes; accepts 1k (1000), 1kb (1024), m, mb, g, gb; shown as bytes
  kMemoryOrPercent,  // a memory value or "N%" (stored as -N)
  kOctal,            // octal integer (unixsocketperm)
  kEnum,             // one of enum_names, case-insensitive
  kString,           // one argument, any text
  kSpecial,          // parsed by the row's ConfigSpecial kind
};

enum class ConfigSpecial : uint8_t {
  kNone,
  kSave,                     // "<seconds> <changes>" pairs
  kBind,                     // up to 16 addresses
  kClientOutputBufferLimit,  // "<class> <hard> <soft> <seconds>" groups
  kNotifyKeyspaceEvents,     // flag letters
  kReplicaOf,                // "<host> <port>" or "no one"
  kOomScoreAdjValues,        // three integers
  kLatencyPercentiles,       // doubles in [0, 100]
};

inline constexpr uint32_t kConfigImmutable = 1u << 0;  // only at start-up
inline constexpr uint32_t kConfigProtected = 1u << 1;  // CONFIG SET needs enable-protected-configs
inline constexpr uint32_t kConfigIgnored = 1u << 2;    // known from Redis, not used by ringdb
inline constexpr uint32_t kConfigSensitive = 1u << 3;  // keep the value out of logs
inline constexpr uint32_t kConfigMultiArg = 1u << 4;   // takes several words

// A value being set, before it is stored: `number` for numeric/bool/enum rows (and the
// notify flags), `text` for string and special rows (the CONFIG GET rendering).
struct ConfigValue {
  int64_t number = 0;
  std::string text;
};

// Extra validation after the type's own parsing; may normalise `value` (hz is clamped, dir
// made absolute). Returns "" or the reason it is refused.
using ConfigCheckFn = std::string (*)(ConfigValue* value);

struct ConfigSpec {
  std::string_view name;   // canonical redis.conf spelling
  std::string_view alias;  // "" when none
  ConfigType type = ConfigType::kInt;
  ConfigSpecial special = ConfigSpecial::kNone;
  uint32_t flags = 0;
  int64_t min = 0;  // kInt / kMemory / kOctal bounds, inclusive
  int64_t max = 0;
  std::string_view default_text;  // parsed like a redis.conf argument at start-up
  std::span<const std::string_view> enum_names;
  ConfigCheckFn check = nullptr;
  ConfigId id = ConfigId::kCount;  // kCount for ignored rows

  constexpr bool Is(uint32_t flag) const { return (flags & flag) != 0; }
};

// Every row, applied ones first in ConfigId order.
std::span<const ConfigSpec> ConfigTable();
// Looks a directive up by canonical name or alias, case-insensitively; nullptr if unknown.
const ConfigSpec* FindConfig(std::string_view name);
const ConfigSpec& ConfigSpecOf(ConfigId id);

// ---- Reading -------------------------------------------------------------------------------

namespace config_internal {
// One slot per table row; rows with a ConfigId sit at index == id.
extern std::atomic<int64_t> g_numbers[];
}  // namespace config_internal

inline int64_t ConfigInt(ConfigId id) {
  return config_internal::g_numbers[static_cast<size_t>(id)].load(std::memory_order_relaxed);
}
inline bool ConfigBool(ConfigId id) { return ConfigInt(id) != 0; }
template <typename Enum>
Enum ConfigEnum(ConfigId id) {
  return static_cast<Enum>(ConfigInt(id));
}
// Copy of a string row's value, or of a special row's CONFIG GET rendering.
std::string ConfigString(ConfigId id);

struct SavePoint {
  int64_t seconds = 0;
  int64_t changes = 0;
};
std::vector<SavePoint> ConfigSavePoints();
std::vector<std::string> ConfigBindAddresses();

enum class ClientClass : uint8_t { kNormal, kReplica, kPubsub };
struct OutputBufferLimit {
  int64_t hard_bytes = 0;  // 0 = no limit
  int64_t soft_bytes = 0;
  int64_t soft_seconds = 0;
};
OutputBufferLimit ConfigOutputBufferLimit(ClientClass client_class);

struct ReplicaOf {
  std::string host;
  int port = 0;
};
std::optional<ReplicaOf> ConfigReplicaOf();  // nullopt: this server is a master

// The collection encoding thresholds (hash-max-listpack-entries, ...) as types/ takes them.
types::EncodingLimits CurrentEncodingLimits();

// CONFIG GET rendering of any row (memory in bytes, bools yes/no, save "3600 1 300 100").
std::string ConfigValueText(const ConfigSpec& spec);
// Rendering of the row's default value.
const std::string& ConfigDefaultText(const ConfigSpec& spec);

// ---- Changing ------------------------------------------------------------------------------

// Called after CONFIG SET stored a changed value of `id`, on the thread running CONFIG SET,
// with the config writer lock held (so hooks must not call ConfigSet). Returns "" or a reason
// that makes the whole CONFIG SET roll back, e.g. "Unable to listen on this port".
// REQUIRES: registered at start-up, before any CONFIG SET can run.
using ConfigApplyFn = std::function<std::string()>;
void AddConfigApplyHook(ConfigId id, ConfigApplyFn hook);

// Sets one directive during start-up from redis.conf-style arguments: immutable rows are
// allowed and apply hooks are not run. Returns "" or Redis's reason ("argument must be
// 'yes' or 'no'"). Not for CONFIG SET.
std::string ConfigApplyDirective(const ConfigSpec& spec, std::span<const std::string> args);

// Parses arguments into the value `spec` would store, without storing it. `current` is the
// present value (client-output-buffer-limit changes only the classes given).
std::string ConfigParseValue(const ConfigSpec& spec, std::span<const std::string> args,
                             const ConfigValue& current, ConfigValue* out);

// Restores every row to its default (tests; also the state before loading a file).
// Hooks stay registered.
void ResetConfigToDefaults();
// Drops every apply and reset-stat hook (tests only).
void TEST_ClearConfigHooks();

// The file the server was started with (absolute), "" if none; CONFIG REWRITE writes it.
void SetConfigFilePath(std::string path);
std::string ConfigFilePath();

// ---- CONFIG subcommands ----------------------------------------------------------------------

// CONFIG GET pattern [pattern ...]: (name, value) pairs sorted by name. A pattern without
// glob characters matches one name exactly; a glob matches canonical names and aliases alike.
std::vector<std::pair<std::string, std::string>> ConfigGet(
    std::span<const std::string_view> patterns);

struct ConfigSetContext {
  bool client_is_local = false;  // for enable-protected-configs local
};
// CONFIG SET name value [name value ...], all or nothing. Returns "" on success or the full
// error reply text, e.g. "ERR CONFIG SET failed (possibly related to argument 'hz') -
// argument couldn't be parsed into an integer".
std::string ConfigSet(std::span<const std::string_view> name_value_pairs,
                      const ConfigSetContext& context = {});

// CONFIG RESETSTAT: runs every registered hook (INFO statistics, slowlog counters...).
// REQUIRES: hooks registered at start-up.
void AddResetStatHook(std::function<void()> hook);
void ConfigResetStat();

// ---- Helpers shared by the loaders --------------------------------------------------------------

// Redis's memtoull: digits with an optional unit b, k, kb, m, mb, g, gb (any case).
std::optional<int64_t> ParseMemorySize(std::string_view text);
// Redis's string2ll: strict decimal, no spaces, no '+', no leading zeros.
std::optional<int64_t> ParseStrictInt(std::string_view text);
// "1gb", "64mb", "3kb" when exact, else plain bytes (as CONFIG REWRITE writes memory).
std::string FormatMemorySize(int64_t bytes);
// CONFIG GET rendering of a numeric, bool or enum row's stored number.
std::string ConfigRenderNumber(const ConfigSpec& spec, int64_t number);
// Splits a CONFIG SET value of a multi-word setting on single spaces, as Redis does.
std::vector<std::string> SplitConfigSetValue(std::string_view value);

}  // namespace ringdb::engine

#endif  // RINGDB_ENGINE_CONFIG_H_
