/// @file
/// Clock interface, injectable so certificate checks, tickets and traces are reproducible.
#pragma once
#include <cstdint>

#include "tlskit/export.h"

namespace tlskit {

/// Wall-clock and monotonic time.
class TLSKIT_API Clock {
 public:
  virtual ~Clock() = default;
  /// Seconds since the Unix epoch (UTC), for certificate validity and ticket lifetimes.
  virtual int64_t unix_seconds() const = 0;
  /// Monotonic microseconds from an arbitrary origin, for timing handshake steps.
  virtual int64_t monotonic_micros() const = 0;
  /// Milliseconds since the Unix epoch, for TLS 1.3 ticket ages (RFC 8446 §4.2.11.1, §8.3);
  /// by default unix_seconds() * 1000.
  virtual int64_t unix_millis() const { return unix_seconds() * 1000; }
};

/// The real system clock.
class TLSKIT_API SystemClock final : public Clock {
 public:
  int64_t unix_seconds() const override;
  int64_t monotonic_micros() const override;
  int64_t unix_millis() const override;  ///< the system clock in milliseconds
  /// Returns a process-wide instance.
  static const SystemClock& instance();
};

/// A clock that returns fixed values until advanced; for tests and golden outputs.
class TLSKIT_API FixedClock final : public Clock {
 public:
  FixedClock(int64_t unix_seconds, int64_t micros = 0) : secs_(unix_seconds), micros_(micros) {}  ///< starts at these times
  int64_t unix_seconds() const override { return secs_; }
  int64_t monotonic_micros() const override { return micros_; }
  /// Moves both clocks forward.
  void advance_micros(int64_t us) { micros_ += us; secs_ += (micros_ / 1000000) - ((micros_ - us) / 1000000); }
  void set_unix_seconds(int64_t s) { secs_ = s; }  ///< sets the wall clock alone

 private:
  int64_t secs_;
  int64_t micros_;
};

}  // namespace tlskit
