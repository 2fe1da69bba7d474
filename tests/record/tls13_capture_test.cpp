// TLS 1.3 interop known answers for the AEADs RFC 8448 does not cover (AES-256-GCM/SHA-384,
// ChaCha20-Poly1305, AES-128-CCM, AES-128-CCM-8): records captured from OpenSSL
// (tls13_openssl_capture.h) are opened with keys derived by our traffic-key code, deframed,
// the Finished values checked over our transcript, and every record re-sealed byte for byte.
#include <gtest/gtest.h>

#include <string>

#include "crypto/registry.h"
#include "handshake/key_schedule_tls13.h"
#include "handshake/traffic_keys.h"
#include "handshake/transcript.h"
#include "record/handshake_deframer.h"
#include "record_test_util.h"
#include "tls13_openssl_capture.h"

namespace tlskit {
namespace {

Bytes hx(const char* s) {
  auto r = from_hex(s);
  EXPECT_TRUE(r.ok());
  return r.ok() ? *r : Bytes{};
}

const crypto::SuiteInfo* suite_of(const testing::Tls13Capture& c) {
  const std::string n = c.suite;
  if (n == "TLS_AES_256_GCM_SHA384") return crypto::find_suite(CipherSuite::TLS_AES_256_GCM_SHA384);
  if (n == "TLS_CHACHA20_POLY1305_SHA256")
    return crypto::find_suite(CipherSuite::TLS_CHACHA20_POLY1305_SHA256);
  if (n == "TLS_AES_128_CCM_SHA256") return crypto::find_suite(CipherSuite::TLS_AES_128_CCM_SHA256);
  if (n == "TLS_AES_128_CCM_8_SHA256")
    return crypto::find_suite(CipherSuite::TLS_AES_128_CCM_8_SHA256);
  return nullptr;
}

class Tls13Capture : public ::testing::TestWithParam<testing::Tls13Capture> {};

TEST_P(Tls13Capture, OpenDeframeVerifyAndReseal) {
  const auto& c = GetParam();
  const auto* s = suite_of(c);
  ASSERT_NE(s, nullptr);
  const auto& p = crypto::default_provider();
  auto protection = [&](const char* secret) {
    auto k = handshake::tls13_protection(p, s->hash, s->aead, hx(secret));
    EXPECT_TRUE(k.ok());
    return std::move(*k);
  };

  // Plaintext ClientHello and ServerHello start the transcript.
  handshake::Transcript t(p);
  record::RecordDecoder plain;
  plain.append(hx(c.client_hello_record));
  plain.append(hx(c.server_hello_record));
  auto hellos = testing::drain(plain);
  ASSERT_FALSE(hellos.failed) << hellos.error.to_string();
  ASSERT_EQ(hellos.records.size(), 2u);
  t.add(hellos.records[0].second);
  t.add(hellos.records[1].second);
  ASSERT_TRUE(t.set_hash(s->hash).ok());

  // Server handshake flight under the server handshake key.
  const Bytes server_wire = hx(c.server_handshake_records);
  record::RecordDecoder dec;
  dec.set_version_rule(record::RecordVersionRule::tls13);
  dec.set_protection(protection(c.server_handshake_traffic_secret));
  dec.append(server_wire);
  auto flight = testing::drain(dec);
  ASSERT_FALSE(flight.failed) << flight.error.to_string();
  record::HandshakeDeframer deframer;
  std::vector<HandshakeType> types;
  bool server_finished_ok = false;
  record::RecordEncoder reseal;
  reseal.set_protection(protection(c.server_handshake_traffic_secret));
  Bytes resealed;
  for (auto& [type, frag] : flight.records) {
    ASSERT_EQ(type, ContentType::handshake);
    ASSERT_TRUE(reseal.write(type, frag, resealed).ok());
    ASSERT_TRUE(deframer.add(frag).ok());
    for (;;) {
      auto m = deframer.next();
      ASSERT_TRUE(m.ok());
      if (!m->has_value()) break;
      types.push_back((*m)->type);
      if ((*m)->type == HandshakeType::finished) {
        auto h = t.current();
        ASSERT_TRUE(h.ok());
        server_finished_ok =
            handshake::check_finished(p, s->hash, hx(c.server_handshake_traffic_secret), *h,
                                      (*m)->body())
                .ok();
      }
      t.add((*m)->bytes);
    }
  }
  EXPECT_TRUE(server_finished_ok);
  ASSERT_GE(types.size(), 4u);
  EXPECT_EQ(types.front(), HandshakeType::encrypted_extensions);
  EXPECT_EQ(types.back(), HandshakeType::finished);
  EXPECT_EQ(to_hex(resealed), to_hex(server_wire));
  EXPECT_TRUE(deframer.check_key_change().ok());

  // Client Finished under the client handshake key, over CH..server Finished.
  record::RecordDecoder cdec;
  cdec.set_protection(protection(c.client_handshake_traffic_secret));
  cdec.append(hx(c.client_finished_record));
  auto cf = testing::drain(cdec);
  ASSERT_FALSE(cf.failed) << cf.error.to_string();
  ASSERT_EQ(cf.records.size(), 1u);
  auto h = t.current();
  ASSERT_TRUE(h.ok());
  EXPECT_TRUE(handshake::check_finished(p, s->hash, hx(c.client_handshake_traffic_secret), *h,
                                        ByteView(cf.records[0].second).subspan(4))
                  .ok());

  // Application data and close_notify under the client application key; re-sealed exactly.
  const Bytes app_wire = hx(c.client_app_records);
  record::RecordDecoder adec;
  adec.set_protection(protection(c.client_traffic_secret_0));
  adec.append(app_wire);
  auto app = testing::drain(adec);
  ASSERT_FALSE(app.failed) << app.error.to_string();
  ASSERT_EQ(app.records.size(), 2u);
  EXPECT_EQ(std::string(app.records[0].second.begin(), app.records[0].second.end()),
            "hello tlskit\n");
  EXPECT_EQ(app.records[1].first, ContentType::alert);
  record::RecordEncoder aenc;
  aenc.set_protection(protection(c.client_traffic_secret_0));
  Bytes out;
  for (auto& [type, frag] : app.records) ASSERT_TRUE(aenc.write(type, frag, out).ok());
  EXPECT_EQ(to_hex(out), to_hex(app_wire));
}

INSTANTIATE_TEST_SUITE_P(OpenSsl, Tls13Capture, ::testing::ValuesIn(testing::kTls13Captures),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace tlskit
