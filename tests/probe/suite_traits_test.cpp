// Tests of src/probe/suite_traits: traits derived from IANA names, versions, the offer order.
#include <gtest/gtest.h>

#include <algorithm>

#include "probe/suite_traits.h"

namespace tlskit::probe {
namespace {

CipherSuite cs(uint16_t v) { return static_cast<CipherSuite>(v); }

TEST(SuiteTraits, DheRsaAesGcm) {
  auto t = suite_traits(cs(0x009E));  // TLS_DHE_RSA_WITH_AES_128_GCM_SHA256
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kex, KeyExchange::dhe);
  EXPECT_EQ(t->auth, Authentication::rsa);
  EXPECT_EQ(t->cipher, "AES_128_GCM");
  EXPECT_EQ(t->mac, "SHA256");
  EXPECT_EQ(t->bits, 128);
  EXPECT_TRUE(t->aead);
  EXPECT_FALSE(t->cbc);
  EXPECT_TRUE(t->forward_secret);
  EXPECT_EQ(t->min_version, ProtocolVersion::tls1_2);
  EXPECT_EQ(t->max_version, ProtocolVersion::tls1_2);
}

TEST(SuiteTraits, LegacyAndExport) {
  auto exp = suite_traits(cs(0x0003));  // TLS_RSA_EXPORT_WITH_RC4_40_MD5
  ASSERT_TRUE(exp);
  EXPECT_EQ(exp->kex, KeyExchange::rsa_export);
  EXPECT_TRUE(exp->export_grade);
  EXPECT_EQ(exp->bits, 40);
  EXPECT_EQ(exp->mac, "MD5");
  EXPECT_EQ(exp->max_version, ProtocolVersion::tls1_0);  // RFC 4346 §A.5
  auto des3 = suite_traits(cs(0x000A));  // TLS_RSA_WITH_3DES_EDE_CBC_SHA
  ASSERT_TRUE(des3);
  EXPECT_EQ(des3->bits, 112);
  EXPECT_TRUE(des3->cbc);
  EXPECT_FALSE(des3->forward_secret);
  EXPECT_EQ(des3->min_version, ProtocolVersion::ssl3);
  auto anon = suite_traits(cs(0x0034));  // TLS_DH_anon_WITH_AES_128_CBC_SHA
  ASSERT_TRUE(anon);
  EXPECT_EQ(anon->kex, KeyExchange::dh_anon);
  EXPECT_EQ(anon->auth, Authentication::none);
  auto ecdhe_cbc = suite_traits(cs(0xC013));  // TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
  ASSERT_TRUE(ecdhe_cbc);
  EXPECT_EQ(ecdhe_cbc->min_version, ProtocolVersion::tls1_0);  // RFC 4492: TLS only
  auto chacha = suite_traits(cs(0xCCAA));
  ASSERT_TRUE(chacha);
  EXPECT_EQ(chacha->bits, 256);
  EXPECT_TRUE(chacha->aead);
  auto ccm8 = suite_traits(cs(0xC0A2));  // TLS_DHE_RSA_WITH_AES_128_CCM_8
  ASSERT_TRUE(ccm8);
  EXPECT_EQ(ccm8->cipher, "AES_128_CCM_8");
  EXPECT_TRUE(ccm8->aead);
  EXPECT_EQ(suite_traits(cs(0x0000))->kex, KeyExchange::null);
  EXPECT_EQ(suite_traits(cs(0x0000))->bits, 0);
}

TEST(SuiteTraits, Tls13AndSignalling) {
  auto t = suite_traits(CipherSuite::TLS_AES_256_GCM_SHA384);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->kex, KeyExchange::any_tls13);
  EXPECT_EQ(t->cipher, "AES_256_GCM");
  EXPECT_EQ(t->min_version, ProtocolVersion::tls1_3);
  EXPECT_EQ(suite_traits(cs(0xC0B4))->cipher, "NULL");  // TLS_SHA256_SHA256
  EXPECT_EQ(suite_traits(CipherSuite::TLS_FALLBACK_SCSV)->kex, KeyExchange::signalling);
  EXPECT_FALSE(suite_usable_in(CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV, ProtocolVersion::tls1_2));
  EXPECT_FALSE(suite_traits(cs(0x1234)));
}

TEST(SuiteTraits, EveryRegisteredSuiteHasTraits) {
  for (CipherSuite s : registered_cipher_suites()) {
    auto t = suite_traits(s);
    ASSERT_TRUE(t) << cipher_suite_name(s);
    if (t->kex == KeyExchange::signalling || t->kex == KeyExchange::null) continue;
    EXPECT_FALSE(t->cipher.empty()) << cipher_suite_name(s);
  }
}

TEST(SuiteTraits, VersionsAndOrder) {
  auto v13 = suites_for_version(ProtocolVersion::tls1_3);
  ASSERT_GE(v13.size(), 5u);
  for (CipherSuite s : v13) EXPECT_EQ(suite_traits(s)->kex, KeyExchange::any_tls13);
  auto v3 = suites_for_version(ProtocolVersion::ssl3);
  for (CipherSuite s : v3) {
    auto t = suite_traits(s);
    EXPECT_FALSE(t->aead) << cipher_suite_name(s);
    EXPECT_NE(t->kex, KeyExchange::ecdhe) << cipher_suite_name(s);
  }
  auto v12 = suites_for_version(ProtocolVersion::tls1_2);
  EXPECT_GT(v12.size(), 250u);
  // Forward-secret AEAD first, export / NULL / anonymous last.
  auto first = suite_traits(v12.front());
  EXPECT_TRUE(first->forward_secret && first->aead) << cipher_suite_name(v12.front());
  auto last = suite_traits(v12.back());
  EXPECT_TRUE(last->export_grade || last->bits < 112 || last->auth == Authentication::none)
      << cipher_suite_name(v12.back());
  EXPECT_EQ(std::count(v12.begin(), v12.end(), cs(0x0003)), 0);  // export: not in TLS 1.2
  auto v10 = suites_for_version(ProtocolVersion::tls1_0);
  EXPECT_EQ(std::count(v10.begin(), v10.end(), cs(0x0003)), 1);  // export: up to TLS 1.0
}

}  // namespace
}  // namespace tlskit::probe
