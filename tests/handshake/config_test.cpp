// Config::validate and CertifiedKey loading: one clear error per mistake.
#include <gtest/gtest.h>

#include <fstream>

#include "crypto/provider.h"
#include "harness.h"
#include "handshake/spki_extract.h"

namespace tlskit::test {
namespace {

Error invalid_client(const std::function<void(Config&)>& edit) {
  World w;
  auto c = w.client_config();
  edit(*c);
  auto r = c->validate(false);
  EXPECT_FALSE(r);
  return r ? Error{} : r.error();
}

TEST(ConfigValidate, DefaultsWithAVerifierAreValid) {
  World w;
  EXPECT_TRUE(w.client_config()->validate(false));
  EXPECT_TRUE(w.server_config()->validate(true));
}

TEST(ConfigValidate, EachMistakeHasAnError) {
  EXPECT_EQ(invalid_client([](Config& c) { c.cipher_suites.clear(); }).code, ErrorCode::config_invalid);
  EXPECT_NE(invalid_client([](Config& c) { c.cipher_suites = {static_cast<CipherSuite>(0x0005)}; })
                .detail.find("not implemented"),
            std::string::npos);
  EXPECT_NE(invalid_client([](Config& c) {
              c.min_version = ProtocolVersion::tls1_3;
              c.max_version = ProtocolVersion::tls1_2;
            }).detail.find("above"),
            std::string::npos);
  invalid_client([](Config& c) { c.groups.clear(); });
  invalid_client([](Config& c) { c.groups = {NamedGroup::x25519, NamedGroup::x25519}; });
  invalid_client([](Config& c) { c.key_share_count = c.groups.size() + 1; });
  invalid_client([](Config& c) { c.alpn = {""}; });
  invalid_client([](Config& c) { c.alpn = {std::string(256, 'a')}; });
  invalid_client([](Config& c) { c.max_fragment = 0; });
  invalid_client([](Config& c) { c.max_fragment = 16385; });
  invalid_client([](Config& c) { c.verifier = nullptr; });
  invalid_client([](Config& c) { c.signature_schemes = {static_cast<SignatureScheme>(0x0101)}; });
  invalid_client([](Config& c) {
    c.min_version = ProtocolVersion::tls1_3;
    c.cipher_suites = {CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
  });
}

TEST(ConfigValidate, ServerNeedsCertificatesAndAClientVerifier) {
  World w;
  auto s = w.server_config({});
  auto r = s->validate(true);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().detail.find("certificate"), std::string::npos);
  auto s2 = w.server_config();
  s2->client_auth = ClientAuth::require;
  s2->verifier = nullptr;
  EXPECT_FALSE(s2->validate(true));
  auto s3 = w.server_config();
  s3->certificates.push_back(std::make_shared<CertifiedKey>());
  EXPECT_FALSE(s3->validate(true));
}

// A pair from two connections just made, handshake run (empty sides when one failed).
Pair handshake_of(Result<std::unique_ptr<Connection>> c, Result<std::unique_ptr<Connection>> s) {
  EXPECT_TRUE(c && s);
  Pair p;
  if (!c || !s) return p;
  p.client = std::move(*c);
  p.server = std::move(*s);
  p.pump();
  return p;
}

// ClientConfig / ServerConfig: validated when built (with the field-specific error),
// immutable and shared; connections made from them work like those from a Config.
TEST(BuiltConfigs, ValidatedOnceAndSharedByConnections) {
  World w;
  Config bad_client = *w.client_config();
  bad_client.verifier = nullptr;
  auto bc = ClientConfig::build(bad_client);
  ASSERT_FALSE(bc);
  EXPECT_EQ(bc.error().code, ErrorCode::config_invalid);
  EXPECT_NE(bc.error().detail.find("verifier"), std::string::npos) << bc.error().detail;
  Config bad_server = *w.server_config();
  bad_server.certificates.clear();
  auto bs = ServerConfig::build(bad_server);
  ASSERT_FALSE(bs);
  EXPECT_NE(bs.error().detail.find("certificate"), std::string::npos) << bs.error().detail;

  auto cc = ClientConfig::build(*w.client_config());
  auto sc = ServerConfig::build(*w.server_config());
  ASSERT_TRUE(cc && sc);
  for (int i = 0; i < 2; ++i) {  // one config, several connections
    Pair p = handshake_of(Connection::client(*cc), Connection::server(*sc));
    ASSERT_TRUE(p.complete()) << err_text(p.client_error) << err_text(p.server_error);
    EXPECT_TRUE(p.exchange(100));
  }
}

// Per-connection options: the server name and the ALPN offer, over one shared ClientConfig;
// an option that makes the config invalid is refused for that connection only.
TEST(BuiltConfigs, PerConnectionServerNameAndAlpn) {
  World w;
  auto base = *w.client_config();
  base.alpn = {"http/1.1"};
  auto cc = ClientConfig::build(base);
  auto server = *w.server_config();
  server.alpn = {"h2", "http/1.1"};
  auto sc = ServerConfig::build(server);
  ASSERT_TRUE(cc && sc);
  ConnectOptions o;
  o.server_name = leaf_host(LeafKind::ed25519);
  o.alpn = {"h2"};
  Pair p = handshake_of(Connection::client(*cc, o), Connection::server(*sc));
  ASSERT_TRUE(p.complete()) << err_text(p.client_error) << err_text(p.server_error);
  EXPECT_EQ(p.client->info().alpn, "h2");
  EXPECT_EQ(p.server->info().server_name, leaf_host(LeafKind::ed25519));
  EXPECT_EQ((*cc)->settings().alpn, std::vector<std::string>{"http/1.1"}) << "shared config unchanged";
  ConnectOptions too_long;
  too_long.server_name = std::string(300, 'a');
  auto bad = Connection::client(*cc, too_long);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::config_invalid);
  EXPECT_FALSE(Connection::client(std::shared_ptr<const ClientConfig>()));
}

// The settings of each role are their own types: a field of the other role does not exist
// there (checked at compile time), and a Config made from them carries exactly their fields.
template <typename T>
concept HasServerName = requires(T t) { t.server_name; };
template <typename T>
concept HasCertificates = requires(T t) { t.certificates; };
static_assert(HasServerName<ClientSettings> && !HasServerName<ServerSettings>);
static_assert(HasCertificates<ServerSettings> && !HasCertificates<ClientSettings>);
static_assert(HasServerName<Config> && HasCertificates<Config>);

TEST(BuiltConfigs, FromTheSettingsOfEachRole) {
  World w;
  const Config wc = *w.client_config();
  const Config ws = *w.server_config();
  ClientSettings cs;
  static_cast<CommonSettings&>(cs) = wc;
  static_cast<ClientOnlySettings&>(cs) = wc;
  cs.alpn = {"h2"};
  ServerSettings ss;
  static_cast<CommonSettings&>(ss) = ws;
  static_cast<ServerOnlySettings&>(ss) = ws;
  ss.alpn = {"h2", "http/1.1"};
  auto cc = ClientConfig::build(cs);
  auto sc = ServerConfig::build(ss);
  ASSERT_TRUE(cc && sc) << (cc ? sc.error().detail : cc.error().detail);
  EXPECT_EQ((*cc)->settings().server_name, wc.server_name);
  EXPECT_TRUE((*cc)->settings().certificates.empty()) << "server-only fields keep their defaults";
  EXPECT_EQ((*sc)->settings().certificates.size(), ws.certificates.size());
  EXPECT_TRUE((*sc)->settings().server_name.empty()) << "client-only fields keep their defaults";
  Pair p = handshake_of(Connection::client(*cc), Connection::server(*sc));
  ASSERT_TRUE(p.complete()) << err_text(p.client_error) << err_text(p.server_error);
  EXPECT_EQ(p.client->info().alpn, "h2");
  // Validation is the role's: a server without certificates is refused when built.
  ServerSettings empty;
  auto bad = ServerConfig::build(empty);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::config_invalid);
  EXPECT_NE(bad.error().detail.find("certificate"), std::string::npos) << bad.error().detail;
}

