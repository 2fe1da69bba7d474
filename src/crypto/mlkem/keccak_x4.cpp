// 4-way interleaved Keccak-f[1600]: the permutation of keccak_f1600.h on a vector of four
// 64-bit lanes, compiled for AVX2 and selected at run time.
#include "crypto/mlkem/keccak_x4.h"

#include <bit>
#include <cstring>

#include "base/bytes.h"
#include "crypto/mlkem/cpu.h"
#include "crypto/mlkem/keccak.h"
#include "crypto/mlkem/keccak_f1600.h"

namespace tlskit::crypto::mlkem {
namespace {

// Stores one lane as 8 little-endian bytes (FIPS 202 §B.1).
void store_lane(uint8_t* p, uint64_t v) {
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  std::memcpy(p, &v, 8);
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define TLSKIT_MLKEM_X4 1
typedef uint64_t Lane4 __attribute__((vector_size(32)));

// Keccak-f[1600] on four interleaved states (FIPS 202 §3.3), with AVX2 code generation.
__attribute__((target("avx2"))) void keccak_f1600_x4_avx2(uint64_t* st) {
  Lane4 v[25];
  std::memcpy(v, st, sizeof v);
  detail::keccak_f1600_generic<Lane4>(v);
  std::memcpy(st, v, sizeof v);
}
#endif

void keccak_f1600_x4(uint64_t* st) {
#ifdef TLSKIT_MLKEM_X4
  if (use_avx2()) {
    keccak_f1600_x4_avx2(st);
    return;
  }
#endif
  for (int t = 0; t < 4; ++t) {
    uint64_t one[25];
    for (int i = 0; i < 25; ++i) one[i] = st[4 * i + t];
    keccak_f1600(one);
    for (int i = 0; i < 25; ++i) st[4 * i + t] = one[i];
    secure_zero(one, sizeof one);
  }
}

}  // namespace

bool keccak_x4_available() {
#ifdef TLSKIT_MLKEM_X4
  return use_avx2();
#else
  return false;
#endif
}

KeccakX4::~KeccakX4() { secure_zero(st_, sizeof st_); }

void KeccakX4::absorb_final(const uint8_t* const in[4], size_t len) {
  for (int t = 0; t < 4; ++t) {
    for (size_t i = 0; i < len; ++i) st_[4 * (i / 8) + t] ^= uint64_t{in[t][i]} << (8 * (i % 8));
    // pad10*1 with the domain bits (FIPS 202 Algorithm 9, §6.2).
    st_[4 * (len / 8) + t] ^= uint64_t{domain_} << (8 * (len % 8));
    st_[4 * ((rate_ - 1) / 8) + t] ^= uint64_t{0x80} << (8 * ((rate_ - 1) % 8));
  }
  keccak_f1600_x4(st_);
  fresh_ = true;
}

void KeccakX4::squeeze_blocks(uint8_t* const out[4], size_t n) {
  for (size_t b = 0; b < n; ++b) {
    if (!fresh_) keccak_f1600_x4(st_);
    fresh_ = false;
    for (int t = 0; t < 4; ++t)
      for (size_t i = 0; i < rate_ / 8; ++i) store_lane(out[t] + b * rate_ + 8 * i, st_[4 * i + t]);
  }
}

}  // namespace tlskit::crypto::mlkem
