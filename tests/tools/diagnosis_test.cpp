// Unit tests of the diagnosis (Error + verify result + probes -> cause, step, fix), the probe
// strategy, the server's flags, and that the docs cover every flag and cause id.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "cli/client_options.h"
#include "cli/server_options.h"
#include "commands.h"
#include "golden_util.h"
#include "inspector/diagnosis.h"
#include "inspector/probes.h"

namespace tlskit::tools {
namespace {

Report failed(ErrorCode code, Alert alert, Party party, Step step, std::string detail = "x") {
  Report r;
  r.settings.host = "example.test";
  r.settings.port = 443;
  r.settings.versions = {ProtocolVersion::tls1_3};
  r.settings.cipher_suites = {CipherSuite::TLS_AES_128_GCM_SHA256};
  r.settings.groups = {NamedGroup::x25519};
  r.settings.trust_store = "system bundle";
  r.started_unix = 1800000000;
  r.tcp_connected = true;
  r.error = make_error(code, alert, party, step, std::move(detail));
  return r;
}

Report verify_failure(int code, int depth, size_t chain_size, std::string x509_cause = "") {
  Report r = failed(ErrorCode::certificate_invalid, Alert::bad_certificate, Party::peer,
                    Step::certificate_validation);
  r.error->verify_code = code;
  r.error->verify_depth = depth;
  CertVerifyResult v;
  v.code = code;
  v.depth = depth;
  v.cause = std::move(x509_cause);
  r.info.peer_verify = v;
  for (size_t i = 0; i < chain_size; ++i) {
    CertSummary c;
    c.depth = static_cast<int>(i);
    c.subject = "CN = cert" + std::to_string(i);
    c.issuer = "CN = cert" + std::to_string(i + 1);
    c.dns_names = {"a.example.test", "b.example.test"};
    c.not_before = "Jan  1 00:00:00 2020 GMT";
    c.not_before_unix = 1577836800;
    c.not_after = "Jan  1 00:00:00 2021 GMT";
    c.not_after_unix = 1609459200;
    r.chain.push_back(c);
  }
  return r;
}

TEST(Diagnosis, CauseIdsIncludeEveryOneTheIssueNames) {
  std::set<std::string> ids(all_cause_ids().begin(), all_cause_ids().end());
  for (const char* id : {"none", "protocol_version_mismatch", "no_common_cipher", "no_common_group",
                         "certificate_expired", "certificate_not_yet_valid", "hostname_mismatch",
                         "missing_intermediate", "untrusted_root", "self_signed", "wrong_purpose",
                         "bad_signature", "revoked", "client_certificate_required", "peer_alert",
                         "not_tls", "connection_refused", "timeout", "connection_reset"})
    EXPECT_TRUE(ids.count(id)) << id;
  EXPECT_EQ(ids.size(), all_cause_ids().size()) << "duplicate cause id";
}

// The Cause enum is the list: every value has its own id, ids map back, and the verify causes
// of the x509 module are all causes.
TEST(Diagnosis, CauseEnumAndIdsAgree) {
  std::set<std::string> seen;
  for (size_t i = 0; i < kCauseCount; ++i) {
    const Cause c = static_cast<Cause>(i);
    const std::string id = cause_id(c);
    EXPECT_TRUE(seen.insert(id).second) << "duplicate id " << id;
    ASSERT_TRUE(cause_from_id(id).has_value()) << id;
    EXPECT_EQ(*cause_from_id(id), c);
  }
  EXPECT_EQ(all_cause_ids().size(), kCauseCount);
  EXPECT_TRUE(seen.count("no_trust_store"));
  EXPECT_FALSE(cause_from_id("no_such_cause").has_value());
  for (const char* v : {"certificate_expired", "certificate_not_yet_valid", "hostname_mismatch",
                        "missing_intermediate", "untrusted_root", "self_signed", "wrong_purpose",
                        "bad_signature", "revoked", "certificate_invalid"})
    EXPECT_TRUE(cause_from_id(v).has_value()) << v;
}

// The rules are ordered and named; the last one catches everything.
TEST(Diagnosis, RulesAreAnOrderedTableEndingInACatchAll) {
  auto names = diagnosis_rule_names();
  ASSERT_GE(names.size(), 20u);
  std::set<std::string> unique(names.begin(), names.end());
  EXPECT_EQ(unique.size(), names.size());
  EXPECT_EQ(names.front().find("handshake done"), 0u);
  EXPECT_EQ(names.back(), "any other protocol failure");
}

TEST(Diagnosis, VerifyCodesMapToCauses) {
  std::vector<CertSummary> one(1), two(2);
  auto v = [](int code, int depth, std::string cause = "") {
    CertVerifyResult r;
    r.code = code;
    r.depth = depth;
    r.cause = std::move(cause);
    return r;
  };
  EXPECT_EQ(verify_cause_id(v(10, 0), one), "certificate_expired");
  EXPECT_EQ(verify_cause_id(v(9, 0), one), "certificate_not_yet_valid");
  EXPECT_EQ(verify_cause_id(v(62, 0), one), "hostname_mismatch");
  EXPECT_EQ(verify_cause_id(v(64, 0), one), "hostname_mismatch");
  EXPECT_EQ(verify_cause_id(v(18, 0), one), "self_signed");
  EXPECT_EQ(verify_cause_id(v(19, 2), two), "untrusted_root");
  EXPECT_EQ(verify_cause_id(v(26, 0), one), "wrong_purpose");
  EXPECT_EQ(verify_cause_id(v(7, 0), one), "bad_signature");
  EXPECT_EQ(verify_cause_id(v(23, 0), one), "revoked");
  // "Issuer not found" depends on where the chain stops, whatever the x509 module guessed.
  EXPECT_EQ(verify_cause_id(v(20, 0, "missing_intermediate"), one), "missing_intermediate");
  EXPECT_EQ(verify_cause_id(v(20, 1, "missing_intermediate"), two), "untrusted_root");
  EXPECT_EQ(verify_cause_id(v(24, 1), two), "certificate_invalid");
}

TEST(Diagnosis, ExpiredNamesTheCertificateTheDateAndTheDays) {
  Report r = verify_failure(10, 0, 2);
  Diagnosis d = diagnose(r);
  EXPECT_EQ(d.cause, "certificate_expired");
  EXPECT_EQ(d.step, "certificate_validation");
  EXPECT_NE(d.explanation.find("'CN = cert0'"), std::string::npos) << d.explanation;
  EXPECT_NE(d.explanation.find("Jan  1 00:00:00 2021 GMT"), std::string::npos) << d.explanation;
  // 1800000000 - 1609459200 = 190540800 s = 2205 days.
  EXPECT_NE(d.explanation.find("2205 days ago"), std::string::npos) << d.explanation;
  EXPECT_FALSE(d.fix.empty());
}

TEST(Diagnosis, NotYetValidAndIntermediateExpiry) {
  Report r = verify_failure(9, 0, 1);
  r.started_unix = 1500000000;
  r.chain[0].not_before_unix = 1500000000 + 3 * 86400 + 5;
  r.chain[0].not_before = "Jul 17 02:40:05 2017 GMT";
  Diagnosis d = diagnose(r);
  EXPECT_EQ(d.cause, "certificate_not_yet_valid");
  EXPECT_NE(d.explanation.find("3 days from now"), std::string::npos) << d.explanation;
  EXPECT_NE(d.explanation.find("clock"), std::string::npos);

  Report i = verify_failure(10, 1, 2);
  Diagnosis di = diagnose(i);
  EXPECT_NE(di.explanation.find("intermediate"), std::string::npos) << di.explanation;
}

TEST(Diagnosis, HostnameMismatchListsTheNamesCovered) {
  Report r = verify_failure(62, 0, 1);
  r.settings.server_name = "wrong.test";
  Diagnosis d = diagnose(r);
  EXPECT_EQ(d.cause, "hostname_mismatch");
  EXPECT_NE(d.explanation.find("'wrong.test'"), std::string::npos);
  EXPECT_NE(d.explanation.find("DNS:a.example.test, DNS:b.example.test"), std::string::npos);
  EXPECT_NE(d.fix.find("--servername a.example.test"), std::string::npos) << d.fix;
}

TEST(Diagnosis, MissingIntermediateNamesTheMissingIssuer) {
  Report r = verify_failure(20, 0, 1);
  Diagnosis d = diagnose(r);
  EXPECT_EQ(d.cause, "missing_intermediate");
  EXPECT_NE(d.explanation.find("'CN = cert1'"), std::string::npos) << d.explanation;
  EXPECT_NE(d.fix.find("'CN = cert1'"), std::string::npos) << d.fix;
}

TEST(Diagnosis, ClientCertificate) {
  // TLS 1.3: the server's verdict arrives after our Finished.
  Report r = failed(ErrorCode::peer_alert, Alert::certificate_required, Party::peer, Step::post_handshake);
  r.handshake_complete = true;
  r.info.version = ProtocolVersion::tls1_3;
  r.info.client_cert_requested = true;
  EXPECT_EQ(diagnose(r).cause, "client_certificate_required");
  // A TLS 1.2-style server says handshake_failure instead.
  Report h = failed(ErrorCode::peer_alert, Alert::handshake_failure, Party::peer, Step::client_finished);
  h.info.cipher_suite = CipherSuite::TLS_AES_128_GCM_SHA256;
  h.info.client_cert_requested = true;
  EXPECT_EQ(diagnose(h).cause, "client_certificate_required");
  // A certificate was sent and refused.
  Report s = failed(ErrorCode::peer_alert, Alert::unknown_ca, Party::peer, Step::post_handshake);
  s.handshake_complete = true;
  s.info.client_cert_requested = true;
  s.info.client_cert_sent = true;
  Diagnosis d = diagnose(s);
  EXPECT_EQ(d.cause, "client_certificate_rejected");
  EXPECT_NE(d.explanation.find("unknown_ca (48)"), std::string::npos) << d.explanation;
}

TEST(Diagnosis, PeerAlertSaysWhichWhereAndWhatItMeans) {
  Report r = failed(ErrorCode::peer_alert, Alert::internal_error, Party::peer, Step::server_hello);
  r.info.alert_received = Alert::internal_error;
  r.info.alert_received_step = Step::server_hello;
  Diagnosis d = diagnose(r);
  EXPECT_EQ(d.cause, "peer_alert");
  EXPECT_EQ(d.step, "server_hello");
  EXPECT_NE(d.explanation.find("internal_error (80)"), std::string::npos);
  EXPECT_NE(d.explanation.find(alert_meaning(Alert::internal_error)), std::string::npos);
}

TEST(Diagnosis, NetworkCauses) {
  Report refused = failed(ErrorCode::connection_refused, Alert::none, Party::network, Step::connect);
  refused.tcp_connected = false;
  EXPECT_EQ(diagnose(refused).cause, "connection_refused");
  EXPECT_EQ(diagnose(refused).step, "connect");
  Report timeout = failed(ErrorCode::timeout, Alert::none, Party::network, Step::server_hello);
  EXPECT_EQ(diagnose(timeout).cause, "timeout");
  EXPECT_NE(diagnose(timeout).explanation.find("did not answer the ClientHello"), std::string::npos);
  Report reset = failed(ErrorCode::connection_reset, Alert::none, Party::network, Step::server_hello);
  EXPECT_EQ(diagnose(reset).cause, "connection_reset");
  Report eof = failed(ErrorCode::peer_closed, Alert::none, Party::network, Step::server_hello);
  EXPECT_EQ(diagnose(eof).cause, "connection_reset");
  EXPECT_EQ(exit_code_for(reset), kExitConnectFailed);
}

TEST(Diagnosis, NotTlsQuotesWhatThePeerSent) {
  Report r = failed(ErrorCode::not_tls, Alert::none, Party::peer, Step::record_layer,
                    "the peer does not speak TLS");
  std::string http = "HTTP/1.1 400 Bad Request\r\n";
  r.first_bytes_received.assign(http.begin(), http.end());
  Diagnosis d = diagnose(r);
  EXPECT_EQ(d.cause, "not_tls");
  EXPECT_NE(d.explanation.find("HTTP/1.1 400 Bad Request"), std::string::npos) << d.explanation;
}

ProbeResult accepted(ProtocolVersion v, CipherSuite s, NamedGroup g) {
  ProbeResult p;
  p.accepted = true;
  p.version = v;
  p.cipher_suite = s;
  p.group = g;
  return p;
}

ProbeResult refused(Alert a) {
  ProbeResult p;
  p.error = make_error(ErrorCode::peer_alert, a, Party::peer, Step::server_hello, "refused");
  return p;
}

TEST(Diagnosis, HandshakeFailureIsToldApartByProbes) {
  Report r = failed(ErrorCode::peer_alert, Alert::handshake_failure, Party::peer, Step::server_hello);
  EXPECT_EQ(probes_needed(r), ProbeNeed::negotiation);
  // Without probes: a plain peer alert.
  EXPECT_EQ(diagnose(r).cause, "peer_alert");
  // A group problem: the server accepts our suite but only secp384r1.
  Report g = r;
  g.probes.push_back(accepted(ProtocolVersion::tls1_3, CipherSuite::TLS_AES_128_GCM_SHA256, NamedGroup::secp384r1));
  Diagnosis dg = diagnose(g);
  EXPECT_EQ(dg.cause, "no_common_group");
  EXPECT_NE(dg.fix.find("--groups secp384r1"), std::string::npos) << dg.fix;
  // A suite problem.
  Report s = r;
  s.probes.push_back(accepted(ProtocolVersion::tls1_3, CipherSuite::TLS_AES_256_GCM_SHA384, NamedGroup::x25519));
  EXPECT_EQ(diagnose(s).cause, "no_common_cipher");
  // A version problem: only TLS 1.2 is accepted, the client offered 1.3 only.
  Report v = r;
  v.probes.push_back(refused(Alert::protocol_version));
  v.probes.push_back(accepted(ProtocolVersion::tls1_2, CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, NamedGroup::x25519));
  Diagnosis dv = diagnose(v);
  EXPECT_EQ(dv.cause, "protocol_version_mismatch");
  EXPECT_NE(dv.explanation.find("speaks TLSv1.2"), std::string::npos) << dv.explanation;
  // Every probe refused with handshake_failure: still a plain alert, not a version problem.
  Report n = r;
  n.probes.push_back(refused(Alert::handshake_failure));
  n.probes.push_back(refused(Alert::handshake_failure));
  EXPECT_EQ(diagnose(n).cause, "peer_alert");
}

TEST(Probes, PlanEnumeratesSuitesAndGroupsWithinBounds) {
  Report r = failed(ErrorCode::peer_alert, Alert::handshake_failure, Party::peer, Step::server_hello);
  int calls = 0;
  // The server accepts TLS 1.3 with AES-256 or ChaCha20, groups x25519 and P-384.
  auto runner = [&](const ProbeSpec& s) {
    ++calls;
    ProbeResult p;
    bool v13 = std::find(s.versions.begin(), s.versions.end(), ProtocolVersion::tls1_3) != s.versions.end();
    std::optional<CipherSuite> suite;
    for (CipherSuite c : s.cipher_suites)
      if (c == CipherSuite::TLS_AES_256_GCM_SHA384 || c == CipherSuite::TLS_CHACHA20_POLY1305_SHA256) {
        suite = c;
        break;
      }
    std::optional<NamedGroup> group;
    for (NamedGroup g : s.groups)
      if (g == NamedGroup::x25519 || g == NamedGroup::secp384r1) {
        group = g;
        break;
      }
    if (!v13 || !suite || !group) return refused(v13 ? Alert::handshake_failure : Alert::protocol_version);
    return accepted(ProtocolVersion::tls1_3, *suite, *group);
  };
  std::vector<NamedGroup> groups = {NamedGroup::x25519, NamedGroup::secp256r1, NamedGroup::secp384r1};
  auto results = run_probe_plan(r, ProbeNeed::negotiation, groups, runner);
  ASSERT_LE(results.size(), kMaxProbes);
  EXPECT_EQ(static_cast<size_t>(calls), results.size());
  std::set<CipherSuite> suites;
  std::set<NamedGroup> accepted_groups;
  for (const auto& p : results) {
    if (!p.accepted) continue;
    suites.insert(*p.cipher_suite);
    if (p.groups.size() == 1) accepted_groups.insert(*p.group);
  }
  EXPECT_EQ(suites, (std::set<CipherSuite>{CipherSuite::TLS_AES_256_GCM_SHA384,
                                           CipherSuite::TLS_CHACHA20_POLY1305_SHA256}));
  EXPECT_EQ(accepted_groups, (std::set<NamedGroup>{NamedGroup::x25519, NamedGroup::secp384r1}));
  r.probes = results;
  EXPECT_EQ(diagnose(r).cause, "no_common_cipher");
  // Only the version probes for a version problem.
  auto only_versions = run_probe_plan(r, ProbeNeed::versions, groups, runner);
  EXPECT_EQ(only_versions.size(), 2u);
}

// OpenSSL's 22 (chain too long, from -verify_depth): the fix points at the depth limit.
TEST(Diagnosis, ChainTooLongNamesTheDepthLimit) {
  Diagnosis d = diagnose(verify_failure(22, 1, 3));
  EXPECT_EQ(d.cause, "certificate_invalid");
  EXPECT_NE(d.fix.find("-verify_depth"), std::string::npos) << d.fix;
  Diagnosis other = diagnose(verify_failure(24, 1, 3));
  EXPECT_EQ(other.fix.find("-verify_depth"), std::string::npos) << other.fix;
}

// A middlebox that resets every ClientHello carrying the 1,216-byte post-quantum share: the
// inspector retries once without it and names the cause; without the share in the first hello
// (or when the retry is dropped too) it does not.
TEST(Probes, DroppedPostQuantumHelloIsRetriedWithoutTheShare) {
  Report r = failed(ErrorCode::connection_reset, Alert::none, Party::network, Step::server_hello);
  r.settings.groups = {NamedGroup::X25519MLKEM768, NamedGroup::x25519, NamedGroup::secp256r1};
  r.settings.key_share_groups = {NamedGroup::X25519MLKEM768, NamedGroup::x25519};
  ASSERT_EQ(probes_needed(r), ProbeNeed::post_quantum);
  std::vector<ProbeSpec> seen;
  bool drop_all = false;
  auto runner = [&](const ProbeSpec& s) {
    seen.push_back(s);
    bool hybrid = std::find(s.groups.begin(), s.groups.end(), NamedGroup::X25519MLKEM768) != s.groups.end();
    ProbeResult p;
    if (hybrid || drop_all) {
      p.error = make_error(ErrorCode::connection_reset, Alert::none, Party::network, Step::server_hello, "reset");
      return p;
    }
    return accepted(ProtocolVersion::tls1_3, CipherSuite::TLS_AES_128_GCM_SHA256, s.groups.front());
  };
  std::vector<NamedGroup> groups = {NamedGroup::X25519MLKEM768, NamedGroup::x25519};
  r.probes = run_probe_plan(r, ProbeNeed::post_quantum, groups, runner);
  ASSERT_EQ(r.probes.size(), 1u);
  EXPECT_EQ(r.probes[0].id, kProbeWithoutPostQuantum);
  EXPECT_EQ(seen[0].groups, (std::vector<NamedGroup>{NamedGroup::x25519, NamedGroup::secp256r1}));
  Diagnosis d = diagnose(r);
  EXPECT_EQ(d.cause, "large_client_hello_dropped");
  EXPECT_EQ(d.party, "network");
  EXPECT_NE(d.fix.find("--groups X25519:P-256:P-384"), std::string::npos) << d.fix;
  EXPECT_NE(d.explanation.find("X25519MLKEM768"), std::string::npos) << d.explanation;

  // Dropped without the share too: the negotiation probes follow, never with the hybrid.
  drop_all = true;
  seen.clear();
  Report again = r;
  again.probes = run_probe_plan(again, ProbeNeed::post_quantum, groups, runner);
  EXPECT_GT(again.probes.size(), 1u);
  for (const ProbeSpec& s : seen)
    EXPECT_EQ(std::count(s.groups.begin(), s.groups.end(), NamedGroup::X25519MLKEM768), 0) << s.id;
  EXPECT_EQ(diagnose(again).cause, "connection_reset");

  // A timeout gets the one retry and nothing more.
  Report t = failed(ErrorCode::timeout, Alert::none, Party::network, Step::server_hello);
  t.settings.groups = r.settings.groups;
  t.settings.key_share_groups = r.settings.key_share_groups;
  ASSERT_EQ(probes_needed(t), ProbeNeed::post_quantum);
  EXPECT_EQ(run_probe_plan(t, ProbeNeed::post_quantum, groups, runner).size(), 1u);

  // No post-quantum share in the hello: the old plan.
  Report classic = failed(ErrorCode::connection_reset, Alert::none, Party::network, Step::server_hello);
  EXPECT_EQ(probes_needed(classic), ProbeNeed::negotiation);
}

TEST(ServerFlags, UsageErrors) {
  ServerOptions a;
  EXPECT_EQ(parse_server_args({"--port", "0"}, a).exit_code, kExitUsage);
  ServerOptions b;
  auto rb = parse_server_args({"--cert", "a.pem", "--key", "a.key", "--cert", "b.pem"}, b);
  EXPECT_EQ(rb.exit_code, kExitUsage);
  EXPECT_EQ(rb.message.find('\n'), std::string::npos);
  ServerOptions c;
  EXPECT_EQ(parse_server_args({"--cert", "a.pem", "--key", "a.key", "--require-client-cert"}, c).exit_code,
            kExitUsage);
  ServerOptions d;
  auto rd = parse_server_args({"--cert", "a.pem", "--key", "a.key", "--cert", "b.pem", "--key",
                               "b.key", "--once", "--http", "--alpn", "h2"},
                              d);
  ASSERT_TRUE(rd.run) << rd.message;
  EXPECT_EQ(d.certs.size(), 2u);
  EXPECT_EQ(d.exit_after, 1);  // --once
  EXPECT_EQ(d.max_connections, 10000);
  EXPECT_TRUE(d.http);
  EXPECT_EQ(d.bind, "127.0.0.1");
  ServerOptions e;
  e.certs = {"/nonexistent/cert.pem"};
  e.keys = {"/nonexistent/key.pem"};
  auto cfg = build_server_config(e);
  ASSERT_FALSE(cfg.ok());
  EXPECT_NE(cfg.error().detail.find("/nonexistent/cert.pem"), std::string::npos) << cfg.error().detail;
}

TEST(ServerFlags, Tls13Tickets) {
  ServerOptions a;
  ASSERT_TRUE(parse_server_args({"--cert", "a.pem", "--key", "a.key", "--tickets", "5",
                                 "--stateful-tickets"},
                                a)
                  .run);
  EXPECT_EQ(a.tickets, 5u);
  EXPECT_TRUE(a.stateful_tickets);
  ServerOptions b;
  ASSERT_TRUE(parse_server_args({"--cert", "a.pem", "--key", "a.key", "--no-tickets"}, b).run);
  EXPECT_TRUE(b.no_tickets);
  EXPECT_EQ(b.tickets, 2u);  // the default, overridden by --no-tickets in the config
  ServerOptions c;
  EXPECT_EQ(parse_server_args({"--cert", "a.pem", "--key", "a.key", "--tickets", "17"}, c).exit_code,
            kExitUsage);
}

// Every flag the help texts list, and every cause id, is documented.
TEST(Docs, CliAndSchemaDocumentEveryFlagAndCause) {
  std::string cli = testing::read_text_file(std::string(TLSKIT_SOURCE_DIR) + "/docs/cli.md");
  std::string schema = testing::read_text_file(std::string(TLSKIT_SOURCE_DIR) + "/docs/json-schema.md");
  ASSERT_FALSE(cli.empty());
  ASSERT_FALSE(schema.empty());
  ServerOptions so;
  std::string help = client_help() + parse_server_args({"--help"}, so).message;
  std::regex flag("--[A-Za-z][A-Za-z0-9_-]+");
  std::set<std::string> flags;
  for (auto it = std::sregex_iterator(help.begin(), help.end(), flag); it != std::sregex_iterator(); ++it)
    flags.insert(it->str());
  EXPECT_GT(flags.size(), 40u);
  for (const auto& f : flags) {
    if (f == "--help") continue;
    EXPECT_NE(cli.find("`" + f), std::string::npos) << f << " is not in docs/cli.md";
  }
  for (const auto& id : all_cause_ids())
    EXPECT_NE(schema.find("| `" + id + "` |"), std::string::npos) << id << " is not in docs/json-schema.md";
  for (const char* code : {"| 0 |", "| 1 |", "| 2 |", "| 3 |", "| 4 |"})
    EXPECT_NE(cli.find(code), std::string::npos) << code;
}

}  // namespace
}  // namespace tlskit::tools
