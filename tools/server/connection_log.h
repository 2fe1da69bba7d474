// The log of `tlskit server`: one line per connection (text or JSON, --log-format) and the
// --stats line. Pure functions of the server's reports, so they are tested without sockets.
#pragma once
#include <string>

#include "tlskit/asio/server.h"

namespace tlskit::tools::server {

// The format of the per-connection lines.
enum class LogFormat { text, json };

// One line (no newline) for an ended connection: peer, SNI, version, suite, group, resumption,
// early data, ALPN, durations, bytes each way, how it ended, the alert (sent or received) and
// its step, the error's detail, and the application's summary.
std::string format_connection(const tlskit::asio::connection_report& report, LogFormat format);

// The --stats line: connections open, handshakes per second and failures by cause since the
// previous line (seconds apart), and the totals.
std::string format_stats(const tlskit::asio::server_stats& now,
                         const tlskit::asio::server_stats& before, double seconds,
                         LogFormat format);

}  // namespace tlskit::tools::server
