// libFuzzer target: ML-KEM-768 (src/crypto/mlkem/). The input gives a seed, a message and a
// patch. Keys generated from the seed must pass the input checks and round trip; the patch then
// corrupts the encapsulation key, the ciphertext or the decapsulation key (or, raw, is checked as
// each of them): whatever passes the checks must encapsulate / decapsulate without a crash, and a
// changed ciphertext must give the implicit-rejection key J(z || c). Every result is compared
// between the portable and the AVX2 code. Any mismatch traps.
//
// Layout: seed[64] | flags[1] | m[32] | offset[2] (little endian) | patch bytes (XORed in at
// offset, wrapping). Shorter inputs are zero-padded. flags & 3: 0 = ek, 1 = ct, 2 = dk,
// 3 = the patch bytes themselves as ek, dk and ct of arbitrary length.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "crypto/mlkem/cpu.h"
#include "crypto/mlkem/keccak.h"
#include "crypto/mlkem/mlkem768.h"

namespace {

namespace kem = tlskit::crypto::mlkem768;
using Ek = std::array<uint8_t, kem::kEncapsulationKeySize>;
using Dk = std::array<uint8_t, kem::kDecapsulationKeySize>;
using Ct = std::array<uint8_t, kem::kCiphertextSize>;
using Key = std::array<uint8_t, kem::kSharedSecretSize>;

void check(bool ok) {
  if (!ok) __builtin_trap();
}

// Runs f with the portable code and with the AVX2 code (when present); both results must agree.
template <class R, class F>
R both_paths(F f) {
  tlskit::crypto::mlkem::force_portable(true);
  R portable = f();
  tlskit::crypto::mlkem::force_portable(false);
  R fast = f();
  check(portable == fast);
  return fast;
}

template <size_t N>
void apply_patch(std::array<uint8_t, N>& target, size_t offset, const uint8_t* patch, size_t n) {
  for (size_t i = 0; i < n; ++i) target[(offset + i) % N] ^= patch[i];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  constexpr size_t kHeader = 64 + 1 + 32 + 2;
  uint8_t head[kHeader] = {};
  std::memcpy(head, data, size < kHeader ? size : kHeader);
  const uint8_t* patch = size > kHeader ? data + kHeader : nullptr;
  const size_t patch_len = size > kHeader ? size - kHeader : 0;
  const std::span<const uint8_t, 64> seed(head, 64);
  const uint8_t flags = head[64];
  const std::span<const uint8_t, 32> m(head + 65, 32);
  const size_t offset = head[97] | (size_t{head[98]} << 8);

  // Seeded keys: valid, and encapsulation / decapsulation agree.
  struct Keys {
    Ek ek;
    Dk dk;
    bool operator==(const Keys&) const = default;
  };
  const Keys keys = both_paths<Keys>([&] {
    Keys k;
    kem::keygen_from_seed(seed, k.ek, k.dk);
    return k;
  });
  check(kem::check_encapsulation_key(keys.ek));
  check(kem::check_decapsulation_key(keys.dk));
  struct Encaps {
    Ct ct;
    Key k;
    bool operator==(const Encaps&) const = default;
  };
  const Encaps enc = both_paths<Encaps>([&] {
    Encaps e;
    kem::encapsulate(keys.ek, m, e.ct, e.k);
    return e;
  });
  check(both_paths<Key>([&] {
          Key k;
          kem::decapsulate(keys.dk, enc.ct, k);
          return k;
        }) == enc.k);

  switch (flags & 3) {
    case 0: {  // a corrupted encapsulation key
      Ek ek = keys.ek;
      apply_patch(ek, offset, patch, patch_len);
      if (!kem::check_encapsulation_key(ek)) break;
      const Encaps e = both_paths<Encaps>([&] {
        Encaps r;
        kem::encapsulate(ek, m, r.ct, r.k);
        return r;
      });
      const Key k = both_paths<Key>([&] {
        Key r;
        kem::decapsulate(keys.dk, e.ct, r);
        return r;
      });
      if (ek == keys.ek) check(k == enc.k && e == enc);
      break;
    }
    case 1: {  // a corrupted ciphertext
      Ct ct = enc.ct;
      apply_patch(ct, offset, patch, patch_len);
      const Key k = both_paths<Key>([&] {
        Key r;
        kem::decapsulate(keys.dk, ct, r);
        return r;
      });
      if (ct == enc.ct) {
        check(k == enc.k);
      } else {
        Key j;  // FIPS 203 Algorithm 18 line 7: K-bar = J(z || c)
        tlskit::crypto::mlkem::shake256(std::span<const uint8_t>(keys.dk).subspan(kem::kDecapsulationKeySize - 32),
                                        ct, j);
        check(k == j);
      }
      break;
    }
    case 2: {  // a corrupted decapsulation key
      Dk dk = keys.dk;
      apply_patch(dk, offset, patch, patch_len);
      if (!kem::check_decapsulation_key(dk)) break;
      const Key k = both_paths<Key>([&] {
        Key r;
        kem::decapsulate(dk, enc.ct, r);
        return r;
      });
      if (dk == keys.dk) check(k == enc.k);
      break;
    }
    default: {  // the patch bytes as keys and ciphertext of any length
      const tlskit::ByteView raw(patch, patch_len);
      const bool ek_ok = kem::check_encapsulation_key(raw);
      const bool dk_ok = kem::check_decapsulation_key(raw);
      check(!ek_ok || raw.size() == kem::kEncapsulationKeySize);
      check(!dk_ok || raw.size() == kem::kDecapsulationKeySize);
      if (ek_ok) {
        Ct ct;
        Key k;
        kem::encapsulate(std::span<const uint8_t, kem::kEncapsulationKeySize>(patch, kem::kEncapsulationKeySize), m,
                         ct, k);
      }
      if (dk_ok) {
        Key k;
        kem::decapsulate(std::span<const uint8_t, kem::kDecapsulationKeySize>(patch, kem::kDecapsulationKeySize),
                         enc.ct, k);
      }
      if (kem::check_ciphertext(raw)) {
        Key k;
        kem::decapsulate(keys.dk, std::span<const uint8_t, kem::kCiphertextSize>(patch, kem::kCiphertextSize), k);
      }
      break;
    }
  }
  return 0;
}