TEST(CertifiedKeyLoad, LoadsEveryKindAndMatchesTheLeaf) {
  const auto& p = crypto::default_provider();
  for (LeafKind k : kAllLeafKinds) {
    auto ck = CertifiedKey::load_pem_files(pki().chain_path(k), pki().key_path(k), p);
    ASSERT_TRUE(ck) << ck.error().to_string();
    EXPECT_EQ(ck->chain.size(), 2u);
    auto spki = handshake::extract_spki(ck->chain[0]);
    ASSERT_TRUE(spki);
    EXPECT_TRUE(std::equal(spki->begin(), spki->end(), ck->key->public_key_spki().begin(),
                           ck->key->public_key_spki().end()));
  }
}

TEST(CertifiedKeyLoad, UnreadableFile) {
  auto r = CertifiedKey::load_pem_files(pki().dir + "/nope.pem", pki().key_path(LeafKind::rsa2048),
                                        crypto::default_provider());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::file_error);
  EXPECT_EQ(r.error().party, Party::config);
  EXPECT_NE(r.error().detail.find("nope.pem"), std::string::npos);
}

TEST(CertifiedKeyLoad, NoCertificateInFile) {
  // The key file has no CERTIFICATE block.
  auto r = CertifiedKey::load_pem_files(pki().key_path(LeafKind::rsa2048),
                                        pki().key_path(LeafKind::rsa2048), crypto::default_provider());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::file_error);
  EXPECT_NE(r.error().detail.find("no '-----BEGIN CERTIFICATE-----'"), std::string::npos)
      << r.error().detail;
}

