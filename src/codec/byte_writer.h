// Appending writer with length prefixes that are filled in when their scope closes.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "base/bytes.h"

namespace tlskit {

// Appends big-endian integers and byte strings to a caller-owned buffer (reuse its capacity to
// avoid allocation). Length-prefixed vectors are opened with open8/16/24 and closed with close();
// a body longer than its prefix can express makes the writer failed() (checked in release too).
class ByteWriter {
 public:
  // Handle to an open length prefix.
  struct Prefix {
    size_t at;     // offset of the prefix bytes
    uint8_t width; // 1, 2 or 3
  };

  explicit ByteWriter(Bytes& out) : out_(out) {}

  // True once a length overflowed its prefix or a prefix was closed out of order.
  bool failed() const { return failed_; }
  // Bytes written so far into the underlying buffer (including anything before this writer).
  size_t size() const { return out_.size(); }
  Bytes& buffer() { return out_; }

  void u8(uint8_t v) { out_.push_back(v); }
  void u16(uint16_t v);
  void u24(uint32_t v);
  void u32(uint32_t v);
  void u64(uint64_t v);
  void bytes(ByteView b) { out_.insert(out_.end(), b.begin(), b.end()); }
  void bytes(std::string_view s) { bytes(as_bytes(s)); }
  // Appends n zero bytes and returns the offset of the first.
  size_t zeros(size_t n);

  // Opens a length-prefixed vector whose length is written by close().
  Prefix open8() { return open(1); }
  Prefix open16() { return open(2); }
  Prefix open24() { return open(3); }
  // Closes the most recently opened prefix, writing the body length into it.
  void close(Prefix p);
  // Writes a whole vector with a 1/2/3-byte length prefix.
  void vec8(ByteView b) { auto p = open8(); bytes(b); close(p); }
  void vec16(ByteView b) { auto p = open16(); bytes(b); close(p); }
  void vec24(ByteView b) { auto p = open24(); bytes(b); close(p); }

 private:
  Prefix open(uint8_t width);
  Bytes& out_;
  size_t open_count_ = 0;
  bool failed_ = false;
};

}  // namespace tlskit
