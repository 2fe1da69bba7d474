// Flags of `tlskit server` (CLI11) and the server's Config built from them.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cli/client_options.h"
#include "tlskit/config.h"

namespace tlskit::tools {

// Every server flag, as given.
struct ServerOptions {
  std::vector<std::string> certs;   // --cert, repeatable: PEM chain (leaf, then intermediates)
  std::vector<std::string> keys;    // --key, repeatable: the key of the --cert at the same place
  std::string bind = "127.0.0.1";   // address to listen on (numeric)
  int port = 4433;                  // 0: a free port (printed)
  std::string alpn;                 // protocols in preference order, comma-separated
  bool require_client_cert = false; // mTLS: refuse clients without a valid certificate
  bool post_handshake_auth = false; // ask for the client certificate after the handshake
  bool reject_unknown_sni = false;  // a server name no --cert matches gets unrecognized_name
  bool request_client_cert = false; // ask for one, accept clients without
  std::string client_ca;            // CAs trusted for client certificates (PEM file)
  std::string ciphersuites;         // TLS 1.3 suites
  std::string cipher;               // TLS 1.2 suites
  std::string groups;
  bool tls1_2 = false;
  bool tls1_3 = false;
  std::string min_version;
  std::string max_version;
  bool http = false;                // HTTP/1.1 (http-parser) and, when --alpn lists h2, HTTP/2
  bool once = false;                // serve one connection, then exit (--exit-after 1)
  int exit_after = 0;               // exit once this many connections ended (0: run until SIGTERM)
  int threads = 0;                  // worker threads (0: one per core)
  int max_connections = 10000;      // open connections at most; accepting pauses at the limit
  int max_per_address = 0;          // open connections per client IP at most (0: no cap)
  int handshake_timeout_ms = 10000; // a handshake must complete within this
  int idle_timeout_ms = 60000;      // close a connection idle this long
  int drain_timeout_ms = 10000;     // SIGTERM: how long busy connections may finish
  std::string accept_mode = "shared";  // shared (one socket, to the least loaded thread) or reuseport
  std::string log_format = "text";  // text or json: one line per connection
  int stats_interval_s = 0;         // a stats line every N seconds (0: none)
  std::vector<std::string> ocsp_files;  // --ocsp, index-aligned with --cert: DER OCSP responses
  std::string keylog_file;
  bool quiet = false;               // no per-connection log lines
  bool require_ems = false;         // TLS 1.2: refuse clients without extended master secret
  bool stateful_tickets = false;    // TLS 1.3 tickets are single-use ids into the session store
  uint32_t tickets = 2;             // TLS 1.3 NewSessionTickets per handshake (0: none)
  bool no_tickets = false;          // no TLS 1.3 tickets (same as --tickets 0)
  std::vector<std::string> psks;    // --psk IDENTITY:HEXKEY[:sha384], external PSKs accepted
  bool allow_no_ems = false;        // TLS 1.2: serve them, never resumed (the default anyway)
  uint32_t early_data = 0;          // --early-data BYTES: accept this much 0-RTT data (0: off)
  uint16_t record_size_limit = 0;   // --record-size-limit N: our RFC 8449 limit (0: protocol max)
  std::string cert_compression;     // --cert-compression LIST|none (empty: the Config default)
  bool psk_ke = false;              // --psk-ke: accept resumption without (EC)DHE when offered
  std::string redis;                // --redis redis://HOST:PORT: fleet-shared keys and replay store
};

// Parses args (without program and subcommand names) into out; help and usage errors as for
// the client (one-line error, kExitUsage).
ParseOutcome parse_server_args(const std::vector<std::string>& args, ServerOptions& out);

// Builds the server's Config: loads each certificate/key pair (file_error / key_mismatch name
// the file), the client CA verifier, versions, suites, groups, ALPN, key log. With previous (a
// reload), the state that must outlive a reload is taken from it instead of made anew: ticket
// keys (tickets issued before still resume), the session store, the 0-RTT replay guard and the
// key log.
Result<std::shared_ptr<Config>> build_server_config(const ServerOptions& options,
                                                    const Config* previous = nullptr);


}  // namespace tlskit::tools
