#include "bench/loadgen/options.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "bench/loadgen/request_template.h"

namespace ringdb::loadgen {
namespace {

bool Parse(std::vector<const char*> args, Options* options, std::string* error) {
  args.insert(args.begin(), "ringdb-benchmark");
  return ParseOptions(static_cast<int>(args.size()), args.data(), options, error);
}

TEST(LoadgenOptionsTest, RedisBenchmarkNames) {
  Options o;
  std::string error;
  ASSERT_TRUE(Parse({"-h", "localhost", "-p", "7800", "-c", "64", "-n", "1000", "-P", "16", "-r",
                     "100000", "-d", "32", "-t", "set,get", "-q", "--csv"},
                    &o, &error))
      << error;
  EXPECT_EQ(o.host, "localhost");
  EXPECT_EQ(o.port, 7800);
  EXPECT_EQ(o.clients, 64);
  EXPECT_EQ(o.requests, 1000u);
  EXPECT_EQ(o.pipeline, 16);
  EXPECT_EQ(o.keyspace, 100000u);
  EXPECT_EQ(o.data_size, 32u);
  EXPECT_EQ(o.commands, (std::vector<std::string>{BuiltinCommand("set"), BuiltinCommand("get")}));
  EXPECT_TRUE(o.quiet);
  EXPECT_TRUE(o.csv);
}

TEST(LoadgenOptionsTest, ModesMixesAndDefaults) {
  Options o;
  std::string error;
  ASSERT_TRUE(Parse({"--ratio", "1:10", "--rate=50000", "--zipf", "0.99", "--threads", "2",
                     "--cpus", "1,2", "--resp3", "--command", "HSET h:__key__ f __data__"},
                    &o, &error))
      << error;
  EXPECT_EQ(o.commands.size(), 3u);
  EXPECT_EQ(o.weights, (std::vector<uint32_t>{1, 10, 1}));
  EXPECT_EQ(o.rate, 50000);
  EXPECT_EQ(o.zipf_s, 0.99);
  EXPECT_EQ(o.cpus, (std::vector<int>{1, 2}));
  EXPECT_TRUE(o.resp3);

  Options defaults;
  ASSERT_TRUE(Parse({}, &defaults, &error));
  EXPECT_EQ(defaults.commands, std::vector<std::string>{BuiltinCommand("set")});
  EXPECT_EQ(defaults.duration_s, 10);
  EXPECT_EQ(defaults.host, "127.0.0.1");
}

TEST(LoadgenOptionsTest, BadInputIsAnErrorNotACrash) {
  const std::vector<std::vector<const char*>> bad = {
      {"--bogus"},
      {"-c"},
      {"-c", "0"},
      {"-p", "70000"},
      {"-t", "nosuchcmd"},
      {"--ratio", "1"},
      {"--ratio", "0:0"},
      {"--duration", "-1"},
      {"--sweep", "--rate", "10"},
      {"--threads", "4", "-c", "2"},
      {"--resp3=yes"},
      {"-n", "12x"},
  };
  for (const auto& args : bad) {
    Options o;
    std::string error;
    EXPECT_FALSE(Parse(args, &o, &error)) << args[0];
    EXPECT_FALSE(error.empty()) << args[0];
  }
}

}  // namespace
}  // namespace ringdb::loadgen
