// The grade by the SSL Labs rating guide, over synthetic facts.
#include <gtest/gtest.h>

#include "scan/grade.h"
#include "scan_facts_util.h"

namespace tlskit::tools::scan {
namespace {
using namespace testing;

TEST(ScanGrade, LetterForScoreBoundaries) {
  EXPECT_EQ(letter_for_score(100), "A");
  EXPECT_EQ(letter_for_score(80), "A");
  EXPECT_EQ(letter_for_score(79), "B");
  EXPECT_EQ(letter_for_score(65), "B");
  EXPECT_EQ(letter_for_score(64), "C");
  EXPECT_EQ(letter_for_score(50), "C");
  EXPECT_EQ(letter_for_score(49), "D");
  EXPECT_EQ(letter_for_score(35), "D");
  EXPECT_EQ(letter_for_score(34), "E");
  EXPECT_EQ(letter_for_score(20), "E");
  EXPECT_EQ(letter_for_score(19), "F");
  EXPECT_EQ(letter_for_score(0), "F");
}

TEST(ScanGrade, ModernServerWithHstsIsAPlus) {
  TargetReport t = finished(modern());
  EXPECT_EQ(t.grade.letter, "A+");
  EXPECT_EQ(t.grade.protocol_score, 100);
  EXPECT_EQ(t.grade.key_exchange_score, 90);  // P-256 ~ 3072-bit RSA
  EXPECT_EQ(t.grade.cipher_score, 90);        // (256 + 128) -> (100 + 80) / 2
  EXPECT_EQ(t.grade.score, (100 * 30 + 90 * 30 + 90 * 40 + 50) / 100);
  EXPECT_TRUE(t.grade.caps.empty());
}

TEST(ScanGrade, WithoutHstsIsAWithAWarning) {
  TargetReport t = modern();
  t.features.http.hsts = false;
  t = finished(t);
  EXPECT_EQ(t.grade.letter, "A");
  ASSERT_FALSE(t.grade.warnings.empty());
  EXPECT_NE(t.grade.warnings.back().find("HSTS"), std::string::npos);
}

TEST(ScanGrade, ShortHstsIsNotEnoughForAPlus) {
  TargetReport t = modern();
  t.features.http.hsts_max_age = 86400;
  EXPECT_EQ(finished(t).grade.letter, "A");
}

TEST(ScanGrade, Tls10CapsAtB) {
  TargetReport t = modern();
  set_protocol(t, Protocol::tls1_0, {suite(0xc013, 256)});
  t = finished(t);
  EXPECT_EQ(t.grade.letter, "B");
  EXPECT_TRUE(has_cap(t, "tls1_0_1_1"));
  EXPECT_EQ(t.grade.protocol_score, (100 + 90) / 2);
}

TEST(ScanGrade, Sslv2IsF) {
  TargetReport t = modern();
  SuiteFact v2;
  v2.id = 0x0080;
  v2.name = "SSL_CK_RC4_128_WITH_MD5";
  v2.cipher = "RC4_128";
  v2.bits = 128;
  v2.rc4 = true;
  set_protocol(t, Protocol::sslv2, {v2});
  t = finished(t);
  EXPECT_EQ(t.grade.letter, "F");
  EXPECT_TRUE(has_cap(t, "sslv2"));
  EXPECT_EQ(t.grade.protocol_score, 50);
}

TEST(ScanGrade, Sslv3CapsAtC) {
  TargetReport t = modern();
  set_protocol(t, Protocol::ssl3, {suite(0x002f)});
  t = finished(t);
  EXPECT_EQ(t.grade.letter, "C");
  EXPECT_TRUE(has_cap(t, "sslv3"));
}

TEST(ScanGrade, ExportSuitesAreF) {
  TargetReport t = modern();
  set_protocol(t, Protocol::tls1_0, {suite(0x0003, 512)});  // TLS_RSA_EXPORT_WITH_RC4_40_MD5
  t = finished(t);
  EXPECT_EQ(t.grade.letter, "F");
  EXPECT_TRUE(has_cap(t, "export_suites"));
  EXPECT_EQ(t.grade.key_exchange_score, 40);
}

TEST(ScanGrade, AnonymousSuitesAreFAndScoreZeroKeyExchange) {
  TargetReport t = modern();
  set_protocol(t, Protocol::tls1_2, {suite(0xc02b, 256), suite(0x00a6, 2048)});  // DH_anon AES-128-GCM
  t = finished(t);
  EXPECT_EQ(t.grade.letter, "F");
  EXPECT_EQ(t.grade.key_exchange_score, 0);
  EXPECT_TRUE(has_cap(t, "anonymous_suites"));
}

TEST(ScanGrade, Rc4CapsAtC) {
  TargetReport t = modern();
  set_protocol(t, Protocol::tls1_2, {suite(0xc02b, 256), suite(0xc011, 256)});  // ECDHE_RSA_WITH_RC4_128_SHA
  t = finished(t);
  EXPECT_EQ(t.grade.letter, "C");
  EXPECT_TRUE(has_cap(t, "rc4"));
}

TEST(ScanGrade, TripleDesWithTls12CapsAtC) {
  TargetReport t = modern();
  set_protocol(t, Protocol::tls1_2, {suite(0xc02b, 256), suite(0x000a)});
  t = finished(t);
  EXPECT_EQ(t.grade.letter, "C");
  EXPECT_TRUE(has_cap(t, "sweet32"));
  EXPECT_EQ(t.grade.cipher_score, (100 + 20) / 2);  // AES-256 best, 3DES (112 bits, under 128) worst
}

TEST(ScanGrade, WeakDhIsFAnd1024IsB) {
  TargetReport t = modern();
  set_protocol(t, Protocol::tls1_2, {suite(0xc02b, 256), suite(0x009e, 768)});
  t = finished(t);
  EXPECT_EQ(t.grade.letter, "F");
  EXPECT_TRUE(has_cap(t, "weak_dh"));
  t = modern();
  set_protocol(t, Protocol::tls1_2, {suite(0xc02b, 256), suite(0x009e, 1024)});
  t = finished(t);
  EXPECT_EQ(t.grade.letter, "B");
  EXPECT_TRUE(has_cap(t, "dh_1024"));
  EXPECT_EQ(t.grade.key_exchange_score, 80);
}

TEST(ScanGrade, NoForwardSecrecyAndNoAeadCapAtB) {
  TargetReport t = modern();
  set_protocol(t, Protocol::tls1_3, {});
  set_protocol(t, Protocol::tls1_2, {suite(0x002f), suite(0x0035)});  // RSA AES-CBC
  t = finished(t);
  EXPECT_EQ(t.grade.letter, "B");
  EXPECT_TRUE(has_cap(t, "no_forward_secrecy"));
  EXPECT_TRUE(has_cap(t, "no_aead"));
}

TEST(ScanGrade, NoFallbackScsvIsAMinus) {
  TargetReport t = modern();
  set_protocol(t, Protocol::tls1_3, {});
  t.features.fallback_scsv = false;
  t.features.http.hsts = false;
  // TLS 1.2 alone: nothing to fall back from, no cap.
  EXPECT_EQ(finished(t).grade.letter, "A");
  set_protocol(t, Protocol::tls1_1, {suite(0xc013, 256)});
  t = finished(t);
  EXPECT_TRUE(has_cap(t, "no_fallback_scsv"));
  EXPECT_EQ(t.grade.letter, "B");  // TLS 1.1 caps lower than A-
}

TEST(ScanGrade, UntrustedIsTAndKeepsTheOtherLetter) {
  TargetReport t = modern();
  t.certificates[0].trusted = false;
  t.certificates[0].verify_text = "unable to get local issuer certificate";
  t = finished(t);
  EXPECT_EQ(t.grade.letter, "T");
  EXPECT_EQ(t.grade.letter_if_trusted, "A+");
  EXPECT_TRUE(has_cap(t, "not_trusted"));
}

TEST(ScanGrade, NameMismatchIsM) {
  TargetReport t = modern();
  t.certificates[0].hostname_ok = false;
  t = finished(t);
  EXPECT_EQ(t.grade.letter, "M");
  EXPECT_TRUE(has_cap(t, "name_mismatch"));
}

TEST(ScanGrade, IncompleteChainRaiseSaysSendTheIntermediate) {
  TargetReport t = modern();
  t.certificates[0].trusted = false;
  t.certificates[0].aia_completes_chain = true;
  t = finished(t);
  ASSERT_TRUE(has_cap(t, "not_trusted"));
  EXPECT_NE(t.grade.caps.back().raise.find("intermediate"), std::string::npos);
}

TEST(ScanGrade, RsaKeySizeDrivesKeyExchangeScore) {
  TargetReport t = modern();
  set_protocol(t, Protocol::tls1_2, {suite(0xc02f, 256)});  // ECDHE-RSA on P-256
  t.certificates[0].key_type = "RSA";
  t.certificates[0].key_bits = 1024;
  EXPECT_EQ(key_exchange_score(t), 80);
  t.certificates[0].key_bits = 4096;
  EXPECT_EQ(key_exchange_score(t), 90);  // the P-256 ECDHE (3072-bit equivalent) is the weakest
  t.certificates[0].key_bits = 512;
  EXPECT_EQ(key_exchange_score(t), 40);
}

TEST(ScanGrade, ErrorTargetHasNoLetter) {
  TargetReport t = modern();
  t.error = TargetError{"connection_refused", "refused"};
  EXPECT_EQ(compute_grade(t).letter, "");
}

}  // namespace
}  // namespace tlskit::tools::scan
