// Flags of `tlskit client` (and, after translation, `tlskit s_client`), parsed with CLI11 into
// ClientOptions, and the resolution of their values into protocol lists.
#pragma once
#include <optional>
#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/iana_registry.h"

namespace tlskit::tools {

// Every client flag, as given.
struct ClientOptions {
  std::string target;               // HOST:PORT (positional or --connect)
  std::string servername;           // SNI and the name checked (default: the host unless an IP)
  bool no_servername = false;       // send no SNI
  std::string alpn;                 // comma-separated: "h2,http/1.1"
  bool tls1_2 = false;              // TLS 1.2 only
  bool tls1_3 = false;              // TLS 1.3 only
  std::string min_version;          // "1.2", "1.3", "TLSv1.2", ...
  std::string max_version;
  std::string ciphersuites;         // TLS 1.3 suites, colon-separated IANA names
  std::string cipher;               // TLS 1.2 suites, colon-separated (OpenSSL or IANA names)
  std::string groups;               // colon- or comma-separated group names
  std::string sigalgs;              // colon-separated signature scheme names
  std::string cert_file;            // client certificate chain (PEM)
  std::string key_file;             // its private key (PEM)
  std::string keylog_file;          // NSS key log output (also $SSLKEYLOGFILE)
  std::string ca_file;              // trust anchors (PEM bundle)
  std::string ca_path;              // directory of trust anchors
  bool insecure = false;            // no chain / host name verification (said in every output)
  std::string sess_in;              // resume the session saved in this file
  std::string early_data;           // --early-data FILE: send it as 0-RTT data when resuming
  std::string http_get;             // --http-get PATH: one GET after the handshake, in the report
  std::string psk;                  // --psk IDENTITY:HEXKEY[:sha384] (external TLS 1.3 PSK)
  bool psk_ke = false;              // --psk-ke: also offer resumption without (EC)DHE
  uint16_t record_size_limit = 0;   // --record-size-limit N: announce RFC 8449's limit
  std::string cert_compression;     // --cert-compression LIST|none (empty: the Config default)
  std::string sess_out;             // save the session to this file after the handshake
  bool reconnect = false;           // reconnect 5 times resuming the session
  bool msg = false;                 // print every handshake message decoded
  bool trace = false;               // --msg plus hex
  bool ladder = false;              // print the ladder diagram
  bool json = false;                // one JSON document on stdout (implies --no-relay)
  bool showcerts = false;           // PEM of every certificate
  bool status = false;              // ask for OCSP stapling and show the response
  bool brief = false;               // short summary
  bool quiet = false;               // no report at all in relay mode (only the data)
  bool no_probe = false;            // no follow-up probes after a failure
  bool no_relay = false;            // exit after the handshake instead of relaying stdin/stdout
  bool ign_eof = false;             // keep reading after stdin EOF until the server closes
  bool crlf = false;                // translate LF from stdin to CRLF
  bool key_update = false;          // TLS 1.3: send a KeyUpdate asking for one back, then relay
  int connect_timeout_ms = 10000;   // TCP connect
  int timeout_ms = 10000;           // each read/write during the handshake
  int linger_ms = 300;              // read after the handshake (late alerts, tickets)
  int verify_depth = -1;            // at most this many intermediate CAs (-1: no limit)
  bool x509_strict = false;         // strict X.509 profile checks (x509::VerifierOptions::strict)
  std::optional<int64_t> attime;    // verify the chain at this Unix time instead of now
  std::string proxy;                // HOST:PORT of an HTTP proxy to CONNECT through
  std::string starttls;             // STARTTLS protocol before the handshake ("" none; starttls/starttls.h)
  bool no_middlebox = false;        // TLS 1.3 without middlebox compatibility (no CCS/session id)
  bool tlsextdebug = false;         // print every extension of both hellos (type, length)
  bool state = false;               // print one SSL_connect: line per handshake message
  bool enable_pha = false;          // offer post-handshake client authentication (RFC 8446 §4.6.2)

  // Set by s_client's translation, not by flags.
  bool s_client_style = false;
  std::vector<std::string> notes;   // flags accepted but not supported yet, said plainly
};

// The outcome of parsing: run, or exit with a code (help printed: 0; bad flags: kExitUsage).
struct ParseOutcome {
  bool run = false;
  int exit_code = 0;
  std::string message;  // the help text (exit 0) or the one-line error (exit kExitUsage)
};

// Parses `args` (without the program and subcommand names) into out.
}  // namespace tlskit::tools
namespace CLI { class App; }
namespace tlskit::tools {

// Parses args (in order) with app. Returns nothing when parsing succeeded; otherwise the outcome
// to exit with: --help gives kExitOk with the help text, a flag error kExitUsage with
// "<program>: <error>".
std::optional<ParseOutcome> parse_with_cli(CLI::App& app, const std::vector<std::string>& args,
                            const std::string& program);

ParseOutcome parse_client_args(const std::vector<std::string>& args, ClientOptions& out,
                               const std::string& program = "tlskit client");

// The --help text of `tlskit client`.
std::string client_help(const std::string& program = "tlskit client");

// Resolved protocol parameters.
struct ResolvedParams {
  ProtocolVersion min_version = ProtocolVersion::tls1_2;
  ProtocolVersion max_version = ProtocolVersion::tls1_3;
  std::vector<CipherSuite> cipher_suites;   // empty: library default
  std::vector<NamedGroup> groups;           // empty: library default
  std::vector<SignatureScheme> sigalgs;     // empty: library default
  std::vector<std::string> alpn;
  std::vector<std::string> notes;           // explanations (e.g. of @SECLEVEL=n)
};

// Resolves version flags, suite/group/sigalg lists and ALPN; fails with config_invalid naming
// the bad value and what is accepted.
Result<ResolvedParams> resolve_params(const ClientOptions& o);

// Parses "1.2", "1.3", "TLSv1.2", "tls1_3", "TLS1.2"; config_invalid otherwise.
Result<ProtocolVersion> parse_version_text(const std::string& text);

// Parses an OpenSSL -sigalgs list: "ECDSA+SHA256:RSA-PSS+SHA256:ed25519:rsa_pss_rsae_sha256"
// (ALG+HASH pairs with ALG one of RSA, RSA-PSS/PSS, ECDSA, and TLS 1.3 scheme names).
// config_invalid naming the bad element; duplicates are refused like OpenSSL does.
Result<std::vector<SignatureScheme>> parse_sigalgs(const std::string& text);

// Explains "@SECLEVEL=n" (n 0..5) for a note; config_invalid for another level or syntax.
Result<std::string> explain_seclevel(const std::string& item);

// Splits "a:b,c" at ':' and ',' (empty items dropped).
std::vector<std::string> split_list(const std::string& text);

}  // namespace tlskit::tools
