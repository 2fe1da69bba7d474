// Per-message syntactic size bounds for handshake messages.
#include "record/handshake_size_bounds.h"

namespace tlskit::record {

std::optional<size_t> syntactic_max_body(HandshakeType type) {
  switch (type) {
    case HandshakeType::hello_request:      // RFC 5246 §7.4.1.1: empty
    case HandshakeType::end_of_early_data:  // RFC 8446 §4.5: empty
    case HandshakeType::server_hello_done:  // RFC 5246 §7.4.5: empty
      return 0;
    case HandshakeType::client_hello:
      return kMaxClientHelloBody;
    case HandshakeType::server_hello:
      // legacy_version + random + session_id<0..32> + cipher_suite + compression +
      // extensions<6..2^16-1> (RFC 8446 §4.1.3; RFC 5246 §7.4.1.3 has the same shape).
      return 2 + 32 + (1 + 32) + 2 + 1 + (2 + 65535);
    case HandshakeType::new_session_ticket:
      // TLS 1.3 (RFC 8446 §4.6.1): lifetime + age_add + nonce<0..255> + ticket<1..2^16-1> +
      // extensions<0..2^16-2>; larger than TLS 1.2's (RFC 5077 §3.3).
      return 4 + 4 + (1 + 255) + (2 + 65535) + (2 + 65534);
    case HandshakeType::encrypted_extensions:
      return 2 + 65535;  // RFC 8446 §4.3.1: extensions<0..2^16-1>
    case HandshakeType::certificate_request:
      // TLS 1.2 (RFC 5246 §7.4.4): certificate_types<1..2^8-1> +
      // supported_signature_algorithms<2..2^16-2> + certificate_authorities<0..2^16-1>;
      // larger than TLS 1.3's context<0..255> + extensions<2..2^16-1>.
      return (1 + 255) + (2 + 65534) + (2 + 65535);
    case HandshakeType::certificate_verify:
      return 2 + (2 + 65535);  // scheme + signature<0..2^16-1> (RFC 8446 §4.4.3)
    case HandshakeType::client_key_exchange:
      return 2 + 65535;  // the largest form is opaque<1..2^16-1> (RFC 5246 §7.4.7)
    case HandshakeType::finished:
      // RFC 8446 §4.4.4: verify_data is Hash.length (at most 48 with SHA-384); RFC 5246
      // §7.4.9: 12 bytes. 64 leaves room for any hash a suite may name.
      return 64;
    case HandshakeType::key_update:
      return 1;  // RFC 8446 §4.6.3: one KeyUpdateRequest byte
    default:
      return std::nullopt;
  }
}

}  // namespace tlskit::record
