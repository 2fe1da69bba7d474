/// @file
/// The role of a tlskit::asio::stream, named as asio::ssl::stream_base names it.
#pragma once

namespace tlskit::asio {

/// Base of stream<NextLayer>: the handshake_type enum, as in asio::ssl::stream_base.
class stream_base {
 public:
  /// The side of the connection: the stream's role, and what async_handshake() is told.
  enum handshake_type {
    client,  ///< this end connects and sends the ClientHello
    server,  ///< this end accepts and answers a ClientHello
  };

 protected:
  ~stream_base() = default;
};

}  // namespace tlskit::asio
