// ML-KEM-768 parameters (FIPS 203 §8, Table 2) and the derived byte lengths (Table 3).
#pragma once
#include <cstddef>
#include <cstdint>

namespace tlskit::crypto::mlkem {

inline constexpr int kN = 256;             // polynomial degree n
inline constexpr int16_t kQ = 3329;        // modulus q
inline constexpr int kK = 3;               // module rank k
inline constexpr int kEta1 = 2;            // eta_1
inline constexpr int kEta2 = 2;            // eta_2
inline constexpr int kDu = 10;             // d_u
inline constexpr int kDv = 4;              // d_v

inline constexpr size_t kPolyBytes = 384;                         // ByteEncode_12 of one polynomial
inline constexpr size_t kPolyVecBytes = kK * kPolyBytes;          // 1152
inline constexpr size_t kPkeEkBytes = kPolyVecBytes + 32;         // 1184 = 384k + 32
inline constexpr size_t kPkeDkBytes = kPolyVecBytes;              // 1152 = 384k
inline constexpr size_t kC1Bytes = kK * 32 * kDu;                 // 960 = 32 d_u k
inline constexpr size_t kC2Bytes = 32 * kDv;                      // 128 = 32 d_v
inline constexpr size_t kCtBytes = kC1Bytes + kC2Bytes;           // 1088
inline constexpr size_t kDkBytes = kPkeDkBytes + kPkeEkBytes + 64;  // 2400 = 768k + 96

}  // namespace tlskit::crypto::mlkem
