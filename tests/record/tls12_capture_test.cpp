// TLS 1.2 interop known answers: records captured from OpenSSL (tls12_openssl_capture.h) are
// opened with our key block (PRF) and record decoder, the Finished values are recomputed with
// our PRF, and ChaCha20 records (no explicit nonce) are re-sealed byte for byte.
#include <gtest/gtest.h>

#include <string>

#include "crypto/registry.h"
#include "handshake/prf_tls12.h"
#include "handshake/traffic_keys.h"
#include "record_test_util.h"
#include "tls12_openssl_capture.h"

namespace tlskit {
namespace {

Bytes hx(const char* s) {
  auto r = from_hex(s);
  EXPECT_TRUE(r.ok());
  return r.ok() ? *r : Bytes{};
}

const crypto::SuiteInfo* suite_of(const testing::Tls12Capture& c) {
  const std::string n = c.name;
  if (n == "gcm128")
    return crypto::find_suite(CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256);
  if (n == "gcm256")
    return crypto::find_suite(CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384);
  if (n == "chacha")
    return crypto::find_suite(CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256);
  return nullptr;
}

class Tls12Capture : public ::testing::TestWithParam<testing::Tls12Capture> {};

TEST_P(Tls12Capture, OpenRecordsAndCheckFinished) {
  const auto& c = GetParam();
  const auto* s = suite_of(c);
  ASSERT_NE(s, nullptr);
  const auto& p = crypto::default_provider();
  const Bytes ms = hx(c.master_secret);
  auto kb = handshake::key_block_tls12(p, s->hash, s->aead, s->tls12_xor_nonce, ms,
                                       hx(c.client_random), hx(c.server_random));
  ASSERT_TRUE(kb.ok());

  // Client → server.
  auto ck = handshake::tls12_protection(p, s->aead, s->tls12_xor_nonce, kb->client_write_key,
                                        kb->client_write_iv);
  ASSERT_TRUE(ck.ok()) << ck.error().to_string();
  record::RecordDecoder dec;
  dec.set_version_rule(record::RecordVersionRule::tls12);
  dec.set_protection(std::move(*ck));
  dec.append(hx(c.client_records));
  auto got = testing::drain(dec);
  ASSERT_FALSE(got.failed) << got.error.to_string();
  ASSERT_EQ(got.records.size(), 3u);
  EXPECT_EQ(got.records[0].first, ContentType::handshake);
  const Bytes& fin = got.records[0].second;
  ASSERT_EQ(fin.size(), 16u);
  EXPECT_EQ(to_hex(ByteView(fin).first(4)), "1400000c");
  auto vd = handshake::finished_verify_data_tls12(p, s->hash, ms, true, hx(c.hash_through_cke));
  ASSERT_TRUE(vd.ok());
  EXPECT_EQ(to_hex(*vd), to_hex(ByteView(fin).subspan(4)));
  EXPECT_TRUE(handshake::check_finished_tls12(p, s->hash, ms, true, hx(c.hash_through_cke),
                                              ByteView(fin).subspan(4))
                  .ok());
  EXPECT_EQ(got.records[1].first, ContentType::application_data);
  EXPECT_EQ(std::string(got.records[1].second.begin(), got.records[1].second.end()),
            "hello tlskit\n");
  EXPECT_EQ(got.records[2].first, ContentType::alert);
  EXPECT_EQ(to_hex(got.records[2].second), "0100");

  // Server → client: Finished.
  auto sk = handshake::tls12_protection(p, s->aead, s->tls12_xor_nonce, kb->server_write_key,
                                        kb->server_write_iv);
  ASSERT_TRUE(sk.ok());
  record::RecordDecoder sdec;
  sdec.set_version_rule(record::RecordVersionRule::tls12);
  sdec.set_protection(std::move(*sk));
  sdec.append(hx(c.server_records));
  auto sgot = testing::drain(sdec);
  ASSERT_FALSE(sgot.failed) << sgot.error.to_string();
  ASSERT_GE(sgot.records.size(), 1u);
  auto svd =
      handshake::finished_verify_data_tls12(p, s->hash, ms, false, hx(c.hash_through_client_fin));
  ASSERT_TRUE(svd.ok());
  EXPECT_EQ("1400000c" + to_hex(*svd), to_hex(sgot.records[0].second));

  // RFC 7905: ChaCha20 records have no explicit nonce, so our encoder reproduces them exactly.
  if (s->tls12_xor_nonce) {
    auto wk =
        handshake::tls12_protection(p, s->aead, true, kb->client_write_key, kb->client_write_iv);
    ASSERT_TRUE(wk.ok());
    record::RecordEncoder enc;
    enc.set_protection(std::move(*wk));
    Bytes out;
    for (auto& [t, b] : got.records) ASSERT_TRUE(enc.write(t, b, out).ok());
    EXPECT_EQ(to_hex(out), to_hex(hx(c.client_records)));
  }
}

INSTANTIATE_TEST_SUITE_P(OpenSsl, Tls12Capture, ::testing::ValuesIn(testing::kTls12Captures),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace tlskit
