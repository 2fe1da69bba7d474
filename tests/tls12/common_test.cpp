// Unit tests of the TLS 1.2 rules in handshake/tls12_common: versions and the downgrade
// sentinel, suite/group/scheme selection, ServerKeyExchange and CertificateVerify signatures
// (checked against signatures made by the openssl command), EMS, renegotiation_info,
// renegotiation refusal, and the EMS master secret against a PRF computed independently.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>

#include "crypto/provider.h"
#include "handshake/prf_tls12.h"
#include "handshake/sni_resolver.h"
#include "handshake/spki_extract.h"
#include "handshake/tls12_common.h"
#include "tls12_pki.h"
#include "wire/ext_renegotiation_info.h"
#include "wire/ext_supported_versions.h"

namespace tlskit::tls12test {
namespace {

using namespace tlskit::handshake;

const crypto::Provider& P() { return crypto::default_provider(); }

ClientHello hello(uint16_t legacy, std::vector<ProtocolVersion> sv = {}) {
  ClientHello ch;
  ch.legacy_version = legacy;
  ch.cipher_suites = {CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
  if (!sv.empty()) ch.extensions.add(to_extension(SupportedVersionsClient{sv}));
  return ch;
}

constexpr auto V12 = ProtocolVersion::tls1_2;
constexpr auto V13 = ProtocolVersion::tls1_3;

// ---- Versions ------------------------------------------------------------------------------

TEST(Tls12Version, ServerPicksFromSupportedVersions) {
  auto ch = hello(0x0303, {V13, V12});
  EXPECT_EQ(*server_select_version(ch, V12, V13), V13);
  EXPECT_EQ(*server_select_version(ch, V12, V12), V12);
  auto only12 = hello(0x0303, {V12});
  auto r = server_select_version(only12, V13, V13);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::protocol_version);
  EXPECT_EQ(r.error().alert, Alert::protocol_version);
  // GREASE and unknown versions are ignored.
  auto grease = hello(0x0303, {static_cast<ProtocolVersion>(0x7a7a), V12});
  EXPECT_EQ(*server_select_version(grease, V12, V13), V12);
}

TEST(Tls12Version, ServerWithoutSupportedVersions) {
  EXPECT_EQ(*server_select_version(hello(0x0303), V12, V13), V12);
  // RFC 8446 §4.2.1: legacy_version 0x0304 without the extension negotiates TLS 1.2.
  EXPECT_EQ(*server_select_version(hello(0x0304), V12, V13), V12);
  auto r = server_select_version(hello(0x0303), V13, V13);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().alert, Alert::protocol_version);
}

TEST(Tls12Version, OldVersionsAreRefusedWithProtocolVersion) {
  for (uint16_t v : {0x0300, 0x0301, 0x0302}) {
    auto r = server_select_version(hello(v), V12, V13);
    ASSERT_FALSE(r.ok()) << std::hex << v;
    EXPECT_EQ(r.error().code, ErrorCode::protocol_version);
    EXPECT_EQ(r.error().alert, Alert::protocol_version);
    EXPECT_EQ(r.error().party, Party::peer);
  }
  auto r = server_select_version(hello(0x0301), V12, V13);
  EXPECT_NE(r.error().detail.find("TLS 1.0"), std::string::npos) << r.error().detail;
  auto sv = server_select_version(hello(0x0303, {static_cast<ProtocolVersion>(0x0302),
                                                 ProtocolVersion::tls1_0}),
                                  V12, V13);
  ASSERT_FALSE(sv.ok());
  EXPECT_NE(sv.error().detail.find("TLS 1.1"), std::string::npos) << sv.error().detail;
}

TEST(Tls12Version, FallbackScsv) {
  auto ch = hello(0x0303);
  ch.cipher_suites.push_back(CipherSuite::TLS_FALLBACK_SCSV);
  auto r = server_select_version(ch, V12, V13);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().alert, Alert::inappropriate_fallback);
  // A server whose best is TLS 1.2 accepts it (no downgrade from its point of view).
  EXPECT_EQ(*server_select_version(ch, V12, V12), V12);
  // RFC 7507 §3 also when we do not speak the client's version at all: a TLS 1.1 fallback
  // retry is inappropriate_fallback, not protocol_version.
  auto old = hello(0x0302);
  old.cipher_suites.push_back(CipherSuite::TLS_FALLBACK_SCSV);
  auto o = server_select_version(old, V12, V13);
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.error().alert, Alert::inappropriate_fallback);
  // Without the SCSV the same hello is a plain protocol_version refusal.
  auto plain = server_select_version(hello(0x0302), V12, V13);
  ASSERT_FALSE(plain.ok());
  EXPECT_EQ(plain.error().alert, Alert::protocol_version);
}

