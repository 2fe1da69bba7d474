// TLS 1.2 ServerKeyExchange for ECDHE (RFC 8422 §5.4, RFC 5246 §7.4.3).
#pragma once
#include <cstdint>

#include "base/bytes.h"
#include "base/result.h"
#include "codec/byte_writer.h"
#include "base/iana_registry.h"

namespace tlskit {

// ECCurveType named_curve (RFC 8422 §5.4); explicit curves are deprecated and refused.
inline constexpr uint8_t kCurveTypeNamedCurve = 3;

// ServerKeyExchange with ServerECDHParams and a digitally-signed element.
struct ServerKeyExchange {
  uint8_t curve_type = kCurveTypeNamedCurve;
  NamedGroup group{};
  ByteView public_point;     // ECPoint / X25519 key: <1..2^8-1>
  SignatureScheme scheme{};  // SignatureAndHashAlgorithm (TLS 1.2)
  ByteView signature;        // <0..2^16-1>
  // Parsed only: the ServerECDHParams bytes (curve_type .. public point) inside the body.
  ByteView params;
};

// Parses the body (Step::server_key_exchange, Party::peer): bad lengths, an empty point,
// trailing bytes -> decode_error (an empty signature parses, then fails verification);
// curve_type other than named_curve -> illegal_parameter (RFC 8422 §5.4 deprecates explicit curves).
Result<ServerKeyExchange> parse_server_key_exchange(ByteView body);

// Writes the ServerECDHParams (curve_type, group, point) for the signature computation.
void write_server_ecdh_params(const ServerKeyExchange& ske, ByteWriter& w);

// Writes the whole message (header + body).
void write_server_key_exchange(const ServerKeyExchange& ske, ByteWriter& w);

// RFC 5246 §7.4.3 / RFC 8422 §5.4: the bytes the server signs:
// ClientHello.random + ServerHello.random + ServerECDHParams.
Bytes server_key_exchange_signed_data(ByteView client_random, ByteView server_random,
                                      const ServerKeyExchange& ske);

}  // namespace tlskit
