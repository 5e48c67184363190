// Latency histogram with log-linear buckets (the HDR histogram layout): exact below
// 128 ns, then 128 linear sub-buckets per power of two, so any recorded value is
// known to within 1/128 (< 0.8%) from 1 µs up to ~18 minutes. Fixed size, no
// allocation after construction, so recording on the hot path is a few instructions,
// and histograms merge by adding bucket counts.
//
// Thread: one histogram per load thread; Merge() runs on the coordinating thread after
// the load threads have joined. Not thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace ringdb::loadgen {

class Histogram {
 public:
  static constexpr int kSubBucketBits = 7;
  static constexpr uint64_t kSubBuckets = uint64_t{1} << kSubBucketBits;
  // 2^40 ns is about 18 minutes: everything a bounded run can observe.
  static constexpr int kMaxExponent = 40;
  static constexpr uint64_t kMaxTrackableNs = (uint64_t{1} << kMaxExponent) - 1;
  static constexpr size_t kBucketCount = (kMaxExponent - kSubBucketBits + 1) * kSubBuckets;

  // Values above kMaxTrackableNs land in the top bucket; min/max stay exact.
  void Record(uint64_t value_ns) { RecordN(value_ns, 1); }
  void RecordN(uint64_t value_ns, uint64_t count);
  void Merge(const Histogram& other);

  uint64_t count() const { return count_; }
  uint64_t min_ns() const { return count_ == 0 ? 0 : min_ns_; }
  uint64_t max_ns() const { return max_ns_; }
  double mean_ns() const;
  // The value at percentile p (0 < p <= 100): the midpoint of the bucket holding the
  // ceil(p% of count)-th smallest value, clamped to [min, max]. 0 when empty.
  uint64_t PercentileNs(double p) const;

  // Bucket arithmetic, public for the tests.
  static size_t BucketIndex(uint64_t value_ns);
  static uint64_t BucketLow(size_t index);
  static uint64_t BucketHigh(size_t index);  // inclusive

 private:
  std::array<uint64_t, kBucketCount> counts_{};
  uint64_t count_ = 0;
  uint64_t min_ns_ = UINT64_MAX;
  uint64_t max_ns_ = 0;
  // long double keeps the mean exact enough for 10^10 samples of up to 2^40 ns.
  long double sum_ns_ = 0;
};

}  // namespace ringdb::loadgen
