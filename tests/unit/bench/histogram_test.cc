#include "bench/loadgen/histogram.h"

#include <gtest/gtest.h>

#include <cstdint>

namespace ringdb::loadgen {
namespace {

constexpr uint64_t kUs = 1000;

void ExpectWithinOnePercent(double actual, double expected) {
  EXPECT_NEAR(actual, expected, expected * 0.01) << "expected about " << expected;
}

TEST(HistogramTest, UniformDistributionPercentilesWithinOnePercent) {
  Histogram h;
  for (uint64_t v = 1; v <= 100000; ++v) h.Record(v * kUs);
  EXPECT_EQ(h.count(), 100000u);
  EXPECT_EQ(h.min_ns(), 1 * kUs);
  EXPECT_EQ(h.max_ns(), 100000 * kUs);
  ExpectWithinOnePercent(h.PercentileNs(50), 50000 * kUs);
  ExpectWithinOnePercent(h.PercentileNs(90), 90000 * kUs);
  ExpectWithinOnePercent(h.PercentileNs(99), 99000 * kUs);
  ExpectWithinOnePercent(h.PercentileNs(99.9), 99900 * kUs);
  ExpectWithinOnePercent(h.PercentileNs(99.99), 99990 * kUs);
  EXPECT_EQ(h.PercentileNs(100), 100000 * kUs);
  ExpectWithinOnePercent(h.mean_ns(), 50000.5 * kUs);
}

TEST(HistogramTest, FixedValuesReadBackWithinOnePercent) {
  Histogram h;
  h.RecordN(5 * kUs, 1000);
  h.RecordN(777 * kUs, 9);
  h.Record(600'000'000 * kUs);  // ten minutes
  ExpectWithinOnePercent(h.PercentileNs(50), 5 * kUs);
  ExpectWithinOnePercent(h.PercentileNs(99), 5 * kUs);
  ExpectWithinOnePercent(h.PercentileNs(99.5), 777 * kUs);
  ExpectWithinOnePercent(h.PercentileNs(99.95), 600'000'000.0 * kUs);
  EXPECT_EQ(h.min_ns(), 5 * kUs);
  EXPECT_EQ(h.max_ns(), 600'000'000 * kUs);
}

TEST(HistogramTest, ValuesBeyondTheRangeKeepAnExactMax) {
  Histogram h;
  h.Record(Histogram::kMaxTrackableNs * 4);
  EXPECT_EQ(h.max_ns(), Histogram::kMaxTrackableNs * 4);
  EXPECT_EQ(h.PercentileNs(50), Histogram::kMaxTrackableNs * 4);
}

TEST(HistogramTest, BucketsCoverEveryValueWithUnderOnePercentWidth) {
  for (uint64_t v = 1; v < Histogram::kMaxTrackableNs; v = v * 3 / 2 + 1) {
    const size_t index = Histogram::BucketIndex(v);
    ASSERT_LT(index, Histogram::kBucketCount);
    const uint64_t low = Histogram::BucketLow(index);
    const uint64_t high = Histogram::BucketHigh(index);
    EXPECT_LE(low, v);
    EXPECT_GE(high, v);
    // Every value in a bucket is within 1/128 of its low end; below 128 ns, exact.
    EXPECT_LE(static_cast<double>(high - low) / static_cast<double>(low), 1.0 / 128) << v;
    if (index + 1 < Histogram::kBucketCount) {
      EXPECT_EQ(Histogram::BucketLow(index + 1), high + 1);
    }
  }
  EXPECT_EQ(Histogram::BucketIndex(Histogram::kMaxTrackableNs), Histogram::kBucketCount - 1);
}

TEST(HistogramTest, MergeEqualsRecordingBoth) {
  Histogram a, b, both;
  for (uint64_t v = 1; v <= 5000; ++v) {
    a.Record(v * 37);
    both.Record(v * 37);
    b.Record(v * v * 11 + 3);
    both.Record(v * v * 11 + 3);
  }
  a.Merge(b);
  EXPECT_EQ(a.count(), both.count());
  EXPECT_EQ(a.min_ns(), both.min_ns());
  EXPECT_EQ(a.max_ns(), both.max_ns());
  EXPECT_DOUBLE_EQ(a.mean_ns(), both.mean_ns());
  for (double p : {1.0, 10.0, 50.0, 90.0, 99.0, 99.9, 99.99, 100.0}) {
    EXPECT_EQ(a.PercentileNs(p), both.PercentileNs(p)) << p;
  }
}

TEST(HistogramTest, EmptyHistogramReadsZero) {
  Histogram h;
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.min_ns(), 0u);
  EXPECT_EQ(h.max_ns(), 0u);
  EXPECT_EQ(h.PercentileNs(99), 0u);
  EXPECT_EQ(h.mean_ns(), 0);
}

}  // namespace
}  // namespace ringdb::loadgen
