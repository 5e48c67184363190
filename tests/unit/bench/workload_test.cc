#include "bench/loadgen/workload.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace ringdb::loadgen {
namespace {

TEST(LoadgenWorkloadTest, RatioIsSpreadEvenlyOverTheCycle) {
  Options options;
  options.commands = {BuiltinCommand("set"), BuiltinCommand("get")};
  options.weights = {1, 10};
  Workload workload;
  std::string error;
  ASSERT_TRUE(BuildWorkload(options, &workload, &error)) << error;
  ASSERT_EQ(workload.mix.size(), 11u);
  EXPECT_EQ(std::count(workload.mix.begin(), workload.mix.end(), 0), 1);
  options.weights = {2, 2};
  ASSERT_TRUE(BuildWorkload(options, &workload, &error));
  EXPECT_EQ(workload.mix, (std::vector<uint16_t>{0, 1, 0, 1}));
  EXPECT_EQ(workload.max_request_bytes, workload.templates[0].bytes.size());
}

}  // namespace
}  // namespace ringdb::loadgen