ServerHello server_hello(uint16_t legacy) {
  ServerHello sh;
  sh.legacy_version = legacy;
  for (size_t i = 0; i < sh.random.size(); ++i) sh.random[i] = static_cast<uint8_t>(i);
  sh.cipher_suite = CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
  return sh;
}

TEST(Tls12Version, ClientChecksServerVersion) {
  EXPECT_EQ(*client_check_server_version(server_hello(0x0303), V12, V13), V12);
  auto old = client_check_server_version(server_hello(0x0301), V12, V13);
  ASSERT_FALSE(old.ok());
  EXPECT_EQ(old.error().alert, Alert::protocol_version);
  auto only13 = client_check_server_version(server_hello(0x0303), V13, V13);
  ASSERT_FALSE(only13.ok());
  EXPECT_EQ(only13.error().alert, Alert::protocol_version);
  auto sh = server_hello(0x0303);
  sh.extensions.add(to_extension(SupportedVersionsServer{V13}));
  EXPECT_EQ(*client_check_server_version(sh, V12, V13), V13);
  auto not_offered = client_check_server_version(sh, V12, V12);
  ASSERT_FALSE(not_offered.ok());
  EXPECT_EQ(not_offered.error().alert, Alert::illegal_parameter);
}

TEST(Tls12Downgrade, ServerWritesSentinelOnlyWhenItCouldDoTls13) {
  std::array<uint8_t, 32> r{};
  r.fill(0xAA);
  set_downgrade_sentinel(r, V12, V12);
  EXPECT_EQ(r[31], 0xAA);
  set_downgrade_sentinel(r, V13, V13);
  EXPECT_EQ(r[31], 0xAA);
  set_downgrade_sentinel(r, V12, V13);
  const uint8_t want[8] = {'D', 'O', 'W', 'N', 'G', 'R', 'D', 0x01};
  EXPECT_EQ(std::memcmp(r.data() + 24, want, 8), 0);
  EXPECT_EQ(r[23], 0xAA);
}

TEST(Tls12Downgrade, ClientDetectsSentinel) {
  auto sh = server_hello(0x0303);
  std::array<uint8_t, 32> r = sh.random;
  set_downgrade_sentinel(r, V12, V13);
  sh.random = r;
  auto e = client_check_server_version(sh, V12, V13);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().code, ErrorCode::downgrade_detected);
  EXPECT_EQ(e.error().alert, Alert::illegal_parameter);
  // A TLS 1.2-only client does not look for the TLS 1.2 sentinel.
  EXPECT_TRUE(client_check_server_version(sh, V12, V12).ok());
  // The TLS 1.1 sentinel is refused by a TLS 1.3 client too.
  const uint8_t s11[8] = {'D', 'O', 'W', 'N', 'G', 'R', 'D', 0x00};
  std::memcpy(sh.random.data() + 24, s11, 8);
  EXPECT_FALSE(check_downgrade_sentinel(sh.random, V12, V13).ok());
  EXPECT_TRUE(check_downgrade_sentinel(sh.random, V12, V12).ok());
  // Almost the sentinel is fine.
  sh.random[31] = 0x02;
  EXPECT_TRUE(check_downgrade_sentinel(sh.random, V12, V13).ok());
}

// ---- Selection -----------------------------------------------------------------------------

std::vector<std::shared_ptr<const CertifiedKey>> certs(std::initializer_list<Key> keys) {
  std::vector<std::shared_ptr<const CertifiedKey>> out;
  for (Key k : keys) out.push_back(server_cert(k));
  return out;
}

const std::vector<CipherSuite> kOurs = Config().cipher_suites;
const std::vector<SignatureScheme> kAllSchemes = {
    SignatureScheme::ecdsa_secp256r1_sha256, SignatureScheme::ecdsa_secp384r1_sha384,
    SignatureScheme::ed25519, SignatureScheme::rsa_pss_rsae_sha256,
    SignatureScheme::rsa_pkcs1_sha256, SignatureScheme::rsa_pkcs1_sha384};

