// Tests of start-up configuration: redis.conf syntax, TOML, includes and the command line.
#include "engine/config_loader.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "engine/config.h"
#include "tests/unit/engine/config_file_test_util.h"

namespace ringdb::engine {
namespace {

namespace fs = std::filesystem;

class ConfigLoaderTest : public ConfigFileTest {
 protected:
  static ConfigLoadResult Args(std::vector<std::string> words) {
    std::vector<const char*> argv = {"ringdb-server"};
    for (const std::string& w : words) argv.push_back(w.c_str());
    return LoadConfigFromCommandLine(static_cast<int>(argv.size()), argv.data());
  }
};

using Words = std::vector<std::string>;

TEST_F(ConfigLoaderTest, SplitsLinesLikeSdssplitargs) {
  EXPECT_EQ(SplitConfigLine("  save 900   1 "), (Words{"save", "900", "1"}));
  EXPECT_EQ(SplitConfigLine(R"(requirepass "a b\"c\n\x41")"), (Words{"requirepass", "a b\"c\nA"}));
  EXPECT_EQ(SplitConfigLine(R"(x 'it\'s' "")"), (Words{"x", "it's", ""}));
  EXPECT_EQ(SplitConfigLine(""), Words{});
  EXPECT_FALSE(SplitConfigLine(R"(x "unterminated)").has_value());
  EXPECT_FALSE(SplitConfigLine(R"(x 'unterminated)").has_value());
  EXPECT_FALSE(SplitConfigLine(R"(x "a"b)").has_value());
}

TEST_F(ConfigLoaderTest, RedisConfValuesCommentsAndSaveLines) {
  const ConfigLoadResult r = LoadRedisConfText(
      "# a comment\n"
      "  port 7000\r\n"
      "\n"
      "MAXMEMORY 100mb\n"
      "save 900 1\n"
      "save \"300 10\"\n"
      "slaveof 10.0.0.1 6379\n"
      "requirepass \"p w\"\n"
      "loglevel warning\n"
      "client-output-buffer-limit replica 1mb 1mb 0\n",
      "test.conf");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_EQ(ConfigInt(ConfigId::kPort), 7000);
  EXPECT_EQ(ConfigInt(ConfigId::kMaxmemory), 100 * 1048576);
  EXPECT_EQ(ConfigString(ConfigId::kSave), "900 1 300 10");  // replaces the default
  EXPECT_EQ(ConfigString(ConfigId::kReplicaof), "10.0.0.1 6379");
  EXPECT_EQ(ConfigString(ConfigId::kRequirepass), "p w");
  EXPECT_EQ(ConfigEnum<LogLevel>(ConfigId::kLoglevel), LogLevel::kWarning);
  EXPECT_EQ(ConfigOutputBufferLimit(ClientClass::kReplica).hard_bytes, 1048576);
  EXPECT_EQ(ConfigOutputBufferLimit(ClientClass::kPubsub).hard_bytes, 33554432);
}

TEST_F(ConfigLoaderTest, SaveEmptyClearsEarlierLines) {
  ASSERT_TRUE(LoadRedisConfText("save 900 1\nsave \"\"\nsave 60 5\n", "t.conf").ok());
  EXPECT_EQ(ConfigString(ConfigId::kSave), "60 5");
  ResetConfigToDefaults();
  ASSERT_TRUE(LoadRedisConfText("save \"\"\n", "t.conf").ok());
  EXPECT_EQ(ConfigString(ConfigId::kSave), "");
  ResetConfigToDefaults();
  ASSERT_TRUE(LoadRedisConfText("port 1\n", "t.conf").ok());
  EXPECT_EQ(ConfigString(ConfigId::kSave), "3600 1 300 100 60 10000");
}

TEST_F(ConfigLoaderTest, RedisConfErrorsNameFileLineAndReason) {
  ConfigLoadResult r = LoadRedisConfText("port 7000\nfoo bar\n", "/etc/x.conf");
  EXPECT_EQ(r.error,
            "\n*** FATAL CONFIG FILE ERROR (ringdb) ***\n"
            "Reading the configuration file /etc/x.conf, at line 2\n"
            ">>> 'foo bar'\n"
            "foo: unknown directive");
  r = LoadRedisConfText("\nhz abc\n", "x.conf");
  EXPECT_NE(r.error.find("at line 2"), std::string::npos);
  EXPECT_NE(r.error.find("hz: argument couldn't be parsed into an integer"), std::string::npos);
  r = LoadRedisConfText("port 1 2\n", "x.conf");
  EXPECT_NE(r.error.find("port: wrong number of arguments"), std::string::npos);
  r = LoadRedisConfText("requirepass \"abc\n", "x.conf");
  EXPECT_NE(r.error.find("Unbalanced quotes"), std::string::npos);
  r = LoadRedisConfText("rename-command FLUSHALL \"\"\n", "x.conf");
  EXPECT_NE(r.error.find("not supported by ringdb"), std::string::npos);
  r = LoadRedisConfText("daemonize yes\n", "x.conf");
  EXPECT_NE(r.error.find("ringdb does not daemonize"), std::string::npos);
}

TEST_F(ConfigLoaderTest, IgnoredDirectivesWarnOnlyWhenChanged) {
  const ConfigLoadResult r = LoadRedisConfText(
      "io-threads 4\njemalloc-bg-thread yes\nlist-max-ziplist-entries 512\n", "r.conf");
  ASSERT_TRUE(r.ok()) << r.error;
  ASSERT_EQ(r.warnings.size(), 2u);
  EXPECT_NE(r.warnings[0].find("'io-threads'"), std::string::npos);
  EXPECT_NE(r.warnings[0].find("r.conf:1"), std::string::npos);
  EXPECT_NE(r.warnings[1].find("deprecated"), std::string::npos);
  const std::string_view io[] = {"io-threads"};
  EXPECT_EQ(ConfigGet(io)[0].second, "4");
}

TEST_F(ConfigLoaderTest, Includes) {
  Write("a.conf", "port 7001\n");
  fs::create_directory(dir_ + "/conf.d");
  Write("conf.d/1.conf", "hz 20\n");
  Write("conf.d/2.toml", "maxclients = 77\n");
  const std::string main =
      Write("main.conf", "include " + dir_ + "/a.conf\ninclude " + dir_ + "/conf.d/*\ninclude " +
                             dir_ + "/empty.d/*.conf\ntimeout 5\n");
  ConfigLoadResult r = LoadConfigFile(main);
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(ConfigInt(ConfigId::kPort), 7001);
  EXPECT_EQ(ConfigInt(ConfigId::kHz), 20);
  EXPECT_EQ(ConfigInt(ConfigId::kMaxclients), 77);
  EXPECT_EQ(ConfigInt(ConfigId::kTimeout), 5);

  r = LoadConfigFile(Write("missing.conf", "include " + dir_ + "/nope.conf\n"));
  EXPECT_NE(r.error.find("can't open config file"), std::string::npos);
  const std::string loop = dir_ + "/loop.conf";
  Write("loop.conf", "include " + loop + "\n");
  r = LoadConfigFile(loop);
  EXPECT_NE(r.error.find("includes nest deeper"), std::string::npos);
}

TEST_F(ConfigLoaderTest, TomlValues) {
  const ConfigLoadResult r = LoadTomlText(
      "# comment\n"
      "port = 7002\n"
      "maxmemory = \"2gb\"\n"
      "appendonly = true\n"
      "protected-mode = \"no\"\n"
      "save = [\"900 1\", \"300 10\"]\n"
      "bind = [\"0.0.0.0\", \"::\"]\n"
      "client-output-buffer-limit = [\"pubsub 1mb 1mb 0\"]\n"
      "notify-keyspace-events = \"Ex\"\n"
      "requirepass = \"a b\"\n"
      "slowlog-log-slower-than = -1\n",
      "t.toml");
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(ConfigInt(ConfigId::kPort), 7002);
  EXPECT_EQ(ConfigInt(ConfigId::kMaxmemory), 2LL << 30);
  EXPECT_TRUE(ConfigBool(ConfigId::kAppendonly));
  EXPECT_FALSE(ConfigBool(ConfigId::kProtectedMode));
  EXPECT_EQ(ConfigString(ConfigId::kSave), "900 1 300 10");
  EXPECT_EQ(ConfigBindAddresses(), (Words{"0.0.0.0", "::"}));
  EXPECT_EQ(ConfigOutputBufferLimit(ClientClass::kPubsub).hard_bytes, 1048576);
  EXPECT_EQ(ConfigString(ConfigId::kNotifyKeyspaceEvents), "xE");
  EXPECT_EQ(ConfigString(ConfigId::kRequirepass), "a b");
  EXPECT_EQ(ConfigInt(ConfigId::kSlowlogLogSlowerThan), -1);

  ResetConfigToDefaults();
  ASSERT_TRUE(LoadTomlText("save = \"\"\n", "t.toml").ok());
  EXPECT_EQ(ConfigString(ConfigId::kSave), "");
  ResetConfigToDefaults();
  ASSERT_TRUE(LoadTomlText("save = []\nbind = \"127.0.0.1 ::1\"\n", "t.toml").ok());
  EXPECT_EQ(ConfigString(ConfigId::kSave), "");
  EXPECT_EQ(ConfigString(ConfigId::kBind), "127.0.0.1 ::1");
}

TEST_F(ConfigLoaderTest, TomlErrorsNameLineKeyAndReason) {
  ConfigLoadResult r = LoadTomlText("port = 1\n\nnosuch = 3\n", "/etc/r.toml");
  EXPECT_EQ(r.error,
            "\n*** FATAL CONFIG FILE ERROR (ringdb) ***\n"
            "Reading the configuration file /etc/r.toml, at line 3\n"
            ">>> 'nosuch = 3'\n"
            "nosuch: unknown directive");
  r = LoadTomlText("port = 1\nhz = \"fast\"\n", "r.toml");
  EXPECT_NE(r.error.find("at line 2"), std::string::npos);
  EXPECT_NE(r.error.find("hz: argument couldn't be parsed into an integer"), std::string::npos);
  r = LoadTomlText("port = 1\nport = 2\n", "r.toml");
  EXPECT_NE(r.error.find("at line 2"), std::string::npos);
  EXPECT_NE(r.error.find("TOML syntax error"), std::string::npos);
  r = LoadTomlText("[server]\nport = 1\n", "r.toml");
  EXPECT_NE(r.error.find("unsupported TOML value type"), std::string::npos);
  r = LoadTomlText("port = [1, 2]\n", "r.toml");
  EXPECT_NE(r.error.find("not an array"), std::string::npos);
  r = LoadTomlText("maxmemory = 1.5\n", "r.toml");
  EXPECT_NE(r.error.find("memory value"), std::string::npos);
}

TEST_F(ConfigLoaderTest, CommandLineOverridesFile) {
  const std::string file = Write("r.conf", "port 7000\nhz 20\nsave 900 1\n");
  const ConfigLoadResult r =
      Args({file, "--port", "7003", "--save", "60 5", "--supervised", "systemd", "--daemonize",
            "no", "--slowlog-log-slower-than", "-1", "--bind", "127.0.0.1", "::1"});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(ConfigInt(ConfigId::kPort), 7003);
  EXPECT_EQ(ConfigInt(ConfigId::kHz), 20);
  EXPECT_EQ(ConfigString(ConfigId::kSave), "900 1 60 5");  // Redis appends, too
  EXPECT_EQ(ConfigEnum<SupervisedMode>(ConfigId::kSupervised), SupervisedMode::kSystemd);
  EXPECT_EQ(ConfigInt(ConfigId::kSlowlogLogSlowerThan), -1);
  EXPECT_EQ(ConfigBindAddresses(), (Words{"127.0.0.1", "::1"}));
  EXPECT_EQ(r.config_file, fs::canonical(file).string());
  EXPECT_EQ(ConfigFilePath(), r.config_file);
}

TEST_F(ConfigLoaderTest, CommandLineSpecialCases) {
  ConfigLoadResult r = Args({"--save", "--port", "7004"});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(ConfigString(ConfigId::kSave), "");
  EXPECT_EQ(ConfigFilePath(), "");
  r = Args({"--save", ""});
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(ConfigString(ConfigId::kSave), "");
  EXPECT_TRUE(Args({"-v"}).show_version);
  EXPECT_TRUE(Args({"--help"}).show_help);
  r = Args({"--maxmemory", "1x"});
  EXPECT_EQ(r.error,
            "\n*** FATAL CONFIG FILE ERROR (ringdb) ***\n"
            "Reading the command line\n"
            ">>> '--maxmemory 1x'\n"
            "maxmemory: argument must be a memory value");
  r = Args({"--port", "1", "2"});
  EXPECT_NE(r.error.find("wrong number of arguments"), std::string::npos);
  r = Args({dir_ + "/none.conf"});
  EXPECT_NE(r.error.find("can't open config file"), std::string::npos);
  r = Args({"--bogus", "1"});
  EXPECT_NE(r.error.find("bogus: unknown directive"), std::string::npos);
  EXPECT_NE(CommandLineUsage("ringdb-server").find("--port 6380"), std::string::npos);
}

// The example config in tools/ must load cleanly and say exactly what the defaults say.
TEST_F(ConfigLoaderTest, ExampleTomlMatchesEmbeddedDefaults) {
  const fs::path root = fs::path(__FILE__).parent_path().parent_path().parent_path().parent_path();
  const std::string_view all[] = {"*"};
  const auto defaults = ConfigGet(all);
  const ConfigLoadResult r = LoadConfigFile((root / "tools/ringdb.toml").string());
  ASSERT_TRUE(r.ok()) << r.error;
  EXPECT_TRUE(r.warnings.empty());
  EXPECT_EQ(ConfigGet(all), defaults);
}

}  // namespace
}  // namespace ringdb::engine
