// `tlskit server` without --http: every byte received is sent back (an echo session).
#pragma once
#include <cstdint>
#include <string>

#include "tlskit/asio/session_handler.h"

namespace tlskit::tools::server {

// Echoes the plaintext back; keeps the connection open until the peer closes it.
class EchoSession : public tlskit::asio::session_handler {
 public:
  // Appends data to out.
  bool on_data(ByteView data, Bytes& out) override;
  // "echo bytes=N".
  std::string summary() const override;

 private:
  uint64_t echoed_ = 0;
};

}  // namespace tlskit::tools::server