TEST(CertifiedKeyLoad, KeyDoesNotMatchCertificate) {
  auto r = CertifiedKey::load_pem_files(pki().chain_path(LeafKind::ecdsa_p256),
                                        pki().key_path(LeafKind::ecdsa_p384), crypto::default_provider());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::key_mismatch);
  EXPECT_NE(r.error().detail.find("does not match"), std::string::npos);
}

TEST(CertifiedKeyLoad, FromPemInMemory) {
  auto slurp = [](const std::string& path) {
    std::ifstream f(path);
    return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  };
  auto ck = CertifiedKey::from_pem(slurp(pki().chain_path(LeafKind::ed25519)),
                                   slurp(pki().key_path(LeafKind::ed25519)), crypto::default_provider());
  ASSERT_TRUE(ck) << ck.error().to_string();
  EXPECT_EQ(ck->key->type(), crypto::KeyType::ed25519);
  auto bad = CertifiedKey::from_pem("not pem", slurp(pki().key_path(LeafKind::ed25519)),
                                    crypto::default_provider());
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::file_error);
}

TEST(SpkiExtract, NamesAndSpkiFromTheLeaf) {
  auto names = handshake::extract_dns_names(pki().leaf(LeafKind::ecdsa_p384)->chain[0]);
  ASSERT_TRUE(names);
  EXPECT_EQ(*names, (std::vector<std::string>{"p384.tlskit.test", "localhost", "*.wild.tlskit.test"}));
  EXPECT_TRUE(handshake::dns_name_matches("*.wild.tlskit.test", "a.WILD.tlskit.test"));
  EXPECT_FALSE(handshake::dns_name_matches("*.wild.tlskit.test", "a.b.wild.tlskit.test"));
  EXPECT_FALSE(handshake::dns_name_matches("*.wild.tlskit.test", "wild.tlskit.test"));
  Bytes junk = {0x30, 0x03, 0x02, 0x01, 0x01};
  EXPECT_FALSE(handshake::extract_spki(junk));
  Bytes truncated = pki().leaf(LeafKind::rsa2048)->chain[0];
  truncated.resize(truncated.size() / 2);
  EXPECT_FALSE(handshake::extract_spki(truncated));
}

}  // namespace
}  // namespace tlskit::test
