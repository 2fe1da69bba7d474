// From flags to a library Config: trust store, client certificate, key log, protocol lists.
#pragma once
#include <memory>
#include <optional>
#include <string>

#include "cli/client_options.h"
#include "inspector/report.h"
#include "io/tcp.h"
#include "tlskit/config.h"

namespace tlskit::tools {

// Where trusted certificates come from.
struct TrustOptions {
  std::string ca_file;  // PEM bundle (-CAfile)
  std::string ca_path;  // directory (-CApath)
  // Without ca_file / ca_path: the system bundle.
  int verify_depth = -1;        // at most this many intermediate CAs (-1: no limit)
  bool strict = false;          // x509::VerifierOptions::strict (-x509_strict)
  std::optional<int64_t> time;  // verify at this Unix time instead of now (-attime)
};

// A verifier over the trust store that options name, and a description of that store for the
// report ("system bundle /etc/ssl/certs/ca-certificates.crt", "CAfile ca.pem (3 certificates)").
// Fails with file_error (unreadable file, no certificate in it). No system store at all is not
// an error: the verifier then trusts nothing and no_trust_store is set (cause no_trust_store).
struct TrustSetup {
  std::shared_ptr<const CertVerifier> verifier;
  std::string description;
  bool no_trust_store = false;  // the system store was wanted and none was found
};
Result<TrustSetup> make_trust(const TrustOptions& options);

// Opens (appends to) a key log file; returns a Config::key_log callback that writes one line
// per call, thread-safe. Fails with file_error.
Result<std::function<void(std::string_view)>> open_key_log(const std::string& path);

// A ready client: the Config, what the report echoes, and where to connect.
struct ClientSetup {
  std::shared_ptr<Config> config;
  ClientSettings settings;
  io::HostPort target;
  std::optional<io::HostPort> proxy;  // --proxy: the HTTP proxy to CONNECT through
  std::vector<std::string> notes;     // for the report (flags explained, unsupported)
  Bytes early_data;                   // --early-data: the file's bytes (0-RTT when resuming)
};

// Builds the client's Config from options: versions, suites, groups, ALPN, SNI, verification
// (unless --insecure), client certificate (--cert/--key), key log (--keylogfile or
// $SSLKEYLOGFILE). Errors (config_invalid, file_error, key_mismatch) name the flag or file.
Result<ClientSetup> build_client_setup(const ClientOptions& options);

}  // namespace tlskit::tools
