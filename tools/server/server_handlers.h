// Which application protocol `tlskit server --http` speaks on a connection.
#pragma once
#include <memory>

#include "tlskit/asio/session_handler.h"
#include "tlskit/connection.h"

namespace tlskit::tools::server {

// The HTTP handler for a connection whose handshake completed: HTTP/2 (Http2Session) when
// ALPN selected "h2" (RFC 9113 §3.2), HTTP/1.1 (Http1Session) otherwise (ALPN "http/1.1" or
// none). Never null.
std::unique_ptr<tlskit::asio::session_handler> make_http_handler(const Connection& connection);

}  // namespace tlskit::tools::server
