// Golden tests of the inspector on real, deterministic in-memory handshakes: a tlskit client
// and a tlskit server Connection joined by an in-memory transport, with a fixed clock that the
// transport advances (a simulated network latency), seeded RNGs and Ed25519 certificates
// (deterministic signatures), so every byte and every time in the report is reproducible.
#include <gtest/gtest.h>

#include <deque>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "golden_util.h"
#include "inspector/inspector.h"
#include "inspector/render.h"
#include "x509/verifier.h"

namespace tlskit::tools {
namespace {

using testing::expect_golden;
using testing::read_text_file;

constexpr int64_t kNow = 1900000000;      // 2030-03-17, inside the test certificates' validity
constexpr int64_t kOneWayUs = 1500;       // simulated one-way network latency
constexpr int64_t kServerThinkUs = 250;   // simulated server processing per flight

std::string data_file(const char* name) {
  return read_text_file(std::string(TLSKIT_SOURCE_DIR) + "/tests/tools/data/" + name);
}

// The server side of the wire: bytes written by the client are fed to a server Connection at
// once; its answer becomes readable after the simulated latency.
class MemoryServerTransport final : public Transport {
 public:
  MemoryServerTransport(Connection& server, FixedClock& clock) : server_(server), clock_(clock) {}

  Result<size_t> read(MutableByteView out, int timeout_ms) override {
    if (inbound_.empty()) {
      if (server_closed_) return size_t{0};
      clock_.advance_micros(int64_t{timeout_ms} * 1000);
      return make_error(ErrorCode::timeout, Alert::none, Party::network, Step::none,
                        "no data from the in-memory server within " + std::to_string(timeout_ms) + " ms");
    }
    size_t n = std::min(out.size(), inbound_.size());
    for (size_t i = 0; i < n; ++i) {
      out[i] = inbound_.front();
      inbound_.pop_front();
    }
    return n;
  }

  Result<void> write(ByteView data, int) override {
    clock_.advance_micros(kOneWayUs);
    (void)server_.feed(data);  // a server error leaves its alert in pending_output()
    ByteView answer = server_.pending_output();
    if (!answer.empty()) {
      clock_.advance_micros(kServerThinkUs + kOneWayUs);
      inbound_.insert(inbound_.end(), answer.begin(), answer.end());
      server_.consume_output(answer.size());
    }
    if (server_.error()) server_closed_ = true;
    return ok();
  }

