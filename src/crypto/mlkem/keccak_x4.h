// Four independent Keccak sponges advanced together (one AVX2 Keccak-f[1600] per step when
// available, four scalar permutations otherwise). Used to sample four matrix entries or four
// noise polynomials at once (FIPS 203 Algorithms 7 and 8 through SHAKE128 / SHAKE256).
#pragma once
#include <cstddef>
#include <cstdint>

namespace tlskit::crypto::mlkem {

// True when the 4-way permutation is the vectorised one (otherwise callers prefer one sponge
// at a time, which is then equally fast).
bool keccak_x4_available();

// Four sponges with the same rate; lanes interleaved: lane i of instance t is st[4 * i + t].
class KeccakX4 {
 public:
  // rate in bytes (168: SHAKE128, 136: SHAKE256); domain as in KeccakSponge.
  KeccakX4(size_t rate, uint8_t domain) : rate_(rate), domain_(domain) {}
  // Wipes the states.
  ~KeccakX4();
  KeccakX4(const KeccakX4&) = delete;
  KeccakX4& operator=(const KeccakX4&) = delete;

  // Absorbs the whole input of each instance (all of length len < rate) and pads: the state is
  // then ready for squeeze_blocks.
  void absorb_final(const uint8_t* const in[4], size_t len);
  // Writes n blocks (n * rate bytes) of each instance's output to out[t].
  void squeeze_blocks(uint8_t* const out[4], size_t n);

 private:
  alignas(32) uint64_t st_[100] = {};
  size_t rate_;
  uint8_t domain_;
  bool fresh_ = true;  // the next block to output is already in the state
};

}  // namespace tlskit::crypto::mlkem
