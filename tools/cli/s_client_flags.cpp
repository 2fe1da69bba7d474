// The s_client translation table and its interpreter.
#include "cli/s_client_flags.h"

#include <array>
#include <cstring>

namespace tlskit::tools {
namespace {

using A = SFlagAction;

// OpenSSL s_client flags, in the order of its manual page sections.
constexpr std::array kTable = {
    SClientFlag{"-connect", true, A::map, "--connect", nullptr, "HOST:PORT to connect to (default localhost:4433)"},
    SClientFlag{"-servername", true, A::map, "--servername", nullptr, "server name for SNI and the host name check"},
    SClientFlag{"-noservername", false, A::map, "--no-servername", nullptr, "send no SNI"},
    SClientFlag{"-showcerts", false, A::map, "--showcerts", nullptr, "print every certificate the server sent as PEM"},
    SClientFlag{"-msg", false, A::map, "--msg", nullptr, "print every handshake message, decoded"},
    SClientFlag{"-trace", false, A::map, "--trace", nullptr, "print every handshake message, decoded, with hex"},
    SClientFlag{"-debug", false, A::map, "--trace", nullptr, "same as -trace in tlskit"},
    SClientFlag{"-state", false, A::map, "--state", nullptr, "print one SSL_connect: line per handshake message (the SSL states)"},
    SClientFlag{"-tlsextdebug", false, A::map, "--tlsextdebug", nullptr, "print every extension of both hellos with its type number and length"},
    SClientFlag{"-brief", false, A::map, "--brief", nullptr, "print a short summary"},
    SClientFlag{"-quiet", false, A::map, "--quiet", nullptr, "print no report, only the relayed data"},
    SClientFlag{"-tls1_2", false, A::map, "--tls1_2", nullptr, "offer TLS 1.2 only"},
    SClientFlag{"-tls1_3", false, A::map, "--tls1_3", nullptr, "offer TLS 1.3 only"},
    SClientFlag{"-no_tls1_2", false, A::map, "--min-version", "1.3", "do not offer TLS 1.2"},
    SClientFlag{"-no_tls1_3", false, A::map, "--max-version", "1.2", "do not offer TLS 1.3"},
    SClientFlag{"-no_tls1", false, A::ignore, "", nullptr, "TLS 1.0 is never offered by tlskit"},
    SClientFlag{"-no_tls1_1", false, A::ignore, "", nullptr, "TLS 1.1 is never offered by tlskit"},
    SClientFlag{"-no_ssl3", false, A::ignore, "", nullptr, "SSL 3 is never offered by tlskit"},
    SClientFlag{"-min_protocol", true, A::map, "--min-version", nullptr, "lowest version to offer (TLSv1.2, TLSv1.3)"},
    SClientFlag{"-max_protocol", true, A::map, "--max-version", nullptr, "highest version to offer (TLSv1.2, TLSv1.3)"},
    SClientFlag{"-tls1", false, A::refuse, "", nullptr, "TLS 1.0 is not implemented (deprecated by RFC 8996)"},
    SClientFlag{"-tls1_1", false, A::refuse, "", nullptr, "TLS 1.1 is not implemented (deprecated by RFC 8996)"},
    SClientFlag{"-ssl3", false, A::refuse, "", nullptr, "SSL 3 is not implemented"},
    SClientFlag{"-dtls", false, A::refuse, "", nullptr, "DTLS is not implemented"},
    SClientFlag{"-dtls1_2", false, A::refuse, "", nullptr, "DTLS is not implemented"},
    SClientFlag{"-cipher", true, A::map, "--cipher", nullptr, "TLS 1.2 cipher suites, colon-separated names (@SECLEVEL=n accepted and explained)"},
    SClientFlag{"-ciphersuites", true, A::map, "--ciphersuites", nullptr, "TLS 1.3 cipher suites, colon-separated"},
    SClientFlag{"-groups", true, A::map, "--groups", nullptr, "key exchange groups, colon-separated"},
    SClientFlag{"-curves", true, A::map, "--groups", nullptr, "same as -groups"},
    SClientFlag{"-sigalgs", true, A::map, "--sigalgs", nullptr, "signature schemes to accept: ECDSA+SHA256:RSA-PSS+SHA256:ed25519:..."},
    SClientFlag{"-no_middlebox", false, A::map, "--no-middlebox", nullptr, "TLS 1.3 without middlebox compatibility (no CCS, empty session id)"},
    SClientFlag{"-CAfile", true, A::map, "--CAfile", nullptr, "trust the CA certificates in this PEM file"},
    SClientFlag{"-CApath", true, A::map, "--CApath", nullptr, "trust the CA certificates in this directory"},
    SClientFlag{"-no-CAfile", false, A::ignore, "", nullptr, "the system bundle is used only without -CAfile/-CApath"},
    SClientFlag{"-no-CApath", false, A::ignore, "", nullptr, "the system bundle is used only without -CAfile/-CApath"},
    SClientFlag{"-no-CAstore", false, A::ignore, "", nullptr, "the system bundle is used only without -CAfile/-CApath"},
    SClientFlag{"-cert", true, A::map, "--cert", nullptr, "client certificate chain (PEM)"},
    SClientFlag{"-key", true, A::map, "--key", nullptr, "private key of -cert (PEM)"},
    SClientFlag{"-certform", true, A::ignore, "", nullptr, "certificates are read as PEM"},
    SClientFlag{"-keyform", true, A::ignore, "", nullptr, "keys are read as PEM"},
    SClientFlag{"-pass", true, A::unsupported, "", nullptr, "encrypted private keys are not supported yet"},
    SClientFlag{"-alpn", true, A::map, "--alpn", nullptr, "ALPN protocols to offer, comma-separated"},
    SClientFlag{"-status", false, A::map, "--status", nullptr, "ask for a stapled OCSP response"},
    SClientFlag{"-keylogfile", true, A::map, "--keylogfile", nullptr, "append the NSS key log to this file"},
    SClientFlag{"-verify", true, A::ignore, "", nullptr, "tlskit always verifies the chain (any depth) and stops on an error"},
    SClientFlag{"-verify_depth", true, A::map, "--verify-depth", nullptr, "at most N intermediate CAs; a longer chain fails with 22"},
    SClientFlag{"-x509_strict", false, A::map, "--x509-strict", nullptr, "strict RFC 5280 / CA-B Forum profile checks of the chain"},
    SClientFlag{"-attime", true, A::map, "--attime", nullptr, "verify the chain at this Unix time"},
    SClientFlag{"-verify_return_error", false, A::ignore, "", nullptr, "tlskit always stops on a verification error"},
    SClientFlag{"-verify_hostname", true, A::unsupported, "", nullptr, "the name checked is the -servername (or the -connect host); a separate name is not supported yet"},
    SClientFlag{"-reconnect", false, A::map, "--reconnect", nullptr, "reconnect 5 times resuming the session (TLS 1.2 session IDs and tickets, TLS 1.3 tickets)"},
    SClientFlag{"-sess_out", true, A::map, "--sess-out", nullptr, "save the session to this file"},
    SClientFlag{"-sess_in", true, A::map, "--sess-in", nullptr, "resume the session saved in this file"},
    SClientFlag{"-early_data", true, A::map, "--early-data", nullptr, "send this file as 0-RTT early data when resuming"},
    SClientFlag{"-allow_no_dhe_kex", false, A::map, "--psk-ke", nullptr, "also offer TLS 1.3 resumption without (EC)DHE (psk_ke)"},
    SClientFlag{"-no_ticket", false, A::ignore, "", nullptr, "tlskit does not ask for TLS 1.2 tickets"},
    SClientFlag{"-psk", true, A::unsupported, "", nullptr, "the s_client form is not supported yet: give the identity and key together as --psk IDENTITY:HEXKEY"},
    SClientFlag{"-psk_identity", true, A::unsupported, "", nullptr, "the s_client form is not supported yet: give the identity and key together as --psk IDENTITY:HEXKEY"},
    SClientFlag{"-starttls", true, A::refuse, "", nullptr, "STARTTLS is not implemented yet"},
    SClientFlag{"-proxy", true, A::map, "--proxy", nullptr, "connect through this HTTP proxy (HOST:PORT, CONNECT)"},
    SClientFlag{"-enable_pha", false, A::map, "--enable-pha", nullptr, "offer post-handshake client authentication (RFC 8446 4.6.2)"},
    SClientFlag{"-ign_eof", false, A::map, "--ign-eof", nullptr, "keep reading after stdin ends"},
    SClientFlag{"-no_ign_eof", false, A::ignore, "", nullptr, "the default: exit when stdin ends"},
    SClientFlag{"-crlf", false, A::map, "--crlf", nullptr, "send LF from stdin as CRLF"},
    SClientFlag{"-prexit", false, A::ignore, "", nullptr, "the session is always printed"},
    SClientFlag{"-nbio", false, A::ignore, "", nullptr, "tlskit's I/O is its own"},
    SClientFlag{"-4", false, A::ignore, "", nullptr, "addresses are tried in resolver order"},
    SClientFlag{"-6", false, A::ignore, "", nullptr, "addresses are tried in resolver order"},
    SClientFlag{"-legacy_server_connect", false, A::ignore, "", nullptr, "TLS 1.2 renegotiation is always refused"},
    SClientFlag{"-no_legacy_server_connect", false, A::ignore, "", nullptr, "TLS 1.2 renegotiation is always refused"},
    SClientFlag{"-timeout", false, A::ignore, "", nullptr, "DTLS only"},
};

const SClientFlag* find_flag(const std::string& arg) {
  for (const SClientFlag& f : kTable)
    if (arg == f.name) return &f;
  return nullptr;
}

}  // namespace

std::span<const SClientFlag> s_client_flag_table() { return kTable; }

SClientTranslation translate_s_client_args(const std::vector<std::string>& args) {
  SClientTranslation t;
  bool have_connect = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-help" || a == "--help" || a == "-h" || a == "-?") {
      t.help = true;
      return t;
    }
    // OpenSSL accepts "--flag" as "-flag".
    std::string key = a.size() > 2 && a[0] == '-' && a[1] == '-' ? a.substr(1) : a;
    const SClientFlag* f = find_flag(key);
    if (f == nullptr) {
      if (a.size() > 2 && a[0] == '-' && a[1] == '-') {
        // A tlskit client flag (--json, --ladder, --insecure, ...): pass it through.
        t.client_args.push_back(a);
        continue;
      }
      if (!a.empty() && a[0] == '-') {
        t.error = "unknown s_client flag '" + a + "' (try `tlskit s_client -help`)";
        return t;
      }
      // A bare HOST:PORT, as tlskit client takes it.
      t.client_args.push_back(a);
      have_connect = true;
      continue;
    }
    std::string value;
    if (f->takes_value) {
      if (i + 1 >= args.size()) {
        t.error = std::string(f->name) + " needs a value";
        return t;
      }
      value = args[++i];
    }
    switch (f->action) {
      case SFlagAction::map:
        t.client_args.push_back(f->client_flag);
        if (f->fixed_value != nullptr) {
          t.client_args.push_back(f->fixed_value);
        } else if (f->takes_value) {
          t.client_args.push_back(value);
        }
        if (std::strcmp(f->client_flag, "--connect") == 0) have_connect = true;
        break;
      case SFlagAction::unsupported:
        t.notes.push_back(std::string(f->name) + ": " + f->meaning);
        break;
      case SFlagAction::ignore:
        t.notes.push_back(std::string(f->name) + " ignored: " + f->meaning);
        break;
      case SFlagAction::refuse:
        t.error = std::string(f->name) + ": " + f->meaning;
        return t;
    }
  }
  if (!have_connect) {
    t.client_args.push_back("--connect");
    t.client_args.push_back("localhost:4433");
  }
  return t;
}

