// Decodes handshake messages into named fields for people (the inspector's --msg, --trace, JSON).
#pragma once
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/iana_registry.h"

namespace tlskit {

// One decoded field: a scalar value, a list of items, or both empty with nested children.
struct DescribedField {
  std::string name;                     // stable snake_case key: "cipher_suites", "key_share"
  std::string value;                    // scalar rendering: "TLSv1.3", "0x1301", "example.com"
  std::vector<std::string> items;       // list rendering: ["TLS_AES_128_GCM_SHA256", ...]
  std::vector<DescribedField> children; // nested structure (e.g. one per extension)
};

// A decoded message.
struct DescribedMessage {
  std::string name;                     // "ClientHello", "HelloRetryRequest", "Certificate", ...
  size_t length = 0;                    // body length in bytes
  std::vector<DescribedField> fields;   // key fields in protocol order; extensions by name
  std::string parse_error;              // non-empty when the body could not be fully decoded
};

// The message's name as the RFCs write it ("CertificateRequest"; "HelloRetryRequest" for a
// ServerHello whose body carries the HRR random); nullptr for an unknown type.
const char* message_name(HandshakeType t, ByteView body = {});

// Describes one handshake message (4-byte header + body). version is the negotiated (or
// expected) version, needed where 1.2 and 1.3 bodies differ (Certificate, CertificateRequest,
// NewSessionTicket); pass tls1_3 when unknown. Never fails: a malformed message yields the
// fields decoded so far and parse_error.
DescribedMessage describe_handshake_message(ByteView message, ProtocolVersion version);

// Describes an alert record payload (2 bytes: level, description).
DescribedMessage describe_alert(ByteView payload);

}  // namespace tlskit
