// The JSON document of a report (schema: docs/json-schema.md). Field order is fixed
// (ordered_json), times are integer microseconds, absent values are null.
#include <nlohmann/json.hpp>

#include "crypto/registry.h"
#include "inspector/render.h"
#include "wire/ext_early_data.h"
#include "wire/msg_new_session_ticket.h"

namespace tlskit::tools {
namespace {

using Json = nlohmann::ordered_json;

std::string hex16(uint16_t v) {
  static const char* d = "0123456789abcdef";
  std::string s = "0x";
  for (int shift = 12; shift >= 0; shift -= 4) s += d[(v >> shift) & 15];
  return s;
}

template <typename T>
Json opt(const std::optional<T>& v) {
  return v ? Json(*v) : Json(nullptr);
}

// handshake.early_data: what became of 0-RTT data.
Json early_data_json(const EarlyDataInfo& e) {
  Json j;
  j["offered"] = e.offered;
  j["accepted"] = e.accepted;
  j["bytes"] = e.bytes;
  j["reason"] = e.reason == EarlyDataReason::none ? Json(nullptr) : Json(early_data_reason_name(e.reason));
  return j;
}

// handshake.tickets: each TLS 1.3 NewSessionTicket received (lifetime, age_add, max_early_data).
Json tickets_json(const Report& r) {
  Json a = Json::array();
  if (r.info.version != ProtocolVersion::tls1_3) return a;
  for (const RecordedEvent& ev : r.events) {
    const Event& e = ev.event;
    if (e.kind != EventKind::handshake_message || e.direction != Direction::received ||
        e.handshake_type != HandshakeType::new_session_ticket || e.message.size() < 4)
      continue;
    auto t = parse_new_session_ticket13(ByteView(e.message).subspan(4));
    if (!t) continue;
    Json j;
    j["lifetime"] = t->ticket_lifetime;
    j["age_add"] = t->ticket_age_add;
    j["ticket_bytes"] = t->ticket.size();
    std::optional<uint32_t> max_early;
    if (const Extension* x = t->extensions.find(ExtensionType::early_data))
      if (auto ed = parse_early_data_nst(x->body())) max_early = ed->max_early_data_size;
    j["max_early_data"] = opt(max_early);
    a.push_back(std::move(j));
  }
  return a;
}

Json field_json(const DescribedField& f) {
  Json j;
  j["name"] = f.name;
  if (!f.value.empty()) j["value"] = f.value;
  if (!f.items.empty()) j["items"] = f.items;
  if (!f.children.empty()) {
    Json c = Json::array();
    for (const auto& x : f.children) c.push_back(field_json(x));
    j["children"] = c;
  }
  return j;
}

Json error_json(const std::optional<Error>& e) {
  if (!e) return nullptr;
  Json j;
  j["code"] = error_code_name(e->code);
  j["alert"] = e->alert == Alert::none ? Json(nullptr) : Json(alert_name(e->alert));
  j["party"] = party_name(e->party);
  j["step"] = step_name(e->step);
  j["detail"] = e->detail;
  j["verify_code"] = e->code == ErrorCode::certificate_invalid ? Json(e->verify_code) : Json(nullptr);
  return j;
}

Json versions_json(const std::vector<ProtocolVersion>& v) {
  Json a = Json::array();
  for (auto x : v) a.push_back(version_name(x));
  return a;
}

Json suites_json(const std::vector<CipherSuite>& v) {
  Json a = Json::array();
  for (auto x : v) a.push_back(cipher_suite_name(x));
  return a;
}

Json groups_json(const std::vector<NamedGroup>& v) {
  Json a = Json::array();
  for (auto x : v) a.push_back(group_name(x));
  return a;
}

Json verify_json(const Report& r) {
  Json j;
  j["enabled"] = r.settings.verify;
  j["insecure"] = !r.settings.verify;
  j["trust_store"] = r.settings.verify ? Json(r.settings.trust_store) : Json(nullptr);
  std::optional<CertVerifyResult> v = r.info.peer_verify;
  if (!v && r.error && r.error->code == ErrorCode::certificate_invalid) {
    CertVerifyResult x;
    x.code = r.error->verify_code;
    x.depth = r.error->verify_depth;
    x.code_text = r.error->detail;
    v = x;
  }
  j["verified"] = r.settings.verify && (r.info.peer_verified || (v && v->ok));
  if (v) {
    j["code"] = v->code;
    j["code_text"] = v->code_text;
    j["depth"] = v->depth;
    j["subject"] = v->subject;
    j["cause"] = v->cause;
    j["hostname_verified"] = v->verified_host;
    j["summary"] = v->summary;
  } else {
    j["code"] = nullptr;
    j["code_text"] = nullptr;
    j["depth"] = nullptr;
    j["subject"] = nullptr;
    j["cause"] = nullptr;
    j["hostname_verified"] = nullptr;
    j["summary"] = nullptr;
  }
  if (!r.settings.verify)
    j["warning"] = "the certificate chain and host name were NOT verified (--insecure)";
  return j;
}

Json handshake_json(const Report& r) {
  const HandshakeInfo& i = r.info;
  Json j;
  j["completed"] = r.handshake_complete;
  j["version"] = i.version ? Json(version_name(*i.version)) : Json(nullptr);
  j["cipher_suite"] = i.cipher_suite ? Json(cipher_suite_name(*i.cipher_suite)) : Json(nullptr);
  j["cipher_suite_id"] =
      i.cipher_suite ? Json(hex16(static_cast<uint16_t>(*i.cipher_suite))) : Json(nullptr);
  j["group"] = i.group ? Json(group_name(*i.group)) : Json(nullptr);
  j["server_temp_key"] = i.group ? Json(temp_key_text(*i.group)) : Json(nullptr);
  j["hello_retry_request"] = i.hello_retry;
  j["hello_retry_group"] = i.hello_retry_group ? Json(group_name(*i.hello_retry_group)) : Json(nullptr);
  j["alpn"] = i.alpn.empty() ? Json(nullptr) : Json(i.alpn);
  j["server_name"] = i.server_name.empty() ? Json(nullptr) : Json(i.server_name);
  if (i.peer_signature_scheme) {
    j["peer_signature_scheme"] = signature_scheme_name(*i.peer_signature_scheme);
    j["peer_signature_type"] = signature_type_name(*i.peer_signature_scheme);
    std::string d = signature_digest_name(*i.peer_signature_scheme);
    j["peer_signing_digest"] = d.empty() ? Json(nullptr) : Json(d);
  } else {
    j["peer_signature_scheme"] = nullptr;
    j["peer_signature_type"] = nullptr;
    j["peer_signing_digest"] = nullptr;
  }
  j["client_certificate"] = {{"requested", i.client_cert_requested}, {"sent", i.client_cert_sent}};
  // RFC 8446 §4.6.2: whether we offered post-handshake auth and what the server asked for.
  j["post_handshake_auth"] = {{"offered", i.post_handshake_auth.offered},
                              {"requests", i.post_handshake_auth.requests},
                              {"answered", i.post_handshake_auth.completed},
                              {"certificate", i.post_handshake_auth.certificate}};
  j["resumed"] = i.resumed;
  j["early_data"] = early_data_json(i.early_data);
  j["peer_record_size_limit"] = opt(i.peer_record_size_limit);
  // RFC 8879: how the server's (and our) certificate travelled compressed, when it did.
  auto compression = [](const std::optional<CertCompressionInfo>& c) -> Json {
    if (!c) return nullptr;
    Json o;
    o["algorithm"] = cert_compression_name(c->algorithm);
    o["uncompressed_bytes"] = c->uncompressed_size;
    o["compressed_bytes"] = c->compressed_size;
    return o;
  };
  j["certificate_compression"] = compression(i.peer_cert_compression);
  j["client_certificate_compression"] = compression(i.local_cert_compression);
  j["extended_master_secret"] = i.version == ProtocolVersion::tls1_2 ? Json(i.extended_master_secret)
                                                                       : Json(nullptr);
  Json ocsp;
  ocsp["requested"] = r.settings.status_request;
  ocsp["stapled"] = !i.ocsp_response.empty();
  ocsp["response_bytes"] = i.ocsp_response.size();
  const OcspSummary& os = r.ocsp;
  auto str_or_null = [](const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); };
  ocsp["response_status"] = os.present && os.parse_error.empty() ? Json(os.response_status) : Json(nullptr);
  ocsp["cert_status"] = str_or_null(os.cert_status);
  ocsp["produced_at"] = str_or_null(os.produced_at);
  ocsp["this_update"] = str_or_null(os.this_update);
  ocsp["next_update"] = str_or_null(os.next_update);
  ocsp["revocation_time"] = str_or_null(os.revocation_time);
  ocsp["parse_error"] = str_or_null(os.parse_error);
  j["ocsp"] = ocsp;
  j["session_tickets"] = i.tickets_received;
  j["tickets"] = tickets_json(r);
  j["bytes_read"] = i.bytes_read;
  j["bytes_written"] = i.bytes_written;
  j["alert_received"] = i.alert_received ? Json(alert_name(*i.alert_received)) : Json(nullptr);
  j["alert_sent"] = i.alert_sent ? Json(alert_name(*i.alert_sent)) : Json(nullptr);
  return j;
}

Json chain_json(const Report& r, bool with_pem) {
  Json a = Json::array();
  for (const CertSummary& c : r.chain) {
    Json j;
    j["depth"] = c.depth;
    j["subject"] = c.subject;
    j["issuer"] = c.issuer;
    j["not_before"] = c.not_before;
    j["not_after"] = c.not_after;
    j["not_before_unix"] = c.not_before_unix;
    j["not_after_unix"] = c.not_after_unix;
    j["public_key"] = c.public_key;
    j["public_key_bits"] = c.public_key_bits;
    j["signature_algorithm"] = c.signature_algorithm;
    j["dns_names"] = c.dns_names;
    j["ip_addresses"] = c.ip_addresses;
    j["self_signed"] = c.self_signed;
    j["parse_error"] = c.parse_error.empty() ? Json(nullptr) : Json(c.parse_error);
    if (with_pem) j["pem"] = c.pem;
    a.push_back(j);
  }
  return a;
}

Json timing_json(const Report& r) {
  Json j;
  j["tcp_connect_us"] = opt(r.timings.tcp_connect_us);
  j["handshake_us"] = opt(r.timings.handshake_us);
  j["round_trips"] = r.timings.round_trips;
  j["server_flight_wait_us"] = r.timings.server_flight_wait_us;
  j["handshake_bytes_read"] = r.timings.handshake_bytes_read;
  j["handshake_bytes_written"] = r.timings.handshake_bytes_written;
  Json flights = Json::array();
  for (const FlightInfo& f : r.flights) {
    Json x;
    x["direction"] = f.direction == Direction::sent ? "client_to_server" : "server_to_client";
    x["first_message"] = f.first_event;
    x["last_message"] = f.last_event;
    x["start_us"] = f.start_us;
    x["end_us"] = f.end_us;
    x["wire_bytes"] = f.wire_bytes;
    x["post_handshake"] = f.post_handshake;
    flights.push_back(x);
  }
  j["flights"] = flights;
  return j;
}

const char* kind_name(EventKind k) {
  switch (k) {
    case EventKind::handshake_message: return "handshake";
    case EventKind::change_cipher_spec: return "change_cipher_spec";
    case EventKind::alert: return "alert";
    case EventKind::handshake_complete: return "handshake_complete";
    case EventKind::key_update: return "key_update";
    case EventKind::early_data: return "early_data";
    case EventKind::post_handshake_auth: return "post_handshake_auth";
  }
  return "unknown";
}

Json messages_json(const Report& r) {
  Json a = Json::array();
  for (size_t idx = 0; idx < r.events.size(); ++idx) {
    const RecordedEvent& ev = r.events[idx];
    const Event& e = ev.event;
    Json j;
    j["index"] = idx;
    j["kind"] = kind_name(e.kind);
    j["direction"] = e.direction == Direction::sent ? "sent" : "received";
    j["name"] = event_display_name(ev);
    j["encrypted"] = e.encrypted;
    j["length"] = e.message.size();
    j["wire_bytes"] = e.wire_bytes;
    j["time_us"] = e.micros - r.origin_us;
    if (e.kind == EventKind::handshake_message || e.kind == EventKind::alert) {
      Json fields = Json::array();
      for (const auto& f : ev.described.fields) fields.push_back(field_json(f));
      j["fields"] = fields;
      j["parse_error"] = ev.described.parse_error.empty() ? Json(nullptr) : Json(ev.described.parse_error);
    }
    a.push_back(j);
  }
  return a;
}

Json probes_json(const Report& r) {
  Json a = Json::array();
  for (const ProbeResult& p : r.probes) {
    Json j;
    j["id"] = p.id;
    j["description"] = p.description;
    j["offered"] = {{"versions", versions_json(p.versions)},
                    {"cipher_suites", suites_json(p.cipher_suites)},
                    {"groups", groups_json(p.groups)}};
    j["accepted"] = p.accepted;
    j["version"] = p.version ? Json(version_name(*p.version)) : Json(nullptr);
    j["cipher_suite"] = p.cipher_suite ? Json(cipher_suite_name(*p.cipher_suite)) : Json(nullptr);
    j["group"] = p.group ? Json(group_name(*p.group)) : Json(nullptr);
    j["error"] = error_json(p.error);
    j["crafted"] = p.crafted;
    j["detail"] = p.detail ? Json(*p.detail) : Json(nullptr);
    a.push_back(j);
  }
  return a;
}

}  // namespace

