// The choice of HTTP handler per connection.
#include "server/server_handlers.h"

#include "server/http1_session.h"
#include "server/http2_session.h"

namespace tlskit::tools::server {

std::unique_ptr<tlskit::asio::session_handler> make_http_handler(const Connection& connection) {
  if (connection.info().alpn == "h2") return std::make_unique<Http2Session>();
  return std::make_unique<Http1Session>();
}

}  // namespace tlskit::tools::server