TEST(Tls12Select, SuiteMatchesCertificateKeyType) {
  std::vector<CipherSuite> client = {CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
                                     CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
  auto ecdsa = select_tls12_suite(client, kOurs, certs({Key::p256}), kAllSchemes, std::nullopt);
  ASSERT_TRUE(ecdsa.ok()) << ecdsa.error().to_string();
  EXPECT_EQ(ecdsa->suite->suite, CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256);
  EXPECT_EQ(ecdsa->scheme, SignatureScheme::ecdsa_secp256r1_sha256);
  auto rsa = select_tls12_suite(client, kOurs, certs({Key::rsa}), kAllSchemes, std::nullopt);
  ASSERT_TRUE(rsa.ok()) << rsa.error().to_string();
  EXPECT_EQ(rsa->suite->suite, CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384);
  EXPECT_EQ(rsa->scheme, SignatureScheme::rsa_pss_rsae_sha256);
  // Server preference: our list puts ECDSA AES-128 before RSA AES-256.
  auto both = select_tls12_suite(client, kOurs, certs({Key::rsa, Key::p256}), kAllSchemes,
                                 std::nullopt);
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(both->suite->suite, CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256);
  EXPECT_EQ(both->cert, server_cert(Key::p256));
}

TEST(Tls12Select, NoCertificateForTheOfferedSuites) {
  std::vector<CipherSuite> client = {CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256};
  auto r = select_tls12_suite(client, kOurs, certs({Key::p256}), kAllSchemes, std::nullopt);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::no_common_cipher);
  EXPECT_EQ(r.error().alert, Alert::handshake_failure);
  EXPECT_NE(r.error().detail.find("RSA certificate"), std::string::npos) << r.error().detail;
}

TEST(Tls12Select, NoSharedSuiteNamesBothLists) {
  std::vector<CipherSuite> client = {static_cast<CipherSuite>(0x002F),  // RSA_WITH_AES_128_CBC_SHA
                                     CipherSuite::TLS_AES_128_GCM_SHA256};
  auto r = select_tls12_suite(client, kOurs, certs({Key::p256}), kAllSchemes, std::nullopt);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::no_common_cipher);
  EXPECT_NE(r.error().detail.find("no CBC"), std::string::npos) << r.error().detail;
}

TEST(Tls12Select, SignatureSchemes) {
  std::vector<CipherSuite> client = {CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256};
  // PKCS#1 v1.5 is allowed in TLS 1.2.
  std::vector<SignatureScheme> pkcs1 = {SignatureScheme::rsa_pkcs1_sha384};
  auto r = select_tls12_suite(client, kOurs, certs({Key::rsa}), pkcs1, std::nullopt);
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  EXPECT_EQ(r->scheme, SignatureScheme::rsa_pkcs1_sha384);
  // No signature_algorithms = SHA-1 only = refused.
  auto none = select_tls12_suite(client, kOurs, certs({Key::rsa}), std::nullopt, std::nullopt);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::no_common_signature);
  EXPECT_NE(none.error().detail.find("SHA-1"), std::string::npos);
  // A list the key cannot sign.
  std::vector<SignatureScheme> ec_only = {SignatureScheme::ecdsa_secp256r1_sha256};
  auto bad = select_tls12_suite(client, kOurs, certs({Key::rsa}), ec_only, std::nullopt);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::no_common_signature);
}

TEST(Tls12Select, EcdsaCurveMustBeSupportedByTheClient) {
  std::vector<CipherSuite> client = {CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
  std::vector<NamedGroup> groups = {NamedGroup::x25519, NamedGroup::secp256r1};
  auto r = select_tls12_suite(client, kOurs, certs({Key::p384, Key::p256}), kAllSchemes, groups);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->cert, server_cert(Key::p256));
  auto none = select_tls12_suite(client, kOurs, certs({Key::p384}), kAllSchemes, groups);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::no_common_cipher);
}

