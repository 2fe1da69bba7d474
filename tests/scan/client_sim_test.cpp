// The client table and how an answer becomes a client result.
#include <gtest/gtest.h>

#include <set>

#include "base/rng.h"
#include "probe/hello_builder.h"
#include "scan/client_sim.h"

namespace tlskit::tools::scan {
namespace {

TEST(ScanClients, TableCoversTheIssuesClients) {
  std::set<std::string> names;
  for (const auto& c : simulated_clients()) names.insert(c.name);
  for (const char* want : {"Chrome 131", "Firefox 133", "Safari 17", "curl (OpenSSL 1.0.2)", "curl (OpenSSL 1.1.1)",
                           "curl (OpenSSL 3.x)", "Java 8", "Java 11", "Java 17", "Android 4.4", "Android 7", "Android 10+"})
    EXPECT_TRUE(names.count(want)) << want;
}

TEST(ScanClients, EveryHelloBuilds) {
  DeterministicRng rng(7);
  for (const auto& c : simulated_clients()) {
    probe::ProbeRequest r = client_request(c, "example.test");
    auto built = probe::build_client_hello(r.hello, rng);
    EXPECT_TRUE(built) << c.name << ": " << (built ? "" : built.error().detail);
    for (uint16_t g : c.key_shares)
      EXPECT_NE(std::find(c.groups.begin(), c.groups.end(), g), c.groups.end()) << c.name;
  }
}

TEST(ScanClients, ResultFromAnswer) {
  const SimulatedClient& chrome = simulated_clients()[0];
  probe::ProbeOutcome o;
  probe::ProbeServerHello sh;
  sh.version = ProtocolVersion::tls1_3;
  sh.cipher_suite = static_cast<CipherSuite>(0x1301);
  sh.key_share_group = static_cast<NamedGroup>(0x001d);
  o.answer.server_hello = sh;
  ClientResult r = client_result(chrome, o);
  EXPECT_TRUE(r.connected);
  EXPECT_EQ(r.version, "TLSv1.3");
  EXPECT_EQ(r.suite, "TLS_AES_128_GCM_SHA256");
  EXPECT_EQ(r.group, "x25519");
  // A version the client does not accept.
  o.answer.server_hello->version = ProtocolVersion::tls1_0;
  o.answer.server_hello->cipher_suite = static_cast<CipherSuite>(0xc013);
  r = client_result(chrome, o);
  EXPECT_FALSE(r.connected);
  EXPECT_NE(r.error.find("TLSv1"), std::string::npos) << r.error;
  // An alert.
  probe::ProbeOutcome refused;
  refused.answer.alert = Alert::handshake_failure;
  r = client_result(chrome, refused);
  EXPECT_FALSE(r.connected);
  EXPECT_NE(r.error.find("handshake_failure"), std::string::npos) << r.error;
}

}  // namespace
}  // namespace tlskit::tools::scan
