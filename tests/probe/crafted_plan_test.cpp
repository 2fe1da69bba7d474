// Tests of the debugger's crafted probes (tools/inspector/crafted_probes.cpp) and of the
// diagnosis built from them, against the model server: a DHE-only, a CBC-only, an FFDHE-only
// (TLS 1.3) and a TLS 1.0-only server, which tlskit's own probes cannot tell apart.
#include <gtest/gtest.h>

#include "crypto/registry.h"
#include "inspector/crafted_probes.h"
#include "inspector/diagnosis.h"
#include "model_server.h"

namespace tlskit::tools {
namespace {

using probe::test::cs;
using probe::test::ModelServer;

// A report of a first handshake refused with `alert` in answer to tlskit's default offer, and
// tlskit's own probes (TLS 1.3 only, TLS 1.2 only) refused too.
Report failed_report(Alert alert) {
  Report r;
  r.settings.host = "127.0.0.1";
  r.settings.port = 4433;
  r.settings.versions = {ProtocolVersion::tls1_3, ProtocolVersion::tls1_2};
  for (const auto& s : crypto::kSuites) r.settings.cipher_suites.push_back(s.suite);
  r.settings.groups = {crypto::kDefaultGroups.begin(), crypto::kDefaultGroups.end()};
  r.tcp_connected = true;
  r.error = make_error(ErrorCode::peer_alert, alert, Party::peer, Step::server_hello, "alert");
  r.info.alert_received = alert;
  for (ProtocolVersion v : {ProtocolVersion::tls1_3, ProtocolVersion::tls1_2}) {
    ProbeResult p;
    p.id = v == ProtocolVersion::tls1_3 ? "tls1_3_only" : "tls1_2_only";
    p.versions = {v};
    p.error = make_error(ErrorCode::peer_alert, alert, Party::peer, Step::server_hello, "alert");
    r.probes.push_back(p);
  }
  return r;
}

Diagnosis run_plan(Report& r, ModelServer& server) {
  EXPECT_TRUE(crafted_probes_wanted(ProbeNeed::negotiation, r.probes));
  for (ProbeResult& p : run_crafted_probe_plan(r, server.runner())) r.probes.push_back(std::move(p));
  EXPECT_LE(server.probes, kMaxCraftedProbes);
  return diagnose(r);
}

TEST(CraftedProbes, DheOnlyServer) {
  ModelServer s;
  s.suites[ProtocolVersion::tls1_2] = {cs(0x009E)};  // TLS_DHE_RSA_WITH_AES_128_GCM_SHA256
  Report r = failed_report(Alert::handshake_failure);
  Diagnosis d = run_plan(r, s);
  EXPECT_EQ(d.cause, "no_common_cipher");
  EXPECT_NE(d.explanation.find("only accepts TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"), std::string::npos) << d.explanation;
  EXPECT_NE(d.explanation.find("finite-field DHE suite tlskit does not offer because"), std::string::npos);
  EXPECT_NE(d.explanation.find("2048-bit"), std::string::npos);
  EXPECT_NE(d.fix.find("ECDHE"), std::string::npos);
  // 5 version probes + 1 elimination probe (refused).
  EXPECT_EQ(s.probes, 6u);
  bool crafted = false;
  for (const ProbeResult& p : r.probes) crafted = crafted || (p.crafted && p.accepted);
  EXPECT_TRUE(crafted);
}

TEST(CraftedProbes, CbcOnlyServer) {
  ModelServer s;
  s.suites[ProtocolVersion::tls1_2] = {cs(0xC009), cs(0xC00A)};  // ECDHE_ECDSA AES-CBC-SHA
  Report r = failed_report(Alert::handshake_failure);
  Diagnosis d = run_plan(r, s);
  EXPECT_EQ(d.cause, "no_common_cipher");
  EXPECT_NE(d.explanation.find("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"), std::string::npos) << d.explanation;
  EXPECT_NE(d.explanation.find("TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA"), std::string::npos);
  EXPECT_NE(d.explanation.find("CBC suite"), std::string::npos);
}

TEST(CraftedProbes, FfdheOnlyTls13Server) {
  ModelServer s;
  s.suites[ProtocolVersion::tls1_3] = {CipherSuite::TLS_AES_256_GCM_SHA384};
  s.groups = {NamedGroup{0x0100}};
  Report r = failed_report(Alert::handshake_failure);
  Diagnosis d = run_plan(r, s);
  EXPECT_EQ(d.cause, "no_common_group");
  EXPECT_NE(d.explanation.find("only accepts ffdhe2048"), std::string::npos) << d.explanation;
  EXPECT_NE(d.explanation.find("RFC 7919"), std::string::npos);
}

TEST(CraftedProbes, Tls10OnlyServer) {
  ModelServer s;
  s.suites[ProtocolVersion::tls1_0] = {cs(0xC013), cs(0x002F)};
  Report r = failed_report(Alert::protocol_version);
  r.error->code = ErrorCode::peer_alert;
  Diagnosis d = run_plan(r, s);
  EXPECT_EQ(d.cause, "protocol_version_mismatch");
  EXPECT_NE(d.explanation.find("speaks only TLSv1"), std::string::npos) << d.explanation;
  EXPECT_NE(d.explanation.find("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"), std::string::npos);
  EXPECT_NE(d.fix.find("TLSv1.2"), std::string::npos);
}

TEST(CraftedProbes, NotWantedWhenOwnProbesAnswered) {
  std::vector<ProbeResult> native(1);
  native[0].accepted = true;
  EXPECT_FALSE(crafted_probes_wanted(ProbeNeed::negotiation, native));
  EXPECT_FALSE(crafted_probes_wanted(ProbeNeed::none, {}));
  EXPECT_TRUE(crafted_probes_wanted(ProbeNeed::versions, {}));
  // A silent server: the post-quantum plan stopped after its one probe.
  EXPECT_FALSE(crafted_probes_wanted(ProbeNeed::post_quantum, std::vector<ProbeResult>(1)));
  EXPECT_TRUE(crafted_probes_wanted(ProbeNeed::post_quantum, std::vector<ProbeResult>(3)));
}

TEST(CraftedProbes, NothingAccepted) {
  ModelServer s;  // speaks no version at all
  Report r = failed_report(Alert::protocol_version);
  Diagnosis d = run_plan(r, s);
  EXPECT_EQ(d.cause, "protocol_version_mismatch");
  EXPECT_NE(d.explanation.find("crafted hellos"), std::string::npos) << d.explanation;
  EXPECT_EQ(s.probes, 5u);  // the version batch only
}

TEST(CraftedProbes, Reasons) {
  EXPECT_EQ(suite_not_offered_reason(CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, ProtocolVersion::tls1_2), "");
  EXPECT_NE(suite_not_offered_reason(cs(0x002F), ProtocolVersion::tls1_2).find("RSA key transport"), std::string::npos);
  EXPECT_NE(suite_not_offered_reason(cs(0xC013), ProtocolVersion::tls1_0).find("TLSv1"), std::string::npos);
  EXPECT_NE(suite_not_offered_reason(cs(0xC05C), ProtocolVersion::tls1_2).find("ARIA_128_GCM"), std::string::npos);
  EXPECT_EQ(group_not_offered_reason(NamedGroup::x25519), "");
  EXPECT_NE(group_not_offered_reason(NamedGroup{0x0101}).find("finite-field"), std::string::npos);
}

}  // namespace
}  // namespace tlskit::tools