TEST(Tls12Select, ServerNamePicksTheMatchingCertificate) {
  std::vector<CipherSuite> client = {CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
  // The candidates come ordered by server name (handshake/sni_resolver.h).
  std::vector<handshake::NamedCertificate> named;
  for (const auto& c : certs({Key::p256, Key::p384})) named.push_back(handshake::name_certificate(c));
  auto ordered = handshake::order_by_server_name(named, host_of(Key::p384), false);
  ASSERT_EQ(ordered.size(), 2u);
  auto r = select_tls12_suite(client, kOurs, ordered, kAllSchemes, std::nullopt);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->cert, server_cert(Key::p384));
  EXPECT_EQ(r->scheme, SignatureScheme::ecdsa_secp384r1_sha384);
  auto ed = select_tls12_suite(client, kOurs, certs({Key::ed25519}), kAllSchemes, std::nullopt);
  ASSERT_TRUE(ed.ok());
  EXPECT_EQ(ed->scheme, SignatureScheme::ed25519);
}

TEST(Tls12Select, Groups) {
  std::vector<NamedGroup> ours = {NamedGroup::x25519, NamedGroup::secp256r1, NamedGroup::secp384r1};
  EXPECT_EQ(*select_tls12_group(std::vector<NamedGroup>{NamedGroup::secp384r1, NamedGroup::x25519},
                                ours, P()),
            NamedGroup::x25519);
  EXPECT_EQ(*select_tls12_group(std::nullopt, ours, P()), NamedGroup::secp256r1);
  auto r = select_tls12_group(std::vector<NamedGroup>{NamedGroup::secp521r1}, ours, P());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::no_common_group);
  EXPECT_EQ(r.error().alert, Alert::handshake_failure);
}

TEST(Tls12Select, SchemeFitsKeyIgnoresCurveInTls12) {
  using K = crypto::KeyType;
  EXPECT_TRUE(tls12_scheme_fits_key(SignatureScheme::ecdsa_secp256r1_sha256, K::ec_p384));
  EXPECT_TRUE(tls12_scheme_fits_key(SignatureScheme::rsa_pkcs1_sha256, K::rsa));
  EXPECT_FALSE(tls12_scheme_fits_key(SignatureScheme::rsa_pkcs1_sha256, K::ec_p256));
  EXPECT_FALSE(tls12_scheme_fits_key(SignatureScheme::ecdsa_secp256r1_sha256, K::rsa));
  auto accepted = tls12_accepted_schemes({});
  EXPECT_NE(std::find(accepted.begin(), accepted.end(), SignatureScheme::rsa_pkcs1_sha256),
            accepted.end());
  EXPECT_EQ(std::find(accepted.begin(), accepted.end(), SignatureScheme::rsa_pkcs1_sha1),
            accepted.end());
  EXPECT_EQ(std::find(accepted.begin(), accepted.end(), SignatureScheme::ecdsa_sha1),
            accepted.end());
}

// ---- ServerKeyExchange ---------------------------------------------------------------------

struct SkeFixture {
  std::array<uint8_t, 32> cr{}, sr{};
  Bytes point;
  ServerKeyExchange ske;
  Bytes sig;
  Bytes spki;
};

SkeFixture make_ske(Key k, SignatureScheme scheme, NamedGroup g = NamedGroup::x25519) {
  SkeFixture f;
  for (size_t i = 0; i < 32; ++i) {
    f.cr[i] = static_cast<uint8_t>(i);
    f.sr[i] = static_cast<uint8_t>(0x80 + i);
  }
  DeterministicRng rng(9);
  auto share = P().generate_key_share(g, rng);
  EXPECT_TRUE(share.ok());
  f.point.assign((*share)->public_share().begin(), (*share)->public_share().end());
  f.ske.group = g;
  f.ske.public_point = f.point;
  f.ske.scheme = scheme;
  auto sig = sign_server_key_exchange(*server_cert(k)->key, scheme, f.cr, f.sr, f.ske);
  EXPECT_TRUE(sig.ok()) << (sig.ok() ? "" : sig.error().to_string());
  if (sig.ok()) f.sig = *sig;
  f.ske.signature = f.sig;
  auto spki = extract_spki(server_cert(k)->chain.front());
  EXPECT_TRUE(spki.ok());
  f.spki.assign(spki->begin(), spki->end());
  return f;
}

const std::vector<NamedGroup> kGroups = {NamedGroup::x25519, NamedGroup::secp256r1,
                                         NamedGroup::secp384r1};