std::string render_json(const Report& r, bool with_pem) {
  Json j;
  j["schema"] = "tlskit.client.report";
  j["schema_version"] = kReportSchemaVersion;
  j["started_at_unix"] = r.started_unix;
  Json t;
  t["host"] = r.settings.host;
  t["port"] = r.settings.port;
  t["address"] = r.settings.address.empty() ? Json(nullptr) : Json(r.settings.address);
  t["server_name"] = r.settings.server_name.empty() ? Json(nullptr) : Json(r.settings.server_name);
  j["target"] = t;
  Json offered;
  offered["versions"] = versions_json(r.settings.versions);
  offered["cipher_suites"] = suites_json(r.settings.cipher_suites);
  offered["groups"] = groups_json(r.settings.groups);
  offered["alpn"] = r.settings.alpn;
  offered["client_certificate"] = r.settings.client_certificate;
  offered["status_request"] = r.settings.status_request;
  j["offered"] = offered;
  j["verification"] = verify_json(r);
  j["tcp_connected"] = r.tcp_connected;
  j["handshake"] = handshake_json(r);
  j["certificate_chain"] = chain_json(r, with_pem);
  j["timing"] = timing_json(r);
  j["messages"] = messages_json(r);
  j["error"] = error_json(r.error);
  j["probes"] = probes_json(r);
  Json rec = Json::array();
  for (const ReconnectResult& x : r.reconnects) {
    Json o;
    o["attempt"] = x.attempt;
    o["resumed"] = x.resumed;
    o["early_data"] = early_data_json(x.early_data);
    o["version"] = x.version ? Json(version_name(*x.version)) : Json(nullptr);
    o["cipher_suite"] = x.cipher_suite ? Json(cipher_suite_name(*x.cipher_suite)) : Json(nullptr);
    o["handshake_us"] = opt(x.handshake_us);
    o["error"] = error_json(x.error);
    rec.push_back(o);
  }
  j["reconnects"] = rec;
  if (r.http) {
    Json h;
    h["path"] = r.http->path;
    h["status"] = r.http->status ? Json(r.http->status) : Json(nullptr);
    h["status_line"] = r.http->status_line.empty() ? Json(nullptr) : Json(r.http->status_line);
    h["error"] = r.http->error ? Json(r.http->error->detail) : Json(nullptr);
    j["http"] = h;
  } else {
    j["http"] = nullptr;
  }
  Json d;
  d["cause"] = r.diagnosis.cause;
  d["step"] = r.diagnosis.step.empty() ? Json(nullptr) : Json(r.diagnosis.step);
  d["party"] = r.diagnosis.party.empty() ? Json(nullptr) : Json(r.diagnosis.party);
  d["explanation"] = r.diagnosis.explanation;
  d["fix"] = r.diagnosis.fix.empty() ? Json(nullptr) : Json(r.diagnosis.fix);
  d["evidence"] = r.diagnosis.evidence;
  j["diagnosis"] = d;
  j["notes"] = r.notes;
  j["exit_code"] = r.exit_code;
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace tlskit::tools
