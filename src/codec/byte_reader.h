// Bounds-checked reader over a byte span (TLS presentation language: big-endian, length prefixes).
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>

#include "base/bytes.h"

namespace tlskit {

// Reads big-endian integers and length-prefixed vectors from a span without ever reading past
// its end. Failure is sticky: after any short read, failed() is true and every later read
// returns zero / an empty view, so a parser may read a whole structure and check once.
class ByteReader {
 public:
  ByteReader() = default;
  explicit ByteReader(ByteView data) : data_(data) {}

  // True once any read ran past the end (or a caller called fail()).
  bool failed() const { return failed_; }
  // Marks the reader failed (e.g. a value out of range was found).
  void fail() { failed_ = true; pos_ = data_.size(); }
  // Bytes not yet read.
  size_t remaining() const { return data_.size() - pos_; }
  // True when all bytes were read and nothing failed.
  bool done() const { return !failed_ && pos_ == data_.size(); }
  bool empty() const { return pos_ == data_.size(); }
  // Offset of the next byte from the start of the span.
  size_t position() const { return pos_; }
  // The unread bytes, without consuming them.
  ByteView rest() const { return data_.subspan(pos_); }

  uint8_t u8();
  uint16_t u16();
  uint32_t u24();
  uint32_t u32();
  uint64_t u64();
  // Reads exactly n bytes; an empty view (and failed()) when fewer remain.
  ByteView bytes(size_t n);
  // Reads a vector with a 1/2/3-byte length prefix; returns its contents.
  ByteView vec8() { return bytes(u8()); }
  ByteView vec16() { return bytes(u16()); }
  ByteView vec24() { return bytes(u24()); }
  // Like vec8/16/24 but returns a reader over the contents, for nested structures.
  ByteReader sub8() { return sub(vec8()); }
  ByteReader sub16() { return sub(vec16()); }
  ByteReader sub24() { return sub(vec24()); }
  // Skips n bytes.
  void skip(size_t n) { (void)bytes(n); }

 private:
  ByteReader sub(ByteView v) const {
    ByteReader r(v);
    if (failed_) r.fail();
    return r;
  }
  bool need(size_t n) {
    if (failed_ || data_.size() - pos_ < n) {
      fail();
      return false;
    }
    return true;
  }
  ByteView data_{};
  size_t pos_ = 0;
  bool failed_ = false;
};

}  // namespace tlskit
