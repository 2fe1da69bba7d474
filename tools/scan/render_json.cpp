// The scan's JSON document.
#include <cstdio>

#include "scan/render.h"

namespace tlskit::tools::scan {
namespace {

using nlohmann::json;

template <typename T>
json opt(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

std::string hex_id(uint16_t id) {
  char b[8];
  std::snprintf(b, sizeof b, "0x%04x", id);
  return b;
}

json cert_json(const CertificateFacts& c) {
  json chain = json::array();
  for (const auto& s : c.chain)
    chain.push_back({{"depth", s.depth}, {"subject", s.subject}, {"issuer", s.issuer}, {"not_before", s.not_before},
                     {"not_after", s.not_after}, {"public_key", s.public_key}, {"signature_algorithm", s.signature_algorithm},
                     {"dns_names", s.dns_names}, {"self_signed", s.self_signed}});
  json checks = json::array();
  for (const auto& k : c.checks) checks.push_back({{"id", k.id}, {"ok", k.ok}, {"detail", k.detail}});
  return {{"server_name", c.with_sni ? json(c.sni) : json(nullptr)},
          {"sni", c.with_sni},
          {"chain", chain},
          {"verify_code", c.verify_code},
          {"verify_text", c.verify_text},
          {"cause", c.cause},
          {"explanation", c.explanation},
          {"trusted", c.trusted},
          {"hostname_checked", c.hostname_checked},
          {"hostname_ok", c.hostname_ok},
          {"days_left", c.days_left},
          {"expired", c.expired},
          {"not_yet_valid", c.not_yet_valid},
          {"self_signed", c.self_signed},
          {"key_type", c.key_type},
          {"key_bits", c.key_bits},
          {"signature_algorithm", c.signature_algorithm},
          {"chain_in_order", c.chain_in_order},
          {"chain_complete", c.chain_complete},
          {"aia", {{"url", c.aia_url}, {"result", c.aia_result}, {"completes_chain", opt(c.aia_completes_chain)}}},
          {"ocsp_stapled", c.ocsp_stapled},
          {"ocsp_status", c.ocsp_status},
          {"checks", checks}};
}

}  // namespace

json target_json(const TargetReport& t) {
  json j;
  j["target"] = t.target;
  j["host"] = t.host;
  j["port"] = t.port;
  j["address"] = t.address;
  j["server_name"] = t.server_name.empty() ? json(nullptr) : json(t.server_name);
  j["starttls"] = t.starttls.empty() ? json(nullptr) : json(t.starttls);
  j["quick"] = t.quick;
  j["started_unix"] = t.started_unix;
  j["duration_ms"] = t.duration_ms;
  j["connections"] = t.connections;
  if (t.error) {
    j["error"] = {{"cause", t.error->cause}, {"detail", t.error->detail}};
  } else {
    j["error"] = nullptr;
  }
  json protocols = json::object(), suites = json::object(), order = json::object();
  for (const auto& p : t.protocols) {
    protocols[protocol_key(p.protocol)] = p.supported;
    json list = json::array();
    for (const auto& s : p.suites)
      list.push_back({{"id", hex_id(s.id)}, {"name", s.name}, {"openssl_name", s.openssl_name}, {"kx", s.kx}, {"auth", s.auth}, {"cipher", s.cipher},
                      {"bits", s.bits}, {"aead", s.aead}, {"forward_secrecy", s.forward_secret},
                      {"kx_group", s.kx_group.empty() ? json(nullptr) : json(s.kx_group)},
                      {"kx_bits", s.kx_bits ? json(s.kx_bits) : json(nullptr)}});
    if (p.supported) {
      suites[protocol_key(p.protocol)] = list;
      order[protocol_key(p.protocol)] = opt(p.server_order);
    }
  }
  j["protocols"] = protocols;
  j["cipher_suites"] = suites;
  j["server_order"] = order;
  j["groups"] = t.groups;
  j["group_server_order"] = opt(t.group_server_order);
  j["dhe_params"] = t.dhe_params.empty() ? json(nullptr) : json(t.dhe_params);
  j["signature_schemes"] = t.signature_schemes;
  json certs = json::array();
  for (const auto& c : t.certificates) certs.push_back(cert_json(c));
  j["certificates"] = certs;
  const FeatureFacts& f = t.features;
  j["features"] = {{"forward_secrecy", f.forward_secrecy_all ? "all" : f.forward_secrecy_any ? "some" : "none"},
                   {"aead", f.aead_any},
                   {"extended_master_secret", opt(f.extended_master_secret)},
                   {"secure_renegotiation", opt(f.secure_renegotiation)},
                   {"fallback_scsv", opt(f.fallback_scsv)},
                   {"compression", opt(f.compression)},
                   {"heartbeat", opt(f.heartbeat)},
                   {"heartbleed", opt(f.heartbleed)},
                   {"ccs_injection", opt(f.ccs_injection)},
                   {"ticketbleed", opt(f.ticketbleed)},
                   {"session_ids", opt(f.session_ids)},
                   {"tls12_tickets", opt(f.tls12_tickets)},
                   {"tls13_tickets", opt(f.tls13_tickets)},
                   {"early_data", opt(f.early_data)},
                   {"ocsp_stapling", opt(f.ocsp_stapling)},
                   {"alpn", {{"h2", opt(f.alpn_h2)}, {"http/1.1", opt(f.alpn_http11)}}},
                   {"x25519mlkem768", opt(f.x25519mlkem768)}};
  const HttpFacts& h = f.http;
  j["http"] = {{"requested", h.requested},
               {"status", opt(h.status)},
               {"error", h.error.empty() ? json(nullptr) : json(h.error)},
               {"hsts", h.hsts ? json({{"max_age", h.hsts_max_age},
                                        {"include_subdomains", h.hsts_include_subdomains},
                                        {"preload", h.hsts_preload}})
                               : json(nullptr)},
               {"security_headers", h.security_headers},
               {"server", h.server}};
  json findings = json::array();
  for (const auto& x : t.findings)
    findings.push_back({{"id", x.id}, {"severity", severity_name(x.severity)}, {"title", x.title},
                        {"detail", x.detail}, {"fix", x.fix}, {"method", x.method}});
  j["findings"] = findings;
  json caps = json::array();
  for (const auto& c : t.grade.caps)
    caps.push_back({{"id", c.id}, {"letter", c.letter}, {"reason", c.reason}, {"raise", c.raise}});
  j["grade"] = {{"letter", t.grade.letter.empty() ? json(nullptr) : json(t.grade.letter)},
                {"score", t.grade.score},
                {"protocol_score", t.grade.protocol_score},
                {"key_exchange_score", t.grade.key_exchange_score},
                {"cipher_score", t.grade.cipher_score},
                {"letter_if_trusted", t.grade.letter_if_trusted.empty() ? json(nullptr) : json(t.grade.letter_if_trusted)},
                {"caps", caps},
                {"warnings", t.grade.warnings}};
  json clients = json::array();
  for (const auto& c : t.clients)
    clients.push_back({{"client", c.client}, {"connected", c.connected},
                       {"version", c.version.empty() ? json(nullptr) : json(c.version)},
                       {"suite", c.suite.empty() ? json(nullptr) : json(c.suite)},
                       {"group", c.group.empty() ? json(nullptr) : json(c.group)},
                       {"error", c.error.empty() ? json(nullptr) : json(c.error)}});
  j["clients"] = clients;
  return j;
}

json document_json(const ScanDocument& d) {
  json targets = json::array();
  for (const auto& t : d.targets) targets.push_back(target_json(t));
  return {{"schema", "tlskit.scan.report"}, {"schema_version", kScanSchemaVersion}, {"tool_version", d.tool_version},
          {"started_unix", d.started_unix}, {"duration_ms", d.duration_ms}, {"targets", targets}};
}

}  // namespace tlskit::tools::scan
