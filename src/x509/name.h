// X.501 distinguished names: parsing, RFC 5280 §7.1 comparison, and OpenSSL one-line printing.
#pragma once
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"

namespace tlskit::x509 {

// Bounds on what we accept in one name (real names have < 20 attributes).
inline constexpr size_t kMaxRdns = 64;
inline constexpr size_t kMaxAttributesPerRdn = 16;

// One AttributeTypeAndValue.
struct Attribute {
  ByteView type;    // OID contents
  uint8_t tag = 0;  // the value's DER tag (PrintableString, UTF8String, ...)
  ByteView value;   // the value's contents
  ByteView raw;     // the whole value element (for "#hex" printing of non-strings)
};

// A parsed Name. Views point into the DER the name was parsed from (the certificate keeps it).
struct Name {
  ByteView der;                              // the whole SEQUENCE element
  std::vector<std::vector<Attribute>> rdns;  // RDNSequence in encoded order
  // RFC 5280 §7.1 comparison form: one canonical string per RDN (case-folded, whitespace
  // collapsed, converted to UTF-8, attributes sorted), and their concatenation.
  std::vector<std::string> norm_rdns;
  std::string norm;

  bool empty() const { return rdns.empty(); }
  // True when both names match per RFC 5280 §7.1 (normalized comparison).
  bool matches(const Name& o) const { return norm == o.norm; }
  // True when this name has every RDN of prefix as its leading RDNs (directoryName
  // constraints, RFC 5280 §4.2.1.10).
  bool has_prefix(const Name& prefix) const;
  // OpenSSL one-line style: "C = US, O = Let's Encrypt, CN = R3".
  std::string oneline() const;
  // Values of every attribute of this type, converted to UTF-8 (e.g. all CNs).
  std::vector<std::string> values_of(ByteView type_oid) const;
};

// Parses a Name from its whole DER element (tag SEQUENCE). Fails with decode_error naming
// what is malformed (bad SET, empty RDN, bad string encoding, too many attributes).
Result<Name> parse_name(ByteView der);

// Converts a directory string value to UTF-8 (BMPString and UniversalString are decoded,
// TeletexString is read as Latin-1). Returns false when the encoding is invalid.
bool directory_string_to_utf8(uint8_t tag, ByteView value, std::string& out);

}  // namespace tlskit::x509
