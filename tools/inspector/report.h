// The inspector's record of one client connection: what was offered, every message seen with
// its time, the negotiated parameters, the certificates, the error, follow-up probes and the
// diagnosis. Built by the inspector (or by tests from synthetic events) and rendered as text,
// a ladder diagram or JSON; renderers never touch a socket.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "inspector/http_get.h"
#include "base/bytes.h"
#include "base/result.h"
#include "tlskit/events.h"
#include "tlskit/verifier.h"
#include "wire/describe.h"
#include "base/iana_registry.h"

namespace tlskit::tools {

// Version of the JSON document (docs/json-schema.md). Bump on an incompatible change only;
// adding fields keeps the version.
inline constexpr int kReportSchemaVersion = 1;

// One event as the inspector recorded it: the library's Event plus its decoded form.
struct RecordedEvent {
  Event event;
  DescribedMessage described;  // handshake messages and alerts; empty name for others
};

// A certificate of the peer's chain, summarized for display (OpenSSL wording).
struct CertSummary {
  int depth = 0;
  std::string subject;              // "CN = localhost, O = Example" (OpenSSL one-line style)
  std::string issuer;
  std::string not_before;           // "Nov 22 19:35:16 2026 GMT"
  std::string not_after;
  int64_t not_before_unix = 0;
  int64_t not_after_unix = 0;
  std::string public_key;           // "id-ecPublicKey, 256 (bit)"
  int public_key_bits = 0;
  std::string signature_algorithm;  // "ecdsa-with-SHA256"
  std::vector<std::string> dns_names;     // subjectAltName dNSName entries
  std::vector<std::string> ip_addresses;  // subjectAltName iPAddress entries (text)
  bool self_signed = false;         // subject == issuer
  std::string pem;                  // the certificate as PEM
  std::string parse_error;          // non-empty when the DER could not be parsed
};

// A stapled OCSP response, summarized (s_client's "OCSP Response Data").
struct OcspSummary {
  bool present = false;
  int response_status = 0;       // 0 successful, 1 malformedRequest, 2 internalError, ...
  std::string cert_status;       // "good", "revoked", "unknown" (first SingleResponse)
  std::string produced_at;       // "Nov 22 19:35:16 2026 GMT"
  std::string this_update;
  std::string next_update;       // "" when absent
  std::string revocation_time;   // "" unless revoked
  std::string parse_error;       // non-empty when the DER could not be parsed
};

// A run of consecutive messages in one direction (a "flight").
struct FlightInfo {
  Direction direction = Direction::sent;
  size_t first_event = 0;   // index into Report::events
  size_t last_event = 0;    // inclusive
  int64_t start_us = 0;     // time of the first message, relative to Report::origin_us
  int64_t end_us = 0;       // time of the last message
  uint64_t wire_bytes = 0;  // sum of the messages' wire_bytes
  bool post_handshake = false;  // after the handshake completed (tickets, late alerts)
};

// Timing of the connection; all times in microseconds relative to the start of the TCP connect.
struct Timings {
  std::optional<int64_t> tcp_connect_us;  // TCP connect duration
  std::optional<int64_t> handshake_us;    // first ClientHello sent -> handshake complete
  // For each server flight during the handshake: time from the end of the client flight it
  // answers to its first message (the server's think time plus one network round trip).
  std::vector<int64_t> server_flight_wait_us;
  int round_trips = 0;   // server flights during the handshake (1-RTT, 2-RTT with HRR, ...)
  // Wire bytes of the handshake itself (s_client's "SSL handshake has read N bytes and written
  // M bytes"): messages before the handshake completed, record overhead included.
  uint64_t handshake_bytes_read = 0;
  uint64_t handshake_bytes_written = 0;
};

// What the client offered and how it was configured (echoed in every output).
struct ClientSettings {
  std::string host;                 // as given on the command line
  uint16_t port = 0;
  std::string address;              // resolved peer address "127.0.0.1:4433"
  std::string server_name;          // SNI sent (empty: none)
  std::vector<ProtocolVersion> versions;   // offered, highest first
  std::vector<CipherSuite> cipher_suites;  // offered
  std::vector<NamedGroup> groups;          // offered
  std::vector<NamedGroup> key_share_groups;  // key shares sent in the first ClientHello
  std::vector<std::string> alpn;           // offered
  bool verify = true;               // chain and host name verification on
  std::string trust_store;          // "system (/etc/ssl/certs/ca-certificates.crt)", "CAfile ca.pem"
  bool no_trust_store = false;      // the system trust store was wanted and none was found
  bool client_certificate = false;  // a client certificate was configured
  bool status_request = false;      // OCSP stapling asked for (--status)
};

// One follow-up connection made to find out what the server accepts.
struct ProbeResult {
  std::string id;           // stable id: "tls1_2_only", "all_cipher_suites", "group_secp256r1", ...
  std::string description;  // "TLSv1.2 only", "every cipher suite tlskit implements", ...
  std::vector<ProtocolVersion> versions;   // offered in the probe
  std::vector<CipherSuite> cipher_suites;  // offered in the probe
  std::vector<NamedGroup> groups;          // offered in the probe
  bool accepted = false;    // the server answered with a ServerHello we accept
  std::optional<ProtocolVersion> version;        // what the server chose
  std::optional<CipherSuite> cipher_suite;
  std::optional<NamedGroup> group;
  std::optional<Error> error;                    // why the probe failed
  // A crafted ClientHello of the probe engine (src/probe/): it may offer what tlskit cannot
  // (older versions, DHE, CBC, FFDHE, ...); no handshake is completed.
  bool crafted = false;
  std::optional<std::string> detail;  // crafted: what the answer said ("DHE with a 2048-bit prime, ...")
};

// One of the extra connections of --reconnect, resuming the previous session.
struct ReconnectResult {
  int attempt = 0;                            // 1, 2, ...
  bool resumed = false;                       // the server accepted the session
  std::optional<ProtocolVersion> version;
  std::optional<CipherSuite> cipher_suite;
  std::optional<int64_t> handshake_us;
  EarlyDataInfo early_data;                   // 0-RTT, when --early-data was given
  std::optional<Error> error;
};

// The verdict: which of the known causes broke the connection, and what to change.
struct Diagnosis {
  std::string cause = "none";  // stable id (docs/json-schema.md lists them all)
  std::string step;            // step_name() of where it broke ("server_certificate"), or ""
  std::string party;           // who is at fault: "peer", "us", "network", "config", or ""
  std::string explanation;     // specific: names the certificate, suite, version
  std::string fix;             // what to change ("" when nothing needs fixing)
  std::vector<std::string> evidence;  // supporting facts (probe results, dates), one per line
};

// AIA chasing after a chain stopped at an unknown issuer (tools/scan/certificates.h): the
// issuer fetched from the caIssuers URL (http only, bounded, never trusted by itself) tells a
// forgotten intermediate from a root the client does not trust.
struct AiaCheck {
  std::string url;                      // the caIssuers URL tried ("" when there was none)
  std::optional<bool> completes_chain;  // true: with it the chain verifies; false: root not trusted
  std::string detail;                   // what happened
};

// Everything known about one client connection.
struct Report {
  ClientSettings settings;
  int64_t started_unix = 0;    // wall clock at the start (Unix seconds)
  int64_t origin_us = 0;       // monotonic clock at the start of the TCP connect
  bool tcp_connected = false;
  bool handshake_complete = false;
  std::optional<Error> error;  // the failure, if any (connect, handshake, verify, post-handshake)
  HandshakeInfo info;          // negotiated parameters (as far as the handshake got)
  std::vector<RecordedEvent> events;  // every message in both directions, in order
  std::vector<FlightInfo> flights;    // events grouped into flights
  Timings timings;
  std::vector<CertSummary> chain;     // the peer's chain as sent (leaf first)
  OcspSummary ocsp;                   // the stapled OCSP response, if any
  std::vector<ProbeResult> probes;    // follow-up probes (only after some failures)
  std::vector<ReconnectResult> reconnects;  // --reconnect
  std::optional<HttpAnswer> http;           // --http-get: the server's answer to our GET
  std::optional<AiaCheck> aia;        // after verify errors 20/21, when the network may be used
  Diagnosis diagnosis;
  Bytes first_bytes_received;         // first bytes from the peer (at most 64), for not_tls
  std::vector<std::string> notes;     // plain statements for the user (unsupported flags, ...)
  int exit_code = 0;                  // the process exit code this report leads to
};

// Groups report.events into flights and fills report.flights and report.timings (round trips,
// server flight waits, handshake time). Idempotent.
void compute_flights(Report& report);

// The exit code (tools/commands.h) for a report's error: 0, connect, handshake or verify.
int exit_code_for(const Report& report);

// Formats microseconds as milliseconds with 3 decimals: 1234 -> "1.234".
std::string format_ms(int64_t micros);

// "1-RTT", "2-RTT (a HelloRetryRequest added one round trip)" for a report's round trips;
// brief: "2-RTT (HelloRetryRequest)".
std::string round_trip_text(const Report& report, bool brief = false);

}  // namespace tlskit::tools
