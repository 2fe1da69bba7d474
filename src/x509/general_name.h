// GeneralName (RFC 5280 §4.2.1.6): parsing, printing, and IP address helpers.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "codec/der_reader.h"

namespace tlskit::x509 {

// The CHOICE alternatives of GeneralName, numbered as their context tags.
enum class GeneralNameType : uint8_t {
  other_name = 0,
  rfc822 = 1,
  dns = 2,
  x400 = 3,
  directory = 4,
  edi_party = 5,
  uri = 6,
  ip = 7,
  registered_id = 8,
};

// One GeneralName. value: the IA5String text for rfc822/dns/uri, the address bytes for ip
// (4 or 16; 8 or 32 with a mask inside name constraints), the whole Name element for
// directory, the OID for registered_id, the raw contents otherwise.
struct GeneralName {
  GeneralNameType type = GeneralNameType::other_name;
  ByteView value;
  std::string_view text() const {
    return {reinterpret_cast<const char*>(value.data()), value.size()};
  }
};

// Bound on the number of names in one GeneralNames (SAN lists of 1000+ exist on CDNs).
inline constexpr size_t kMaxGeneralNames = 4096;

// Parses one GeneralName element. in_constraint: IP addresses carry a mask (8 or 32 bytes).
// Returns false on malformed encodings (bad tag, IA5String with non-ASCII, wrong IP length).
bool parse_general_name(const der::Element& e, bool in_constraint, GeneralName& out);
// Parses a GeneralNames SEQUENCE element (SIZE 1..MAX). Fails with a decode_error detail.
Result<std::vector<GeneralName>> parse_general_names(ByteView seq_element);
// Parses the contents of a GeneralNames SEQUENCE (the elements, without the outer tag).
Result<std::vector<GeneralName>> parse_general_names_contents(ByteView contents);

// OpenSSL-style text: "DNS:example.com", "IP Address:192.0.2.1", "email:a@b", "URI:...",
// "DirName:C = US, CN = x", "othername: <unsupported>".
std::string general_name_to_string(const GeneralName& n);
// Dotted IPv4 or RFC 5952 IPv6 text of 4 or 16 address bytes ("<invalid>" otherwise).
std::string ip_to_string(ByteView addr);
// Parses an IPv4 dotted quad or an IPv6 address (no zone, no brackets) into 4 or 16 bytes;
// nullopt when the text is not an IP address literal.
std::optional<Bytes> parse_ip_address(std::string_view text);

}  // namespace tlskit::x509