Result<ServerKeyExchangeVerified> verify(const SkeFixture& f, CipherSuite suite,
                                         const std::vector<SignatureScheme>& offered = kAllSchemes,
                                         const std::vector<NamedGroup>& groups = kGroups) {
  return verify_server_key_exchange(P(), *tls12_suite(suite), f.spki, groups, offered, f.cr, f.sr,
                                    f.ske);
}

TEST(Tls12ServerKeyExchange, SignAndVerifyEveryKeyType) {
  struct Case {
    Key key;
    SignatureScheme scheme;
    CipherSuite suite;
    NamedGroup group;
  } cases[] = {
      {Key::p256, SignatureScheme::ecdsa_secp256r1_sha256,
       CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, NamedGroup::x25519},
      {Key::p384, SignatureScheme::ecdsa_secp384r1_sha384,
       CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, NamedGroup::secp384r1},
      {Key::ed25519, SignatureScheme::ed25519,
       CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, NamedGroup::secp256r1},
      {Key::rsa, SignatureScheme::rsa_pkcs1_sha256,
       CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, NamedGroup::x25519},
      {Key::rsa, SignatureScheme::rsa_pkcs1_sha384,
       CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, NamedGroup::secp256r1},
      {Key::rsa, SignatureScheme::rsa_pss_rsae_sha256,
       CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256, NamedGroup::secp384r1},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(signature_scheme_name(c.scheme));
    auto f = make_ske(c.key, c.scheme, c.group);
    auto ok = verify(f, c.suite);
    ASSERT_TRUE(ok.ok()) << ok.error().to_string();
    EXPECT_EQ(ok->group(), c.group);
    EXPECT_EQ(ok->scheme(), c.scheme);
    // Any change to what is signed breaks it: randoms, params, signature.
    auto g = f;
    g.ske.public_point = g.point;
    g.ske.signature = g.sig;
    g.cr[0] ^= 1;
    auto bad = verify(g, c.suite);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, ErrorCode::bad_signature);
    EXPECT_EQ(bad.error().alert, Alert::decrypt_error);
    auto h = f;
    h.sig.back() ^= 0x40;
    h.ske.signature = h.sig;
    h.ske.public_point = h.point;
    EXPECT_FALSE(verify(h, c.suite).ok());
  }
}

TEST(Tls12ServerKeyExchange, RefusesWhatWeDidNotOffer) {
  auto f = make_ske(Key::p256, SignatureScheme::ecdsa_secp256r1_sha256);
  const CipherSuite s = CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
  auto scheme = verify(f, s, {SignatureScheme::ecdsa_secp384r1_sha384});
  ASSERT_FALSE(scheme.ok());
  EXPECT_EQ(scheme.error().alert, Alert::illegal_parameter);
  auto group = verify(f, s, kAllSchemes, {NamedGroup::secp256r1});
  ASSERT_FALSE(group.ok());
  EXPECT_EQ(group.error().alert, Alert::illegal_parameter);
  // An ECDSA signature under an RSA suite: the certificate does not fit the suite.
  auto suite = verify(f, CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256);
  ASSERT_FALSE(suite.ok());
  EXPECT_EQ(suite.error().alert, Alert::illegal_parameter);
  // A point of the wrong size.
  Bytes shortp(f.point.begin(), f.point.end() - 1);
  f.ske.public_point = shortp;
  auto pt = verify(f, s);
  ASSERT_FALSE(pt.ok());
  EXPECT_EQ(pt.error().alert, Alert::illegal_parameter);
}

