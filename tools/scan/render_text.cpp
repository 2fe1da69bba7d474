// The scan's terminal text.
#include <cstdio>

#include "scan/render.h"

namespace tlskit::tools::scan {
namespace {

const char* yes_no(const std::optional<bool>& b, const char* yes = "yes", const char* no = "no") {
  return !b ? "not tested" : *b ? yes : no;
}

}  // namespace

std::string target_text(const TargetReport& t) {
  std::string s;
  auto line = [&](const std::string& x) { s += x + "\n"; };
  line("== " + t.target + (t.server_name.empty() ? "" : " (SNI " + t.server_name + ")") +
       (t.starttls.empty() ? "" : " STARTTLS " + t.starttls) + " -- " + std::to_string(t.duration_ms) + " ms, " +
       std::to_string(t.connections) + " connections");
  if (t.error) {
    line("  error: " + t.error->cause + ": " + t.error->detail);
    return s;
  }
  std::string grade = t.grade.letter + " (score " + std::to_string(t.grade.score) + ": protocol " +
                      std::to_string(t.grade.protocol_score) + ", key exchange " +
                      std::to_string(t.grade.key_exchange_score) + ", cipher " + std::to_string(t.grade.cipher_score) + ")";
  line("Grade " + grade + (t.grade.letter_if_trusted.empty() ? "" : "; " + t.grade.letter_if_trusted + " if trusted"));
  for (const auto& c : t.grade.caps) line("  capped at " + c.letter + ": " + c.reason + " -> " + c.raise);
  for (const auto& w : t.grade.warnings) line("  warning: " + w);
  line("Protocols");
  for (const auto& p : t.protocols) {
    std::string order = !p.supported || !p.server_order ? "" : *p.server_order ? " (server order)" : " (client order)";
    line(std::string("  ") + protocol_key(p.protocol) + ": " + (p.supported ? "yes" : "no") + order);
    for (const auto& x : p.suites) {
      char b[300];
      std::snprintf(b, sizeof b, "    %-48s %-8s %-9s %-18s %3d%s%s", x.name.c_str(), x.kx.c_str(), x.auth.c_str(),
                    x.cipher.c_str(), x.bits, x.kx_group.empty() ? "" : ("  " + x.kx_group).c_str(),
                    x.forward_secret ? "" : "  (no FS)");
      line(b);
    }
    if (!p.complete) line("    (incomplete: " + p.note + ")");
  }
  if (!t.groups.empty()) {
    std::string g;
    for (const auto& x : t.groups) g += (g.empty() ? "" : ", ") + x;
    line("Groups: " + g + (t.group_server_order == true ? " (server order)" : ""));
  }
  if (!t.dhe_params.empty()) line("DHE parameters: " + t.dhe_params);
  if (!t.signature_schemes.empty()) {
    std::string g;
    for (const auto& x : t.signature_schemes) g += (g.empty() ? "" : ", ") + x;
    line("Signature schemes: " + g);
  }
  for (const auto& c : t.certificates) {
    line("Certificate " + std::string(c.with_sni ? "for " + c.sni : "without SNI"));
    for (const auto& x : c.chain) line("  " + std::to_string(x.depth) + " s:" + x.subject + "\n    i:" + x.issuer);
    for (const auto& k : c.checks) line(std::string("  [") + (k.ok ? "ok" : "!!") + "] " + k.id + ": " + k.detail);
  }
  const FeatureFacts& f = t.features;
  line("Features");
  line(std::string("  forward secrecy: ") + (f.forward_secrecy_all ? "all suites" : f.forward_secrecy_any ? "some suites" : "none") +
       "; AEAD: " + (f.aead_any ? "yes" : "no"));
  line(std::string("  extended master secret: ") + yes_no(f.extended_master_secret) +
       "; secure renegotiation: " + yes_no(f.secure_renegotiation) + "; TLS_FALLBACK_SCSV: " + yes_no(f.fallback_scsv));
  line(std::string("  compression: ") + yes_no(f.compression) + "; heartbeat: " + yes_no(f.heartbeat) +
       "; OCSP stapling: " + yes_no(f.ocsp_stapling));
  line(std::string("  Heartbleed: ") + yes_no(f.heartbleed) + "; CCS injection: " +
       yes_no(f.ccs_injection) + "; ticketbleed: " + yes_no(f.ticketbleed));
  line(std::string("  session IDs: ") + yes_no(f.session_ids) + "; TLS 1.2 tickets: " + yes_no(f.tls12_tickets) +
       "; TLS 1.3 tickets: " + (f.tls13_tickets ? std::to_string(*f.tls13_tickets) : "not tested"));
  line(std::string("  ALPN h2: ") + yes_no(f.alpn_h2) + "; http/1.1: " + yes_no(f.alpn_http11) +
       "; X25519MLKEM768: " + yes_no(f.x25519mlkem768));
  if (f.http.requested)
    line("  HTTP: " + (f.http.status ? std::to_string(*f.http.status) : "no response (" + f.http.error + ")") +
         (f.http.hsts ? "; HSTS max-age=" + std::to_string(f.http.hsts_max_age) : "; no HSTS"));
  if (!t.findings.empty()) line("Findings");
  for (const auto& x : t.findings) {
    char b[64];
    std::snprintf(b, sizeof b, "  %-8s ", severity_name(x.severity));
    line(b + x.id + ": " + x.title + " [" + x.method + "]");
    line("           " + x.detail);
    if (!x.fix.empty()) line("           fix: " + x.fix);
  }
  if (!t.clients.empty()) line("Clients");
  for (const auto& c : t.clients) {
    char b[300];
    if (c.connected)
      std::snprintf(b, sizeof b, "  %-28s %-8s %-40s %s", c.client.c_str(), c.version.c_str(), c.suite.c_str(), c.group.c_str());
    else
      std::snprintf(b, sizeof b, "  %-28s fails: %s", c.client.c_str(), c.error.c_str());
    line(b);
  }
  return s;
}

}  // namespace tlskit::tools::scan
