// ML-KEM-768 (src/crypto/mlkem/): every case of the four Wycheproof ML-KEM-768 files, through
// both the portable and (when the CPU has it) the AVX2 code; round trips, implicit rejection,
// the input checks of FIPS 203 §7.2 / §7.3, determinism, and the field arithmetic exhaustively.
#include <gtest/gtest.h>

#include <random>

#include "crypto/mlkem/cpu.h"
#include "crypto/mlkem/encode.h"
#include "crypto/mlkem/field.h"
#include "crypto/mlkem/keccak.h"
#include "crypto/mlkem/mlkem768.h"
#include "crypto/mlkem/poly.h"
#include "crypto_test_util.h"

namespace tlskit::crypto {
namespace {

namespace kem = mlkem768;
using testutil::jhex;
using testutil::Tally;

using Ek = std::array<uint8_t, kem::kEncapsulationKeySize>;
using Dk = std::array<uint8_t, kem::kDecapsulationKeySize>;
using Ct = std::array<uint8_t, kem::kCiphertextSize>;
using Key = std::array<uint8_t, kem::kSharedSecretSize>;

Bytes bytes(ByteView v) { return Bytes(v.begin(), v.end()); }

// Runs f once on the portable code and once on the AVX2 code (when available); restores the
// automatic choice afterwards.
template <class F>
void for_each_impl(F f) {
  mlkem::force_portable(true);
  f("portable");
  mlkem::force_portable(false);
  if (mlkem::use_avx2()) f("avx2");
}

struct KeyPair {
  Ek ek;
  Dk dk;
};

KeyPair keygen(ByteView seed) {
  KeyPair kp;
  kem::keygen_from_seed(std::span<const uint8_t, kem::kSeedSize>(seed.data(), kem::kSeedSize), kp.ek, kp.dk);
  return kp;
}

Key decaps(ByteView dk, ByteView ct) {
  Key k;
  kem::decapsulate(std::span<const uint8_t, kem::kDecapsulationKeySize>(dk.data(), dk.size()),
                   std::span<const uint8_t, kem::kCiphertextSize>(ct.data(), ct.size()), k);
  return k;
}

// J(z || c) of FIPS 203 Algorithm 18 line 7: the implicit-rejection key.
Key rejection_key(const Dk& dk, ByteView ct) {
  Key k;
  mlkem::shake256(ByteView(dk).subspan(kem::kDecapsulationKeySize - 32), ct, k);
  return k;
}

std::vector<uint8_t> random_bytes(std::mt19937_64& rng, size_t n) {
  std::vector<uint8_t> b(n);
  for (auto& x : b) x = static_cast<uint8_t>(rng());
  return b;
}

TEST(MlKem768Wycheproof, KeygenSeed) {
  Tally t;
  auto doc = testutil::load_wycheproof("mlkem_768_keygen_seed_test.json");
  for (const auto& g : doc["testGroups"])
    for (const auto& c : g["tests"]) {
      const Bytes seed = jhex(c["seed"]), ek = jhex(c["ek"]), dk = jhex(c["dk"]);
      bool ok = c["result"] == "valid" && seed.size() == kem::kSeedSize;
      for_each_impl([&](const char* impl) {
        if (!ok) return;
        KeyPair kp = keygen(seed);
        if (bytes(kp.ek) != ek || bytes(kp.dk) != dk) {
          ok = false;
          ADD_FAILURE() << "tc " << c["tcId"] << " (" << impl << "): keys differ";
        }
      });
      ok ? ++t.passed : ++t.failed;
    }
  t.print("mlkem_768_keygen_seed_test.json");
  EXPECT_EQ(t.failed, 0);
  EXPECT_EQ(t.passed, 100);
}

TEST(MlKem768Wycheproof, Encaps) {
  Tally t;
  int modulus_overflow = 0;
  auto doc = testutil::load_wycheproof("mlkem_768_encaps_test.json");
  for (const auto& g : doc["testGroups"])
    for (const auto& c : g["tests"]) {
      const Bytes ek = jhex(c["ek"]), m = jhex(c["m"]), ct = jhex(c["c"]), k = jhex(c["K"]);
      const bool valid = c["result"] == "valid";
      for (const auto& f : c["flags"])
        if (f == "ModulusOverflow") ++modulus_overflow;
      bool ok = true;
      if (kem::check_encapsulation_key(ek) != valid) {
        ok = false;
        ADD_FAILURE() << "tc " << c["tcId"] << " (" << c.value("comment", "") << "): check gave " << !valid;
      } else if (valid) {
        ASSERT_EQ(m.size(), kem::kMessageSize);
        for_each_impl([&](const char* impl) {
          Ct out_ct;
          Key out_k;
          kem::encapsulate(std::span<const uint8_t, kem::kEncapsulationKeySize>(ek.data(), ek.size()),
                           std::span<const uint8_t, kem::kMessageSize>(m.data(), m.size()), out_ct, out_k);
          if (bytes(out_ct) != ct || bytes(out_k) != k) {
            ok = false;
            ADD_FAILURE() << "tc " << c["tcId"] << " (" << impl << "): ciphertext or key differs";
          }
        });
      }
      ok ? ++t.passed : ++t.failed;
    }
  t.print("mlkem_768_encaps_test.json");
  EXPECT_EQ(t.failed, 0);
  EXPECT_EQ(t.passed, 265);
  EXPECT_EQ(modulus_overflow, 12);
}

// seed, c -> ek, K: keygen from the seed, then decapsulate. The invalid cases have a seed or a
// ciphertext of the wrong length, which the type checks reject.
TEST(MlKem768Wycheproof, KeygenThenDecaps) {
  Tally t;
  int strcmp_cases = 0, invalid = 0;
  auto doc = testutil::load_wycheproof("mlkem_768_test.json");
  for (const auto& g : doc["testGroups"])
    for (const auto& c : g["tests"]) {
      const Bytes seed = jhex(c["seed"]), ct = jhex(c["c"]), k = jhex(c["K"]);
      const bool valid = c["result"] == "valid";
      for (const auto& f : c["flags"])
        if (f == "Strcmp") ++strcmp_cases;
      const bool accepted = seed.size() == kem::kSeedSize && kem::check_ciphertext(ct);
      bool ok = accepted == valid;
      if (!ok) ADD_FAILURE() << "tc " << c["tcId"] << " (" << c.value("comment", "") << "): type checks gave " << accepted;
      if (!valid) ++invalid;
      if (ok && valid) {
        const Bytes ek = jhex(c["ek"]);
        for_each_impl([&](const char* impl) {
          KeyPair kp = keygen(seed);
          EXPECT_TRUE(kem::check_decapsulation_key(kp.dk));
          if (bytes(kp.ek) != ek || bytes(decaps(kp.dk, ct)) != k) {
            ok = false;
            ADD_FAILURE() << "tc " << c["tcId"] << " (" << impl << "): ek or K differs";
          }
        });
      }
      ok ? ++t.passed : ++t.failed;
    }
  t.print("mlkem_768_test.json");
  std::printf("    of which %d invalid (wrong seed or ciphertext length) were rejected\n", invalid);
  EXPECT_EQ(t.failed, 0);
  EXPECT_EQ(t.passed, 193);
  EXPECT_EQ(strcmp_cases, 1);
  EXPECT_EQ(invalid, 40);
}

// dk (2400 bytes), c -> K; invalid: wrong dk or ct length, or a dk failing the hash check.
TEST(MlKem768Wycheproof, SemiExpandedDecaps) {
  Tally t;
  auto doc = testutil::load_wycheproof("mlkem_768_semi_expanded_decaps_test.json");
  for (const auto& g : doc["testGroups"])
    for (const auto& c : g["tests"]) {
      const Bytes dk = jhex(c["dk"]), ct = jhex(c["c"]), k = testutil::hex(c.value("K", ""));
      const bool valid = c["result"] == "valid";
      const bool accepted = kem::check_decapsulation_key(dk) && kem::check_ciphertext(ct);
      bool ok = accepted == valid;
      if (!ok) ADD_FAILURE() << "tc " << c["tcId"] << " (" << c.value("comment", "") << "): checks gave " << accepted;
      if (ok && valid) {
        for_each_impl([&](const char* impl) {
          if (bytes(decaps(dk, ct)) != k) {
            ok = false;
            ADD_FAILURE() << "tc " << c["tcId"] << " (" << impl << "): K differs";
          }
        });
      }
      ok ? ++t.passed : ++t.failed;
    }
  t.print("mlkem_768_semi_expanded_decaps_test.json");
  EXPECT_EQ(t.failed, 0);
  EXPECT_EQ(t.passed, 9);
}

TEST(MlKem768, RandomRoundTrips) {
  std::mt19937_64 rng(1);
  for (int n = 0; n < 40; ++n) {
    const Bytes seed = random_bytes(rng, kem::kSeedSize), m = random_bytes(rng, kem::kMessageSize);
    for_each_impl([&](const char* impl) {
      KeyPair kp = keygen(seed);
      ASSERT_TRUE(kem::check_encapsulation_key(kp.ek));
      ASSERT_TRUE(kem::check_decapsulation_key(kp.dk));
      Ct ct;
      Key k;
      kem::encapsulate(kp.ek, std::span<const uint8_t, kem::kMessageSize>(m.data(), m.size()), ct, k);
      EXPECT_EQ(decaps(kp.dk, ct), k) << impl << " round " << n;
      EXPECT_NE(rejection_key(kp.dk, ct), k);
    });
  }
}

TEST(MlKem768, ImplicitRejectionOnEveryKindOfBitFlip) {
  std::mt19937_64 rng(2);
  const Bytes seed = random_bytes(rng, kem::kSeedSize), m = random_bytes(rng, kem::kMessageSize);
  KeyPair kp = keygen(seed);
  Ct ct;
  Key k;
  kem::encapsulate(kp.ek, std::span<const uint8_t, kem::kMessageSize>(m.data(), m.size()), ct, k);
  // Positions in c1 (first, middle, last byte) and c2 (first, last), and random ones.
  std::vector<size_t> positions = {0, 480, 959, 960, 1087};
  for (int i = 0; i < 20; ++i) positions.push_back(rng() % kem::kCiphertextSize);
  for (size_t pos : positions)
    for (int bit : {0, 7}) {
      Ct bad = ct;
      bad[pos] ^= static_cast<uint8_t>(1u << bit);
      for_each_impl([&](const char* impl) {
        const Key got = decaps(kp.dk, bad);
        EXPECT_EQ(got, rejection_key(kp.dk, bad)) << impl << " byte " << pos << " bit " << bit;
        EXPECT_NE(got, k);
      });
    }
}

TEST(MlKem768, ModulusCheckRejectsEveryOverflowingValue) {
  std::mt19937_64 rng(3);
  KeyPair kp = keygen(random_bytes(rng, kem::kSeedSize));
  ASSERT_TRUE(kem::check_encapsulation_key(kp.ek));
  // Coefficient indices (polynomial, coefficient): even and odd coefficients (the 12-bit values
  // sit differently in their 3 bytes) in each of the three polynomials.
  const std::pair<int, int> spots[] = {{0, 0}, {0, 255}, {1, 1}, {1, 128}, {2, 77}, {2, 254}};
  for (auto [poly, coef] : spots) {
    for (int v = 3328; v < 4096; ++v) {
      Ek ek = kp.ek;
      uint8_t* p = ek.data() + 384 * poly + 3 * (coef / 2);
      if (coef % 2 == 0) {
        p[0] = static_cast<uint8_t>(v);
        p[1] = static_cast<uint8_t>((p[1] & 0xF0) | (v >> 8));
      } else {
        p[1] = static_cast<uint8_t>((p[1] & 0x0F) | ((v & 0x0F) << 4));
        p[2] = static_cast<uint8_t>(v >> 4);
      }
      EXPECT_EQ(kem::check_encapsulation_key(ek), v < 3329) << "poly " << poly << " coef " << coef << " value " << v;
    }
  }
  // The rho part is never checked; lengths are.
  Ek ek = kp.ek;
  ek[kem::kEncapsulationKeySize - 1] ^= 0xFF;
  EXPECT_TRUE(kem::check_encapsulation_key(ek));
  EXPECT_FALSE(kem::check_encapsulation_key(ByteView(kp.ek).first(kem::kEncapsulationKeySize - 1)));
  Bytes longer = bytes(kp.ek);
  longer.push_back(0);
  EXPECT_FALSE(kem::check_encapsulation_key(longer));
}

TEST(MlKem768, DecapsulationKeyChecks) {
  std::mt19937_64 rng(4);
  KeyPair kp = keygen(random_bytes(rng, kem::kSeedSize));
  EXPECT_TRUE(kem::check_decapsulation_key(kp.dk));
  // Any change in the embedded ek or in H(ek) fails the hash check; dk_PKE and z are not covered.
  for (size_t pos : {size_t{1152}, size_t{1700}, size_t{2335}, size_t{2336}, size_t{2367}})
    EXPECT_FALSE(kem::check_decapsulation_key(testutil::flipped(kp.dk, pos))) << pos;
  EXPECT_TRUE(kem::check_decapsulation_key(testutil::flipped(kp.dk, 0)));
  EXPECT_TRUE(kem::check_decapsulation_key(testutil::flipped(kp.dk, 2399)));
  EXPECT_FALSE(kem::check_decapsulation_key(ByteView(kp.dk).first(2399)));
  EXPECT_FALSE(kem::check_ciphertext(Bytes(1087)));
  EXPECT_FALSE(kem::check_ciphertext(Bytes(1089)));
  EXPECT_TRUE(kem::check_ciphertext(Bytes(1088)));
}

TEST(MlKem768, DeterministicAndSameOnBothPaths) {
  std::mt19937_64 rng(5);
  const Bytes seed = random_bytes(rng, kem::kSeedSize), m = random_bytes(rng, kem::kMessageSize);
  std::vector<Bytes> outputs;
  for (int rep = 0; rep < 2; ++rep)
    for_each_impl([&](const char*) {
      KeyPair kp = keygen(seed);
      Ct ct;
      Key k;
      kem::encapsulate(kp.ek, std::span<const uint8_t, kem::kMessageSize>(m.data(), m.size()), ct, k);
      const Key k2 = decaps(kp.dk, ct);
      Bytes all = bytes(kp.ek);
      for (ByteView part : {ByteView(kp.dk), ByteView(ct), ByteView(k), ByteView(k2)})
        all.insert(all.end(), part.begin(), part.end());
      outputs.push_back(all);
    });
  ASSERT_GE(outputs.size(), 2u);
  for (const Bytes& o : outputs) EXPECT_EQ(o, outputs[0]);
}

TEST(MlKemField, BarrettAndMontgomeryExhaustive) {
  using namespace mlkem;
  for (int a = -32768; a < 32768; ++a) {
    const int r = barrett_reduce(static_cast<int16_t>(a));
    ASSERT_TRUE(r > -kQ / 2 - 1 && r <= kQ / 2 + 1) << a;
    ASSERT_EQ(((r - a) % kQ + kQ) % kQ, 0) << a;
    const int u = to_unsigned(static_cast<int16_t>(a % kQ));
    ASSERT_TRUE(u >= 0 && u < kQ);
  }
  // mont_reduce(a) * 2^16 == a mod q, |result| < q, over the allowed range |a| < q 2^15.
  std::mt19937_64 rng(6);
  for (int n = 0; n < 200000; ++n) {
    const int32_t a = static_cast<int32_t>(rng() % (2 * int64_t{kQ} * 32768 - 1)) - (kQ * 32768 - 1);
    const int r = mont_reduce(a);
    ASSERT_TRUE(r > -kQ && r < kQ);
    ASSERT_EQ(((int64_t{r} * 65536 - a) % kQ + kQ) % kQ, 0) << a;
  }
}

TEST(MlKemField, CompressMatchesExactRounding) {
  using namespace mlkem;
  for (int d : {1, 4, 5, 10, 11}) {
    for (int x = 0; x < kQ; ++x) {
      // round(2^d x / q) mod 2^d, with an exact rational comparison.
      const int64_t num = (int64_t{x} << d), fl = num / kQ;
      const int64_t rounded = (2 * (num - fl * kQ) >= kQ) ? fl + 1 : fl;
      ASSERT_EQ(compress(static_cast<uint16_t>(x), d), rounded % (1 << d)) << "d " << d << " x " << x;
    }
    for (int y = 0; y < (1 << d); ++y) {
      const int64_t num = int64_t{y} * kQ, fl = num >> d;
      const int64_t rounded = (2 * (num - (fl << d)) >= (1 << d)) ? fl + 1 : fl;
      ASSERT_EQ(decompress(static_cast<uint16_t>(y), d), rounded) << "d " << d << " y " << y;
    }
  }
}

// NTT -> MultiplyNTTs -> NTT^-1 equals schoolbook multiplication in Z_q[X]/(X^256 + 1).
TEST(MlKemField, NttProductMatchesSchoolbook) {
  using namespace mlkem;
  std::mt19937_64 rng(7);
  for (int n = 0; n < 20; ++n) {
    Poly a, b;
    for (int i = 0; i < kN; ++i) {
      a.c[i] = static_cast<int16_t>(rng() % kQ);
      b.c[i] = static_cast<int16_t>(static_cast<int>(rng() % kQ) - kQ / 2);
    }
    int64_t expect[kN] = {};
    for (int i = 0; i < kN; ++i)
      for (int j = 0; j < kN; ++j) {
        const int64_t p = int64_t{a.c[i]} * b.c[j];
        if (i + j < kN) expect[i + j] += p;
        else expect[i + j - kN] -= p;
      }
    ntt(a);
    ntt(b);
    PolyMulCache cache;
    make_mul_cache(b, cache);
    PolyAcc acc;
    basemul_set(acc, a, b, cache);
    Poly r;
    reduce_acc(acc, r);
    inv_ntt(r);
    poly_canonical(r);
    for (int i = 0; i < kN; ++i) ASSERT_EQ(r.c[i], ((expect[i] % kQ) + kQ) % kQ) << i;
  }
}

}  // namespace
}  // namespace tlskit::crypto
