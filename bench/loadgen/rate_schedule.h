// The open-loop timetable: request k of a load thread is due at a fixed time, start +
// phase + k / rate, whatever happened to earlier requests. Latency is measured from
// that intended time, so a server stall is charged to every request it delayed, not
// only to the one that was on the wire (wrk2's correction for coordinated omission).
//
// Thread: one schedule per load thread.
#pragma once

#include <cmath>
#include <cstdint>

namespace ringdb::loadgen {

class RateSchedule {
 public:
  // REQUIRES: rate_per_s > 0. phase_ns staggers threads so that they do not all send
  // at the same instants.
  RateSchedule(int64_t start_ns, double rate_per_s, int64_t phase_ns)
      : start_ns_(start_ns + phase_ns), interval_ns_(1e9 / rate_per_s) {}

  int64_t IntendedNs(uint64_t k) const {
    return start_ns_ + static_cast<int64_t>(static_cast<double>(k) * interval_ns_);
  }
  // How many requests are due at now_ns (those with IntendedNs(k) <= now_ns).
  uint64_t DueCount(int64_t now_ns) const {
    if (now_ns < start_ns_) return 0;
    return static_cast<uint64_t>(
               std::floor(static_cast<double>(now_ns - start_ns_) / interval_ns_)) +
           1;
  }

 private:
  int64_t start_ns_;
  double interval_ns_;
};

}  // namespace ringdb::loadgen
