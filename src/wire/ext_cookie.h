// cookie (RFC 8446 §4.2.2): sent in HelloRetryRequest, echoed in the second ClientHello.
#pragma once
#include "base/bytes.h"
#include "base/result.h"
#include "codec/byte_writer.h"
#include "wire/extensions.h"

namespace tlskit {

// Cookie: opaque cookie<1..2^16-1>.
struct Cookie {
  Bytes cookie;

  bool operator==(const Cookie&) const = default;
};

// Parses extension_data: empty cookie, bad length, trailing bytes -> decode_error.
Result<Cookie> parse_cookie(ByteView data, Step step = Step::hello_retry_request);

// Writes the extension_data.
void write_cookie(const Cookie& v, ByteWriter& w);

// Builds the extension.
Extension to_extension(const Cookie& v);

}  // namespace tlskit
