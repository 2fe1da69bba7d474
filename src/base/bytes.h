// Internal byte containers: zeroizing secrets, wire buffers, constant-time compare. The public
// ones (Bytes, ByteView, hex) are in tlskit/bytes.h.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>
#include <memory>

#include "base/result.h"
#include "tlskit/bytes.h"

namespace tlskit {

// An allocator whose construct() leaves new bytes uninitialised, so growing a buffer that is
// about to be overwritten (a sealed record, decrypted data) does not zero it first.
template <class T>
struct DefaultInitAllocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = DefaultInitAllocator<U>;
  };
  using std::allocator<T>::allocator;
  // Default-initialises (for bytes: leaves alone) instead of value-initialising.
  template <class U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  // Every other construction as std::allocator does it.
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

// Record-layer byte buffers (output records, decrypted application data): like Bytes, but
// resize() does not zero the new bytes.
using WireBuffer = std::vector<uint8_t, DefaultInitAllocator<uint8_t>>;

// Overwrites memory with zeros in a way the compiler may not elide.
void secure_zero(void* p, size_t n);

// Returns true when a and b have equal length and contents; time depends only on the length.
bool constant_time_equal(ByteView a, ByteView b);

// Owned secret bytes (keys, secrets, pre-master values) that are zeroed when freed or resized.
class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(size_t n) : v_(n) {}
  explicit SecretBytes(ByteView b) : v_(b.begin(), b.end()) {}
  SecretBytes(const SecretBytes& o) : v_(o.v_) {}
  SecretBytes(SecretBytes&& o) noexcept : v_(std::move(o.v_)) {}
  SecretBytes& operator=(const SecretBytes& o) {
    if (this != &o) { wipe(); v_ = o.v_; }
    return *this;
  }
  SecretBytes& operator=(SecretBytes&& o) noexcept {
    if (this != &o) { wipe(); v_ = std::move(o.v_); }
    return *this;
  }
  ~SecretBytes() { wipe(); }

  uint8_t* data() { return v_.data(); }
  const uint8_t* data() const { return v_.data(); }
  size_t size() const { return v_.size(); }
  bool empty() const { return v_.empty(); }
  // Resizes; zeroes the old contents first when shrinking or reallocating.
  void resize(size_t n);
  ByteView view() const { return {v_.data(), v_.size()}; }
  MutableByteView mutable_view() { return {v_.data(), v_.size()}; }
  operator ByteView() const { return view(); }
  uint8_t& operator[](size_t i) { return v_[i]; }
  const uint8_t& operator[](size_t i) const { return v_[i]; }

 private:
  void wipe() { if (!v_.empty()) secure_zero(v_.data(), v_.size()); v_.clear(); }
  std::vector<uint8_t> v_;
};

}  // namespace tlskit
