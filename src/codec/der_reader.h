// Strict DER (X.690 §10) reader: definite minimal lengths, low tag numbers, checked primitives.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/bytes.h"

namespace tlskit::der {

// Universal tags (class universal; 0x20 set for constructed encodings).
inline constexpr uint8_t kBoolean = 0x01;
inline constexpr uint8_t kInteger = 0x02;
inline constexpr uint8_t kBitString = 0x03;
inline constexpr uint8_t kOctetString = 0x04;
inline constexpr uint8_t kNull = 0x05;
inline constexpr uint8_t kOid = 0x06;
inline constexpr uint8_t kEnumerated = 0x0A;
inline constexpr uint8_t kUtf8String = 0x0C;
inline constexpr uint8_t kPrintableString = 0x13;
inline constexpr uint8_t kTeletexString = 0x14;
inline constexpr uint8_t kIa5String = 0x16;
inline constexpr uint8_t kUtcTime = 0x17;
inline constexpr uint8_t kGeneralizedTime = 0x18;
inline constexpr uint8_t kVisibleString = 0x1A;
inline constexpr uint8_t kUniversalString = 0x1C;
inline constexpr uint8_t kBmpString = 0x1E;
inline constexpr uint8_t kSequence = 0x30;
inline constexpr uint8_t kSet = 0x31;

// Context-specific tags [n] (primitive) and [n] (constructed), n < 31.
constexpr uint8_t context(unsigned n) { return static_cast<uint8_t>(0x80 | n); }
constexpr uint8_t context_constructed(unsigned n) { return static_cast<uint8_t>(0xA0 | n); }

// Largest element we accept (a certificate or CRL of 16 MB is already absurd).
inline constexpr size_t kMaxElementSize = 16u << 20;
// Deepest nesting a caller should follow (guards recursive parsers).
inline constexpr int kMaxDepth = 32;

// One TLV: its tag, its contents, and the whole encoding (tag + length + contents).
struct Element {
  uint8_t tag = 0;
  ByteView value;
  ByteView raw;
};

// Reads consecutive DER elements from a span. Every read returns false (and reads nothing) on
// malformed input: a multi-byte tag, an indefinite or non-minimal length, a length past the end.
// Failure is sticky: after one failed read, failed() is true and every later read fails.
class Reader {
 public:
  Reader() = default;
  explicit Reader(ByteView data) : data_(data) {}

  bool empty() const { return pos_ >= data_.size(); }
  bool failed() const { return failed_; }
  // True when everything was read without error.
  bool done() const { return !failed_ && empty(); }
  ByteView rest() const { return data_.subspan(pos_); }

  // Reads the next element, whatever its tag.
  bool next(Element& out);
  // True when the next element exists and has this tag (does not consume).
  bool peek(uint8_t tag) const;
  // Reads the next element, which must have this tag; value receives its contents.
  bool read(uint8_t tag, ByteView& value);
  // Same, keeping the whole element.
  bool read_element(uint8_t tag, Element& out);
  // Reads the element if the next one has this tag (present = true); otherwise reads nothing.
  bool read_optional(uint8_t tag, ByteView& value, bool& present);
  // Reads a constructed element with this tag and sets inner to a reader over its contents.
  bool enter(uint8_t tag, Reader& inner);
  // BOOLEAN: DER allows only 0x00 and 0xFF.
  bool read_bool(bool& v);
  // INTEGER that must be non-negative and fit in 64 bits.
  bool read_uint64(uint64_t& v);
  // INTEGER contents (two's complement, minimally encoded).
  bool read_integer(ByteView& v);
  // OBJECT IDENTIFIER contents (validated encoding).
  bool read_oid(ByteView& v);
  // Marks the reader failed (a caller found a bad value).
  void fail() { failed_ = true; }

 private:
  ByteView data_{};
  size_t pos_ = 0;
  bool failed_ = false;
};

// True when v is a minimal two's complement INTEGER encoding (non-empty, no redundant sign byte).
bool valid_integer(ByteView v);
// True when v is a non-negative INTEGER; stores its value when it fits in 64 bits.
bool integer_to_uint64(ByteView v, uint64_t& out);
// True when v is a valid OID encoding (non-empty, minimal base-128 arcs, each arc < 2^63).
bool valid_oid(ByteView v);
// Dotted decimal form of an OID ("2.5.29.19"); "<invalid OID>" when not valid.
std::string oid_to_string(ByteView v);
// Encodes a dotted OID's contents; nullopt when the text is not an OID.
std::optional<Bytes> oid_from_string(std::string_view dotted);

// A BIT STRING value.
struct BitString {
  ByteView bytes;      // the bits, most significant first
  uint8_t unused = 0;  // unused bits in the last byte (0..7)
  // Bit i (0 = most significant bit of the first byte); false past the end.
  bool bit(size_t i) const {
    if (i / 8 >= bytes.size()) return false;
    if (i / 8 == bytes.size() - 1 && (i % 8) >= 8u - unused) return false;
    return (bytes[i / 8] >> (7 - i % 8)) & 1;
  }
  size_t bit_count() const { return bytes.size() * 8 - unused; }
};
// Parses BIT STRING contents: unused < 8, zero when empty, and the unused bits zero (DER).
bool parse_bit_string(ByteView value, BitString& out);

// Parses UTCTime (YYMMDDHHMMSSZ, years 1950-2049) or GeneralizedTime (YYYYMMDDHHMMSSZ) as
// RFC 5280 §4.1.2.5 profiles them; returns Unix seconds, or nullopt when malformed.
std::optional<int64_t> parse_time(uint8_t tag, ByteView value);
// Days since 1970-01-01 of a proleptic Gregorian date.
int64_t days_from_civil(int64_t y, unsigned m, unsigned d);
// Splits Unix seconds into calendar fields (UTC).
struct CivilTime {
  int64_t year;
  unsigned month, day, hour, minute, second;
};
CivilTime civil_from_unix(int64_t t);

}  // namespace tlskit::der
