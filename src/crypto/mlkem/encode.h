// ByteEncode_d / ByteDecode_d (FIPS 203 §4.2.1, Algorithms 5 and 6) fused with Compress_d /
// Decompress_d (§4.2.1, equations 4.7 and 4.8) for the widths ML-KEM-768 uses: 12 (keys),
// d_u = 10, d_v = 4 (ciphertext) and 1 (message). Constant time: no branch or table on values.
#pragma once
#include <cstdint>

#include "crypto/mlkem/poly.h"

namespace tlskit::crypto::mlkem {

// Compress_d(x) = round(2^d x / q) mod 2^d for x in [0, q), by multiply and shift (no division).
uint16_t compress(uint16_t x, int d);
// Decompress_d(y) = round(q y / 2^d) for y in [0, 2^d).
uint16_t decompress(uint16_t y, int d);

// ByteEncode_12 of p (coefficients in [0, q)) into 384 bytes.
void encode12(const Poly& p, uint8_t out[kPolyBytes]);
// ByteDecode_12 without reduction: every coefficient in [0, 4096).
void decode12_raw(const uint8_t in[kPolyBytes], Poly& p);
// ByteDecode_12 (coefficients reduced mod q into [0, q), in constant time).
void decode12(const uint8_t in[kPolyBytes], Poly& p);
// True when every 12-bit value of the 384 bytes is below q, i.e. ByteEncode_12(ByteDecode_12(in))
// == in (the modulus check of FIPS 203 §7.2). Variable time (encapsulation keys are public).
bool decode12_is_canonical(const uint8_t in[kPolyBytes]);

// ByteEncode_du(Compress_du(p)), p in [0, q), into 320 bytes (Algorithm 14 line 22).
void compress_du(const Poly& p, uint8_t out[32 * kDu]);
// Decompress_du(ByteDecode_du(in)) (Algorithm 15 line 3).
void decompress_du(const uint8_t in[32 * kDu], Poly& p);
// ByteEncode_dv(Compress_dv(p)), p in [0, q), into 128 bytes (Algorithm 14 line 23).
void compress_dv(const Poly& p, uint8_t out[32 * kDv]);
// Decompress_dv(ByteDecode_dv(in)) (Algorithm 15 line 4).
void decompress_dv(const uint8_t in[32 * kDv], Poly& p);
// ByteEncode_1(Compress_1(p)), p in [0, q), into 32 bytes (Algorithm 15 line 7).
void compress_message(const Poly& p, uint8_t out[32]);
// Decompress_1(ByteDecode_1(m)) (Algorithm 14 line 20): bit b becomes b * round(q/2) = 1665.
void decompress_message(const uint8_t m[32], Poly& p);

}  // namespace tlskit::crypto::mlkem
