// renegotiation_info (RFC 5746 §3.2). We never renegotiate, so only the empty initial form is
// ever sent; the parser accepts any value so the handshake can refuse it with the right alert.
#pragma once
#include "base/bytes.h"
#include "base/result.h"
#include "codec/byte_writer.h"
#include "wire/extensions.h"

namespace tlskit {

// RenegotiationInfo: opaque renegotiated_connection<0..255>.
struct RenegotiationInfo {
  Bytes renegotiated_connection;

  bool operator==(const RenegotiationInfo&) const = default;
};

// Parses extension_data: bad length or trailing bytes -> decode_error. (RFC 5746 §3.4/§3.6:
// a non-empty value in an initial handshake is a handshake_failure; the caller checks that.)
Result<RenegotiationInfo> parse_renegotiation_info(ByteView data, Step step = Step::client_hello);

// Writes the extension_data.
void write_renegotiation_info(const RenegotiationInfo& v, ByteWriter& w);

// Builds the extension.
Extension to_extension(const RenegotiationInfo& v);

}  // namespace tlskit
