// Keccak-f[1600] (FIPS 202 §3) and the sponge construction (FIPS 202 §4) for SHA-3 and SHAKE.
#include "crypto/mlkem/keccak.h"

#include <bit>
#include <cstring>

#include "base/bytes.h"
#include "crypto/mlkem/keccak_f1600.h"

namespace tlskit::crypto::mlkem {
namespace {

// Lanes are little-endian (FIPS 202 §B.1): load / store 8 bytes as one lane.
uint64_t load_lane(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  return v;
}

void store_lane(uint8_t* p, uint64_t v) {
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  std::memcpy(p, &v, 8);
}

// XORs byte b into byte offset i of the state.
void xor_byte(uint64_t* st, size_t i, uint8_t b) { st[i / 8] ^= uint64_t{b} << (8 * (i % 8)); }

uint8_t get_byte(const uint64_t* st, size_t i) { return static_cast<uint8_t>(st[i / 8] >> (8 * (i % 8))); }

}  // namespace

void keccak_f1600(uint64_t state[25]) { detail::keccak_f1600_generic<uint64_t>(state); }

KeccakSponge::~KeccakSponge() { secure_zero(st_, sizeof st_); }

void KeccakSponge::absorb(std::span<const uint8_t> in) {
  const uint8_t* p = in.data();
  size_t n = in.size();
  // Byte-wise until lane aligned, then whole lanes, then the tail.
  while (n > 0 && pos_ % 8 != 0) {
    xor_byte(st_, pos_++, *p++);
    --n;
    if (pos_ == rate_) { keccak_f1600(st_); pos_ = 0; }
  }
  while (n >= 8) {
    st_[pos_ / 8] ^= load_lane(p);
    pos_ += 8;
    p += 8;
    n -= 8;
    if (pos_ == rate_) { keccak_f1600(st_); pos_ = 0; }
  }
  while (n > 0) {
    xor_byte(st_, pos_++, *p++);
    --n;
    if (pos_ == rate_) { keccak_f1600(st_); pos_ = 0; }
  }
}

void KeccakSponge::pad() {
  // pad10*1 (FIPS 202 Algorithm 9) after the domain bits (§6.1: 01, §6.2: 1111).
  xor_byte(st_, pos_, domain_);
  xor_byte(st_, rate_ - 1, 0x80);
  keccak_f1600(st_);
  pos_ = 0;
  squeezing_ = true;
}

void KeccakSponge::squeeze(std::span<uint8_t> out) {
  if (!squeezing_) pad();
  uint8_t* p = out.data();
  size_t n = out.size();
  while (n > 0) {
    if (pos_ == rate_) { keccak_f1600(st_); pos_ = 0; }
    if (pos_ % 8 == 0 && n >= 8) {  // whole lanes
      store_lane(p, st_[pos_ / 8]);
      pos_ += 8;
      p += 8;
      n -= 8;
    } else {
      *p++ = get_byte(st_, pos_++);
      --n;
    }
  }
}

void KeccakSponge::squeeze_blocks(uint8_t* out, size_t n) {
  if (!squeezing_) pad();
  for (size_t b = 0; b < n; ++b) {
    if (pos_ == rate_) keccak_f1600(st_);  // the previous block was fully read
    for (size_t i = 0; i < rate_ / 8; ++i) store_lane(out + 8 * i, st_[i]);
    out += rate_;
    pos_ = rate_;
  }
}

void sha3_256(std::span<const uint8_t> a, std::span<const uint8_t> b, std::span<uint8_t, 32> out) {
  KeccakSponge s(136, 0x06);
  s.absorb(a);
  s.absorb(b);
  s.squeeze(out);
}

void sha3_512(std::span<const uint8_t> a, std::span<const uint8_t> b, std::span<uint8_t, 64> out) {
  KeccakSponge s(72, 0x06);
  s.absorb(a);
  s.absorb(b);
  s.squeeze(out);
}

void shake256(std::span<const uint8_t> a, std::span<const uint8_t> b, std::span<uint8_t> out) {
  Shake256 s;
  s.absorb(a);
  s.absorb(b);
  s.squeeze(out);
}

}  // namespace tlskit::crypto::mlkem
