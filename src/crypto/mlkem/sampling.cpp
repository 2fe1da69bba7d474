// SampleNTT and SamplePolyCBD_2 (FIPS 203 §4.2.2).
#include "crypto/mlkem/sampling.h"

#include <cstring>

#include "base/bytes.h"
#include "crypto/mlkem/field.h"
#include "crypto/mlkem/keccak.h"
#include "crypto/mlkem/keccak_x4.h"

namespace tlskit::crypto::mlkem {
namespace {

// Algorithm 7 lines 4-15 over a buffer of XOF output: 3 bytes give two 12-bit candidates d1, d2,
// kept when below q. Continues at coefficient j; returns the new j.
int parse_uniform(const uint8_t* buf, size_t len, Poly& out, int j) {
  for (size_t pos = 0; pos + 3 <= len && j < kN; pos += 3) {
    const uint16_t d1 = static_cast<uint16_t>(buf[pos] | ((buf[pos + 1] & 0x0F) << 8));   // line 5
    const uint16_t d2 = static_cast<uint16_t>((buf[pos + 1] >> 4) | (buf[pos + 2] << 4));  // line 6
    if (d1 < kQ) out.c[j++] = static_cast<int16_t>(d1);              // lines 7-10
    if (d2 < kQ && j < kN) out.c[j++] = static_cast<int16_t>(d2);    // lines 11-14
  }
  return j;
}

// Three SHAKE128 blocks hold 168 candidates-pairs; on average 256 / (2 * 3329 / 4096) = 157.5
// pairs are needed, so one more block is rarely required.
constexpr size_t kFirstBlocks = 3;

// SampleNTT for four matrix entries at once through the 4-way SHAKE128.
void sample_ntt_x4(const uint8_t rho[32], const uint8_t xs[4], const uint8_t ys[4], Poly* const out[4]) {
  uint8_t in[4][34];
  for (int t = 0; t < 4; ++t) {
    std::memcpy(in[t], rho, 32);
    in[t][32] = xs[t];
    in[t][33] = ys[t];
  }
  const uint8_t* const ins[4] = {in[0], in[1], in[2], in[3]};
  KeccakX4 xof(Shake128::kRate, 0x1F);
  xof.absorb_final(ins, 34);
  uint8_t buf[4][kFirstBlocks * Shake128::kRate];
  uint8_t* const bufs[4] = {buf[0], buf[1], buf[2], buf[3]};
  xof.squeeze_blocks(bufs, kFirstBlocks);
  int j[4];
  for (int t = 0; t < 4; ++t) j[t] = parse_uniform(buf[t], sizeof buf[t], *out[t], 0);
  while (j[0] < kN || j[1] < kN || j[2] < kN || j[3] < kN) {
    xof.squeeze_blocks(bufs, 1);
    for (int t = 0; t < 4; ++t) j[t] = parse_uniform(buf[t], Shake128::kRate, *out[t], j[t]);
  }
}

}  // namespace

void sample_ntt(const uint8_t rho[32], uint8_t x, uint8_t y, Poly& out) {
  Shake128 xof;
  const uint8_t idx[2] = {x, y};
  xof.absorb({rho, 32});  // Algorithm 7 lines 1-2: XOF.Init, XOF.Absorb(B)
  xof.absorb(idx);
  uint8_t buf[kFirstBlocks * Shake128::kRate];
  xof.squeeze_blocks(buf, kFirstBlocks);  // line 4: XOF.Squeeze, several blocks at once
  int j = parse_uniform(buf, sizeof buf, out, 0);
  while (j < kN) {
    xof.squeeze_blocks(buf, 1);
    j = parse_uniform(buf, Shake128::kRate, out, j);
  }
}

void expand_matrix(const uint8_t rho[32], bool transposed, Poly a[kK][kK]) {
  if (keccak_x4_available()) {
    // Four entries per batch through the 4-way SHAKE128: 9 = 4 + 4 + 1.
    int n = 0;
    Poly* outs[4];
    uint8_t xs[4], ys[4];
    for (int i = 0; i < kK; ++i)
      for (int j = 0; j < kK; ++j) {
        outs[n] = &a[i][j];
        xs[n] = static_cast<uint8_t>(transposed ? i : j);
        ys[n] = static_cast<uint8_t>(transposed ? j : i);
        if (++n == 4) {
          sample_ntt_x4(rho, xs, ys, outs);
          n = 0;
        }
      }
    for (int t = 0; t < n; ++t) sample_ntt(rho, xs[t], ys[t], *outs[t]);
    return;
  }
  for (int i = 0; i < kK; ++i)
    for (int j = 0; j < kK; ++j)
      sample_ntt(rho, static_cast<uint8_t>(transposed ? i : j), static_cast<uint8_t>(transposed ? j : i),
                 a[i][j]);
}

void sample_cbd2(const uint8_t in[128], Poly& out) {
  // Algorithm 8 with eta = 2: coefficient i uses bits 4i..4i+3 of BytesToBits(B), so byte b
  // gives coefficients 2b and 2b + 1; x = b[4i] + b[4i+1], y = b[4i+2] + b[4i+3], f[i] = x - y.
  for (int b = 0; b < kN / 2; ++b) {
    const uint32_t v = in[b];
    const uint32_t pair_sums = (v & 0x55u) + ((v >> 1) & 0x55u);  // four 2-bit sums
    out.c[2 * b] = static_cast<int16_t>(static_cast<int16_t>(pair_sums & 3) - static_cast<int16_t>((pair_sums >> 2) & 3));
    out.c[2 * b + 1] =
        static_cast<int16_t>(static_cast<int16_t>((pair_sums >> 4) & 3) - static_cast<int16_t>((pair_sums >> 6) & 3));
  }
}

void sample_noise(const uint8_t sigma[32], uint8_t n, Poly& out) {
  uint8_t buf[64 * kEta1];
  Shake256 prf;  // PRF_eta(s, b) = SHAKE256(s || b, 8 * 64 * eta) (eq. 4.3)
  prf.absorb({sigma, 32});
  prf.absorb({&n, 1});
  prf.squeeze(buf);
  sample_cbd2(buf, out);
  secure_zero(buf, sizeof buf);
}

void sample_noise_x4(const uint8_t sigma[32], uint8_t n0, Poly* const out[4]) {
  if (!keccak_x4_available()) {
    for (int t = 0; t < 4; ++t)
      if (out[t]) sample_noise(sigma, static_cast<uint8_t>(n0 + t), *out[t]);
    return;
  }
  uint8_t in[4][33];
  for (int t = 0; t < 4; ++t) {
    std::memcpy(in[t], sigma, 32);
    in[t][32] = static_cast<uint8_t>(n0 + t);
  }
  const uint8_t* const ins[4] = {in[0], in[1], in[2], in[3]};
  uint8_t buf[4][Shake256::kRate];  // one block holds the 128 bytes of PRF_2
  uint8_t* const bufs[4] = {buf[0], buf[1], buf[2], buf[3]};
  KeccakX4 prf(Shake256::kRate, 0x1F);
  prf.absorb_final(ins, 33);
  prf.squeeze_blocks(bufs, 1);
  secure_zero(in, sizeof in);
  for (int t = 0; t < 4; ++t)
    if (out[t]) sample_cbd2(buf[t], *out[t]);
  secure_zero(buf, sizeof buf);
}

}  // namespace tlskit::crypto::mlkem
