// `tlskit client` flags (CLI11) and their resolution into protocol parameters.
#include "cli/client_options.h"

#include "starttls/starttls.h"

#include <CLI/CLI.hpp>
#include <algorithm>

#include "commands.h"
#include "crypto/registry.h"
#include "handshake/signature_selection.h"
#include "tlskit/config.h"

namespace tlskit::tools {
namespace {

constexpr size_t kMaxAlpnLength = 255;  // RFC 7301 §3.1: ProtocolName<1..2^8-1>

void add_client_flags(CLI::App& app, ClientOptions& o) {
  // As with openssl, a flag given twice takes its last value.
  app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
  app.add_option("target", o.target, "HOST:PORT to connect to (IPv6 as [::1]:443)");
  app.add_option("--connect", o.target, "HOST:PORT to connect to (same as the positional)");
  app.add_option("--servername", o.servername,
                 "server name for SNI and the certificate check (default: the host, unless "
                 "it is an IP address)");
  app.add_flag("--no-servername", o.no_servername, "send no SNI extension");
  app.add_option("--alpn", o.alpn, "ALPN protocols to offer, comma-separated (h2,http/1.1)");
  app.add_flag("--tls1_2", o.tls1_2, "offer TLS 1.2 only");
  app.add_flag("--tls1_3", o.tls1_3, "offer TLS 1.3 only");
  app.add_option("--min-version", o.min_version, "lowest version to offer: 1.2 or 1.3");
  app.add_option("--max-version", o.max_version, "highest version to offer: 1.2 or 1.3");
  app.add_option("--ciphersuites", o.ciphersuites,
                 "TLS 1.3 suites, colon-separated (TLS_AES_128_GCM_SHA256:...)");
  app.add_option("--cipher", o.cipher,
                 "TLS 1.2 suites, colon-separated OpenSSL or IANA names "
                 "(ECDHE-ECDSA-AES128-GCM-SHA256:...)");
  app.add_option("--groups", o.groups, "key exchange groups, colon-separated (X25519:P-256)");
  app.add_option("--sigalgs", o.sigalgs,
                 "signature schemes to accept, colon-separated (ecdsa_secp256r1_sha256:...)");
  app.add_option("--cert", o.cert_file, "client certificate chain, PEM (for mutual TLS)");
  app.add_option("--key", o.key_file, "private key of --cert, PEM");
  app.add_option("--keylogfile", o.keylog_file,
                 "append the NSS key log (for Wireshark) to this file (default: $SSLKEYLOGFILE)");
  app.add_option("--CAfile", o.ca_file, "trust the CA certificates in this PEM file");
  app.add_option("--CApath", o.ca_path, "trust the CA certificates in this directory");
  app.add_flag("--insecure", o.insecure,
               "do NOT verify the chain and host name (said in every output)");
  app.add_option("--sess-in", o.sess_in, "resume the session saved in this file (PEM, from --sess-out)");
  app.add_option("--http-get", o.http_get,
                 "after the handshake, send GET PATH (HTTP/1.1, Connection: close) and put the "
                 "answer's status line in the report; the diagnosis reads it (a server that "
                 "wanted a client certificate and answered 400/403)")
      ->check([](const std::string& p) {
        return !p.empty() && p[0] == '/' && p.find_first_of(" \r\n") == std::string::npos
                   ? std::string()
                   : std::string("the path must start with / and have no spaces or line ends");
      });
  app.add_option("--early-data", o.early_data,
                 "send this file as 0-RTT early data when resuming a TLS 1.3 session (--sess-in, "
                 "or the reconnects of --reconnect) whose ticket allows it; the report says "
                 "whether the server accepted it");
  app.add_option("--record-size-limit", o.record_size_limit,
                 "announce the largest record we accept (RFC 8449 record_size_limit, 64..16385); "
                 "the report shows the server's value")
      ->check(CLI::Range(64, 16385));
  app.add_option("--cert-compression", o.cert_compression,
                 "certificate compression (RFC 8879) to offer for the server's certificate, in "
                 "preference order: a list of brotli, zstd, zlib (default brotli,zstd,zlib), or "
                 "none; the report shows the algorithm and the bytes saved");
  app.add_flag("--psk-ke", o.psk_ke,
               "also offer TLS 1.3 resumption without a fresh (EC)DHE exchange (psk_ke, RFC 8446 "
               "§4.2.9): cheaper, but without forward secrecy for the resumed connection");
  app.add_option("--psk", o.psk,
                 "offer an external TLS 1.3 PSK: IDENTITY:HEXKEY (SHA-256) or IDENTITY:HEXKEY:sha384");
  app.add_option("--sess-out", o.sess_out,
                 "save the session to this file after the handshake (it holds secrets)");
  app.add_flag("--reconnect", o.reconnect,
               "after the handshake, reconnect 5 times resuming the session, and say whether "
               "each was resumed");
  app.add_flag("--msg", o.msg, "print every handshake message, decoded, in both directions");
  app.add_flag("--trace", o.trace, "like --msg, with the bytes of each message in hex");
  app.add_flag("--ladder", o.ladder, "draw the handshake as a sequence diagram");
  app.add_flag("--json", o.json, "print one JSON document (docs/json-schema.md); no relay");
  app.add_flag("--showcerts", o.showcerts, "print every certificate the server sent as PEM");
  app.add_flag("--status", o.status, "ask for a stapled OCSP response and show it");
  app.add_flag("--brief", o.brief, "print a short summary instead of the full report");
  app.add_flag("--quiet", o.quiet, "print no report, only the relayed data (errors still go "
                                   "to stderr)");
  app.add_flag("--no-probe", o.no_probe, "no follow-up probes after a failed handshake");
  app.add_flag("--no-relay", o.no_relay, "exit after the handshake instead of relaying stdin");
  app.add_flag("--ign-eof", o.ign_eof, "after stdin ends, keep reading until the server closes");
  app.add_flag("--crlf", o.crlf, "send LF from stdin as CRLF");
  app.add_flag("--key-update", o.key_update,
               "TLS 1.3: right after the handshake send a KeyUpdate that asks the server to "
               "update too, then relay (tests the server's KeyUpdate handling)");
  app.add_option("--connect-timeout", o.connect_timeout_ms, "TCP connect timeout in ms")
      ->check(CLI::Range(1, 3600000));
  app.add_option("--timeout", o.timeout_ms, "timeout of each read/write in the handshake, ms")
      ->check(CLI::Range(1, 3600000));
  app.add_option("--linger", o.linger_ms,
                 "ms to keep reading after the handshake for late alerts and tickets")
      ->check(CLI::Range(0, 60000));
  app.add_option("--verify-depth", o.verify_depth,
                 "at most N intermediate CAs between the leaf and the trust anchor; a longer "
                 "chain fails with 22 (certificate chain too long)")
      ->check(CLI::Range(0, 30));
  app.add_flag("--x509-strict", o.x509_strict,
               "strict RFC 5280 / CA-B Forum profile checks of the chain (docs/x509.md)");
  app.add_option("--attime", o.attime, "verify the chain at this Unix time instead of now")
      ->check(CLI::Range(int64_t{0}, int64_t{253402300799}));
  app.add_option("--proxy", o.proxy, "connect through this HTTP proxy (HOST:PORT, CONNECT)");
  app.add_option("--starttls", o.starttls,
                 std::string("STARTTLS before the handshake: ") + starttls_choices())
      ->check([](const std::string& v) {
        return parse_starttls(v) ? std::string() : "'" + v + "' is not one of " + starttls_choices();
      });
  app.add_flag("--no-middlebox", o.no_middlebox,
               "TLS 1.3 without middlebox compatibility: no fake session id, no CCS");
  app.add_flag("--tlsextdebug", o.tlsextdebug,
               "print every extension of both hellos with its type number and length");
  app.add_flag("--state", o.state, "print one SSL_connect: line per handshake message");
  app.add_flag("--enable-pha", o.enable_pha,
               "offer post-handshake client authentication (RFC 8446 4.6.2): the server may ask "
               "for --cert after the handshake");
}

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::toupper(c); });
  return s;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