// The signature of an independent signer (the openssl command) over hand-built signed params
// verifies: the signed-data layout is RFC 8422 §5.4's.
TEST(Tls12ServerKeyExchange, VerifiesOpensslSignature) {
  SkeFixture f = make_ske(Key::rsa, SignatureScheme::rsa_pkcs1_sha256);
  Bytes data(f.cr.begin(), f.cr.end());
  data.insert(data.end(), f.sr.begin(), f.sr.end());
  data.push_back(3);     // named_curve
  data.push_back(0x00);  // x25519 = 0x001d
  data.push_back(0x1d);
  data.push_back(static_cast<uint8_t>(f.point.size()));
  data.insert(data.end(), f.point.begin(), f.point.end());
  // The PKI directory is shared by test processes: names of this process's own.
  const std::string tag = std::to_string(::getpid());
  std::string in = pki_dir() + "/ske-" + tag + ".bin", out = pki_dir() + "/ske-" + tag + ".sig";
  {
    std::ofstream o(in, std::ios::binary);
    o.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
  }
  std::string cmd = "openssl dgst -sha256 -sign '" + pki_dir() + "/rsa.key' -out '" + out + "' '" +
                    in + "' >/dev/null 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::ifstream s(out, std::ios::binary);
  Bytes sig((std::istreambuf_iterator<char>(s)), std::istreambuf_iterator<char>());
  ASSERT_EQ(sig.size(), 256u);
  // PKCS#1 v1.5 is deterministic: our signature is byte-identical.
  EXPECT_EQ(sig, f.sig);
  std::remove(in.c_str());
  std::remove(out.c_str());
  f.ske.signature = sig;
  auto r = verify(f, CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256);
  EXPECT_TRUE(r.ok()) << r.error().to_string();
}

// ---- CertificateVerify 1.2 -----------------------------------------------------------------

TEST(Tls12CertificateVerify, SignVerifyAndOfferedCheck) {
  Bytes messages(300, 0x42);
  for (Key k : {Key::p256, Key::rsa}) {
    auto ck = client_cert(k);
    auto scheme = choose_tls12_scheme(*ck->key, kAllSchemes);
    ASSERT_TRUE(scheme.has_value());
    auto sig = sign_certificate_verify12(*ck->key, *scheme, messages);
    ASSERT_TRUE(sig.ok());
    auto spki = extract_spki(ck->chain.front());
    ASSERT_TRUE(spki.ok());
    EXPECT_TRUE(verify_certificate_verify12(P(), *scheme, kAllSchemes, *spki, messages, *sig).ok());
    Bytes other = messages;
    other[7] ^= 1;
    auto bad = verify_certificate_verify12(P(), *scheme, kAllSchemes, *spki, other, *sig);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().alert, Alert::decrypt_error);
    auto not_offered = verify_certificate_verify12(P(), *scheme, {}, *spki, messages, *sig);
    ASSERT_FALSE(not_offered.ok());
    EXPECT_EQ(not_offered.error().alert, Alert::illegal_parameter);
  }
}

// ---- EMS, renegotiation_info, renegotiation ------------------------------------------------

TEST(Tls12Ems, Checks) {
  EXPECT_TRUE(server_check_ems(true, true).ok());
  EXPECT_TRUE(server_check_ems(false, false).ok());
  auto s = server_check_ems(false, true);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().alert, Alert::handshake_failure);
  EXPECT_EQ(s.error().code, ErrorCode::insufficient_security);
  auto c = client_check_ems(false, true, std::nullopt);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().alert, Alert::handshake_failure);
  EXPECT_TRUE(client_check_ems(false, false, std::nullopt).ok());
  // RFC 7627 §5.3 on resumption, whatever our requirement.
  EXPECT_FALSE(client_check_ems(false, false, true).ok());
  EXPECT_FALSE(client_check_ems(true, false, false).ok());
  EXPECT_TRUE(client_check_ems(true, true, true).ok());
}

TEST(Tls12RenegotiationInfo, Server) {
  auto ch = hello(0x0303);
  EXPECT_FALSE(*server_check_renegotiation_info(ch));
  ch.cipher_suites.push_back(CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV);
  EXPECT_TRUE(*server_check_renegotiation_info(ch));
  auto ri = hello(0x0303);
  ri.extensions.add(to_extension(RenegotiationInfo{}));
  EXPECT_TRUE(*server_check_renegotiation_info(ri));
  auto bad = hello(0x0303);
  bad.extensions.add(to_extension(RenegotiationInfo{Bytes(12, 1)}));
  auto r = server_check_renegotiation_info(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().alert, Alert::handshake_failure);
}

TEST(Tls12RenegotiationInfo, Client) {
  auto sh = server_hello(0x0303);
  auto missing = client_check_renegotiation_info(sh, true);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().alert, Alert::handshake_failure);
  EXPECT_TRUE(client_check_renegotiation_info(sh, false).ok());
  sh.extensions.add(to_extension(RenegotiationInfo{}));
  EXPECT_TRUE(client_check_renegotiation_info(sh, true).ok());
  auto bad = server_hello(0x0303);
  bad.extensions.add(to_extension(RenegotiationInfo{Bytes(24, 2)}));
  auto r = client_check_renegotiation_info(bad, false);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().alert, Alert::handshake_failure);
}

