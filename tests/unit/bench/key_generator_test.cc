#include "bench/loadgen/key_generator.h"

#include <gtest/gtest.h>

#include <vector>

namespace ringdb::loadgen {
namespace {

TEST(LoadgenKeyGeneratorTest, UniformStaysInRangeAndCoversIt) {
  KeyGenerator keys(10, 0, 7);
  std::vector<int> seen(10, 0);
  for (int i = 0; i < 10000; ++i) {
    const uint64_t k = keys.Next();
    ASSERT_LT(k, 10u);
    ++seen[k];
  }
  for (int n : seen) EXPECT_GT(n, 800);  // 1000 expected each; a fixed seed, so no luck involved
}

TEST(LoadgenKeyGeneratorTest, ZipfFavoursLowKeys) {
  constexpr uint64_t kKeys = 1000;
  KeyGenerator keys(kKeys, 0.99, 7);
  std::vector<int> seen(kKeys, 0);
  constexpr int kDraws = 100000;
  for (int i = 0; i < kDraws; ++i) {
    const uint64_t k = keys.Next();
    ASSERT_LT(k, kKeys);
    ++seen[k];
  }
  // P(key 0) = 1 / H(1000, 0.99), about 0.13; key 1 about half as popular.
  EXPECT_NEAR(seen[0] / static_cast<double>(kDraws), 0.13, 0.02);
  EXPECT_NEAR(seen[1] / static_cast<double>(seen[0]), 0.5, 0.05);
  EXPECT_GT(seen[0], seen[10]);
  EXPECT_GT(seen[10], seen[500]);
}

TEST(LoadgenKeyGeneratorTest, OneKeyAlwaysDrawsZero) {
  KeyGenerator uniform(1, 0, 1);
  KeyGenerator zipf(1, 0.99, 1);
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(uniform.Next(), 0u);
    EXPECT_EQ(zipf.Next(), 0u);
  }
}

}  // namespace
}  // namespace ringdb::loadgen