Error bad_value(const std::string& detail) {
  return make_error(ErrorCode::config_invalid, Alert::none, Party::config, Step::config, detail);
}

bool is_tls13_suite(CipherSuite s) { return (static_cast<uint16_t>(s) >> 8) == 0x13; }

std::string implemented_names(bool tls13) {
  std::string s;
  for (const auto& i : crypto::kSuites) {
    if ((i.version == ProtocolVersion::tls1_3) != tls13) continue;
    s += (s.empty() ? "" : ", ") +
         (tls13 ? cipher_suite_name(i.suite) : cipher_suite_openssl_name(i.suite));
  }
  return s;
}

}  // namespace

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : text) {
    if (c == ':' || c == ',') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear();
    } else if (c != ' ') {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

std::string client_help(const std::string& program) {
  CLI::App app("Connect to a TLS server, show every step of the handshake and explain a failure.",
               program);
  ClientOptions o;
  add_client_flags(app, o);
  app.footer("\nExit codes: 0 connected and verified, 1 connection failed, 2 usage error,\n"
             "3 handshake failed, 4 certificate verification failed. See docs/cli.md.");
  return app.help();
}

std::optional<ParseOutcome> parse_with_cli(CLI::App& app, const std::vector<std::string>& args,
                            const std::string& program) {
  std::vector<std::string> rev(args.rbegin(), args.rend());
  ParseOutcome r;
  try {
    app.parse(rev);
  } catch (const CLI::CallForHelp&) {
    r.exit_code = kExitOk;
    r.message = app.help();
    return r;
  } catch (const CLI::ParseError& e) {
    r.exit_code = kExitUsage;
    r.message = program + ": " + e.what();
    return r;
  }
  return std::nullopt;
}

ParseOutcome parse_client_args(const std::vector<std::string>& args, ClientOptions& out,
                               const std::string& program) {
  CLI::App app("Connect to a TLS server, show every step of the handshake and explain a failure.",
               program);
  add_client_flags(app, out);
  app.footer("\nExit codes: 0 connected and verified, 1 connection failed, 2 usage error,\n"
             "3 handshake failed, 4 certificate verification failed. See docs/cli.md.");
  if (auto stop = parse_with_cli(app, args, program)) return *stop;
  ParseOutcome r;
  if (out.target.empty()) {
    r.exit_code = kExitUsage;
    r.message = program + ": missing HOST:PORT (try --help)";
    return r;
  }
  if (out.cert_file.empty() != out.key_file.empty()) {
    r.exit_code = kExitUsage;
    r.message = program + ": --cert and --key go together (got only " +
                (out.cert_file.empty() ? "--key" : "--cert") + ")";
    return r;
  }
  if (out.trace) out.msg = true;
  r.run = true;
  return r;
}

Result<std::vector<SignatureScheme>> parse_sigalgs(const std::string& text) {
  // OpenSSL's ALG+HASH pairs, resolved as its sigalg table does (RSA-PSS: the rsae variant).
  struct Pair {
    const char* alg;
    const char* hash;
    SignatureScheme scheme;
  };
  static constexpr Pair kPairs[] = {
      {"RSA", "SHA1", SignatureScheme::rsa_pkcs1_sha1},
      {"RSA", "SHA256", SignatureScheme::rsa_pkcs1_sha256},
      {"RSA", "SHA384", SignatureScheme::rsa_pkcs1_sha384},
      {"RSA", "SHA512", SignatureScheme::rsa_pkcs1_sha512},
      {"ECDSA", "SHA1", SignatureScheme::ecdsa_sha1},
      {"ECDSA", "SHA256", SignatureScheme::ecdsa_secp256r1_sha256},
      {"ECDSA", "SHA384", SignatureScheme::ecdsa_secp384r1_sha384},
      {"ECDSA", "SHA512", SignatureScheme::ecdsa_secp521r1_sha512},
      {"RSA-PSS", "SHA256", SignatureScheme::rsa_pss_rsae_sha256},
      {"RSA-PSS", "SHA384", SignatureScheme::rsa_pss_rsae_sha384},
      {"RSA-PSS", "SHA512", SignatureScheme::rsa_pss_rsae_sha512},
  };
  std::vector<SignatureScheme> out;
  std::vector<std::string> items;
  std::string cur;
  for (char c : text + ":") {
    if (c != ':') {
      cur += c;
      continue;
    }
    if (cur.empty()) return bad_value("empty element in --sigalgs '" + text + "'");
    items.push_back(cur);
    cur.clear();
  }
  auto supported = handshake::supported_signature_schemes();
  for (const std::string& item : items) {
    std::optional<SignatureScheme> s;
    if (size_t plus = item.find('+'); plus != std::string::npos) {
      std::string alg = upper(item.substr(0, plus));
      std::string hash = upper(item.substr(plus + 1));
      if (alg == "PSS") alg = "RSA-PSS";
      if (hash == "SHA-256") hash = "SHA256";
      if (hash == "SHA-384") hash = "SHA384";
      if (hash == "SHA-512") hash = "SHA512";
      if (hash == "SHA-1") hash = "SHA1";
      for (const Pair& pr : kPairs)
        if (alg == pr.alg && hash == pr.hash) s = pr.scheme;
      if (!s)
        return bad_value("bad element '" + item + "' in --sigalgs: ALG+HASH needs ALG one of RSA, "
                         "RSA-PSS, ECDSA and HASH one of SHA256, SHA384, SHA512");
    } else {
      s = signature_scheme_from_name(lower(item));
      if (!s)
        return bad_value("bad element '" + item + "' in --sigalgs: not a signature scheme name "
                         "(e.g. ed25519, rsa_pss_rsae_sha256, ecdsa_secp256r1_sha256) nor "
                         "ALG+HASH (ECDSA+SHA256)");
    }
    if (std::find(supported.begin(), supported.end(), *s) == supported.end())
      return bad_value("element '" + item + "' in --sigalgs (" + signature_scheme_name(*s) +
                       ") is not a signature scheme tlskit supports");
    if (std::find(out.begin(), out.end(), *s) != out.end())
      return bad_value("element '" + item + "' in --sigalgs repeats " + signature_scheme_name(*s));
    out.push_back(*s);
  }
  return out;
}

Result<std::string> explain_seclevel(const std::string& item) {
  static const char* kLevels[] = {
      "level 0 permits everything",
      "level 1 (80 bits) forbids RSA/DH keys under 1024 bits, ECC under 160 bits, MD5 MACs, "
      "SHA-1 and MD5 signatures",
      "level 2 (112 bits) forbids RSA/DH keys under 2048 bits, ECC under 224 bits, RC4, SSLv3 and "
      "compression, besides level 1",
      "level 3 (128 bits) forbids RSA/DH keys under 3072 bits, ECC under 256 bits, suites without "
      "forward secrecy, versions below TLS 1.1 and session tickets, besides level 2",
      "level 4 (192 bits) forbids RSA/DH keys under 7680 bits, ECC under 384 bits, SHA-1 MACs and "
      "versions below TLS 1.2, besides level 3",
      "level 5 (256 bits) forbids RSA/DH keys under 15360 bits and ECC under 512 bits, besides "
      "level 4"};
  const std::string prefix = "@SECLEVEL=";
  if (item.size() != prefix.size() + 1 || upper(item.substr(0, prefix.size())) != prefix ||
      item.back() < '0' || item.back() > '5')
    return bad_value("'" + item + "' in --cipher: only @SECLEVEL=0 to @SECLEVEL=5 are understood");
  int n = item.back() - '0';
  return "@SECLEVEL=" + std::to_string(n) + " accepted but not applied: in OpenSSL " + kLevels[n] +
         ". tlskit's own policy always offers only TLS 1.2/1.3 with ECDHE and AEAD suites (forward "
         "secrecy; no RSA key exchange, CBC, RC4, SHA-1/MD5 MACs or compression), groups of at "
         "least 255 bits, and refuses SHA-1 signatures; it does not enforce OpenSSL's key-size "
         "limits above level 1 (the chain's RSA keys must be at least 1024 bits)";
}

Result<ProtocolVersion> parse_version_text(const std::string& text) {
  std::string t = lower(text);
  if (t == "1.2" || t == "tlsv1.2" || t == "tls1.2" || t == "tls1_2" || t == "tls12")
    return ProtocolVersion::tls1_2;
  if (t == "1.3" || t == "tlsv1.3" || t == "tls1.3" || t == "tls1_3" || t == "tls13")
    return ProtocolVersion::tls1_3;
  if (t == "1.0" || t == "1.1" || t == "tlsv1" || t == "tlsv1.1" || t == "tls1" || t == "tls1_1")
    return bad_value("TLS version '" + text + "' is not implemented (TLS 1.0 and 1.1 are "
                     "deprecated by RFC 8996); use 1.2 or 1.3");
  return bad_value("'" + text + "' is not a TLS version; use 1.2 or 1.3");
}

Result<ResolvedParams> resolve_params(const ClientOptions& o) {
  ResolvedParams p;
  if (o.tls1_2 && !o.tls1_3) p.min_version = p.max_version = ProtocolVersion::tls1_2;
  if (o.tls1_3 && !o.tls1_2) p.min_version = p.max_version = ProtocolVersion::tls1_3;
  if (!o.min_version.empty()) {
    TK_ASSIGN(p.min_version, parse_version_text(o.min_version));
  }
  if (!o.max_version.empty()) {
    TK_ASSIGN(p.max_version, parse_version_text(o.max_version));
  }
  if (static_cast<uint16_t>(p.min_version) > static_cast<uint16_t>(p.max_version))
    return bad_value("the minimum version " + version_name(p.min_version) +
                     " is above the maximum " + version_name(p.max_version));

  Config defaults;
  if (!o.ciphersuites.empty() || !o.cipher.empty()) {
    std::vector<CipherSuite> v13, v12;
    for (CipherSuite s : defaults.cipher_suites) (is_tls13_suite(s) ? v13 : v12).push_back(s);
    if (!o.ciphersuites.empty()) {
      v13.clear();
      for (const std::string& n : split_list(o.ciphersuites)) {
        auto s = cipher_suite_from_name(n);
        if (!s || !is_tls13_suite(*s) || !crypto::find_suite(*s))
          return bad_value("unknown TLS 1.3 cipher suite '" + n + "' in --ciphersuites (tlskit "
                           "implements: " + implemented_names(true) + ")");
        v13.push_back(*s);
      }
    }
    if (!o.cipher.empty()) {
      v12.clear();
      for (std::string n : split_list(o.cipher)) {
        // OpenSSL's "@SECLEVEL=n" may follow any item ("DEFAULT@SECLEVEL=1") or stand alone.
        if (size_t at = n.find('@'); at != std::string::npos) {
          TK_ASSIGN(std::string note, explain_seclevel(n.substr(at)));
          p.notes.push_back(note);
          n.resize(at);
          if (n.empty()) continue;
        }
        if (n == "DEFAULT" || n == "ALL" || n == "HIGH") {
          for (const auto& i : crypto::kSuites)
            if (i.version == ProtocolVersion::tls1_2) v12.push_back(i.suite);
          continue;
        }
        auto s = cipher_suite_from_name(n);
        if (!s || is_tls13_suite(*s) || !crypto::find_suite(*s))
          return bad_value("unknown TLS 1.2 cipher suite '" + n + "' in --cipher (tlskit "
                           "implements only ECDHE with AEAD: " + implemented_names(false) + ")");
        v12.push_back(*s);
      }
    }
    if (v12.empty() && !o.cipher.empty()) {
      for (const auto& i : crypto::kSuites)
        if (i.version == ProtocolVersion::tls1_2) v12.push_back(i.suite);
    }
    p.cipher_suites = v13;
    p.cipher_suites.insert(p.cipher_suites.end(), v12.begin(), v12.end());
  }
  if (!o.groups.empty()) {
    for (const std::string& n : split_list(o.groups)) {
      auto g = group_from_name(n);
      if (!g)
        return bad_value("unknown group '" + n + "' in --groups (use X25519, P-256, P-384, "
                         "P-521 or X25519MLKEM768)");
      p.groups.push_back(*g);
    }
  }
  if (!o.sigalgs.empty()) {
    TK_ASSIGN(p.sigalgs, parse_sigalgs(o.sigalgs));
  }
  if (!o.alpn.empty()) {
    std::string cur;
    std::string text = o.alpn + ",";
    for (char c : text) {
      if (c != ',') {
        cur += c;
        continue;
      }
      if (cur.empty() || cur.size() > kMaxAlpnLength)
        return bad_value("ALPN protocol names must be 1 to 255 bytes (in --alpn '" + o.alpn + "')");
      p.alpn.push_back(cur);
      cur.clear();
    }
  }
  return p;
}

}  // namespace tlskit::tools
