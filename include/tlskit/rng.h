/// @file
/// Random number source interface, injectable so tests and known-answer traces are deterministic.
#pragma once
#include <cstdint>
#include <span>

#include "tlskit/export.h"

namespace tlskit {

/// A source of random bytes. Implementations must be usable from one thread at a time.
class TLSKIT_API Rng {
 public:
  virtual ~Rng() = default;
  /// Fills out with random bytes; never fails (a failing system RNG aborts the process).
  virtual void fill(std::span<uint8_t> out) = 0;
};

/// A deterministic generator for tests: bytes are drawn from a seeded splitmix64 stream.
class TLSKIT_API DeterministicRng final : public Rng {
 public:
  explicit DeterministicRng(uint64_t seed) : state_(seed ? seed : 0x9e3779b97f4a7c15ULL) {}  ///< a stream from seed (0 picks a fixed nonzero seed)
  /// Fills out with the next bytes of the seeded stream (splitmix64; not for production).
  void fill(std::span<uint8_t> out) override;

 private:
  uint64_t state_;
};

}  // namespace tlskit
