// NSS key log format lines (SSLKEYLOGFILE), as read by Wireshark:
// "<LABEL> <hex client_random> <hex secret>".
#pragma once
#include <functional>
#include <string>
#include <string_view>

#include "base/bytes.h"

namespace tlskit::handshake {

// The labels of the NSS key log format.
enum class KeyLogLabel : uint8_t {
  client_early_traffic_secret,      // CLIENT_EARLY_TRAFFIC_SECRET
  client_handshake_traffic_secret,  // CLIENT_HANDSHAKE_TRAFFIC_SECRET
  server_handshake_traffic_secret,  // SERVER_HANDSHAKE_TRAFFIC_SECRET
  client_traffic_secret_0,          // CLIENT_TRAFFIC_SECRET_0
  server_traffic_secret_0,          // SERVER_TRAFFIC_SECRET_0
  early_exporter_secret,            // EARLY_EXPORTER_SECRET
  exporter_secret,                  // EXPORTER_SECRET
  client_random,                    // CLIENT_RANDOM (TLS 1.2: the master secret)
};

// Returns the label text ("CLIENT_HANDSHAKE_TRAFFIC_SECRET").
const char* keylog_label_name(KeyLogLabel l);

// Formats one line (no trailing newline): "<LABEL> <hex client_random> <hex secret>", with
// lowercase hex. The secret only ever goes to the user's key log.
std::string keylog_line(KeyLogLabel l, ByteView client_random, ByteView secret);

// Sends lines to the user's callback (Config::key_log); does nothing when none is set.
class KeyLogger {
 public:
  KeyLogger() = default;
  explicit KeyLogger(std::function<void(std::string_view)> sink) : sink_(std::move(sink)) {}
  bool enabled() const { return static_cast<bool>(sink_); }
  // Formats and emits one line (only when enabled, so no secret is formatted otherwise).
  void log(KeyLogLabel l, ByteView client_random, ByteView secret) const;

 private:
  std::function<void(std::string_view)> sink_;
};

}  // namespace tlskit::handshake
