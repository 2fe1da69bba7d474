// describe(): decoded fields for people; never fails, reports malformed input.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "wire_test_util.h"

namespace tlskit {
namespace {

using namespace wire_test;

const DescribedField* field(const std::vector<DescribedField>& fs, const std::string& name) {
  for (const auto& f : fs)
    if (f.name == name) return &f;
  return nullptr;
}

Bytes rfc(const char* name) {
  static const auto j = nlohmann::json::parse(
      read_file(std::string(TLSKIT_TESTDATA) + "/tls13-vectors/rfc8448-simple-1rtt.json"));
  return hex(j["values"][name].get<std::string>());
}

TEST(Describe, ClientHello) {
  auto d = describe_handshake_message(rfc("client_hello"), ProtocolVersion::tls1_3);
  EXPECT_EQ(d.name, "ClientHello");
  EXPECT_EQ(d.length, 192u);
  EXPECT_EQ(d.parse_error, "");
  ASSERT_NE(field(d.fields, "legacy_version"), nullptr);
  EXPECT_EQ(field(d.fields, "legacy_version")->value, "TLSv1.2");
  const auto* suites = field(d.fields, "cipher_suites");
  ASSERT_NE(suites, nullptr);
  EXPECT_EQ(suites->items,
            (std::vector<std::string>{"TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256",
                                      "TLS_AES_256_GCM_SHA384"}));
  const auto* ext = field(d.fields, "extensions");
  ASSERT_NE(ext, nullptr);
  ASSERT_EQ(ext->children.size(), 9u);
  EXPECT_EQ(field(ext->children, "server_name")->value, "server");
  EXPECT_EQ(field(ext->children, "supported_versions")->items, std::vector<std::string>{"TLSv1.3"});
  EXPECT_EQ(field(ext->children, "key_share")->items,
            std::vector<std::string>{"x25519 (32 bytes)"});
  EXPECT_EQ(field(ext->children, "supported_groups")->items.front(), "x25519");
  EXPECT_EQ(field(ext->children, "signature_algorithms")->items.size(), 15u);
  EXPECT_EQ(field(ext->children, "psk_key_exchange_modes")->items,
            std::vector<std::string>{"psk_dhe_ke"});
  EXPECT_EQ(field(ext->children, "record_size_limit")->value, "16385");
}

TEST(Describe, ServerFlight) {
  auto sh = describe_handshake_message(rfc("server_hello"), ProtocolVersion::tls1_3);
  EXPECT_EQ(sh.name, "ServerHello");
  EXPECT_EQ(field(sh.fields, "cipher_suite")->value, "TLS_AES_128_GCM_SHA256");
  const auto* ext = field(sh.fields, "extensions");
  EXPECT_EQ(field(ext->children, "key_share")->value, "x25519 (32 bytes)");
  EXPECT_EQ(field(ext->children, "supported_versions")->value, "TLSv1.3");

  auto ee = describe_handshake_message(rfc("encrypted_extensions"), ProtocolVersion::tls1_3);
  EXPECT_EQ(ee.name, "EncryptedExtensions");
  EXPECT_EQ(ee.parse_error, "");

  auto cert = describe_handshake_message(rfc("certificate"), ProtocolVersion::tls1_3);
  EXPECT_EQ(cert.name, "Certificate");
  const auto* certs = field(cert.fields, "certificates");
  ASSERT_NE(certs, nullptr);
  EXPECT_EQ(certs->value, "1");
  ASSERT_EQ(certs->children.size(), 1u);
  EXPECT_EQ(certs->children[0].value, "432 bytes");

  auto cv = describe_handshake_message(rfc("certificate_verify"), ProtocolVersion::tls1_3);
  EXPECT_EQ(field(cv.fields, "signature_algorithm")->value, "rsa_pss_rsae_sha256");
  EXPECT_EQ(field(cv.fields, "signature")->value, "128 bytes");

  auto fin = describe_handshake_message(rfc("server_finished"), ProtocolVersion::tls1_3);
  EXPECT_EQ(fin.name, "Finished");
  EXPECT_EQ(field(fin.fields, "verify_data")->value.size(), 64u);

  auto nst = describe_handshake_message(rfc("new_session_ticket"), ProtocolVersion::tls1_3);
  EXPECT_EQ(field(nst.fields, "ticket_lifetime")->value, "30");
  EXPECT_EQ(field(field(nst.fields, "extensions")->children, "early_data")->value,
            "max_early_data_size 1024");
}

TEST(Describe, Tls12Messages) {
  static const Bytes point(65, 4), sig(70, 1);
  ServerKeyExchange ske{3, NamedGroup::secp256r1, point, SignatureScheme::rsa_pss_rsae_sha256, sig,
                        {}};
  auto d = describe_handshake_message(
      build([&](ByteWriter& w) { write_server_key_exchange(ske, w); }), ProtocolVersion::tls1_2);
  EXPECT_EQ(d.name, "ServerKeyExchange");
  EXPECT_EQ(d.parse_error, "");
  EXPECT_EQ(field(d.fields, "group")->value, "secp256r1");
  EXPECT_EQ(field(d.fields, "public_key")->value, "65 bytes");

  static const Bytes der(10, 0x30);
  Certificate12 c{{der, der}};
  auto dc = describe_handshake_message(build([&](ByteWriter& w) { write_certificate12(c, w); }),
                                       ProtocolVersion::tls1_2);
  EXPECT_EQ(dc.parse_error, "");
  EXPECT_EQ(field(dc.fields, "certificates")->value, "2");

  ServerHello sh;
  sh.cipher_suite = CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256;
  sh.extensions.add(extended_master_secret_extension());
  sh.extensions.add(to_extension(EcPointFormats{{0}}));
  auto ds = describe_handshake_message(build([&](ByteWriter& w) { write_server_hello(sh, w); }),
                                       ProtocolVersion::tls1_2);
  EXPECT_EQ(ds.parse_error, "");
  EXPECT_EQ(field(ds.fields, "cipher_suite")->value, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
  EXPECT_EQ(field(field(ds.fields, "extensions")->children, "ec_point_formats")->items,
            std::vector<std::string>{"uncompressed"});

  auto ku = describe_handshake_message(hex("1800000101"), ProtocolVersion::tls1_3);
  EXPECT_EQ(ku.name, "KeyUpdate");
  EXPECT_EQ(field(ku.fields, "request_update")->value, "update_requested");
  auto shd = describe_handshake_message(hex("0e000000"), ProtocolVersion::tls1_2);
  EXPECT_EQ(shd.name, "ServerHelloDone");
  EXPECT_EQ(shd.parse_error, "");
}

TEST(Describe, GreaseIsNamed) {
  ClientHello ch;
  ch.cipher_suites = {static_cast<CipherSuite>(0x3A3A), CipherSuite::TLS_AES_128_GCM_SHA256};
  ch.extensions.add(static_cast<ExtensionType>(0x9A9A), Bytes{});
  ch.extensions.add(ExtensionType::supported_groups, hex("00045a5a001d"));
  auto d = describe_handshake_message(build([&](ByteWriter& w) { write_client_hello(ch, w); }),
                                      ProtocolVersion::tls1_3);
  EXPECT_EQ(d.parse_error, "");
  EXPECT_EQ(field(d.fields, "cipher_suites")->items.front(), "GREASE(0x3a3a)");
  const auto* ext = field(d.fields, "extensions");
  EXPECT_EQ(ext->children[0].name, "GREASE(0x9a9a)");
  EXPECT_EQ(ext->children[1].items, (std::vector<std::string>{"GREASE(0x5a5a)", "x25519"}));
}

TEST(Describe, MalformedKeepsWhatWasDecoded) {
  Bytes ch = rfc("client_hello");
  // Truncate inside the extensions: header still claims the full length.
  Bytes cut(ch.begin(), ch.begin() + 120);
  auto d = describe_handshake_message(cut, ProtocolVersion::tls1_3);
  EXPECT_EQ(d.name, "ClientHello");
  EXPECT_NE(d.parse_error, "");
  EXPECT_NE(field(d.fields, "cipher_suites"), nullptr);
  // A malformed extension is shown as such and the strict error is reported.
  ClientHello bad;
  bad.cipher_suites = {CipherSuite::TLS_AES_128_GCM_SHA256};
  bad.extensions.add(ExtensionType::supported_groups, hex("0003001d00"));
  bad.extensions.add(ExtensionType::supported_groups, hex("0002001d"));
  auto db = describe_handshake_message(build([&](ByteWriter& w) { write_client_hello(bad, w); }),
                                       ProtocolVersion::tls1_3);
  EXPECT_NE(db.parse_error.find("duplicate"), std::string::npos) << db.parse_error;
  EXPECT_EQ(field(db.fields, "extensions")->children[0].value.rfind("malformed:", 0), 0u);

  auto tiny = describe_handshake_message(hex("01"), ProtocolVersion::tls1_3);
  EXPECT_NE(tiny.parse_error, "");
  auto unknown = describe_handshake_message(hex("63000000"), ProtocolVersion::tls1_3);
  EXPECT_EQ(unknown.name, "Unknown(0x63)");
}

TEST(Describe, Alerts) {
  auto a = describe_alert(hex("0228"));
  EXPECT_EQ(a.name, "Alert");
  EXPECT_EQ(a.parse_error, "");
  EXPECT_EQ(field(a.fields, "level")->value, "fatal");
  EXPECT_EQ(field(a.fields, "description")->value, "handshake_failure");
  auto w = describe_alert(hex("0100"));
  EXPECT_EQ(field(w.fields, "level")->value, "warning");
  EXPECT_EQ(field(w.fields, "description")->value, "close_notify");
  auto bad = describe_alert(hex("05"));
  EXPECT_NE(bad.parse_error, "");
  EXPECT_EQ(field(bad.fields, "level")->value, "unknown(5)");
  auto unk = describe_alert(hex("02c8"));
  EXPECT_EQ(field(unk.fields, "description")->value, "unknown(200)");
}

}  // namespace
}  // namespace tlskit
