// The s_client -state and -tlsextdebug lines, rendered from the recorded events.
#pragma once
#include <string>

#include "inspector/report.h"

namespace tlskit::tools {

// OpenSSL's state name for one recorded event ("SSLv3/TLS write client hello"), or "" for
// events that have none. tls13: the negotiated version is TLS 1.3.
std::string openssl_state_name(const RecordedEvent& ev, bool tls13);

// -state: "SSL_connect:before SSL initialization", one "SSL_connect:<state>" line per
// handshake message / ChangeCipherSpec, "SSL3 alert read:fatal:handshake failure" per alert,
// and "SSL_connect:SSL negotiation finished successfully" or "SSL_connect:error in <state>".
std::string render_state_lines(const Report& r);

// -tlsextdebug: per extension of the ClientHello ("TLS client extension"), ServerHello,
// HelloRetryRequest and EncryptedExtensions ("TLS server extension"):
// `TLS server extension "key_share" (id=51), len=36`.
std::string render_tlsextdebug(const Report& r);

}  // namespace tlskit::tools
