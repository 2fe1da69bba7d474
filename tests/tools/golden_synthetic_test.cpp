// Golden tests of the text, ladder and JSON outputs, built from synthetic events: the real
// messages of RFC 8448 §3 (simple 1-RTT) with fixed times, and failures built around them.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "golden_util.h"
#include "inspector/diagnosis.h"
#include "inspector/inspector.h"
#include "inspector/probes.h"
#include "inspector/render.h"

namespace tlskit::tools {
namespace {

using testing::expect_golden;

nlohmann::json rfc8448() {
  std::ifstream f(std::string(TLSKIT_TESTDATA) + "/tls13-vectors/rfc8448-simple-1rtt.json");
  return nlohmann::json::parse(f);
}

Bytes value(const nlohmann::json& j, const char* key) {
  auto b = from_hex(j["values"][key].get<std::string>());
  EXPECT_TRUE(b.ok()) << key;
  return *b;
}

// Record overhead of a plaintext record (5) and of a TLS 1.3 protected one (5 + 1 + 16).
constexpr size_t kPlainOverhead = 5;
constexpr size_t kProtectedOverhead = 22;

RecordedEvent message(Direction d, HandshakeType t, Bytes m, bool encrypted, int64_t us) {
  RecordedEvent e;
  e.event.kind = EventKind::handshake_message;
  e.event.direction = d;
  e.event.handshake_type = t;
  e.event.encrypted = encrypted;
  e.event.wire_bytes = m.size() + (encrypted ? kProtectedOverhead : kPlainOverhead);
  e.event.micros = us;
  e.event.message = std::move(m);
  e.described = describe_handshake_message(e.event.message, ProtocolVersion::tls1_3);
  return e;
}

RecordedEvent alert(Direction d, Alert a, bool encrypted, int64_t us) {
  RecordedEvent e;
  e.event.kind = EventKind::alert;
  e.event.direction = d;
  e.event.content_type = ContentType::alert;
  e.event.message = {2, static_cast<uint8_t>(a)};
  e.event.encrypted = encrypted;
  e.event.wire_bytes = 2 + (encrypted ? kProtectedOverhead : kPlainOverhead);
  e.event.micros = us;
  e.described = describe_alert(e.event.message);
  return e;
}

RecordedEvent complete(int64_t us) {
  RecordedEvent e;
  e.event.kind = EventKind::handshake_complete;
  e.event.micros = us;
  return e;
}

// The DER certificate inside RFC 8448's Certificate message (one entry, empty context).
Bytes certificate_der(const Bytes& msg) {
  size_t len = (size_t{msg[8]} << 16) | (size_t{msg[9]} << 8) | msg[10];
  return Bytes(msg.begin() + 11, msg.begin() + 11 + static_cast<ptrdiff_t>(len));
}

// What the settings say before finish_report() reads the real offer from the ClientHello.
Report base_report(int64_t now) {
  Report r;
  r.settings.host = "server";
  r.settings.port = 443;
  r.settings.address = "192.0.2.1:443";
  r.settings.server_name = "server";
  r.settings.trust_store = "CAfile rsa-root.pem (1 certificate)";
  r.started_unix = now;
  r.origin_us = 5000000;
  r.tcp_connected = true;
  r.timings.tcp_connect_us = 812;
  return r;
}

void sum_bytes(Report& r) {
  for (const auto& e : r.events) {
    if (e.event.kind == EventKind::handshake_complete) continue;
    (e.event.direction == Direction::sent ? r.info.bytes_written : r.info.bytes_read) +=
        e.event.wire_bytes;
  }
}

// A healthy, verified TLS 1.3 handshake: RFC 8448 §3 with a session ticket.
Report healthy_report() {
  auto j = rfc8448();
  Report r = base_report(1500000000);  // 2017-07-14, inside the certificate's validity
  const int64_t o = r.origin_us;
  r.events.push_back(message(Direction::sent, HandshakeType::client_hello, value(j, "client_hello"), false, o + 1020));
  r.events.push_back(message(Direction::received, HandshakeType::server_hello, value(j, "server_hello"), false, o + 3410));
  r.events.push_back(message(Direction::received, HandshakeType::encrypted_extensions, value(j, "encrypted_extensions"), true, o + 3455));
  r.events.push_back(message(Direction::received, HandshakeType::certificate, value(j, "certificate"), true, o + 3470));
  r.events.push_back(message(Direction::received, HandshakeType::certificate_verify, value(j, "certificate_verify"), true, o + 3602));
  r.events.push_back(message(Direction::received, HandshakeType::finished, value(j, "server_finished"), true, o + 3640));
  r.events.push_back(message(Direction::sent, HandshakeType::finished, value(j, "client_finished"), true, o + 3721));
  r.events.push_back(complete(o + 3721));
  r.events.push_back(message(Direction::received, HandshakeType::new_session_ticket, value(j, "new_session_ticket"), true, o + 4988));
  HandshakeInfo& i = r.info;
  i.version = ProtocolVersion::tls1_3;
  i.cipher_suite = CipherSuite::TLS_AES_128_GCM_SHA256;
  i.group = NamedGroup::x25519;
  i.server_name = "server";
  i.peer_chain.push_back(certificate_der(value(j, "certificate")));
  i.peer_signature_scheme = SignatureScheme::rsa_pss_rsae_sha256;
  CertVerifyResult v;
  v.ok = true;
  v.code = 0;
  v.code_text = "ok";
  v.subject = "CN = rsa";
  v.cause = "ok";
  v.verified_host = true;
  v.summary = "chain verified to 'CN = rsa'; host name 'server' matched";
  i.peer_verify = v;
  i.peer_verified = true;
  i.tickets_received = 1;
  sum_bytes(r);
  r.handshake_complete = true;
  return r;
}

TEST(GoldenSynthetic, HealthyTls13) {
  Report r = healthy_report();
  finish_report(r, Config{}, nullptr, SystemClock::instance());
  EXPECT_EQ(r.diagnosis.cause, "none");
  EXPECT_EQ(r.exit_code, kExitOk);
  EXPECT_EQ(r.timings.round_trips, 1);
  ASSERT_EQ(r.chain.size(), 1u);
  EXPECT_EQ(r.chain[0].subject, "CN = rsa");
  // The offer is read back from the ClientHello.
  EXPECT_EQ(r.settings.cipher_suites.size(), 3u);
  expect_golden("rfc8448_healthy.txt", render_text(r, TextOptions{}));
  TextOptions msg;
  msg.msg = true;
  msg.s_client_style = true;
  expect_golden("rfc8448_healthy_s_client_msg.txt", render_text(r, msg));
  TextOptions trace;
  trace.trace = true;
  expect_golden("rfc8448_healthy_trace.txt", render_text(r, trace));
  TextOptions brief;
  brief.brief = true;
  expect_golden("rfc8448_healthy_brief.txt", render_text(r, brief));
  expect_golden("rfc8448_healthy.ladder", render_ladder(r));
  expect_golden("rfc8448_healthy.json", render_json(r, false));
}

TEST(GoldenSynthetic, InsecureIsSaidInEveryOutput) {
  Report r = healthy_report();
  r.settings.verify = false;
  r.info.peer_verify.reset();
  r.info.peer_verified = false;
  finish_report(r, Config{}, nullptr, SystemClock::instance());
  std::string text = render_text(r, TextOptions{});
  EXPECT_NE(text.find("NOT verified"), std::string::npos);
  TextOptions brief;
  brief.brief = true;
  EXPECT_NE(render_text(r, brief).find("NOT verified"), std::string::npos);
  auto j = nlohmann::json::parse(render_json(r, false));
  EXPECT_EQ(j["verification"]["insecure"], true);
  EXPECT_EQ(j["verification"]["verified"], false);
  EXPECT_NE(j["verification"]["warning"].get<std::string>().find("NOT verified"), std::string::npos);
  EXPECT_NE(j["diagnosis"]["explanation"].get<std::string>().find("NOT verified"), std::string::npos);
  expect_golden("rfc8448_insecure.txt", text);
}

// Post-handshake authentication (--enable-pha): the JSON block and the text line say what the
// server asked and what the last answer carried.
TEST(GoldenSynthetic, PostHandshakeAuthIsReported) {
  Report r = healthy_report();
  auto j = nlohmann::json::parse(render_json(r, false));
  EXPECT_EQ(j["handshake"]["post_handshake_auth"]["offered"], false);
  EXPECT_EQ(j["handshake"]["post_handshake_auth"]["requests"], 0);
  EXPECT_EQ(render_text(r, TextOptions{}).find("Post-handshake authentication"), std::string::npos);
  r.info.post_handshake_auth = PostHandshakeAuthInfo{true, 2, 2, true};
  j = nlohmann::json::parse(render_json(r, false));
  const auto& pha = j["handshake"]["post_handshake_auth"];
  EXPECT_EQ(pha["offered"], true);
  EXPECT_EQ(pha["requests"], 2);
  EXPECT_EQ(pha["answered"], 2);
  EXPECT_EQ(pha["certificate"], true);
  EXPECT_NE(render_text(r, TextOptions{}).find(
                "Post-handshake authentication: the server asked 2 times; the last answer carried "
                "a certificate"),
            std::string::npos);
}

TEST(GoldenSynthetic, ExpiredCertificate) {
  auto j = rfc8448();
  Report r = base_report(1800000000);  // 2027-01-15: the RFC 8448 certificate expired 2026-07-30
  const int64_t o = r.origin_us;
  r.events.push_back(message(Direction::sent, HandshakeType::client_hello, value(j, "client_hello"), false, o + 1020));
  r.events.push_back(message(Direction::received, HandshakeType::server_hello, value(j, "server_hello"), false, o + 3410));
  r.events.push_back(message(Direction::received, HandshakeType::encrypted_extensions, value(j, "encrypted_extensions"), true, o + 3455));
  r.events.push_back(message(Direction::received, HandshakeType::certificate, value(j, "certificate"), true, o + 3470));
  r.events.push_back(alert(Direction::sent, Alert::certificate_expired, true, o + 3550));
  r.info.version = ProtocolVersion::tls1_3;
  r.info.cipher_suite = CipherSuite::TLS_AES_128_GCM_SHA256;
  r.info.group = NamedGroup::x25519;
  r.info.peer_chain.push_back(certificate_der(value(j, "certificate")));
  r.info.alert_sent = Alert::certificate_expired;
  CertVerifyResult v;
  v.ok = false;
  v.code = 10;
  v.code_text = "certificate has expired";
  v.depth = 0;
  v.subject = "CN = rsa";
  v.cause = "expired";
  v.explanation = "Certificate 'CN = rsa' expired on 2026-07-30T01:23:59Z; renew it.";
  v.alert = Alert::certificate_expired;
  r.info.peer_verify = v;
  Error e = make_error(ErrorCode::certificate_invalid, Alert::certificate_expired, Party::peer,
                       Step::certificate_validation,
                       "server certificate rejected: " + v.explanation + " (depth 0: CN = rsa)");
  e.verify_code = 10;
  e.verify_depth = 0;
  r.error = e;
  sum_bytes(r);
  finish_report(r, Config{}, nullptr, SystemClock::instance());
  EXPECT_EQ(r.diagnosis.cause, "certificate_expired");
  EXPECT_EQ(r.diagnosis.step, "certificate_validation");
  EXPECT_EQ(r.exit_code, kExitVerifyFailed);
  // Names the certificate, the date and how long ago.
  EXPECT_NE(r.diagnosis.explanation.find("'CN = rsa'"), std::string::npos);
  EXPECT_NE(r.diagnosis.explanation.find("Jul 30 01:23:59 2026 GMT"), std::string::npos);
  EXPECT_NE(r.diagnosis.explanation.find("169 days ago"), std::string::npos) << r.diagnosis.explanation;
  TextOptions s;
  s.s_client_style = true;
  expect_golden("rfc8448_expired.txt", render_text(r, s));
  expect_golden("rfc8448_expired.ladder", render_ladder(r));
  expect_golden("rfc8448_expired.json", render_json(r, false));
}

TEST(GoldenSynthetic, NoCommonCipherWithProbes) {
  auto j = rfc8448();
  Report r = base_report(1500000000);
  const int64_t o = r.origin_us;
  r.events.push_back(message(Direction::sent, HandshakeType::client_hello, value(j, "client_hello"), false, o + 1020));
  r.events.push_back(alert(Direction::received, Alert::handshake_failure, false, o + 2904));
  r.info.alert_received = Alert::handshake_failure;
  r.info.alert_received_step = Step::server_hello;
  r.error = make_error(ErrorCode::peer_alert, Alert::handshake_failure, Party::peer, Step::server_hello,
                       "the server sent a fatal handshake_failure alert in answer to our ClientHello");
  sum_bytes(r);
  settings_from_client_hello(r);
  compute_flights(r);
  ASSERT_EQ(probes_needed(r), ProbeNeed::negotiation);
  // The server accepts only TLS_AES_128_CCM_SHA256 and only the group secp256r1.
  auto runner = [](const ProbeSpec& s) {
    ProbeResult p;
    bool suite_ok = std::find(s.cipher_suites.begin(), s.cipher_suites.end(),
                              CipherSuite::TLS_AES_128_CCM_SHA256) != s.cipher_suites.end();
    bool group_ok = std::find(s.groups.begin(), s.groups.end(), NamedGroup::secp256r1) != s.groups.end();
    bool v13 = std::find(s.versions.begin(), s.versions.end(), ProtocolVersion::tls1_3) != s.versions.end();
    if (!v13) {
      p.error = make_error(ErrorCode::config_invalid, Alert::none, Party::config, Step::client_hello,
                           "the configuration allows only TLS 1.2, which tlskit does not implement yet");
      return p;
    }
    if (!suite_ok || !group_ok) {
      p.error = make_error(ErrorCode::peer_alert, Alert::handshake_failure, Party::peer, Step::server_hello,
                           "the server sent a fatal handshake_failure alert");
      return p;
    }
    p.accepted = true;
    p.version = ProtocolVersion::tls1_3;
    p.cipher_suite = CipherSuite::TLS_AES_128_CCM_SHA256;
    p.group = NamedGroup::secp256r1;
    return p;
  };
  std::vector<NamedGroup> groups = {NamedGroup::x25519, NamedGroup::secp256r1, NamedGroup::secp384r1};
  r.probes = run_probe_plan(r, ProbeNeed::negotiation, groups, runner);
  r.diagnosis = diagnose(r);
  r.exit_code = exit_code_for(r);
  EXPECT_EQ(r.diagnosis.cause, "no_common_cipher");
  EXPECT_EQ(r.diagnosis.step, "server_hello");
  EXPECT_EQ(r.exit_code, kExitHandshakeFailed);
  EXPECT_NE(r.diagnosis.explanation.find("TLS_AES_128_CCM_SHA256"), std::string::npos);
  EXPECT_NE(r.diagnosis.fix.find("--ciphersuites TLS_AES_128_CCM_SHA256"), std::string::npos);
  expect_golden("no_common_cipher.txt", render_text(r, TextOptions{}));
  expect_golden("no_common_cipher.ladder", render_ladder(r));
  expect_golden("no_common_cipher.json", render_json(r, false));
}

TEST(GoldenSynthetic, ConnectionRefused) {
  Report r;
  r.settings.host = "127.0.0.1";
  r.settings.port = 9;
  r.started_unix = 1500000000;
  r.error = make_error(ErrorCode::connection_refused, Alert::none, Party::network, Step::connect,
                       "connection to 127.0.0.1:9 refused: nothing is listening on port 9");
  finish_report(r, Config{}, nullptr, SystemClock::instance());
  EXPECT_EQ(r.diagnosis.cause, "connection_refused");
  EXPECT_EQ(r.exit_code, kExitConnectFailed);
  expect_golden("connection_refused.txt", render_text(r, TextOptions{}));
  expect_golden("connection_refused.json", render_json(r, false));
}

TEST(GoldenSynthetic, JsonHasTheDocumentedTopLevelFields) {
  Report r = healthy_report();
  finish_report(r, Config{}, nullptr, SystemClock::instance());
  auto j = nlohmann::json::parse(render_json(r, true));
  for (const char* k : {"schema", "schema_version", "started_at_unix", "target", "offered",
                        "verification", "tcp_connected", "handshake", "certificate_chain", "timing",
                        "messages", "error", "probes", "diagnosis", "notes", "exit_code"})
    EXPECT_TRUE(j.contains(k)) << k;
  for (const char* k : {"cause", "step", "party", "explanation", "fix", "evidence"})
    EXPECT_TRUE(j["diagnosis"].contains(k)) << k;
  EXPECT_EQ(j["schema_version"], kReportSchemaVersion);
  EXPECT_EQ(j["certificate_chain"][0]["pem"].get<std::string>().rfind("-----BEGIN CERTIFICATE-----", 0), 0u);
  EXPECT_EQ(j["messages"].size(), r.events.size());
  EXPECT_EQ(j["messages"][0]["name"], "ClientHello");
}

}  // namespace
}  // namespace tlskit::tools