std::string s_client_help() {
  std::string out =
      "Usage: tlskit s_client [-connect HOST:PORT] [openssl s_client flags] [--tlskit-flags]\n\n"
      "openssl s_client's flags with their meanings, translated onto `tlskit client`.\n"
      "Any `tlskit client` flag (--json, --ladder, --insecure, ...) may be added.\n\n"
      "Flags:\n";
  for (const SClientFlag& f : kTable) {
    std::string name = f.name;
    if (f.takes_value) name += " VAL";
    std::string what = f.meaning;
    switch (f.action) {
      case SFlagAction::map: break;
      case SFlagAction::unsupported: what = "(accepted, not supported yet) " + what; break;
      case SFlagAction::ignore: what = "(ignored) " + what; break;
      case SFlagAction::refuse: what = "(refused) " + what; break;
    }
    if (name.size() < 26) name += std::string(26 - name.size(), ' ');
    out += "  " + name + " " + what + "\n";
  }
  out += "\nUnlike openssl s_client, tlskit stops at a certificate verification error (as\n"
         "-verify_return_error does) and explains it; --insecure turns verification off.\n"
         "Exit codes: 0 connected and verified, 1 connection failed, 2 usage error,\n"
         "3 handshake failed, 4 certificate verification failed. See docs/cli.md.\n";
  return out;
}

}  // namespace tlskit::tools
