// Recognizes a peer that does not speak TLS from the first bytes it sent.
#pragma once
#include <optional>
#include <string>

#include "base/bytes.h"

namespace tlskit::record {

// Describes what non-TLS protocol the first bytes look like ("an HTTP response (\"HTTP/1.1 400
// Bad Request\")", "an SSH banner", "an SMTP greeting", "an SSLv2-format ClientHello", ...),
// or nullopt when they could be a TLS record header. Only printable text is quoted.
std::optional<std::string> describe_non_tls(ByteView first_bytes);

// True when the bytes start like an SSLv2-format (2-byte header) ClientHello, which TLS 1.2+
// peers must not send and tlskit does not accept.
bool looks_like_sslv2_client_hello(ByteView first_bytes);

}  // namespace tlskit::record
