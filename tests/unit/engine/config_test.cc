// Tests of the configuration table, value parsing and CONFIG GET/SET/RESETSTAT.
// Expected strings were read off Debian's redis-server 7.0.15.
#include "engine/config.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace ringdb::engine {
namespace {

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    TEST_ClearConfigHooks();
    ResetConfigToDefaults();
  }
  void TearDown() override {
    TEST_ClearConfigHooks();
    ResetConfigToDefaults();
  }

  static std::string Set(std::vector<std::string_view> args) { return ConfigSet(args); }
  static std::string Get(std::string_view name) {
    const std::string_view patterns[] = {name};
    const auto result = ConfigGet(patterns);
    return result.size() == 1 ? result[0].second : "<" + std::to_string(result.size()) + ">";
  }
};

TEST_F(ConfigTest, DefaultsRenderAsRedis70) {
  const std::map<std::string, std::string> expected = {
      {"port", "6379"},
      {"bind", "127.0.0.1 -::1"},
      {"threads", "0"},
      {"tcp-backlog", "511"},
      {"timeout", "0"},
      {"tcp-keepalive", "300"},
      {"daemonize", "no"},
      {"supervised", "no"},
      {"loglevel", "notice"},
      {"logfile", ""},
      {"databases", "16"},
      {"dbfilename", "dump.rdb"},
      {"save", "3600 1 300 100 60 10000"},
      {"appendonly", "no"},
      {"appendfilename", "appendonly.aof"},
      {"appendfsync", "everysec"},
      {"maxclients", "10000"},
      {"maxmemory", "0"},
      {"maxmemory-policy", "noeviction"},
      {"proto-max-bulk-len", "536870912"},
      {"client-query-buffer-limit", "1073741824"},
      {"client-output-buffer-limit",
       "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60"},
      {"hz", "10"},
      {"lazyfree-lazy-user-flush", "no"},
      {"hash-max-listpack-entries", "512"},
      {"hash-max-ziplist-entries", "512"},
      {"hash-max-listpack-value", "64"},
      {"list-max-listpack-size", "-2"},
      {"set-max-intset-entries", "512"},
      {"zset-max-listpack-entries", "128"},
      {"zset-max-listpack-value", "64"},
      {"slowlog-log-slower-than", "10000"},
      {"slowlog-max-len", "128"},
      {"latency-monitor-threshold", "0"},
      {"notify-keyspace-events", ""},
      {"protected-mode", "yes"},
      {"requirepass", ""},
      {"maxmemory-samples", "5"},
      {"active-expire-effort", "1"},
      {"replicaof", ""},
      {"slaveof", ""},
      {"repl-backlog-size", "1048576"},
      {"auto-aof-rewrite-min-size", "67108864"},
      {"unixsocketperm", "0"},
      {"maxmemory-clients", "0"},
      {"latency-tracking-info-percentiles", "50 99 99.9"},
      {"oom-score-adj-values", "0 200 800"},
      {"io-threads", "1"},
      {"syslog-facility", "local0"},
      {"proc-title-template", "{title} {listen-addr} {server-mode}"},
  };
  for (const auto& [name, value] : expected) EXPECT_EQ(Get(name), value) << name;
}

TEST_F(ConfigTest, TableNamesAreUniqueLowercaseAndDefaultsStable) {
  std::set<std::string_view> names;
  for (const ConfigSpec& spec : ConfigTable()) {
    EXPECT_TRUE(names.insert(spec.name).second) << spec.name;
    if (!spec.alias.empty()) {
      EXPECT_TRUE(names.insert(spec.alias).second) << spec.alias;
    }
    for (char c : spec.name) EXPECT_FALSE(c >= 'A' && c <= 'Z') << spec.name;
    EXPECT_EQ(ConfigValueText(spec), ConfigDefaultText(spec)) << spec.name;
  }
  // 173 canonical Redis 7.0.15 settings (CONFIG GET '*' minus its 19 aliases) + threads.
  EXPECT_EQ(ConfigTable().size(), 174u);
  const std::string_view all[] = {"*"};
  EXPECT_EQ(ConfigGet(all).size(), 174u + 19u);
}