TEST(Tls12Renegotiation, RefusedAfterTheHandshake) {
  EXPECT_EQ(*tls12_post_handshake(false, HandshakeType::hello_request, 0),
            PostHandshake12::refuse_renegotiation);
  EXPECT_EQ(*tls12_post_handshake(true, HandshakeType::client_hello, 3),
            PostHandshake12::refuse_renegotiation);
  auto wrong = tls12_post_handshake(false, HandshakeType::client_hello, 0);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().alert, Alert::unexpected_message);
  auto nst = tls12_post_handshake(false, HandshakeType::new_session_ticket, 0);
  ASSERT_FALSE(nst.ok());
  auto flood = tls12_post_handshake(true, HandshakeType::client_hello, kMaxHelloRequests);
  ASSERT_FALSE(flood.ok());
  EXPECT_EQ(flood.error().alert, Alert::no_renegotiation);
  EXPECT_EQ(flood.error().code, ErrorCode::renegotiation_refused);
  EXPECT_TRUE(*is_ignorable_hello_request(HandshakeType::hello_request, {}));
  EXPECT_FALSE(*is_ignorable_hello_request(HandshakeType::finished, {}));
  EXPECT_FALSE(is_ignorable_hello_request(HandshakeType::hello_request, Bytes{1}).ok());
}

// ---- Master secret -------------------------------------------------------------------------

// P_hash (RFC 5246 §5), written here from the RFC with HMAC only, independent of prf_tls12.
Bytes p_hash(crypto::HashAlg h, ByteView secret, std::string_view label, ByteView seed, size_t n) {
  size_t hl = crypto::hash_size(h);
  Bytes ls(label.begin(), label.end());
  ls.insert(ls.end(), seed.begin(), seed.end());
  Bytes a(hl), out;
  P().hmac(h, secret, ls, a);  // A(1)
  while (out.size() < n) {
    Bytes in = a;
    in.insert(in.end(), ls.begin(), ls.end());
    Bytes block(hl);
    P().hmac(h, secret, in, block);
    out.insert(out.end(), block.begin(), block.end());
    Bytes next(hl);
    P().hmac(h, secret, a, next);
    a = next;
  }
  out.resize(n);
  return out;
}

TEST(Tls12MasterSecret, ExtendedMasterSecretMatchesAnIndependentPrf) {
  // The independent P_SHA256 reproduces the published TLS 1.2 PRF vector (IETF TLS WG list,
  // "test label").
  auto secret = from_hex("9bbe436ba940f017b17652849a71db35");
  auto seed = from_hex("a0ba9f936cda311827a6f796ffd5198c");
  Bytes kat = p_hash(crypto::HashAlg::sha256, *secret, "test label", *seed, 100);
  EXPECT_EQ(to_hex(kat),
            "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a"
            "6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab"
            "4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff701"
            "87347b66");
  // RFC 7627 §4 for both PRF hashes.
  Bytes pms(32);
  for (size_t i = 0; i < pms.size(); ++i) pms[i] = static_cast<uint8_t>(3 * i + 1);
  for (auto h : {crypto::HashAlg::sha256, crypto::HashAlg::sha384}) {
    Bytes session_hash(crypto::hash_size(h), 0x5A);
    auto ms = extended_master_secret(P(), h, pms, session_hash);
    ASSERT_TRUE(ms.ok());
    ASSERT_EQ(ms->size(), 48u);
    Bytes want = p_hash(h, pms, "extended master secret", session_hash, 48);
    EXPECT_EQ(to_hex(ms->view()), to_hex(want)) << crypto::hash_name(h);
    // And it differs from the legacy master secret of the same inputs.
    auto legacy = legacy_master_secret(P(), h, pms, Bytes(32, 1), Bytes(32, 2));
    ASSERT_TRUE(legacy.ok());
    EXPECT_NE(to_hex(legacy->view()), to_hex(want));
  }
}

}  // namespace
}  // namespace tlskit::tls12test
