// STARTTLS: the plain-text exchange some protocols need before the TLS handshake (SMTP
// RFC 3207, IMAP RFC 9051 §6.2.1, POP3 RFC 2595 §4, FTP RFC 4217 §4, XMPP RFC 6120 §5.4,
// LDAP StartTLS extended operation RFC 4511 §4.14, PostgreSQL SSLRequest, MySQL SSLRequest
// in the handshake response). Shared by `tlskit client`, `tlskit scan` and the exporter.
// Reads the server's replies bounded in size, count and time.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/clock.h"
#include "inspector/transport.h"

namespace tlskit::tools {

// The STARTTLS protocols a connection may upgrade with before the TLS handshake.
enum class StartTls { none, smtp, imap, pop3, ftp, xmpp, ldap, postgres, mysql };
// Parses "smtp", "imap", "pop3", "ftp", "xmpp", "ldap", "postgres", "mysql" (and "none");
// nullopt otherwise.
std::optional<StartTls> parse_starttls(const std::string& s);
// The flag / config spelling of p ("smtp").
const char* starttls_name(StartTls p);
// The usual port of p's plain-text service (25, 143, 110, 21, 5222, 389, 5432, 3306; 443 for none).
uint16_t starttls_default_port(StartTls p);
// "smtp, imap, pop3, ftp, xmpp, ldap, postgres, mysql" for help texts and errors.
const char* starttls_choices();

// Bounds on the server's plain-text replies.
inline constexpr size_t kMaxReplyLine = 4096;
inline constexpr int kMaxReplyLines = 64;
// Bounds on the binary and XML replies (XMPP stream features, LDAP and MySQL packets).
inline constexpr size_t kMaxStartTlsReplyBytes = 16384;

// One reply line of SMTP or FTP ("250-SIZE", "220 ready"): the 3-digit code and whether it is
// the last line of the reply (a space, or nothing, after the code). nullopt when the line does
// not start with three digits.
struct NumericReply {
  int code = 0;
  bool last = true;
};
std::optional<NumericReply> parse_numeric_reply(std::string_view line);

// The resultCode of an LDAP ExtendedResponse (RFC 4511 §4.12: LDAPMessage SEQUENCE { messageID,
// [APPLICATION 24] { resultCode ENUMERATED, ... } }) in one whole BER message; nullopt when the
// bytes are not such a message.
std::optional<int> parse_ldap_extended_result(std::string_view message);

// The capability flags of a MySQL initial handshake packet payload (protocol 10); nullopt when
// it is not one.
std::optional<uint32_t> parse_mysql_capabilities(std::string_view payload);

// Runs the STARTTLS exchange of protocol p over transport; afterwards the TLS handshake may
// start. host: the domain XMPP's stream header names (`to`). Every wait ends by deadline_us
// (monotonic microseconds of clock). Errors: not_tls with the server's reply when it refuses
// or does not speak the protocol; timeout, connection_reset, peer_closed from the transport
// (Step::connect).
Result<void> run_starttls(StartTls p, Transport& transport, const Clock& clock, int64_t deadline_us,
                          const std::string& host = "");

}  // namespace tlskit::tools
