// STARTTLS: the plain-text exchange some protocols need before the TLS handshake (SMTP
// RFC 3207, IMAP RFC 9051 §6.2.1, POP3 RFC 2595 §4, FTP RFC 4217 §4, PostgreSQL SSLRequest).
// Reads the server's replies line by line, bounded in size, count and time.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "exporter/config.h"
#include "inspector/inspector.h"

namespace tlskit::tools::exporter {

// Bounds on the server's plain-text replies.
inline constexpr size_t kMaxReplyLine = 4096;
inline constexpr int kMaxReplyLines = 64;

// One reply line of SMTP or FTP ("250-SIZE", "220 ready"): the 3-digit code and whether it is
// the last line of the reply (a space, or nothing, after the code). nullopt when the line does
// not start with three digits.
struct NumericReply {
  int code = 0;
  bool last = true;
};
std::optional<NumericReply> parse_numeric_reply(std::string_view line);

// Runs the STARTTLS exchange of protocol p over transport; afterwards the TLS handshake may
// start. Every wait ends by deadline_us (monotonic microseconds of clock). Errors: not_tls
// with the server's reply when it refuses or does not speak the protocol; timeout,
// connection_reset, peer_closed from the transport (Step::connect).
Result<void> run_starttls(StartTls p, Transport& transport, const Clock& clock, int64_t deadline_us);

}  // namespace tlskit::tools::exporter
