// NSS key log lines.
#include "handshake/keylog.h"

namespace tlskit::handshake {

const char* keylog_label_name(KeyLogLabel l) {
  switch (l) {
    case KeyLogLabel::client_early_traffic_secret:
      return "CLIENT_EARLY_TRAFFIC_SECRET";
    case KeyLogLabel::client_handshake_traffic_secret:
      return "CLIENT_HANDSHAKE_TRAFFIC_SECRET";
    case KeyLogLabel::server_handshake_traffic_secret:
      return "SERVER_HANDSHAKE_TRAFFIC_SECRET";
    case KeyLogLabel::client_traffic_secret_0:
      return "CLIENT_TRAFFIC_SECRET_0";
    case KeyLogLabel::server_traffic_secret_0:
      return "SERVER_TRAFFIC_SECRET_0";
    case KeyLogLabel::early_exporter_secret:
      return "EARLY_EXPORTER_SECRET";
    case KeyLogLabel::exporter_secret:
      return "EXPORTER_SECRET";
    case KeyLogLabel::client_random:
      return "CLIENT_RANDOM";
  }
  return "UNKNOWN";
}

std::string keylog_line(KeyLogLabel l, ByteView client_random, ByteView secret) {
  std::string line = keylog_label_name(l);
  line += ' ';
  line += to_hex(client_random);
  line += ' ';
  std::string s = to_hex(secret);
  line += s;
  secure_zero(s.data(), s.size());
  return line;
}

void KeyLogger::log(KeyLogLabel l, ByteView client_random, ByteView secret) const {
  if (!sink_) return;
  std::string line = keylog_line(l, client_random, secret);
  sink_(line);
  secure_zero(line.data(), line.size());
}

}  // namespace tlskit::handshake