 private:
  Connection& server_;
  FixedClock& clock_;
  std::deque<uint8_t> inbound_;
  bool server_closed_ = false;
};

struct Run {
  Report report;
};

// Runs one in-memory handshake and returns the finished report.
Report run_memory(const std::string& server_name, ClientAuth client_auth) {
  FixedClock clock(kNow, 7000000);
  DeterministicRng server_rng(2), client_rng(1);
  const crypto::Provider& provider = crypto::default_provider();

  auto server_cfg = std::make_shared<Config>();
  auto ck = CertifiedKey::from_pem(data_file("server.pem"), data_file("server.key"), provider);
  EXPECT_TRUE(ck.ok()) << (ck.ok() ? "" : ck.error().to_string());
  server_cfg->certificates.push_back(std::make_shared<const CertifiedKey>(*ck));
  server_cfg->alpn = {"h2"};
  server_cfg->rng = &server_rng;
  server_cfg->clock = &clock;
  x509::VerifierOptions vo;
  std::string ca = data_file("ca.pem");
  vo.roots.push_back(Bytes(ca.begin(), ca.end()));
  auto verifier = x509::make_verifier(vo);
  EXPECT_TRUE(verifier.ok());
  if (client_auth != ClientAuth::none) {
    server_cfg->client_auth = client_auth;
    server_cfg->verifier = *verifier;
  }
  auto server = Connection::server(server_cfg);
  EXPECT_TRUE(server.ok()) << (server.ok() ? "" : server.error().to_string());

  auto client_cfg = std::make_shared<Config>();
  client_cfg->server_name = server_name;
  client_cfg->alpn = {"h2", "http/1.1"};
  client_cfg->verifier = *verifier;
  client_cfg->rng = &client_rng;
  client_cfg->clock = &clock;

  Report r;
  r.settings.host = server_name;
  r.settings.port = 443;
  r.settings.address = "in-memory";
  r.settings.server_name = server_name;
  r.settings.trust_store = "CAfile tests/tools/data/ca.pem (1 certificate)";
  r.started_unix = clock.unix_seconds();
  r.origin_us = clock.monotonic_micros();
  clock.advance_micros(kOneWayUs * 2);  // the TCP handshake
  r.timings.tcp_connect_us = clock.monotonic_micros() - r.origin_us;
  r.tcp_connected = true;
  MemoryServerTransport t(**server, clock);
  RunOptions o;
  o.linger_ms = 20;
  o.linger_client_auth_ms = 50;
  run_client_handshake(client_cfg, t, clock, o, r);
  finish_report(r, *client_cfg, nullptr, clock);
  return r;
}

TEST(GoldenMemory, HealthyHandshakeIsDeterministicAndGolden) {
  Report a = run_memory("server.test", ClientAuth::none);
  ASSERT_FALSE(a.error) << a.error->to_string();
  EXPECT_TRUE(a.handshake_complete);
  EXPECT_EQ(a.diagnosis.cause, "none");
  EXPECT_EQ(a.exit_code, kExitOk);
  EXPECT_EQ(a.info.alpn, "h2");
  EXPECT_EQ(a.timings.round_trips, 1);
  ASSERT_EQ(a.chain.size(), 1u);
  EXPECT_EQ(a.chain[0].subject, "CN = server.test");
  // Same inputs, same bytes: the report is reproducible.
  Report b = run_memory("server.test", ClientAuth::none);
  TextOptions trace;
  trace.trace = true;
  ASSERT_EQ(render_text(a, trace), render_text(b, trace));
  ASSERT_EQ(render_json(a, true), render_json(b, true));
  expect_golden("memory_healthy.txt", render_text(a, TextOptions{}));
  expect_golden("memory_healthy_trace.txt", render_text(a, trace));
  expect_golden("memory_healthy.ladder", render_ladder(a));
  expect_golden("memory_healthy.json", render_json(a, false));
}

TEST(GoldenMemory, HostnameMismatch) {
  Report r = run_memory("wrong.test", ClientAuth::none);
  ASSERT_TRUE(r.error);
  EXPECT_EQ(r.diagnosis.cause, "hostname_mismatch");
  EXPECT_EQ(r.exit_code, kExitVerifyFailed);
  // Names the certificate and the names it does cover.
  EXPECT_NE(r.diagnosis.explanation.find("DNS:server.test"), std::string::npos) << r.diagnosis.explanation;
  EXPECT_NE(r.diagnosis.fix.find("--servername server.test"), std::string::npos) << r.diagnosis.fix;
  expect_golden("memory_hostname_mismatch.txt", render_text(r, TextOptions{}));
  expect_golden("memory_hostname_mismatch.ladder", render_ladder(r));
  expect_golden("memory_hostname_mismatch.json", render_json(r, false));
}

TEST(GoldenMemory, ClientCertificateRequiredIsCaughtAfterTheHandshake) {
  Report r = run_memory("server.test", ClientAuth::require);
  ASSERT_TRUE(r.error);
  EXPECT_TRUE(r.info.client_cert_requested);
  EXPECT_FALSE(r.info.client_cert_sent);
  EXPECT_EQ(r.diagnosis.cause, "client_certificate_required");
  EXPECT_EQ(r.exit_code, kExitHandshakeFailed);
  expect_golden("memory_client_cert_required.txt", render_text(r, TextOptions{}));
  expect_golden("memory_client_cert_required.ladder", render_ladder(r));
}

}  // namespace
}  // namespace tlskit::tools
