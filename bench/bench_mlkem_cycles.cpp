// Cycle counts of ML-KEM-768 (src/crypto/mlkem/): the median over many runs of __rdtsc() around
// one keygen, one encapsulation and one decapsulation, after a warm-up. x86 only.
#include <x86intrin.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "crypto/mlkem/mlkem768.h"

namespace bench {

namespace {

double median(std::vector<uint64_t>& v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? static_cast<double>(v[n / 2]) : (static_cast<double>(v[n / 2 - 1]) + static_cast<double>(v[n / 2])) / 2;
}

}  // namespace

// Median cycles per operation over `iterations` runs: {"keygen", ..}, {"encaps", ..}, {"decaps", ..}.
std::vector<std::pair<std::string, double>> mlkem768_median_cycles(int iterations) {
  namespace kem = tlskit::crypto::mlkem768;
  std::array<uint8_t, kem::kSeedSize> seed{};
  std::array<uint8_t, kem::kMessageSize> m{};
  std::array<uint8_t, kem::kEncapsulationKeySize> ek{};
  std::array<uint8_t, kem::kDecapsulationKeySize> dk{};
  std::array<uint8_t, kem::kCiphertextSize> ct{};
  std::array<uint8_t, kem::kSharedSecretSize> k1{}, k2{};
  std::vector<uint64_t> keygen, encaps, decaps;
  const int warmup = std::max(10, iterations / 10);
  for (int it = -warmup; it < iterations; ++it) {
    // Vary the inputs per run (a simple counter-based fill; values are not secret here).
    for (size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<uint8_t>(it * 131 + i * 7);
    for (size_t i = 0; i < m.size(); ++i) m[i] = static_cast<uint8_t>(it * 17 + i * 3);
    uint64_t t0 = __rdtsc();
    kem::keygen_from_seed(seed, ek, dk);
    uint64_t t1 = __rdtsc();
    kem::encapsulate(ek, m, ct, k1);
    uint64_t t2 = __rdtsc();
    kem::decapsulate(dk, ct, k2);
    uint64_t t3 = __rdtsc();
    if (k1 != k2) return {};  // never expected: a broken build reports nothing
    if (it < 0) continue;
    keygen.push_back(t1 - t0);
    encaps.push_back(t2 - t1);
    decaps.push_back(t3 - t2);
  }
  return {{"keygen", median(keygen)}, {"encaps", median(encaps)}, {"decaps", median(decaps)}};
}

}  // namespace bench
