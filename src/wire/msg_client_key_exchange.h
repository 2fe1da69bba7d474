// TLS 1.2 ClientKeyExchange for ECDHE (RFC 8422 §5.7).
#pragma once
#include "base/bytes.h"
#include "base/result.h"
#include "codec/byte_writer.h"

namespace tlskit {

// ClientECDiffieHellmanPublic with an explicit point (implicit form is not used with ECDHE).
struct ClientKeyExchange {
  ByteView public_point;  // <1..2^8-1>
};

// Parses the body (Step::client_key_exchange): empty point (RFC 8422 §5.7: explicit form
// required for ECDHE_*), bad length or trailing bytes -> decode_error.
Result<ClientKeyExchange> parse_client_key_exchange(ByteView body);

// Writes the whole message (header + body).
void write_client_key_exchange(const ClientKeyExchange& cke, ByteWriter& w);

}  // namespace tlskit
