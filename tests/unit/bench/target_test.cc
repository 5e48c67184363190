#include "bench/loadgen/target.h"

#include <gtest/gtest.h>

#include <string>

namespace ringdb::loadgen {
namespace {

bool Resolves(const char* host, bool allow_remote, std::string* error) {
  Target target;
  return ResolveTarget(host, 6379, allow_remote, &target, error);
}

TEST(LoadgenTargetTest, LoopbackAddressesAreAccepted) {
  std::string error;
  for (const char* host : {"127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"}) {
    EXPECT_TRUE(Resolves(host, false, &error)) << host << ": " << error;
  }
}

TEST(LoadgenTargetTest, NonLoopbackIsRefusedWithoutAllowRemote) {
  for (const char* host :
       {"10.1.2.3", "192.168.0.1", "8.8.8.8", "::ffff:10.0.0.1", "2001:db8::1", "0.0.0.0"}) {
    std::string error;
    EXPECT_FALSE(Resolves(host, false, &error)) << host;
    EXPECT_NE(error.find("--allow-remote"), std::string::npos) << error;
    EXPECT_TRUE(Resolves(host, true, &error)) << host << ": " << error;
  }
}

TEST(LoadgenTargetTest, FormatsBothFamilies) {
  Target target;
  std::string error;
  ASSERT_TRUE(ResolveTarget("127.0.0.1", 7800, false, &target, &error));
  EXPECT_EQ(FormatTarget(target), "127.0.0.1:7800");
  ASSERT_TRUE(ResolveTarget("::1", 7801, false, &target, &error));
  EXPECT_EQ(FormatTarget(target), "[::1]:7801");
}

}  // namespace
}  // namespace ringdb::loadgen
