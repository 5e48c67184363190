// Log-linear latency histogram; see histogram.h. Used by each load thread and, for
// merging and reporting, by the coordinating thread.
#include "bench/loadgen/histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace ringdb::loadgen {

size_t Histogram::BucketIndex(uint64_t value_ns) {
  value_ns = std::min(value_ns, kMaxTrackableNs);
  if (value_ns < kSubBuckets) return value_ns;
  const int exponent = std::bit_width(value_ns) - 1;  // >= kSubBucketBits
  const int shift = exponent - kSubBucketBits;
  const uint64_t mantissa = (value_ns >> shift) & (kSubBuckets - 1);
  return static_cast<size_t>(shift + 1) * kSubBuckets + mantissa;
}

uint64_t Histogram::BucketLow(size_t index) {
  if (index < kSubBuckets) return index;
  const int shift = static_cast<int>(index / kSubBuckets) - 1;
  const uint64_t mantissa = index % kSubBuckets;
  return (kSubBuckets + mantissa) << shift;
}

uint64_t Histogram::BucketHigh(size_t index) {
  if (index < kSubBuckets) return index;
  const int shift = static_cast<int>(index / kSubBuckets) - 1;
  return BucketLow(index) + (uint64_t{1} << shift) - 1;
}

void Histogram::RecordN(uint64_t value_ns, uint64_t count) {
  if (count == 0) return;
  counts_[BucketIndex(value_ns)] += count;
  count_ += count;
  min_ns_ = std::min(min_ns_, value_ns);
  max_ns_ = std::max(max_ns_, value_ns);
  sum_ns_ += static_cast<long double>(value_ns) * count;
}

void Histogram::Merge(const Histogram& other) {
  for (size_t i = 0; i < kBucketCount; ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
  min_ns_ = std::min(min_ns_, other.min_ns_);
  max_ns_ = std::max(max_ns_, other.max_ns_);
  sum_ns_ += other.sum_ns_;
}

double Histogram::mean_ns() const {
  return count_ == 0 ? 0.0 : static_cast<double>(sum_ns_ / count_);
}

uint64_t Histogram::PercentileNs(double p) const {
  if (count_ == 0) return 0;
  if (p >= 100.0) return max_ns_;
  const double wanted = std::ceil(p / 100.0 * static_cast<double>(count_));
  const uint64_t rank = std::max<uint64_t>(1, static_cast<uint64_t>(wanted));
  uint64_t seen = 0;
  for (size_t i = 0; i < kBucketCount; ++i) {
    seen += counts_[i];
    if (seen >= rank) {
      const uint64_t mid = BucketLow(i) + (BucketHigh(i) - BucketLow(i)) / 2;
      return std::clamp(mid, min_ns(), max_ns_);
    }
  }
  return max_ns_;
}

}  // namespace ringdb::loadgen
