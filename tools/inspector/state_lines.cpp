// -state and -tlsextdebug rendering.
#include "inspector/state_lines.h"

namespace tlskit::tools {
namespace {

// A bounds-checked reader over a message body.
struct Cursor {
  ByteView b;
  size_t pos = 0;
  bool ok = true;
  // Skips n bytes.
  void skip(size_t n) {
    if (!ok || b.size() - pos < n) {
      ok = false;
      return;
    }
    pos += n;
  }
  // Reads a big-endian integer of n bytes (n <= 2).
  size_t num(size_t n) {
    if (!ok || b.size() - pos < n) {
      ok = false;
      return 0;
    }
    size_t v = 0;
    for (size_t i = 0; i < n; ++i) v = (v << 8) | b[pos++];
    return v;
  }
  // Skips a vector with an n-byte length prefix.
  void skip_vec(size_t n) { skip(num(n)); }
};

// Appends one line per extension of the block at c (2-byte total length, then entries).
void extension_lines(Cursor& c, const char* who, std::string& out) {
  if (c.pos == c.b.size()) return;  // no extensions at all
  size_t total = c.num(2);
  size_t end = c.pos + total;
  if (!c.ok || end > c.b.size()) {
    out += std::string("TLS ") + who + " extensions: malformed extension block\n";
    return;
  }
  while (c.ok && c.pos < end) {
    size_t type = c.num(2);
    size_t len = c.num(2);
    c.skip(len);
    if (!c.ok || c.pos > end) {
      out += std::string("TLS ") + who + " extensions: malformed extension block\n";
      return;
    }
    out += std::string("TLS ") + who + " extension \"" +
           extension_name(static_cast<ExtensionType>(type)) + "\" (id=" + std::to_string(type) +
           "), len=" + std::to_string(len) + "\n";
  }
}

bool is_hrr(const RecordedEvent& ev) { return ev.described.name == "HelloRetryRequest"; }

}  // namespace

std::string openssl_state_name(const RecordedEvent& ev, bool tls13) {
  const Event& e = ev.event;
  const bool sent = e.direction == Direction::sent;
  if (e.kind == EventKind::change_cipher_spec)
    return sent ? "SSLv3/TLS write change cipher spec" : "SSLv3/TLS read change cipher spec";
  if (e.kind != EventKind::handshake_message) return "";
  switch (e.handshake_type) {
    case HandshakeType::client_hello: return "SSLv3/TLS write client hello";
    case HandshakeType::server_hello: return "SSLv3/TLS read server hello";
    case HandshakeType::encrypted_extensions: return "TLSv1.3 read encrypted extensions";
    case HandshakeType::certificate:
    case HandshakeType::compressed_certificate:  // OpenSSL 3.2 names both states the same
      return sent ? "SSLv3/TLS write client certificate" : "SSLv3/TLS read server certificate";
    case HandshakeType::certificate_request: return "SSLv3/TLS read server certificate request";
    case HandshakeType::server_key_exchange: return "SSLv3/TLS read server key exchange";
    case HandshakeType::server_hello_done: return "SSLv3/TLS read server done";
    case HandshakeType::certificate_status: return "SSLv3/TLS read certificate status";
    case HandshakeType::client_key_exchange: return "SSLv3/TLS write client key exchange";
    case HandshakeType::certificate_verify:
      return sent ? "SSLv3/TLS write certificate verify"
                  : (tls13 ? "TLSv1.3 read server certificate verify"
                           : "SSLv3/TLS read server certificate verify");
    case HandshakeType::finished:
      return sent ? "SSLv3/TLS write finished" : "SSLv3/TLS read finished";
    case HandshakeType::new_session_ticket: return "SSLv3/TLS read server session ticket";
    case HandshakeType::key_update:
      return sent ? "SSLv3/TLS write key update" : "SSLv3/TLS read key update";
    default: return "";
  }
}

std::string render_state_lines(const Report& r) {
  const bool tls13 = r.info.version == ProtocolVersion::tls1_3;
  std::string out = "SSL_connect:before SSL initialization\n";
  std::string last = "before SSL initialization";
  bool done = false;
  for (const RecordedEvent& ev : r.events) {
    const Event& e = ev.event;
    if (e.kind == EventKind::alert && e.message.size() == 2) {
      std::string desc = alert_name(static_cast<Alert>(e.message[1]));
      for (char& ch : desc)
        if (ch == '_') ch = ' ';
      out += std::string("SSL3 alert ") + (e.direction == Direction::sent ? "write" : "read") +
             ":" + (e.message[0] == 1 ? "warning" : "fatal") + ":" + desc + "\n";
      continue;
    }
    if (e.kind == EventKind::handshake_complete && !done) {
      out += "SSL_connect:SSL negotiation finished successfully\n";
      done = true;
      continue;
    }
    std::string name = openssl_state_name(ev, tls13);
    if (name.empty()) continue;
    out += "SSL_connect:" + name + "\n";
    last = name;
  }
  if (!done && r.handshake_complete) {
    out += "SSL_connect:SSL negotiation finished successfully\n";
  } else if (!done && r.error) {
    out += "SSL_connect:error in " + last + "\n";
  }
  return out;
}

std::string render_tlsextdebug(const Report& r) {
  std::string out;
  for (const RecordedEvent& ev : r.events) {
    const Event& e = ev.event;
    if (e.kind != EventKind::handshake_message || e.message.size() < 4) continue;
    Cursor c{ByteView(e.message).subspan(4)};
    switch (e.handshake_type) {
      case HandshakeType::client_hello:
        c.skip(2 + 32);
        c.skip_vec(1);  // legacy_session_id
        c.skip_vec(2);  // cipher_suites
        c.skip_vec(1);  // legacy_compression_methods
        if (c.ok) extension_lines(c, "client", out);
        break;
      case HandshakeType::server_hello:
        c.skip(2 + 32);
        c.skip_vec(1);  // legacy_session_id_echo
        c.skip(2 + 1);  // cipher_suite, legacy_compression_method
        if (!c.ok) break;
        if (is_hrr(ev)) out += "(HelloRetryRequest)\n";
        extension_lines(c, "server", out);
        break;
      case HandshakeType::encrypted_extensions:
        extension_lines(c, "server", out);
        break;
      default:
        break;
    }
  }
  return out;
}

}  // namespace tlskit::tools
