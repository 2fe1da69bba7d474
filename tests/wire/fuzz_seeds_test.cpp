// Fuzz seed corpus: built from RFC 8448 messages and messages serialized by this code. The test
// checks every seed is accepted by its parser; with TLSKIT_WRITE_FUZZ_SEEDS=1 in the environment
// it also (re)writes them to fuzz/corpus/<target>/.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include "wire_test_util.h"

namespace tlskit {
namespace {

using namespace wire_test;

struct Seed {
  std::string corpus;  // fuzz target name without "fuzz_"
  std::string name;
  Bytes data;
};

// The corpus a message body belongs to (by handshake type).
std::string corpus_for(HandshakeType t) {
  switch (t) {
    case HandshakeType::client_hello:
      return "msg_client_hello";
    case HandshakeType::server_hello:
      return "msg_server_hello";
    case HandshakeType::encrypted_extensions:
      return "msg_encrypted_extensions";
    case HandshakeType::certificate:
      return "msg_certificate";
    case HandshakeType::certificate_request:
      return "msg_certificate_request";
    case HandshakeType::certificate_verify:
      return "msg_certificate_verify";
    case HandshakeType::new_session_ticket:
      return "msg_new_session_ticket";
    case HandshakeType::server_key_exchange:
      return "msg_server_key_exchange";
    case HandshakeType::client_key_exchange:
      return "msg_client_key_exchange";
    case HandshakeType::certificate_status:
      return "msg_certificate_status";
    case HandshakeType::compressed_certificate:
      return "msg_compressed_certificate";
    default:
      return "";
  }
}

std::vector<Seed> make_seeds() {
  std::vector<Seed> seeds;
  std::map<std::string, int> count;
  auto add_message = [&](const std::string& origin, const Bytes& msg) {
    auto t = static_cast<HandshakeType>(msg[0]);
    std::string corpus = corpus_for(t);
    if (corpus.empty()) return;
    if (count[corpus + origin] >= 1) return;  // one seed per origin and type
    count[corpus + origin]++;
    seeds.push_back(
        {corpus, origin + "_" + handshake_type_name(t), Bytes(msg.begin() + 4, msg.end())});
    seeds.push_back({"msg_describe", origin + "_" + handshake_type_name(t), msg});
  };
  // RFC 8448: one per section and message type, plus the §5 HelloRetryRequest.
  for (const auto& b : rfc8448_blocks()) {
    if (b.label == "payload" || b.label.find("prefix") != std::string::npos) continue;
    auto s = split_handshake_message(b.bytes);
    if (!s || static_cast<uint8_t>(s->type) == 0) continue;
    std::string section = b.line < 857    ? "rfc8448_s3"
                          : b.line < 1589 ? "rfc8448_s4"
                          : b.line < 2359 ? "rfc8448_s5"
                          : b.line < 3059 ? "rfc8448_s6"
                                          : "rfc8448_s7";
    if (s->type == HandshakeType::server_hello && is_hello_retry_request(s->body.subspan(2, 32)))
      section += "_hrr";
    add_message(section, b.bytes);
    // Every extension of the message, prefixed with its type, for fuzz_extensions.
    if (s->type == HandshakeType::client_hello || s->type == HandshakeType::server_hello ||
        s->type == HandshakeType::encrypted_extensions) {
      ExtensionList exts;
      if (s->type == HandshakeType::client_hello) exts = parse_client_hello(s->body)->extensions;
      if (s->type == HandshakeType::server_hello) exts = parse_server_hello(s->body)->extensions;
      if (s->type == HandshakeType::encrypted_extensions)
        exts = parse_encrypted_extensions(s->body)->extensions;
      for (const auto& e : exts.items) {
        std::string name =
            section + "_" + handshake_type_name(s->type) + "_" + extension_name(e.type);
        if (count["ext" + name]++) continue;
        Bytes d = {static_cast<uint8_t>(static_cast<uint16_t>(e.type) >> 8),
                   static_cast<uint8_t>(e.type)};
        d.insert(d.end(), e.body().begin(), e.body().end());
        seeds.push_back({"extensions", name, d});
      }
    }
  }
  // TLS 1.2 messages and forms RFC 8448 does not have.
  static const Bytes point65(65, 4), point32(32, 9), sig(71, 0x30), der(120, 0x30), resp(90, 0x30),
      ticket(64, 7), dn(30, 0x30), sid(32, 0x11);
  ClientHello ch12;
  ch12.cipher_suites = {CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                        CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
                        CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV};
  ch12.extensions.add(to_extension(ServerNameList{"localhost"}));
  ch12.extensions.add(extended_master_secret_extension());
  ch12.extensions.add(to_extension(EcPointFormats{{0}}));
  ch12.extensions.add(to_extension(SessionTicketExt{Bytes(40, 3)}));
  ch12.extensions.add(to_extension(StatusRequest{}));
  ch12.extensions.add(static_cast<ExtensionType>(0x2A2A), Bytes{});
  add_message("built_tls12", build([&](ByteWriter& w) { write_client_hello(ch12, w); }));
  ServerHello sh12;
  sh12.legacy_session_id_echo = sid;
  sh12.cipher_suite = CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256;
  sh12.extensions.add(extended_master_secret_extension());
  sh12.extensions.add(to_extension(RenegotiationInfo{}));
  sh12.extensions.add(to_extension(AlpnProtocols{{"http/1.1"}}));
  add_message("built_tls12", build([&](ByteWriter& w) { write_server_hello(sh12, w); }));
  add_message(
      "built_tls12", build([&](ByteWriter& w) {
        write_server_key_exchange(
            {3, NamedGroup::secp256r1, point65, SignatureScheme::ecdsa_secp256r1_sha256, sig, {}},
            w);
      }));
  add_message("built_x25519", build([&](ByteWriter& w) {
                write_server_key_exchange(
                    {3, NamedGroup::x25519, point32, SignatureScheme::rsa_pss_rsae_sha256, sig, {}},
                    w);
              }));
  add_message("built_tls12",
              build([&](ByteWriter& w) { write_client_key_exchange({point65}, w); }));
  add_message("built_tls12", build([&](ByteWriter& w) { write_certificate12({{der, der}}, w); }));
  add_message("built_tls12", build([&](ByteWriter& w) {
                write_certificate_request12({{1, 64},
                                             {SignatureScheme::rsa_pss_rsae_sha256,
                                              SignatureScheme::ecdsa_secp256r1_sha256},
                                             {dn}},
                                            w);
              }));
  add_message("built_tls12", build([&](ByteWriter& w) {
                write_new_session_ticket12({7200, ticket}, w);
              }));
  add_message("built_tls12", build([&](ByteWriter& w) { write_certificate_status({1, resp}, w); }));
  Certificate13 c13;
  CertificateEntry entry;
  entry.cert_data = der;
  entry.extensions.add(to_extension(CertificateStatus{1, resp}));
  c13.entries = {entry, CertificateEntry{der, {}}};
  add_message("built_ocsp", build([&](ByteWriter& w) { write_certificate13(c13, w); }));
  // RFC 8879: a CompressedCertificate (its content is not decompressed by the wire parser).
  add_message("built_brotli", build([&](ByteWriter& w) {
                write_compressed_certificate(
                    {CertCompressionAlgorithm::brotli, 1200, ByteView(resp)}, w);
              }));
  EncryptedExtensions ee;
  ee.extensions.add(to_extension(AlpnProtocols{{"h2"}}));
  ee.extensions.add(empty_extension(ExtensionType::early_data));
  add_message("built_alpn", build([&](ByteWriter& w) { write_encrypted_extensions(ee, w); }));

  // Extensions not in RFC 8448's hellos.
  auto add_ext = [&](const std::string& name, const Extension& e) {
    Bytes d = {static_cast<uint8_t>(static_cast<uint16_t>(e.type) >> 8),
               static_cast<uint8_t>(e.type)};
    d.insert(d.end(), e.body().begin(), e.body().end());
    seeds.push_back({"extensions", name, d});
  };
  add_ext("alpn", to_extension(AlpnProtocols{{"h2", "http/1.1"}}));
  add_ext("cookie", to_extension(Cookie{Bytes(16, 5)}));
  add_ext("key_share_hrr", to_extension(KeyShareHelloRetryRequest{NamedGroup::secp384r1}));
  add_ext("pre_shared_key", to_extension(OfferedPsks{{{Bytes(20, 1), 5}, {Bytes(8, 2), 6}},
                                                     {Bytes(32, 3), Bytes(48, 4)}}));
  add_ext("pre_shared_key_server", to_extension(PreSharedKeyServer{1}));
  add_ext("early_data_nst", to_extension(EarlyDataNst{16384}));
  add_ext("status_request", to_extension(StatusRequest{}));
  add_ext("certificate_status", to_extension(CertificateStatus{1, resp}));
  add_ext("ec_point_formats", to_extension(EcPointFormats{{0, 1, 2}}));
  add_ext("padding", to_extension(Padding{20}));
  add_ext("compress_certificate",
          to_extension(CompressCertificate{{CertCompressionAlgorithm::brotli,
                                            CertCompressionAlgorithm::zstd,
                                            CertCompressionAlgorithm::zlib}}));
  add_ext("certificate_authorities", to_extension(CertificateAuthorities{{dn, dn}}));
  add_ext("signature_algorithms_cert",
          to_extension(SignatureAlgorithmsCert{
              {SignatureScheme::ed25519, SignatureScheme::rsa_pkcs1_sha256}}));
  add_ext("supported_versions_grease",
          to_extension(SupportedVersionsClient{
              {static_cast<ProtocolVersion>(0x7a7a), ProtocolVersion::tls1_3}}));
  seeds.push_back({"msg_describe", "alert_fatal", hex("0228")});
  // Drop duplicate contents within a corpus (RFC 8448 sections repeat many extensions).
  std::vector<Seed> unique;
  for (auto& s : seeds) {
    bool dup = false;
    for (const auto& u : unique) dup = dup || (u.corpus == s.corpus && u.data == s.data);
    if (!dup) unique.push_back(std::move(s));
  }
  return unique;
}

// True when the seed is accepted by its target's parser.
bool accepted(const Seed& s) {
  if (s.corpus == "msg_describe" || s.corpus == "extensions") return true;
  const bool c13 = parse_certificate13(s.data).ok() || parse_certificate12(s.data).ok();
  if (s.corpus == "msg_certificate") return c13;
  if (s.corpus == "msg_certificate_request")
    return parse_certificate_request13(s.data).ok() || parse_certificate_request12(s.data).ok();
  if (s.corpus == "msg_new_session_ticket")
    return parse_new_session_ticket13(s.data).ok() || parse_new_session_ticket12(s.data).ok();
  if (s.corpus == "msg_client_hello") return parse_client_hello(s.data).ok();
  if (s.corpus == "msg_server_hello") return parse_server_hello(s.data).ok();
  if (s.corpus == "msg_encrypted_extensions") return parse_encrypted_extensions(s.data).ok();
  if (s.corpus == "msg_certificate_verify") return parse_certificate_verify(s.data).ok();
  if (s.corpus == "msg_server_key_exchange") return parse_server_key_exchange(s.data).ok();
  if (s.corpus == "msg_client_key_exchange") return parse_client_key_exchange(s.data).ok();
  if (s.corpus == "msg_certificate_status") return parse_certificate_status(s.data).ok();
  if (s.corpus == "msg_compressed_certificate") return parse_compressed_certificate(s.data).ok();
  return false;
}

TEST(FuzzSeeds, EverySeedParsesAndIsWrittenOnRequest) {
  auto seeds = make_seeds();
  std::map<std::string, int> per_corpus;
  for (const auto& s : seeds) {
    EXPECT_TRUE(accepted(s)) << s.corpus << "/" << s.name;
    per_corpus[s.corpus]++;
  }
  for (const char* c :
       {"msg_client_hello", "msg_server_hello", "msg_encrypted_extensions", "msg_certificate",
        "msg_certificate_request", "msg_certificate_verify", "msg_new_session_ticket",
        "msg_server_key_exchange", "msg_client_key_exchange", "msg_certificate_status",
        "msg_compressed_certificate", "msg_describe", "extensions"})
    EXPECT_GE(per_corpus[c], 1) << c;
  const char* env = std::getenv("TLSKIT_WRITE_FUZZ_SEEDS");
  if (!env || std::string(env) != "1") return;
  namespace fs = std::filesystem;
  for (const auto& s : seeds) {
    fs::path dir = fs::path(TLSKIT_SOURCE_DIR) / "fuzz" / "corpus" / s.corpus;
    fs::create_directories(dir);
    std::ofstream out(dir / s.name, std::ios::binary);
    out.write(reinterpret_cast<const char*>(s.data.data()),
              static_cast<std::streamsize>(s.data.size()));
  }
}

}  // namespace
}  // namespace tlskit
