// Key number generator; see key_generator.h. Runs on the load threads.
#include "bench/loadgen/key_generator.h"

#include <cmath>

namespace ringdb::loadgen {
namespace {

uint64_t SplitMix64(uint64_t* x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

// log1p(x)/x and expm1(x)/x, with their Taylor series near 0 where the quotient
// would lose precision (as in Apache Commons RNG's sampler).
double Helper1(double x) {
  return std::fabs(x) > 1e-8 ? std::log1p(x) / x : 1 - x * (0.5 - x * (1.0 / 3 - 0.25 * x));
}
double Helper2(double x) {
  return std::fabs(x) > 1e-8 ? std::expm1(x) / x
                             : 1 + x * 0.5 * (1 + x * (1.0 / 3) * (1 + 0.25 * x));
}

}  // namespace

KeyGenerator::KeyGenerator(uint64_t keyspace, double zipf_s, uint64_t seed)
    : keyspace_(keyspace), zipf_(zipf_s > 0), exponent_(zipf_s) {
  for (uint64_t& word : state_) word = SplitMix64(&seed);
  if (zipf_) {
    h_integral_x1_ = HIntegral(1.5) - 1;
    h_integral_n_ = HIntegral(static_cast<double>(keyspace_) + 0.5);
    s_ = 2 - HIntegralInverse(HIntegral(2.5) - H(2));
  }
}

// xoshiro256**: fast, and good enough that key choice never shows in the results.
uint64_t KeyGenerator::NextRandom() {
  const uint64_t result = Rotl(state_[1] * 5, 7) * 9;
  const uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = Rotl(state_[3], 45);
  return result;
}

double KeyGenerator::NextUnit() { return static_cast<double>(NextRandom() >> 11) * 0x1.0p-53; }

double KeyGenerator::H(double x) const { return std::exp(-exponent_ * std::log(x)); }

double KeyGenerator::HIntegral(double x) const {
  const double log_x = std::log(x);
  return Helper2((1 - exponent_) * log_x) * log_x;
}

double KeyGenerator::HIntegralInverse(double x) const {
  double t = x * (1 - exponent_);
  if (t < -1) t = -1;  // rounding can push t just past the domain of log1p
  return std::exp(Helper1(t) * x);
}

uint64_t KeyGenerator::NextZipf() {
  const double n = static_cast<double>(keyspace_);
  while (true) {
    const double u = h_integral_n_ + NextUnit() * (h_integral_x1_ - h_integral_n_);
    const double x = HIntegralInverse(u);
    double k = std::floor(x + 0.5);
    if (k < 1) k = 1;
    if (k > n) k = n;
    if (k - x <= s_ || u >= HIntegral(k + 0.5) - H(k)) return static_cast<uint64_t>(k) - 1;
  }
}

}  // namespace ringdb::loadgen