TEST_F(ConfigTest, TypedAccessors) {
  EXPECT_EQ(ConfigInt(ConfigId::kPort), 6379);
  EXPECT_TRUE(ConfigBool(ConfigId::kProtectedMode));
  EXPECT_EQ(ConfigEnum<LogLevel>(ConfigId::kLoglevel), LogLevel::kNotice);
  EXPECT_EQ(ConfigEnum<MaxmemoryPolicy>(ConfigId::kMaxmemoryPolicy), MaxmemoryPolicy::kNoeviction);
  EXPECT_EQ(ConfigEnum<AppendFsync>(ConfigId::kAppendfsync), AppendFsync::kEverysec);
  EXPECT_EQ(ConfigEnum<SupervisedMode>(ConfigId::kSupervised), SupervisedMode::kNo);
  EXPECT_EQ(ConfigInt(ConfigId::kProtoMaxBulkLen), 512 * 1024 * 1024);
  EXPECT_EQ(ConfigString(ConfigId::kDbfilename), "dump.rdb");
  const std::vector<SavePoint> save = ConfigSavePoints();
  ASSERT_EQ(save.size(), 3u);
  EXPECT_EQ(save[1].seconds, 300);
  EXPECT_EQ(save[1].changes, 100);
  EXPECT_EQ(ConfigBindAddresses(), (std::vector<std::string>{"127.0.0.1", "-::1"}));
  const OutputBufferLimit replica = ConfigOutputBufferLimit(ClientClass::kReplica);
  EXPECT_EQ(replica.hard_bytes, 268435456);
  EXPECT_EQ(replica.soft_bytes, 67108864);
  EXPECT_EQ(replica.soft_seconds, 60);
  EXPECT_FALSE(ConfigReplicaOf().has_value());

  EXPECT_EQ(Set({"loglevel", "WARNING", "appendfsync", "always"}), "");
  EXPECT_EQ(ConfigEnum<LogLevel>(ConfigId::kLoglevel), LogLevel::kWarning);
  EXPECT_EQ(ConfigEnum<AppendFsync>(ConfigId::kAppendfsync), AppendFsync::kAlways);
  EXPECT_EQ(Set({"client-output-buffer-limit", "pubsub 1mb 2mb 3"}), "");
  const OutputBufferLimit pubsub = ConfigOutputBufferLimit(ClientClass::kPubsub);
  EXPECT_EQ(pubsub.hard_bytes, 1048576);
  EXPECT_EQ(pubsub.soft_bytes, 2097152);
  EXPECT_EQ(pubsub.soft_seconds, 3);
}

TEST_F(ConfigTest, MemorySizesParseAsRedis) {
  EXPECT_EQ(ParseMemorySize("0"), 0);
  EXPECT_EQ(ParseMemorySize("10"), 10);
  EXPECT_EQ(ParseMemorySize("10b"), 10);
  EXPECT_EQ(ParseMemorySize("1k"), 1000);
  EXPECT_EQ(ParseMemorySize("1kb"), 1024);
  EXPECT_EQ(ParseMemorySize("1KB"), 1024);
  EXPECT_EQ(ParseMemorySize("2m"), 2000000);
  EXPECT_EQ(ParseMemorySize("2mb"), 2 * 1048576);
  EXPECT_EQ(ParseMemorySize("3g"), 3000000000);
  EXPECT_EQ(ParseMemorySize("3Gb"), 3LL * 1073741824);
  for (const char* bad : {"", "gb", "1.5gb", "-1", "1tb", "1 gb", "99999999999gb", "1gbx"}) {
    EXPECT_FALSE(ParseMemorySize(bad).has_value()) << bad;
  }
  EXPECT_EQ(FormatMemorySize(0), "0");
  EXPECT_EQ(FormatMemorySize(1073741824), "1gb");
  EXPECT_EQ(FormatMemorySize(100 * 1048576), "100mb");
  EXPECT_EQ(FormatMemorySize(3072), "3kb");
  EXPECT_EQ(FormatMemorySize(1000), "1000");
}

TEST_F(ConfigTest, StrictIntegers) {
  EXPECT_EQ(ParseStrictInt("0"), 0);
  EXPECT_EQ(ParseStrictInt("-1"), -1);
  EXPECT_EQ(ParseStrictInt("9223372036854775807"), INT64_MAX);
  for (const char* bad : {"", "-", "01", "+1", "-0", " 1", "1 ", "1x", "9223372036854775808"}) {
    EXPECT_FALSE(ParseStrictInt(bad).has_value()) << bad;
  }
}

