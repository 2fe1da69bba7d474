// `tlskit server` flags and Config.
#include "cli/server_options.h"

#include "tlskit/certificate_resolver.h"

#include <CLI/CLI.hpp>

#include "cli/client_config.h"
#include "base/clock.h"
#include "session/server_session_store.h"
#include "cli/cert_compression_flag.h"
#include "cli/psk_flag.h"
#include "cli/redis_flag.h"
#include "session/ticket_keys.h"
#include "commands.h"

namespace tlskit::tools {
namespace {

void add_server_flags(CLI::App& app, ServerOptions& o) {
  app.add_option("--cert", o.certs,
                 "certificate chain, PEM: the leaf then its intermediates (repeat for several "
                 "certificates, chosen by SNI and signature algorithm)");
  app.add_option("--key", o.keys, "private key (PEM) of the --cert at the same position");
  app.add_option("--bind", o.bind, "address to listen on (default 127.0.0.1)");
  app.add_option("--port", o.port, "port to listen on (default 4433; 0 picks a free one)")
      ->check(CLI::Range(0, 65535));
  app.add_option("--alpn", o.alpn, "ALPN protocols accepted, in preference order, comma-separated");
  app.add_flag("--require-client-cert", o.require_client_cert,
               "require a client certificate that verifies against --client-ca");
  app.add_flag("--request-client-cert", o.request_client_cert,
               "ask for a client certificate but accept clients without one");
  app.add_flag("--reject-unknown-sni", o.reject_unknown_sni,
               "refuse a server name that no --cert matches with unrecognized_name (clients "
               "without SNI still get the first --cert)");
  app.add_flag("--post-handshake-auth", o.post_handshake_auth,
               "right after the handshake, ask clients that offered post_handshake_auth (TLS "
               "1.3) for a certificate that verifies against --client-ca (RFC 8446 4.6.2)");
  app.add_option("--client-ca", o.client_ca, "CA certificates trusted for client certificates (PEM)");
  app.add_option("--ciphersuites", o.ciphersuites, "TLS 1.3 suites, colon-separated");
  app.add_option("--cipher", o.cipher, "TLS 1.2 suites, colon-separated (effective with TLS 1.2)");
  app.add_option("--groups", o.groups, "key exchange groups, colon-separated");
  app.add_flag("--tls1_2", o.tls1_2, "accept TLS 1.2 only");
  app.add_flag("--tls1_3", o.tls1_3, "accept TLS 1.3 only");
  app.add_option("--min-version", o.min_version, "lowest version accepted: 1.2 or 1.3");
  app.add_option("--max-version", o.max_version, "highest version accepted: 1.2 or 1.3");
  app.add_flag("--http,--www", o.http,
               "answer requests with a small fixed page: HTTP/1.1 (keep-alive), and HTTP/2 when "
               "--alpn lists h2 and the client picks it (default: echo)");
  app.add_flag("--once", o.once, "serve one connection, then exit (--exit-after 1)");
  app.add_option("--exit-after", o.exit_after,
                 "exit once N connections have ended (default: run until SIGTERM)")
      ->check(CLI::Range(0, 1 << 30));
  app.add_option("--threads", o.threads, "worker threads, each with its own event loop (default: "
                 "one per core)")
      ->check(CLI::Range(0, 256));
  app.add_option("--max-connections,--max-concurrent", o.max_connections,
                 "open connections at most (default 10000); at the limit, accepting pauses until "
                 "one closes (clients wait in the listen backlog, none is refused)")
      ->check(CLI::Range(1, 1000000));
  app.add_option("--max-per-address", o.max_per_address,
                 "open connections per client IP address at most (default 0: no cap); over it, a "
                 "new connection is closed at once")
      ->check(CLI::Range(0, 1000000));
  app.add_option("--handshake-timeout", o.handshake_timeout_ms,
                 "close a connection whose handshake has not completed this many ms after it was "
                 "accepted (default 10000; trickled bytes do not extend it)")
      ->check(CLI::Range(1, 3600000));
  app.add_option("--idle-timeout", o.idle_timeout_ms,
                 "close a connection idle this many ms (default 60000); a request must arrive in "
                 "full within this long too")
      ->check(CLI::Range(1, 3600000));
  app.add_option("--drain-timeout", o.drain_timeout_ms,
                 "on SIGTERM, how many ms busy connections get to finish (default 10000)")
      ->check(CLI::Range(0, 3600000));
  app.add_option("--accept", o.accept_mode,
                 "how connections reach the threads: shared (one listening socket, each connection "
                 "handed to the thread with the fewest open; the default) or reuseport (a socket per thread, "
                 "SO_REUSEPORT, balanced by the kernel)")
      ->check(CLI::IsMember({"reuseport", "shared"}));
  app.add_option("--log-format", o.log_format,
                 "the per-connection log lines on stderr: text (default) or json")
      ->check(CLI::IsMember({"text", "json"}));
  app.add_option("--stats", o.stats_interval_s,
                 "print a stats line every N seconds: connections open, handshakes/s, failures "
                 "by cause")
      ->check(CLI::Range(0, 86400));
  app.add_option("--ocsp", o.ocsp_files,
                 "a DER OCSP response to staple for the --cert at the same position (repeatable; "
                 "\"\" for none). Checked before stapling (for this certificate, signed by its "
                 "issuer or the issuer's responder, not expired), re-read when the file changes, "
                 "never stapled once stale; each decision is logged");
  app.add_option("--keylogfile", o.keylog_file, "append the NSS key log to this file");
  app.add_flag("--quiet", o.quiet, "no log line per connection");
  app.add_option("--tickets", o.tickets,
                 "TLS 1.3 session tickets sent after each handshake (default 2, at most 16)")
      ->check(CLI::Range(0, 16));
  app.add_flag("--no-tickets", o.no_tickets, "send no TLS 1.3 session tickets (--tickets 0)");
  app.add_option("--record-size-limit", o.record_size_limit,
                 "the largest record we accept, sent to clients that announce record_size_limit "
                 "(RFC 8449, 64..16385; default: the protocol's maximum)")
      ->check(CLI::Range(64, 16385));
  app.add_option("--cert-compression", o.cert_compression,
                 "certificate compression (RFC 8879): compress our certificate with the first of "
                 "these the client offers, and offer them for client certificates; a list of "
                 "brotli, zstd, zlib (default brotli,zstd,zlib), or none");
  app.add_flag("--psk-ke", o.psk_ke,
               "resume TLS 1.3 without a fresh (EC)DHE exchange when the client offers it "
               "(psk_ke, RFC 8446 §4.2.9; off by default: no forward secrecy for those "
               "connections)");
  app.add_option("--redis", o.redis,
                 "redis://HOST:PORT: share the TLS 1.3 ticket keys (rotated hourly) and the 0-RTT "
                 "replay store with every server using the same Redis, so each resumes the "
                 "others' tickets and a 0-RTT replay is refused by all (docs/redis.md)");
  app.add_option("--early-data", o.early_data,
                 "accept up to BYTES of TLS 1.3 0-RTT early data on resumed connections (default "
                 "0: off). Each ticket carries early data once and stale ClientHellos are "
                 "refused; with --http, an early request that is not GET, HEAD or OPTIONS gets "
                 "425 Too Early");
  app.add_option("--psk", o.psks,
                 "accept an external TLS 1.3 PSK: IDENTITY:HEXKEY (SHA-256) or "
                 "IDENTITY:HEXKEY:sha384 (repeatable)");
  app.add_flag("--stateful-tickets", o.stateful_tickets,
               "TLS 1.3 tickets are ids into this server's session store, each resuming once, "
               "instead of sealed state (docs/resumption.md)");
  app.add_flag("--require-ems", o.require_ems,
               "TLS 1.2: refuse clients without the extended master secret (RFC 7627) instead of "
               "serving them a full handshake that is never resumed");
  app.add_flag("--allow-no-ems", o.allow_no_ems,
               "TLS 1.2: serve clients without the extended master secret, never resuming their "
               "sessions (the default; kept for scripts written before it was)");
}

constexpr const char* kDescription =
    "A TLS server on 127.0.0.1 (by default): echoes what it receives, or answers HTTP requests "
    "with a small fixed response (--http). An event loop per thread; limits on handshake time, "
    "idleness and connections. SIGTERM or SIGINT: stop accepting, finish, exit; SIGHUP: reload "
    "the certificates, keys and OCSP responses (docs/server.md).";

}  // namespace

ParseOutcome parse_server_args(const std::vector<std::string>& args, ServerOptions& o) {
  CLI::App app(kDescription, "tlskit server");
  add_server_flags(app, o);
  app.footer("\nPrints 'tlskit server: listening on ADDR:PORT' once ready. Exit codes: 0 stopped "
             "cleanly, 1 cannot listen, 2 usage error (bad flags, unreadable or mismatched "
             "key/certificate files).");
  if (auto stop = parse_with_cli(app, args, "tlskit server")) return *stop;
  ParseOutcome r;
  auto fail = [&](const std::string& m) {
    r.exit_code = kExitUsage;
    r.message = "tlskit server: " + m;
    return r;
  };
  if (o.certs.empty()) return fail("--cert and --key are required");
  if (o.certs.size() != o.keys.size())
    return fail("each --cert needs its --key (got " + std::to_string(o.certs.size()) +
                " --cert and " + std::to_string(o.keys.size()) + " --key)");
  if (o.require_client_cert && o.request_client_cert)
    return fail("--require-client-cert and --request-client-cert exclude each other");
  if ((o.require_client_cert || o.request_client_cert || o.post_handshake_auth) &&
      o.client_ca.empty())
    return fail("--require-client-cert / --request-client-cert / --post-handshake-auth need "
                "--client-ca FILE");
  if (o.ocsp_files.size() > o.certs.size())
    return fail("more --ocsp (" + std::to_string(o.ocsp_files.size()) + ") than --cert (" +
                std::to_string(o.certs.size()) + "): each --ocsp belongs to the --cert at the "
                "same position");
  if (o.once) o.exit_after = 1;
  r.run = true;
  return r;
}

Result<std::shared_ptr<Config>> build_server_config(const ServerOptions& o, const Config* previous) {
  ClientOptions common;  // the protocol flags are shared with the client
  common.ciphersuites = o.ciphersuites;
  common.cipher = o.cipher;
  common.groups = o.groups;
  common.tls1_2 = o.tls1_2;
  common.tls1_3 = o.tls1_3;
  common.min_version = o.min_version;
  common.max_version = o.max_version;
  common.alpn = o.alpn;
  TK_ASSIGN(ResolvedParams p, resolve_params(common));
  auto cfg = std::make_shared<Config>();
  cfg->min_version = p.min_version;
  cfg->max_version = p.max_version;
  // RFC 7627 §5.3: by default a client without EMS gets a full handshake, never resumed.
  cfg->require_extended_master_secret = o.require_ems && !o.allow_no_ems;
  if (!p.cipher_suites.empty()) cfg->cipher_suites = p.cipher_suites;
  if (!p.groups.empty()) cfg->groups = p.groups;
  cfg->alpn = p.alpn;
  // --http speaks HTTP/2 and HTTP/1.x only: agreeing to another protocol and then answering in
  // HTTP breaks clients. Advertise only what is spoken.
  if (o.http)
    for (const std::string& a : cfg->alpn)
      if (a != "h2" && a != "http/1.1" && a != "http/1.0")
        return make_error(ErrorCode::config_invalid, Alert::none, Party::config, Step::config,
                          "--http speaks h2, http/1.1 and http/1.0, so --alpn may list those, "
                          "not '" + a + "'");
  const crypto::Provider& provider = crypto::default_provider();
  for (size_t i = 0; i < o.certs.size(); ++i) {
    TK_ASSIGN(CertifiedKey ck, CertifiedKey::load_pem_files(o.certs[i], o.keys[i], provider));
    cfg->certificates.push_back(std::make_shared<const CertifiedKey>(std::move(ck)));
  }
  if (o.require_client_cert || o.request_client_cert || o.post_handshake_auth) {
    TrustOptions t;
    t.ca_file = o.client_ca;
    TK_ASSIGN(TrustSetup trust, make_trust(t));
    cfg->verifier = trust.verifier;
    if (o.require_client_cert || o.request_client_cert)
      cfg->client_auth = o.require_client_cert ? ClientAuth::require : ClientAuth::request;
  }
  // RFC 8446 §4.6.2: keep what a request after the handshake needs.
  cfg->post_handshake_auth = o.post_handshake_auth;
  if (previous != nullptr) {
    cfg->key_log = previous->key_log;
  } else if (!o.keylog_file.empty()) {
    TK_ASSIGN(cfg->key_log, open_key_log(o.keylog_file));
  }
  // Resumption (TLS 1.2): session tickets (RFC 5077) sealed with a per-process key ring, and
  // a bounded session-ID store, so clients can resume with either mechanism.
  TK_ASSIGN(cfg->ticket_keys, session::TicketKeys::create(provider, provider.system_rng(),
                                                          SystemClock::instance().unix_seconds()));
  // --stateful-tickets: single-use entries, so a ticket (or session ID) resumes at most once.
  cfg->session_cache = std::make_shared<session::ServerSessionStore>(
      session::kDefaultServerStoreCapacity, /*single_use=*/o.stateful_tickets);
  cfg->tls13_stateful_tickets = o.stateful_tickets;
  cfg->tls13_tickets = o.no_tickets ? 0 : o.tickets;
  cfg->max_early_data_size = o.early_data;
  cfg->psk_ke = o.psk_ke;
  cfg->record_size_limit = o.record_size_limit;
  if (!o.cert_compression.empty()) {
    TK_ASSIGN(cfg->certificate_compression, parse_cert_compression_flag(o.cert_compression));
  }
  if (previous != nullptr) {
    // A reload keeps what clients hold: their tickets, sessions and the replay history.
    cfg->ticket_keys = previous->ticket_keys;
    cfg->session_cache = previous->session_cache;
    cfg->replay_guard = previous->replay_guard;
  } else if (!o.redis.empty()) {
    // The fleet's keys and replay store replace this process's own (docs/redis.md).
    TK_ASSIGN(RedisSharedState shared, make_redis_shared_state(o.redis));
    cfg->ticket_keys = std::move(shared.ticket_keys);
    cfg->replay_guard = std::move(shared.replay_guard);
  }
  for (const std::string& v : o.psks) {
    TK_ASSIGN(ExternalPsk psk, parse_psk_flag(v));
    cfg->external_psks.push_back(std::move(psk));
  }
  TK_TRY(cfg->validate(true));
  return cfg;
}

}  // namespace tlskit::tools
