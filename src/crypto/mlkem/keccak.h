// Keccak-f[1600] and the FIPS 202 functions ML-KEM needs: SHA3-256, SHA3-512 (one-shot) and
// SHAKE128 / SHAKE256 (incremental absorb, then squeeze in bytes or whole blocks).
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

namespace tlskit::crypto::mlkem {

// Keccak-f[1600] (FIPS 202 §3.3 with 24 rounds) on 25 little-endian lanes, index x + 5y.
void keccak_f1600(uint64_t state[25]);

// A Keccak sponge (FIPS 202 §4) with capacity 1600 - 8 * rate bits and a domain suffix
// already merged with the first pad10*1 bit (0x06 for SHA-3, 0x1F for SHAKE).
class KeccakSponge {
 public:
  // rate: bytes per block (136 for SHA3-256 / SHAKE256, 168 for SHAKE128, 72 for SHA3-512).
  KeccakSponge(size_t rate, uint8_t domain) : rate_(rate), domain_(domain) {}
  // Wipes the state (it may hold secret input).
  ~KeccakSponge();
  KeccakSponge(const KeccakSponge&) = delete;
  KeccakSponge& operator=(const KeccakSponge&) = delete;

  // Absorbs more input; only before the first squeeze.
  void absorb(std::span<const uint8_t> in);
  // Writes the next out.size() output bytes (pads and switches to squeezing on first use).
  void squeeze(std::span<uint8_t> out);
  // Writes n whole blocks (n * rate bytes); only when squeezing is block aligned, i.e. before any
  // squeeze() of a partial block. Faster than squeeze() for bulk output.
  void squeeze_blocks(uint8_t* out, size_t n);
  // Block size in bytes.
  size_t rate() const { return rate_; }

 private:
  void pad();  // FIPS 202 §5.1 pad10*1 with the domain suffix, then switch to squeezing

  uint64_t st_[25] = {};
  size_t rate_;
  size_t pos_ = 0;  // byte offset inside the current block
  uint8_t domain_;
  bool squeezing_ = false;
};

// SHAKE128 (FIPS 202 §6.2): rate 168 bytes.
class Shake128 : public KeccakSponge {
 public:
  static constexpr size_t kRate = 168;
  Shake128() : KeccakSponge(kRate, 0x1F) {}
};

// SHAKE256 (FIPS 202 §6.2): rate 136 bytes.
class Shake256 : public KeccakSponge {
 public:
  static constexpr size_t kRate = 136;
  Shake256() : KeccakSponge(kRate, 0x1F) {}
};

// SHA3-256 (FIPS 202 §6.1) of the concatenation a || b.
void sha3_256(std::span<const uint8_t> a, std::span<const uint8_t> b, std::span<uint8_t, 32> out);
// SHA3-512 (FIPS 202 §6.1) of the concatenation a || b.
void sha3_512(std::span<const uint8_t> a, std::span<const uint8_t> b, std::span<uint8_t, 64> out);
// SHAKE256 (FIPS 202 §6.2) of a || b, out.size() bytes.
void shake256(std::span<const uint8_t> a, std::span<const uint8_t> b, std::span<uint8_t> out);

}  // namespace tlskit::crypto::mlkem
