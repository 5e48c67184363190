// Draws key numbers in [0, keyspace), uniformly or Zipf-distributed, with no
// allocation and no table: Zipf uses rejection-inversion sampling (Hörmann and
// Derflinger 1996), O(1) per key for any keyspace size. Key 0 is the most popular.
//
// Thread: one generator per load thread (each seeded apart); not thread-safe.
#pragma once

#include <cstdint>

namespace ringdb::loadgen {

class KeyGenerator {
 public:
  // zipf_s == 0 draws uniformly. REQUIRES: keyspace >= 1, zipf_s >= 0.
  KeyGenerator(uint64_t keyspace, double zipf_s, uint64_t seed);

  uint64_t Next() { return zipf_ ? NextZipf() : NextUniform(); }

 private:
  uint64_t NextRandom();
  double NextUnit();  // in [0, 1)
  uint64_t NextUniform() {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(NextRandom()) * keyspace_) >> 64);
  }
  uint64_t NextZipf();

  double H(double x) const;
  double HIntegral(double x) const;
  double HIntegralInverse(double x) const;

  uint64_t keyspace_;
  bool zipf_;
  double exponent_;
  double h_integral_x1_ = 0;
  double h_integral_n_ = 0;
  double s_ = 0;
  uint64_t state_[4];
};

}  // namespace ringdb::loadgen
