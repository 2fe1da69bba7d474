// The text report: openssl s_client's sections in its words, then timing, probes and diagnosis.
#include <cstdio>

#include "crypto/registry.h"
#include "inspector/diagnosis.h"
#include "inspector/render.h"
#include "inspector/state_lines.h"

namespace tlskit::tools {
namespace {

constexpr const char* kRule = "---\n";

void render_field(std::string& out, const DescribedField& f, int indent) {
  std::string pad(static_cast<size_t>(indent), ' ');
  out += pad + f.name + ":";
  if (!f.value.empty()) out += " " + f.value;
  if (!f.items.empty()) {
    size_t total = 0;
    for (const auto& i : f.items) total += i.size() + 2;
    if (total + pad.size() + f.name.size() < 100) {
      out += f.value.empty() ? " " : " [";
      for (size_t i = 0; i < f.items.size(); ++i) out += (i ? ", " : "") + f.items[i];
      if (!f.value.empty()) out += "]";
      out += "\n";
    } else {
      out += "\n";
      for (const auto& i : f.items) out += pad + "  - " + i + "\n";
    }
  } else {
    out += "\n";
  }
  for (const auto& c : f.children) render_field(out, c, indent + 2);
}

void hex_dump(std::string& out, ByteView b, const std::string& pad) {
  static const char* digits = "0123456789abcdef";
  for (size_t i = 0; i < b.size(); i += 16) {
    out += pad;
    for (size_t j = i; j < i + 16 && j < b.size(); ++j) {
      if (j > i) out += ' ';
      out += digits[b[j] >> 4];
      out += digits[b[j] & 15];
    }
    out += "\n";
  }
}

std::string verify_code_text(const CertVerifyResult& v) {
  return std::to_string(v.code) + " (" + (v.code_text.empty() ? (v.ok ? "ok" : "error") : v.code_text) + ")";
}

// The verify result to show: the library's, or one built from the error's verify code.
std::optional<CertVerifyResult> verify_result(const Report& r) {
  if (r.info.peer_verify) return r.info.peer_verify;
  if (r.error && r.error->code == ErrorCode::certificate_invalid) {
    CertVerifyResult v;
    v.code = r.error->verify_code;
    v.depth = r.error->verify_depth;
    v.code_text = r.error->detail;
    return v;
  }
  return std::nullopt;
}

void section_chain(std::string& out, const Report& r, const TextOptions& o) {
  if (r.chain.empty()) {
    out += "no peer certificate available\n";
    return;
  }
  out += "Certificate chain\n";
  for (const CertSummary& c : r.chain) {
    char num[16];
    std::snprintf(num, sizeof num, "%2d", c.depth);
    out += std::string(num) + " s:" + c.subject + "\n";
    out += "   i:" + c.issuer + "\n";
    if (!c.public_key.empty() || !c.signature_algorithm.empty())
      out += "   a:PKEY: " + c.public_key + "; sigalg: " + c.signature_algorithm + "\n";
    if (!c.not_before.empty())
      out += "   v:NotBefore: " + c.not_before + "; NotAfter: " + c.not_after + "\n";
    if (!c.parse_error.empty()) out += "   (could not parse: " + c.parse_error + ")\n";
    if (o.show_certs && !c.pem.empty()) out += c.pem;
  }
  out += kRule;
  if (!o.show_certs && o.s_client_style && !r.chain[0].pem.empty()) {
    out += "Server certificate\n" + r.chain[0].pem;
  }
  out += "subject=" + r.chain[0].subject + "\n";
  out += "issuer=" + r.chain[0].issuer + "\n";
}

// Names from the CertificateRequest's certificate_authorities, if the server sent any.
std::vector<std::string> client_ca_names(const Report& r) {
  std::vector<std::string> names;
  for (const RecordedEvent& ev : r.events) {
    if (ev.event.kind != EventKind::handshake_message ||
        ev.event.handshake_type != HandshakeType::certificate_request)
      continue;
    std::vector<const DescribedField*> stack;
    for (const auto& f : ev.described.fields) stack.push_back(&f);
    while (!stack.empty()) {
      const DescribedField* f = stack.back();
      stack.pop_back();
      if (f->name == "certificate_authorities") {
        for (const auto& i : f->items) names.push_back(i);
        if (!f->value.empty() && f->items.empty()) names.push_back(f->value);
      }
      for (const auto& c : f->children) stack.push_back(&c);
    }
  }
  return names;
}

// 3456 -> "3,456".
std::string grouped(uint64_t n) {
  std::string digits = std::to_string(n), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// "brotli, 3,456 -> 1,234 bytes (64% saved)" (RFC 8879).
std::string cert_compression_text(const CertCompressionInfo& c) {
  std::string out = cert_compression_name(c.algorithm) + ", " + grouped(c.uncompressed_size) +
                    " -> " + grouped(c.compressed_size) + " bytes";
  if (c.uncompressed_size > 0 && c.compressed_size <= c.uncompressed_size)
    out += " (" +
           std::to_string(uint64_t{c.uncompressed_size - c.compressed_size} * 100 /
                          c.uncompressed_size) +
           "% saved)";
  return out;
}

void section_peer(std::string& out, const Report& r) {
  if (r.info.client_cert_requested) {
    auto names = client_ca_names(r);
    if (names.empty()) {
      out += "No client certificate CA names sent\n";
    } else {
      out += "Acceptable client certificate CA names\n";
      for (const auto& n : names) out += n + "\n";
    }
    out += std::string("Client certificate: ") +
           (r.info.client_cert_sent ? "sent" : "requested by the server, none sent") + "\n";
  } else {
    out += "No client certificate CA names sent\n";
  }
  if (const PostHandshakeAuthInfo& pha = r.info.post_handshake_auth; pha.requests > 0)
    out += "Post-handshake authentication: the server asked " + std::to_string(pha.requests) +
           (pha.requests == 1 ? " time" : " times") + "; the last answer " +
           (pha.certificate ? "carried a certificate" : "carried no certificate") + "\n";
  if (r.info.peer_signature_scheme) {
    std::string digest = signature_digest_name(*r.info.peer_signature_scheme);
    if (!digest.empty()) out += "Peer signing digest: " + digest + "\n";
    out += "Peer signature type: " + signature_type_name(*r.info.peer_signature_scheme) + "\n";
  }
  if (r.info.group) out += "Server Temp Key: " + temp_key_text(*r.info.group) + "\n";
  // RFC 8449: the server's record_size_limit, when it sent one (it answers ours).
  if (r.info.peer_record_size_limit)
    out += "Record size limit: the server accepts records of up to " +
           std::to_string(*r.info.peer_record_size_limit) + " bytes (RFC 8449)\n";
  // RFC 8879: the server's certificate came as a CompressedCertificate (and ours, if sent so).
  if (r.info.peer_cert_compression)
    out += "Certificate compression: " + cert_compression_text(*r.info.peer_cert_compression) + "\n";
  if (r.info.local_cert_compression)
    out += "Client certificate compression: " +
           cert_compression_text(*r.info.local_cert_compression) + "\n";
}

void section_verify_line(std::string& out, const Report& r) {
  if (!r.settings.verify) {
    out += "Verification: NOT verified (--insecure): the chain and host name were not checked\n";
    return;
  }
  auto v = verify_result(r);
  if (v && !v->ok) {
    out += "Verification error: " + v->code_text + "\n";
  } else if (v || r.info.peer_verified) {
    out += "Verification: OK\n";
  } else {
    out += "Verification: not done (the handshake stopped before the certificate was checked)\n";
  }
}

// What became of 0-RTT data, in s_client's words plus the reason ("" when none was asked for).
std::string early_data_line(const EarlyDataInfo& e) {
  if (e.accepted) return "Early data was accepted (" + std::to_string(e.bytes) + " bytes)\n";
  if (e.offered && e.reason == EarlyDataReason::rejected)
    return "Early data was rejected by the server; it was not delivered\n";
  if (e.offered)
    return std::string("Early data was rejected (") + early_data_reason_name(e.reason) +
           "); it was not delivered\n";
  if (e.reason != EarlyDataReason::none)
    return std::string("Early data was not sent (") + early_data_reason_name(e.reason) + ")\n";
  return "";
}

void section_session(std::string& out, const Report& r, const TextOptions& o) {
  if (r.info.version && r.info.cipher_suite && r.handshake_complete) {
    out += std::string(r.info.resumed ? "Reused, " : "New, ") + version_name(*r.info.version) +
           ", Cipher is " +
           (*r.info.version == ProtocolVersion::tls1_3 ? cipher_suite_name(*r.info.cipher_suite)
                                                       : cipher_suite_openssl_name(*r.info.cipher_suite)) +
           "\n";
  } else {
    out += "New, (NONE), Cipher is (NONE)\n";
  }
  out += early_data_line(r.info.early_data);
  if (!r.chain.empty() && r.chain[0].public_key_bits > 0)
    out += "Server public key is " + std::to_string(r.chain[0].public_key_bits) + " bit\n";
  if (o.s_client_style) {
    out += "Compression: NONE\n";
    out += "Expansion: NONE\n";
  }
  if (!r.info.alpn.empty()) {
    out += "ALPN protocol: " + r.info.alpn + "\n";
  } else {
    out += "No ALPN negotiated\n";
  }
  if (r.info.version == ProtocolVersion::tls1_2 && r.handshake_complete)
    out += std::string("Extended master secret: ") + (r.info.extended_master_secret ? "yes" : "no") + "\n";
  if (o.status || r.settings.status_request || r.ocsp.present) {
    if (!r.ocsp.present) {
      out += "OCSP response: no response sent\n";
    } else {
      out += "OCSP response: \n======================================\nOCSP Response Data:\n";
      if (!r.ocsp.parse_error.empty()) {
        out += "    (could not parse: " + r.ocsp.parse_error + ")\n";
      } else {
        static const char* kStatus[] = {"successful", "malformedRequest", "internalError",
                                        "tryLater", "(4)", "sigRequired", "unauthorized"};
        int st = r.ocsp.response_status;
        std::string name = st >= 0 && st <= 6 ? kStatus[st] : "(" + std::to_string(st) + ")";
        char hex[16];
        std::snprintf(hex, sizeof hex, "0x%x", st);
        out += "    OCSP Response Status: " + name + " (" + hex + ")\n";
        if (!r.ocsp.produced_at.empty()) out += "    Produced At: " + r.ocsp.produced_at + "\n";
        if (!r.ocsp.cert_status.empty()) {
          out += "    Cert Status: " + r.ocsp.cert_status + "\n";
          if (!r.ocsp.revocation_time.empty())
            out += "    Revocation Time: " + r.ocsp.revocation_time + "\n";
          out += "    This Update: " + r.ocsp.this_update + "\n";
          if (!r.ocsp.next_update.empty()) out += "    Next Update: " + r.ocsp.next_update + "\n";
        }
      }
      out += "======================================\n";
    }
  }
  if (!r.settings.verify) {
    out += "Verify return code: (not verified: --insecure)\n";
  } else if (auto v = verify_result(r)) {
    out += "Verify return code: " + verify_code_text(*v) + "\n";
  } else if (r.info.peer_verified) {
    out += "Verify return code: 0 (ok)\n";
  }
}

void section_reconnects(std::string& out, const Report& r) {
  for (const ReconnectResult& x : r.reconnects) {
    out += kRule;
    out += "drop connection and then reconnect (" + std::to_string(x.attempt) + ")\n";
    if (x.error) {
      out += "reconnect failed: " + x.error->to_string() + "\n";
      continue;
    }
    std::string suite = "(NONE)";
    if (x.cipher_suite)
      suite = x.version == ProtocolVersion::tls1_3 ? cipher_suite_name(*x.cipher_suite)
                                                   : cipher_suite_openssl_name(*x.cipher_suite);
    out += std::string(x.resumed ? "Reused, " : "New, ") +
           (x.version ? version_name(*x.version) : "(NONE)") + ", Cipher is " + suite;
    if (x.handshake_us) out += " (handshake " + format_ms(*x.handshake_us) + " ms)";
    out += "\n";
    out += early_data_line(x.early_data);
  }
}

void section_http(std::string& out, const Report& r) {
  if (!r.http) return;
  out += kRule;
  out += "HTTP GET " + r.http->path + ": ";
  if (r.http->status) {
    out += r.http->status_line + "\n";
  } else if (r.http->error) {
    out += "no answer: " + r.http->error->detail + "\n";
  } else {
    out += "no HTTP status line in the answer\n";
  }
}

void section_tickets(std::string& out, const Report& r) {
  bool post = false;
  for (const RecordedEvent& ev : r.events) {
    if (ev.event.kind == EventKind::handshake_complete) post = true;
    if (ev.event.kind != EventKind::handshake_message ||
        ev.event.handshake_type != HandshakeType::new_session_ticket)
      continue;
    out += kRule;
    // TLS 1.3 tickets come after the handshake; a TLS 1.2 ticket comes inside it (RFC 5077).
    out += std::string(post ? "Post-Handshake New Session Ticket arrived (" : "New Session Ticket arrived (") +
           std::to_string(ev.described.length) + " bytes):\n";
    for (const auto& f : ev.described.fields) render_field(out, f, 4);
  }
}

void section_timing(std::string& out, const Report& r) {
  const Timings& t = r.timings;
  if (!t.tcp_connect_us && !t.handshake_us && r.flights.empty()) return;
  out += kRule;
  out += "Timing (from the start of the TCP connect)\n";
  if (t.tcp_connect_us) out += "  TCP connect:      " + format_ms(*t.tcp_connect_us) + " ms\n";
  // Every flight of the handshake in order; a server flight says how long after the client's
  // last flight it began (the server's think time plus one network round trip).
  size_t n_client = 0, n_server = 0;
  for (const FlightInfo& f : r.flights) {
    if (f.post_handshake) continue;
    const bool server = f.direction == Direction::received;
    std::string first = event_display_name(r.events[f.first_event]);
    std::string last = event_display_name(r.events[f.last_event]);
    const size_t n = server ? ++n_server : ++n_client;
    out += std::string(server ? "  server flight " : "  client flight ") + std::to_string(n) +
           ":  at " + format_ms(f.start_us) + " ms";
    if (server && n - 1 < t.server_flight_wait_us.size())
      out += ", " + format_ms(t.server_flight_wait_us[n - 1]) + " ms after the client's flight";
    out += " (" + first + (first == last ? "" : " .. " + last) + ", " +
           std::to_string(f.wire_bytes) + " bytes)\n";
  }
  if (t.handshake_us) {
    out += "  handshake:        " + format_ms(*t.handshake_us) + " ms from the ClientHello, " +
           round_trip_text(r) + "\n";
  } else if (t.round_trips > 0) {
    out += "  handshake:        not completed after " + std::to_string(t.round_trips) +
           (t.round_trips == 1 ? " round trip\n" : " round trips\n");
  }
}

void section_error_and_diagnosis(std::string& out, const Report& r) {
  if (!r.probes.empty()) {
    out += kRule;
    out += "Probes (follow-up connections to tell the causes apart)\n";
    for (const ProbeResult& p : r.probes) {
      out += "  " + p.description + ": ";
      if (!p.accepted && p.error && p.error->party == Party::config) {
        out += "not run (" + p.error->detail + ")";
      } else if (p.accepted) {
        out += "accepted";
        if (p.version) out += ", " + version_name(*p.version);
        if (p.cipher_suite) out += ", " + cipher_suite_name(*p.cipher_suite);
        if (p.group) out += ", " + group_name(*p.group);
        if (p.detail) out += " (" + *p.detail + ")";
      } else {
        out += "refused";
        if (p.error) {
          out += " (" + std::string(error_code_name(p.error->code));
          if (p.error->alert != Alert::none) out += std::string(", alert ") + alert_name(p.error->alert);
          out += ")";
        }
      }
      out += "\n";
    }
  }
  out += kRule;
  if (r.error) {
    out += "Handshake FAILED: " + r.error->to_string() + "\n";
  }
  const Diagnosis& d = r.diagnosis;
  out += "Diagnosis: " + d.cause;
  if (!d.step.empty() && d.step != "none") out += " at " + d.step;
  if (!d.party.empty()) out += " (at fault: " + d.party + ")";
  out += "\n";
  if (!d.explanation.empty()) out += "  " + d.explanation + "\n";
  if (!d.fix.empty()) out += "  Fix: " + d.fix + "\n";
  for (const auto& e : d.evidence) out += "  - " + e + "\n";
}

std::string render_brief(const Report& r) {
  std::string out;
  if (r.handshake_complete && !r.error) {
    out += "CONNECTION ESTABLISHED\n";
  } else {
    out += "CONNECTION FAILED\n";
  }
  if (r.info.version) out += "Protocol version: " + version_name(*r.info.version) + "\n";
  if (r.info.cipher_suite) out += "Ciphersuite: " + cipher_suite_name(*r.info.cipher_suite) + "\n";
  if (!r.chain.empty()) out += "Peer certificate: " + r.chain[0].subject + "\n";
  if (r.info.peer_signature_scheme) {
    std::string digest = signature_digest_name(*r.info.peer_signature_scheme);
    if (!digest.empty()) out += "Hash used: " + digest + "\n";
    out += "Signature type: " + signature_type_name(*r.info.peer_signature_scheme) + "\n";
  }
  if (!r.settings.verify) {
    out += "Verification: NOT verified (--insecure)\n";
  } else if (auto v = verify_result(r); v && !v->ok) {
    out += "Verification error: " + v->code_text + "\n";
  } else if (r.info.peer_verified) {
    out += "Verification: OK\n";
  }
  if (!r.info.alpn.empty()) out += "ALPN protocol: " + r.info.alpn + "\n";
  if (r.info.group) out += "Server Temp Key: " + temp_key_text(*r.info.group) + "\n";
  if (r.error) {
    out += "Diagnosis: " + r.diagnosis.cause + ": " + r.diagnosis.explanation + "\n";
    if (!r.diagnosis.fix.empty()) out += "Fix: " + r.diagnosis.fix + "\n";
  }
  return out;
}

}  // namespace

std::string event_display_name(const RecordedEvent& ev) {
  switch (ev.event.kind) {
    case EventKind::change_cipher_spec: return "ChangeCipherSpec";
    case EventKind::alert: {
      std::string s = "Alert";
      if (ev.event.message.size() == 2) {
        s += std::string(ev.event.message[0] == 2 ? " fatal " : " warning ") +
             alert_name(static_cast<Alert>(ev.event.message[1]));
      }
      return s;
    }
    case EventKind::handshake_message:
      if (!ev.described.name.empty()) return ev.described.name;
      return handshake_type_name(ev.event.handshake_type);
    case EventKind::handshake_complete: return "handshake complete";
    case EventKind::key_update: return "KeyUpdate";
    case EventKind::early_data: return "0-RTT application data";
    case EventKind::post_handshake_auth: return "post-handshake authentication done";
  }
  return "event";
}

std::string temp_key_text(NamedGroup g) {
  switch (g) {
    case NamedGroup::x25519: return "X25519, 253 bits";
    case NamedGroup::x448: return "X448, 448 bits";
    case NamedGroup::secp256r1: return "ECDH, prime256v1, 256 bits";
    case NamedGroup::secp384r1: return "ECDH, secp384r1, 384 bits";
    case NamedGroup::secp521r1: return "ECDH, secp521r1, 521 bits";
    default: return group_name(g);
  }
}

std::string signature_digest_name(SignatureScheme s) {
  switch (s) {
    case SignatureScheme::rsa_pkcs1_sha1:
    case SignatureScheme::ecdsa_sha1: return "SHA1";
    case SignatureScheme::rsa_pkcs1_sha256:
    case SignatureScheme::ecdsa_secp256r1_sha256:
    case SignatureScheme::rsa_pss_rsae_sha256:
    case SignatureScheme::rsa_pss_pss_sha256: return "SHA256";
    case SignatureScheme::rsa_pkcs1_sha384:
    case SignatureScheme::ecdsa_secp384r1_sha384:
    case SignatureScheme::rsa_pss_rsae_sha384:
    case SignatureScheme::rsa_pss_pss_sha384: return "SHA384";
    case SignatureScheme::rsa_pkcs1_sha512:
    case SignatureScheme::ecdsa_secp521r1_sha512:
    case SignatureScheme::rsa_pss_rsae_sha512:
    case SignatureScheme::rsa_pss_pss_sha512: return "SHA512";
    default: return "";
  }
}

std::string signature_type_name(SignatureScheme s) {
  switch (s) {
    case SignatureScheme::rsa_pkcs1_sha1:
    case SignatureScheme::rsa_pkcs1_sha256:
    case SignatureScheme::rsa_pkcs1_sha384:
    case SignatureScheme::rsa_pkcs1_sha512: return "RSA";
    case SignatureScheme::ecdsa_sha1:
    case SignatureScheme::ecdsa_secp256r1_sha256:
    case SignatureScheme::ecdsa_secp384r1_sha384:
    case SignatureScheme::ecdsa_secp521r1_sha512: return "ECDSA";
    case SignatureScheme::rsa_pss_rsae_sha256:
    case SignatureScheme::rsa_pss_rsae_sha384:
    case SignatureScheme::rsa_pss_rsae_sha512:
    case SignatureScheme::rsa_pss_pss_sha256:
    case SignatureScheme::rsa_pss_pss_sha384:
    case SignatureScheme::rsa_pss_pss_sha512: return "RSA-PSS";
    case SignatureScheme::ed25519: return "Ed25519";
    case SignatureScheme::ed448: return "Ed448";
  }
  return signature_scheme_name(s);
}

std::string render_message(const Report& r, const RecordedEvent& ev, bool with_hex) {
  const Event& e = ev.event;
  std::string out = e.direction == Direction::sent ? ">>> " : "<<< ";
  out += event_display_name(ev);
  out += e.encrypted ? " (encrypted)" : "";
  out += ", " + std::to_string(e.message.size()) + " bytes";
  if (e.wire_bytes) out += " (" + std::to_string(e.wire_bytes) + " on the wire)";
  out += ", at " + format_ms(e.micros - r.origin_us) + " ms\n";
  if (!ev.described.parse_error.empty())
    out += "    parse error: " + ev.described.parse_error + "\n";
  for (const auto& f : ev.described.fields) render_field(out, f, 4);
  if (with_hex) hex_dump(out, e.message, "    | ");
  return out;
}

std::string render_text(const Report& r, const TextOptions& o) {
  if (o.brief) return render_brief(r);
  std::string out;
  if (r.tcp_connected) {
    out += "CONNECTED(" + (r.settings.address.empty() ? r.settings.host : r.settings.address) + ")";
    if (r.timings.tcp_connect_us) out += " in " + format_ms(*r.timings.tcp_connect_us) + " ms";
    out += "\n";
  } else {
    out += "connect to " + r.settings.host + ":" + std::to_string(r.settings.port) + " failed\n";
  }
  if (!r.settings.verify) {
    out += "WARNING: --insecure: the certificate chain and host name are NOT verified\n";
  }
  for (const auto& n : r.notes) out += "note: " + n + "\n";
  if (o.s_client_style) {
    if (auto v = verify_result(r); v && !v->ok) {
      out += "depth=" + std::to_string(v->depth < 0 ? 0 : v->depth) + " " + v->subject + "\n";
      out += "verify error:num=" + std::to_string(v->code) + ":" + v->code_text + "\n";
    }
  }
  if (o.state) out += render_state_lines(r);
  if (o.tlsextdebug) out += render_tlsextdebug(r);
  if (o.msg || o.trace) {
    for (const RecordedEvent& ev : r.events) {
      if (ev.event.kind == EventKind::handshake_message ||
          ev.event.kind == EventKind::change_cipher_spec || ev.event.kind == EventKind::alert) {
        out += render_message(r, ev, o.trace);
      }
    }
  }
  if (r.tcp_connected) {
    out += kRule;
    section_chain(out, r, o);
    out += kRule;
    section_peer(out, r);
    out += kRule;
    bool from_events = !r.events.empty();
    uint64_t rd = from_events ? r.timings.handshake_bytes_read : r.info.bytes_read;
    uint64_t wr = from_events ? r.timings.handshake_bytes_written : r.info.bytes_written;
    out += "SSL handshake has read " + std::to_string(rd) + " bytes and written " +
           std::to_string(wr) + " bytes\n";
    section_verify_line(out, r);
    out += kRule;
    section_session(out, r, o);
    section_tickets(out, r);
    section_http(out, r);
    section_reconnects(out, r);
    if (o.timing) section_timing(out, r);
  }
  if (o.diagnosis) section_error_and_diagnosis(out, r);
  out += kRule;
  return out;
}

}  // namespace tlskit::tools
