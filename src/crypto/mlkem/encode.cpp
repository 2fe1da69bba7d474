// Byte encoding and (de)compression (FIPS 203 §4.2.1). Compress divides by q through a
// multiplication by ceil(2^36 / q) and a shift, exact for every input it gets (2^d x + (q-1)/2
// < 2^23), so no division instruction ever sees secret data (KyberSlash).
#include "crypto/mlkem/encode.h"

#include "crypto/mlkem/field.h"

namespace tlskit::crypto::mlkem {
namespace {

constexpr int kDivShift = 36;
constexpr uint64_t kDivMul = ((uint64_t{1} << kDivShift) + kQ - 1) / kQ;  // ceil(2^36 / q)

// Compress_d (equation 4.7): round(2^d x / q) = floor((2^d x + (q-1)/2) / q) since q is odd.
template <int d>
[[gnu::always_inline]] inline uint16_t compress_t(int16_t x) {
  const uint64_t n = (static_cast<uint64_t>(static_cast<uint16_t>(x)) << d) + (kQ - 1) / 2;
  return static_cast<uint16_t>(((n * kDivMul) >> kDivShift) & ((1u << d) - 1));
}

// Decompress_d (equation 4.8): round(q y / 2^d) = floor((q y + 2^(d-1)) / 2^d).
template <int d>
[[gnu::always_inline]] inline int16_t decompress_t(uint32_t y) {
  return static_cast<int16_t>((y * kQ + (1u << (d - 1))) >> d);
}

}  // namespace

uint16_t compress(uint16_t x, int d) {
  const uint64_t n = (uint64_t{x} << d) + (kQ - 1) / 2;
  return static_cast<uint16_t>(((n * kDivMul) >> kDivShift) & ((1u << d) - 1));
}

uint16_t decompress(uint16_t y, int d) {
  return static_cast<uint16_t>((uint32_t{y} * kQ + (1u << (d - 1))) >> d);
}

void encode12(const Poly& p, uint8_t out[kPolyBytes]) {
  // Algorithm 5 with d = 12: two 12-bit values per 3 bytes, least significant bit first.
  for (int i = 0; i < kN / 2; ++i) {
    const uint16_t a = static_cast<uint16_t>(p.c[2 * i]), b = static_cast<uint16_t>(p.c[2 * i + 1]);
    out[3 * i] = static_cast<uint8_t>(a);
    out[3 * i + 1] = static_cast<uint8_t>((a >> 8) | (b << 4));
    out[3 * i + 2] = static_cast<uint8_t>(b >> 4);
  }
}

void decode12_raw(const uint8_t in[kPolyBytes], Poly& p) {
  // Algorithm 6 with d = 12 (before the reduction mod q).
  for (int i = 0; i < kN / 2; ++i) {
    const uint16_t b0 = in[3 * i], b1 = in[3 * i + 1], b2 = in[3 * i + 2];
    p.c[2 * i] = static_cast<int16_t>(b0 | ((b1 & 0x0F) << 8));
    p.c[2 * i + 1] = static_cast<int16_t>((b1 >> 4) | (b2 << 4));
  }
}

void decode12(const uint8_t in[kPolyBytes], Poly& p) {
  decode12_raw(in, p);
  // Algorithm 6 line 4 for d = 12: F[i] mod q. Values are < 4096 < 2q: subtract q when >= q.
  for (int16_t& c : p.c) c = to_unsigned(static_cast<int16_t>(c - kQ));
}

bool decode12_is_canonical(const uint8_t in[kPolyBytes]) {
  Poly p;
  decode12_raw(in, p);
  int16_t bad = 0;
  for (int16_t c : p.c) bad |= static_cast<int16_t>(kQ - 1 - c);  // negative iff c >= q
  return bad >= 0;
}

void compress_du(const Poly& p, uint8_t out[32 * kDu]) {
  // Four 10-bit values per 5 bytes (Algorithm 5, d = 10).
  for (int i = 0; i < kN / 4; ++i) {
    uint16_t t[4];
    for (int j = 0; j < 4; ++j) t[j] = compress_t<kDu>(p.c[4 * i + j]);
    out[5 * i] = static_cast<uint8_t>(t[0]);
    out[5 * i + 1] = static_cast<uint8_t>((t[0] >> 8) | (t[1] << 2));
    out[5 * i + 2] = static_cast<uint8_t>((t[1] >> 6) | (t[2] << 4));
    out[5 * i + 3] = static_cast<uint8_t>((t[2] >> 4) | (t[3] << 6));
    out[5 * i + 4] = static_cast<uint8_t>(t[3] >> 2);
  }
}

void decompress_du(const uint8_t in[32 * kDu], Poly& p) {
  for (int i = 0; i < kN / 4; ++i) {
    const uint32_t b0 = in[5 * i], b1 = in[5 * i + 1], b2 = in[5 * i + 2], b3 = in[5 * i + 3],
                   b4 = in[5 * i + 4];
    p.c[4 * i] = decompress_t<kDu>((b0 | (b1 << 8)) & 0x3FF);
    p.c[4 * i + 1] = decompress_t<kDu>(((b1 >> 2) | (b2 << 6)) & 0x3FF);
    p.c[4 * i + 2] = decompress_t<kDu>(((b2 >> 4) | (b3 << 4)) & 0x3FF);
    p.c[4 * i + 3] = decompress_t<kDu>(((b3 >> 6) | (b4 << 2)) & 0x3FF);
  }
}

void compress_dv(const Poly& p, uint8_t out[32 * kDv]) {
  for (int i = 0; i < kN / 2; ++i)
    out[i] = static_cast<uint8_t>(compress_t<kDv>(p.c[2 * i]) | (compress_t<kDv>(p.c[2 * i + 1]) << 4));
}

void decompress_dv(const uint8_t in[32 * kDv], Poly& p) {
  for (int i = 0; i < kN / 2; ++i) {
    p.c[2 * i] = decompress_t<kDv>(in[i] & 0x0Fu);
    p.c[2 * i + 1] = decompress_t<kDv>(in[i] >> 4);
  }
}

void compress_message(const Poly& p, uint8_t out[32]) {
  for (int i = 0; i < 32; ++i) {
    uint32_t byte = 0;
    for (int j = 0; j < 8; ++j) byte |= uint32_t{compress_t<1>(p.c[8 * i + j])} << j;
    out[i] = static_cast<uint8_t>(byte);
  }
}

void decompress_message(const uint8_t m[32], Poly& p) {
  constexpr int16_t kHalfQ = (kQ + 1) / 2;  // round(q / 2) = 1665
  for (int i = 0; i < 32; ++i)
    for (int j = 0; j < 8; ++j) {
      const int16_t bit = static_cast<int16_t>((m[i] >> j) & 1);
      p.c[8 * i + j] = static_cast<int16_t>(-bit & kHalfQ);  // mask, no branch on m
    }
}

}  // namespace tlskit::crypto::mlkem
