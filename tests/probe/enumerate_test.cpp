// Tests of src/probe/enumerate against a model server (no sockets): versions, suites by
// elimination with the server's order detected, TLS 1.3 suites one by one, groups and their
// order, signature schemes; every loop bounded.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "probe/enumerate.h"
#include "probe/key_shares.h"
#include "model_server.h"

namespace tlskit::probe {
namespace {

using test::cs;
using test::has;
using test::ModelServer;

TEST(Enumerate, VersionsInOneBatch) {
  ModelServer s;
  s.suites[ProtocolVersion::tls1_0] = {cs(0x002F)};
  s.suites[ProtocolVersion::tls1_2] = {cs(0xC02F)};
  size_t batches = 0;
  BatchRunner counting = [&](const std::vector<ProbeRequest>& b) { ++batches; return s.runner()(b); };
  ProtocolSupport p = probe_protocols(counting, "", probe_versions(), false);
  EXPECT_EQ(batches, 1u);
  EXPECT_EQ(p.supported(), (std::vector<ProtocolVersion>{ProtocolVersion::tls1_0, ProtocolVersion::tls1_2}));
  EXPECT_FALSE(p.sslv2);
}

TEST(Enumerate, SuitesByEliminationWithServerOrder) {
  ModelServer s;
  // Server order, deliberately not the offer order.
  std::vector<CipherSuite> v12 = {cs(0x0035), cs(0xC030), cs(0x009E), cs(0xC013), cs(0x000A)};
  std::vector<CipherSuite> v10 = {cs(0xC014), cs(0x002F)};
  s.suites[ProtocolVersion::tls1_2] = v12;
  s.suites[ProtocolVersion::tls1_0] = v10;
  s.suites[ProtocolVersion::tls1_3] = {CipherSuite::TLS_CHACHA20_POLY1305_SHA256, CipherSuite::TLS_AES_128_GCM_SHA256};
  auto lists = enumerate_suites(s.runner(), "", {ProtocolVersion::tls1_0, ProtocolVersion::tls1_2, ProtocolVersion::tls1_3});
  ASSERT_EQ(lists.size(), 3u);
  auto suites_of = [](const SuiteList& l) {
    std::vector<CipherSuite> out;
    for (const auto& a : l.suites) out.push_back(a.suite);
    return out;
  };
  EXPECT_EQ(suites_of(lists[0]), v10);
  EXPECT_EQ(suites_of(lists[1]), v12);
  EXPECT_EQ(lists[1].server_order, true);
  EXPECT_TRUE(lists[1].complete);
  // Elimination: one probe per suite, one refusal, one order probe.
  EXPECT_EQ(lists[1].probes, v12.size() + 2);
  EXPECT_EQ(suites_of(lists[2]),
            (std::vector<CipherSuite>{CipherSuite::TLS_CHACHA20_POLY1305_SHA256, CipherSuite::TLS_AES_128_GCM_SHA256}));
  EXPECT_EQ(lists[2].server_order, true);
  EXPECT_EQ(lists[1].suites[1].group, NamedGroup::x25519);  // ECDHE: the curve from the SKE
}

TEST(Enumerate, ClientOrderDetected) {
  ModelServer s;
  s.server_order = false;
  s.suites[ProtocolVersion::tls1_2] = {cs(0x002F), cs(0xC02F), cs(0x009C)};
  s.suites[ProtocolVersion::tls1_3] = {CipherSuite::TLS_AES_256_GCM_SHA384, CipherSuite::TLS_AES_128_GCM_SHA256};
  auto lists = enumerate_suites(s.runner(), "", {ProtocolVersion::tls1_2, ProtocolVersion::tls1_3});
  EXPECT_EQ(lists[0].suites.size(), 3u);
  EXPECT_EQ(lists[0].server_order, false);
  EXPECT_EQ(lists[1].server_order, false);
  // Our offer puts forward-secret AEAD first: the client-ordered server chose ECDHE-GCM first.
  EXPECT_EQ(lists[0].suites[0].suite, cs(0xC02F));
}

TEST(Enumerate, LimitsStopEarly) {
  ModelServer s;
  std::vector<CipherSuite> many = suites_for_version(ProtocolVersion::tls1_2);
  many.resize(40);
  s.suites[ProtocolVersion::tls1_2] = many;
  EnumerationLimits lim;
  lim.max_suites_per_version = 5;
  auto lists = enumerate_suites(s.runner(), "", {ProtocolVersion::tls1_2}, lim);
  EXPECT_EQ(lists[0].suites.size(), 5u);
  EXPECT_FALSE(lists[0].complete);
  EnumerationLimits budget;
  budget.max_connections = 10;
  s.probes = 0;
  auto capped = enumerate_suites(s.runner(), "", {ProtocolVersion::tls1_2}, budget);
  EXPECT_LE(s.probes, 10u);
  EXPECT_FALSE(capped[0].complete);
}

TEST(Enumerate, GroupsAndTheirOrder) {
  ModelServer s;
  s.suites[ProtocolVersion::tls1_3] = {CipherSuite::TLS_AES_128_GCM_SHA256};
  s.groups = {NamedGroup::secp384r1, NamedGroup{0x0100}, NamedGroup::x25519};
  GroupList g = enumerate_groups(s.runner(), "", ProtocolVersion::tls1_3, {});
  EXPECT_EQ(g.groups, s.groups);
  EXPECT_EQ(g.server_order, true);
  EXPECT_LE(g.probes, probe_groups(ProtocolVersion::tls1_3).size() + 2 + s.groups.size());
  s.server_order = false;
  GroupList c = enumerate_groups(s.runner(), "", ProtocolVersion::tls1_3, {});
  EXPECT_EQ(c.groups.size(), 3u);
  EXPECT_EQ(c.server_order, false);
  // TLS 1.2: the curve from each ServerKeyExchange.
  ModelServer t;
  t.suites[ProtocolVersion::tls1_2] = {cs(0xC02F)};
  t.groups = {NamedGroup::secp256r1};
  GroupList g12 = enumerate_groups(t.runner(), "", ProtocolVersion::tls1_2, {cs(0xC02F)});
  EXPECT_EQ(g12.groups, std::vector<NamedGroup>{NamedGroup::secp256r1});
}

TEST(Enumerate, SignatureSchemes) {
  ModelServer s;
  s.suites[ProtocolVersion::tls1_2] = {cs(0xC02F)};
  s.suites[ProtocolVersion::tls1_3] = {CipherSuite::TLS_AES_128_GCM_SHA256};
  SchemeList l = enumerate_signature_schemes(s.runner(), "", ProtocolVersion::tls1_2, {cs(0xC02F)});
  EXPECT_EQ(l.schemes, s.schemes);
  EXPECT_EQ(l.probes, s.schemes.size() + 1);
  SchemeList l13 = enumerate_signature_schemes(s.runner(), "", ProtocolVersion::tls1_3, {});
  EXPECT_EQ(l13.schemes.size(), 2u);
  EXPECT_TRUE(has(l13.schemes, SignatureScheme::rsa_pkcs1_sha256));
}

}  // namespace
}  // namespace tlskit::probe
