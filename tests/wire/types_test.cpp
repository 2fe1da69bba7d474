// Names of wire enumerations.
#include "base/iana_registry.h"

#include <gtest/gtest.h>

namespace tlskit {
namespace {

TEST(WireNames, Versions) {
  EXPECT_EQ(version_name(ProtocolVersion::tls1_3), "TLSv1.3");
  EXPECT_EQ(version_name(ProtocolVersion::tls1_2), "TLSv1.2");
  EXPECT_EQ(version_name(ProtocolVersion::tls1_1), "TLSv1.1");
  EXPECT_EQ(version_name(ProtocolVersion::tls1_0), "TLSv1");
  EXPECT_EQ(version_name(ProtocolVersion::ssl3), "SSLv3");
  EXPECT_EQ(version_name(static_cast<ProtocolVersion>(0x7f1c)), "0x7F1C");
  EXPECT_EQ(version_name(static_cast<ProtocolVersion>(0x0a0a)), "GREASE(0x0a0a)");
}

TEST(WireNames, CipherSuites) {
  EXPECT_EQ(cipher_suite_name(CipherSuite::TLS_AES_128_GCM_SHA256), "TLS_AES_128_GCM_SHA256");
  EXPECT_EQ(cipher_suite_openssl_name(CipherSuite::TLS_AES_128_GCM_SHA256),
            "TLS_AES_128_GCM_SHA256");
  EXPECT_EQ(cipher_suite_name(CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256),
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
  EXPECT_EQ(cipher_suite_openssl_name(CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256),
            "ECDHE-ECDSA-AES128-GCM-SHA256");
  EXPECT_EQ(cipher_suite_openssl_name(CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256),
            "ECDHE-RSA-CHACHA20-POLY1305");
  EXPECT_EQ(cipher_suite_openssl_name(CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384),
            "ECDHE-RSA-AES256-GCM-SHA384");
  EXPECT_EQ(cipher_suite_name(static_cast<CipherSuite>(0x002F)), "TLS_RSA_WITH_AES_128_CBC_SHA");
  EXPECT_EQ(cipher_suite_openssl_name(static_cast<CipherSuite>(0x002F)), "AES128-SHA");
  EXPECT_EQ(cipher_suite_name(static_cast<CipherSuite>(0x1234)), "0x1234");
  EXPECT_EQ(cipher_suite_name(static_cast<CipherSuite>(0xDADA)), "GREASE(0xdada)");
  EXPECT_EQ(cipher_suite_from_name("ECDHE-RSA-AES128-GCM-SHA256"),
            CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256);
  EXPECT_EQ(cipher_suite_from_name("TLS_CHACHA20_POLY1305_SHA256"),
            CipherSuite::TLS_CHACHA20_POLY1305_SHA256);
  EXPECT_EQ(cipher_suite_from_name("TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"),
            CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256);
  EXPECT_FALSE(cipher_suite_from_name("nope"));
  EXPECT_FALSE(cipher_suite_from_name("tls_aes_128_gcm_sha256"));  // case-sensitive
}

TEST(WireNames, Groups) {
  EXPECT_EQ(group_name(NamedGroup::x25519), "x25519");
  EXPECT_EQ(group_name(NamedGroup::secp256r1), "secp256r1");
  EXPECT_EQ(group_name(NamedGroup::X25519MLKEM768), "X25519MLKEM768");
  EXPECT_EQ(group_name(static_cast<NamedGroup>(0x4A4A)), "GREASE(0x4a4a)");
  EXPECT_EQ(group_name(static_cast<NamedGroup>(0x0100)), "ffdhe2048");
  for (const char* n : {"X25519", "x25519"}) EXPECT_EQ(group_from_name(n), NamedGroup::x25519) << n;
  for (const char* n : {"P-256", "prime256v1", "secp256r1"})
    EXPECT_EQ(group_from_name(n), NamedGroup::secp256r1) << n;
  for (const char* n : {"P-384", "secp384r1"}) EXPECT_EQ(group_from_name(n), NamedGroup::secp384r1);
  for (const char* n : {"P-521", "secp521r1"}) EXPECT_EQ(group_from_name(n), NamedGroup::secp521r1);
  EXPECT_EQ(group_from_name("X25519MLKEM768"), NamedGroup::X25519MLKEM768);
  EXPECT_FALSE(group_from_name("P-255"));
}

TEST(WireNames, SignatureSchemesExtensionsMessages) {
  EXPECT_EQ(signature_scheme_name(SignatureScheme::ecdsa_secp256r1_sha256),
            "ecdsa_secp256r1_sha256");
  EXPECT_EQ(signature_scheme_name(SignatureScheme::rsa_pss_rsae_sha256), "rsa_pss_rsae_sha256");
  EXPECT_EQ(signature_scheme_name(static_cast<SignatureScheme>(0x0102)), "0x0102");
  EXPECT_EQ(signature_scheme_from_name("ed25519"), SignatureScheme::ed25519);
  EXPECT_FALSE(signature_scheme_from_name("ed25520"));
  EXPECT_EQ(extension_name(ExtensionType::key_share), "key_share");
  EXPECT_EQ(extension_name(ExtensionType::renegotiation_info), "renegotiation_info");
  EXPECT_EQ(extension_name(static_cast<ExtensionType>(0xFE0D)), "encrypted_client_hello");
  EXPECT_EQ(extension_name(static_cast<ExtensionType>(0x1A1A)), "GREASE(0x1a1a)");
  EXPECT_EQ(extension_name(static_cast<ExtensionType>(0x0FFF)), "0x0FFF");
  EXPECT_EQ(handshake_type_name(HandshakeType::certificate_verify), "certificate_verify");
  EXPECT_EQ(handshake_type_name(static_cast<HandshakeType>(99)), "0x63");
  EXPECT_EQ(content_type_name(ContentType::application_data), "application_data");
  EXPECT_TRUE(is_grease(0x0A0A));
  EXPECT_TRUE(is_grease(0xFAFA));
  EXPECT_FALSE(is_grease(0x0A1A));
}

}  // namespace
}  // namespace tlskit