TEST_F(ConfigTest, SetErrorsUseRedisWording) {
  EXPECT_EQ(Set({"foo", "bar"}),
            "ERR Unknown option or number of arguments for CONFIG SET - 'foo'");
  EXPECT_EQ(Set({"hz"}), "ERR syntax error");
  EXPECT_EQ(Set({"maxmemory", "abc"}),
            "ERR CONFIG SET failed (possibly related to argument 'maxmemory') - argument must be "
            "a memory value");
  EXPECT_EQ(Set({"hz", "abc"}),
            "ERR CONFIG SET failed (possibly related to argument 'hz') - argument couldn't be "
            "parsed into an integer");
  EXPECT_EQ(Set({"databases", "3"}),
            "ERR CONFIG SET failed (possibly related to argument 'databases') - can't set "
            "immutable config");
  EXPECT_EQ(Set({"dir", "/tmp"}),
            "ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected "
            "config");
  EXPECT_EQ(Set({"maxclients", "0"}),
            "ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument must "
            "be between 1 and 4294967295 inclusive");
  EXPECT_EQ(Set({"hz", "10", "HZ", "20"}),
            "ERR CONFIG SET failed (possibly related to argument 'HZ') - duplicate parameter");
  EXPECT_EQ(Set({"loglevel", "foo"}),
            "ERR CONFIG SET failed (possibly related to argument 'loglevel') - argument(s) must "
            "be one of the following: debug, verbose, notice, warning");
  EXPECT_EQ(Set({"slave-read-only", "maybe"}),
            "ERR CONFIG SET failed (possibly related to argument 'slave-read-only') - argument "
            "must be 'yes' or 'no'");
  EXPECT_EQ(Set({"save", "100"}),
            "ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save "
            "parameters");
  EXPECT_EQ(Set({"save", "10  1"}),  // Redis splits on single spaces
            "ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save "
            "parameters");
  EXPECT_EQ(Set({"client-output-buffer-limit", "normal 1 2"}),
            "ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - "
            "Wrong number of arguments in buffer limit configuration.");
  EXPECT_EQ(Set({"client-output-buffer-limit", "master 1 2 3"}),
            "ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - "
            "Invalid client class specified in buffer limit configuration.");
  EXPECT_EQ(Set({"notify-keyspace-events", "Q"}),
            "ERR CONFIG SET failed (possibly related to argument 'notify-keyspace-events') - "
            "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
  EXPECT_EQ(Set({"maxmemory-clients", "abc"}),
            "ERR CONFIG SET failed (possibly related to argument 'maxmemory-clients') - argument "
            "must be a memory or percent value");
  EXPECT_EQ(Set({"timeout", "-1"}),
            "ERR CONFIG SET failed (possibly related to argument 'timeout') - argument must be "
            "between 0 and 2147483647 inclusive");
  EXPECT_EQ(Set({"dbfilename", "a/b"}).find("can't set protected config") != std::string::npos,
            true);
}

TEST_F(ConfigTest, SetIsAllOrNothing) {
  EXPECT_NE(Set({"hz", "20", "maxmemory", "1gb", "maxclients", "abc"}), "");
  EXPECT_EQ(Get("hz"), "10");
  EXPECT_EQ(Get("maxmemory"), "0");
  EXPECT_NE(Set({"hz", "20", "nosuch", "1"}), "");
  EXPECT_EQ(Get("hz"), "10");
  EXPECT_EQ(Set({"hz", "20", "maxmemory", "1gb", "maxclients", "50"}), "");
  EXPECT_EQ(Get("hz"), "20");
  EXPECT_EQ(Get("maxmemory"), "1073741824");
  EXPECT_EQ(Get("maxclients"), "50");
}

TEST_F(ConfigTest, SetRendersValuesAsRedis) {
  EXPECT_EQ(Set({"maxmemory", "1g"}), "");
  EXPECT_EQ(Get("maxmemory"), "1000000000");
  EXPECT_EQ(Set({"client-output-buffer-limit", "replica 1mb 2mb 3"}), "");
  EXPECT_EQ(Get("client-output-buffer-limit"),
            "normal 0 0 0 slave 1048576 2097152 3 pubsub 33554432 8388608 60");
  EXPECT_EQ(Set({"notify-keyspace-events", "KEA"}), "");
  EXPECT_EQ(Get("notify-keyspace-events"), "AKE");
  EXPECT_EQ(ConfigInt(ConfigId::kNotifyKeyspaceEvents),
            kNotifyAll | kNotifyKeyspace | kNotifyKeyevent);
  EXPECT_EQ(Set({"notify-keyspace-events", "Ex"}), "");
  EXPECT_EQ(Get("notify-keyspace-events"), "xE");
  EXPECT_EQ(Set({"save", "100 1 200 2"}), "");
  EXPECT_EQ(Get("save"), "100 1 200 2");
  EXPECT_EQ(Set({"save", ""}), "");
  EXPECT_EQ(Get("save"), "");
  EXPECT_TRUE(ConfigSavePoints().empty());
  EXPECT_EQ(Set({"bind", ""}), "");
  EXPECT_EQ(Get("bind"), "");
  EXPECT_EQ(Set({"hz", "1000"}), "");
  EXPECT_EQ(Get("hz"), "500");
  EXPECT_EQ(Set({"hz", "0"}), "");
  EXPECT_EQ(Get("hz"), "1");
  EXPECT_EQ(Set({"maxmemory-clients", "10%"}), "");
  EXPECT_EQ(Get("maxmemory-clients"), "10%");
  EXPECT_EQ(Set({"appendonly", "YES"}), "");
  EXPECT_EQ(Get("appendonly"), "yes");
  EXPECT_EQ(Set({"requirepass", "a b\"c"}), "");
  EXPECT_EQ(Get("requirepass"), "a b\"c");
  EXPECT_EQ(Set({"latency-tracking-info-percentiles", "50 99.9 100"}), "");
  EXPECT_EQ(Get("latency-tracking-info-percentiles"), "50 99.9 100");
}

TEST_F(ConfigTest, AliasesShareOneValue) {
  EXPECT_EQ(Set({"slave-read-only", "no"}), "");
  EXPECT_EQ(Get("replica-read-only"), "no");
  EXPECT_FALSE(ConfigBool(ConfigId::kReplicaReadOnly));
  EXPECT_EQ(Set({"hash-max-ziplist-entries", "7"}), "");
  EXPECT_EQ(ConfigInt(ConfigId::kHashMaxListpackEntries), 7);
  EXPECT_EQ(Set({"hash-max-listpack-entries", "8", "hash-max-ziplist-entries", "9"}),
            "ERR CONFIG SET failed (possibly related to argument 'hash-max-ziplist-entries') - "
            "duplicate parameter");
}

TEST_F(ConfigTest, GetMatchesPatternsNamesAndAliases) {
  const std::string_view maxmem[] = {"maxmemory*"};
  std::vector<std::string> names;
  for (const auto& [n, v] : ConfigGet(maxmem)) names.push_back(n);
  EXPECT_EQ(names, (std::vector<std::string>{"maxmemory", "maxmemory-clients",
                                             "maxmemory-eviction-tenacity", "maxmemory-policy",
                                             "maxmemory-samples"}));
  const std::string_view exact[] = {"MAXMEMORY"};
  ASSERT_EQ(ConfigGet(exact).size(), 1u);
  EXPECT_EQ(ConfigGet(exact)[0].first, "MAXMEMORY");  // echoed as spelt
  const std::string_view zip[] = {"hash-max-z*", "hz", "hz", "nosuch"};
  names.clear();
  for (const auto& [n, v] : ConfigGet(zip)) names.push_back(n);
  EXPECT_EQ(names,
            (std::vector<std::string>{"hash-max-ziplist-entries", "hash-max-ziplist-value", "hz"}));
  const std::string_view both[] = {"slaveof", "replicaof"};
  EXPECT_EQ(ConfigGet(both).size(), 2u);
  const std::string_view glob_case[] = {"PORT*"};
  ASSERT_EQ(ConfigGet(glob_case).size(), 1u);
  EXPECT_EQ(ConfigGet(glob_case)[0].first, "port");
}

TEST_F(ConfigTest, ApplyHooksRunOnChangeAndRollBack) {
  int hz_calls = 0;
  int64_t seen_hz = 0;
  AddConfigApplyHook(ConfigId::kHz, [&] {
    ++hz_calls;
    seen_hz = ConfigInt(ConfigId::kHz);
    return std::string();
  });
  int port_calls = 0;
  AddConfigApplyHook(ConfigId::kPort, [&] {
    ++port_calls;
    return ConfigInt(ConfigId::kPort) == 1 ? std::string("Unable to listen on this port.")
                                           : std::string();
  });
  EXPECT_EQ(Set({"hz", "10"}), "");  // unchanged: no hook
  EXPECT_EQ(hz_calls, 0);
  EXPECT_EQ(Set({"hz", "30"}), "");
  EXPECT_EQ(hz_calls, 1);
  EXPECT_EQ(seen_hz, 30);
  EXPECT_EQ(Set({"hz", "40", "port", "1"}),
            "ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on "
            "this port.");
  EXPECT_EQ(Get("hz"), "30");
  EXPECT_EQ(Get("port"), "6379");
  EXPECT_EQ(hz_calls, 3);  // applied 40, then re-applied 30 after the rollback
  EXPECT_EQ(seen_hz, 30);
  EXPECT_EQ(port_calls, 2);
}

TEST_F(ConfigTest, ResetStatRunsHooks) {
  int calls = 0;
  AddResetStatHook([&] { ++calls; });
  ConfigResetStat();
  ConfigResetStat();
  EXPECT_EQ(calls, 2);
}

TEST_F(ConfigTest, StartupDirectivesSetImmutableRowsAndCheckValues) {
  const ConfigSpec* databases = FindConfig("databases");
  ASSERT_NE(databases, nullptr);
  EXPECT_EQ(ConfigApplyDirective(*databases, std::vector<std::string>{"32"}), "");
  EXPECT_EQ(ConfigInt(ConfigId::kDatabases), 32);
  const ConfigSpec* daemonize = FindConfig("DAEMONIZE");
  ASSERT_NE(daemonize, nullptr);
  EXPECT_NE(ConfigApplyDirective(*daemonize, std::vector<std::string>{"yes"}), "");
  EXPECT_EQ(ConfigApplyDirective(*daemonize, std::vector<std::string>{"no"}), "");
  const ConfigSpec* perm = FindConfig("unixsocketperm");
  EXPECT_EQ(ConfigApplyDirective(*perm, std::vector<std::string>{"700"}), "");
  EXPECT_EQ(ConfigInt(ConfigId::kUnixsocketperm), 0700);
  EXPECT_EQ(Get("unixsocketperm"), "700");
  EXPECT_NE(ConfigApplyDirective(*perm, std::vector<std::string>{"1000"}), "");
  const ConfigSpec* replicaof = FindConfig("slaveof");
  EXPECT_EQ(ConfigApplyDirective(*replicaof, std::vector<std::string>{"10.0.0.1", "6380"}), "");
  ASSERT_TRUE(ConfigReplicaOf().has_value());
  EXPECT_EQ(ConfigReplicaOf()->host, "10.0.0.1");
  EXPECT_EQ(ConfigReplicaOf()->port, 6380);
  EXPECT_EQ(ConfigApplyDirective(*replicaof, std::vector<std::string>{"no", "one"}), "");
  EXPECT_FALSE(ConfigReplicaOf().has_value());
  EXPECT_EQ(ConfigApplyDirective(*FindConfig("aclfile"), std::vector<std::string>{"/x"}),
            "ringdb does not support ACL files yet");
}

TEST_F(ConfigTest, ProtectedConfigsNeedPermission) {
  const ConfigSpec* enable = FindConfig("enable-protected-configs");
  ASSERT_EQ(ConfigApplyDirective(*enable, std::vector<std::string>{"local"}), "");
  EXPECT_NE(Set({"dir", "/tmp"}), "");
  const std::string_view args[] = {"dir", "/tmp", "dbfilename", "x.rdb"};
  EXPECT_EQ(ConfigSet(args, ConfigSetContext{.client_is_local = true}), "");
  EXPECT_EQ(Get("dir"), "/tmp");
  EXPECT_EQ(ConfigString(ConfigId::kDbfilename), "x.rdb");
  const std::string_view bad[] = {"dir", "/nonexistent/ringdb-dir"};
  EXPECT_EQ(ConfigSet(bad, ConfigSetContext{.client_is_local = true}),
            "ERR CONFIG SET failed (possibly related to argument 'dir') - No such file or "
            "directory");
  const std::string_view path[] = {"dbfilename", "a/b.rdb"};
  EXPECT_EQ(ConfigSet(path, ConfigSetContext{.client_is_local = true}),
            "ERR CONFIG SET failed (possibly related to argument 'dbfilename') - dbfilename "
            "can't be a path, just a filename");
}

}  // namespace
}  // namespace ringdb::engine
