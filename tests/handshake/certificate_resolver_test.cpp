// The server's certificate choice through Config::certificate_resolver: make_sni_resolver()
// (names, wildcards, the default, reject_unknown_names) and a custom resolver (what it is
// told, its order honoured, an empty answer), in TLS 1.3 and TLS 1.2.
#include <gtest/gtest.h>

#include <mutex>

#include "harness.h"
#include "tlskit/certificate_resolver.h"

namespace tlskit::test {
namespace {

std::vector<std::shared_ptr<const CertifiedKey>> all_leaves() {
  std::vector<std::shared_ptr<const CertifiedKey>> v;
  for (LeafKind k : kAllLeafKinds) v.push_back(pki().leaf(k));
  return v;
}

// A server config whose certificates come from `resolver` only.
std::shared_ptr<Config> server_with(World& w, std::shared_ptr<const CertificateResolver> resolver,
                                    ProtocolVersion min = ProtocolVersion::tls1_3) {
  auto sc = w.server_config();
  sc->certificates.clear();
  sc->certificate_resolver = std::move(resolver);
  sc->min_version = min;
  return sc;
}

TEST(SniResolver, PicksByNameThenFallsBackToTheFirst) {
  auto resolver = make_sni_resolver(all_leaves());
  for (LeafKind k : kAllLeafKinds) {
    World w;
    Pair p = handshake(w.client_config(leaf_host(k)), server_with(w, resolver));
    ASSERT_TRUE(p.client->handshake_complete()) << err_text(p.client_error);
    EXPECT_EQ(p.client->info().peer_chain.at(0), pki().leaf(k)->chain.at(0)) << leaf_kind_name(k);
  }
  World w;
  Pair p = handshake(w.client_config("unknown.example"), server_with(w, resolver));
  ASSERT_TRUE(p.client->handshake_complete()) << err_text(p.client_error);
  EXPECT_EQ(p.client->info().peer_chain.at(0), all_leaves().front()->chain.at(0));
  // Every leaf also carries *.wild.tlskit.test: one label matches, two do not (RFC 6125
  // §6.4.3), which reject_unknown_names makes visible.
  auto strict = make_sni_resolver(all_leaves(), /*reject_unknown_names=*/true);
  World w2;
  Pair wild = handshake(w2.client_config("x.wild.tlskit.test"), server_with(w2, strict));
  ASSERT_TRUE(wild.client->handshake_complete()) << err_text(wild.client_error);
  EXPECT_EQ(wild.client->info().peer_chain.at(0), all_leaves().front()->chain.at(0));
  World w3;
  Pair deep = handshake(w3.client_config("a.b.wild.tlskit.test"), server_with(w3, strict));
  ASSERT_TRUE(deep.server_error);
  EXPECT_EQ(deep.server_error->alert, Alert::unrecognized_name);
}

TEST(SniResolver, RejectUnknownNamesIsUnrecognizedName) {
  auto resolver = make_sni_resolver(all_leaves(), /*reject_unknown_names=*/true);
  for (ProtocolVersion v : {ProtocolVersion::tls1_3, ProtocolVersion::tls1_2}) {
    World w;
    auto cc = w.client_config("unknown.example");
    cc->min_version = cc->max_version = v;
    Pair p = handshake(cc, server_with(w, resolver, ProtocolVersion::tls1_2));
    ASSERT_TRUE(p.server_error) << version_name(v);
    EXPECT_EQ(p.server_error->code, ErrorCode::unrecognized_name);
    EXPECT_EQ(p.server_error->alert, Alert::unrecognized_name);
    EXPECT_NE(p.server_error->detail.find("unknown.example"), std::string::npos);
    ASSERT_TRUE(p.client_error);
    EXPECT_EQ(p.client_error->alert, Alert::unrecognized_name);
  }
  // A known name still works, and a client without SNI gets the default certificate.
  World w;
  Pair known = handshake(w.client_config(leaf_host(LeafKind::ed25519)), server_with(w, resolver));
  ASSERT_TRUE(known.client->handshake_complete()) << err_text(known.client_error);
  World w2;
  Pair no_sni = handshake(w2.client_config("127.0.0.1"), server_with(w2, resolver));
  ASSERT_TRUE(no_sni.client->handshake_complete()) << err_text(no_sni.client_error);
}

// Records what it is asked and answers with a fixed list.
class RecordingResolver final : public CertificateResolver {
 public:
  explicit RecordingResolver(std::vector<std::shared_ptr<const CertifiedKey>> answer)
      : answer_(std::move(answer)) {}
  std::vector<std::shared_ptr<const CertifiedKey>> resolve(
      const ClientHelloInfo& hello) const override {
    std::lock_guard<std::mutex> g(m_);
    names.emplace_back(hello.server_name);
    versions.push_back(hello.version);
    schemes.assign(hello.signature_schemes.begin(), hello.signature_schemes.end());
    return answer_;
  }
  mutable std::vector<std::string> names;
  mutable std::vector<ProtocolVersion> versions;
  mutable std::vector<SignatureScheme> schemes;

 private:
  std::vector<std::shared_ptr<const CertifiedKey>> answer_;
  mutable std::mutex m_;
};

TEST(CustomResolver, ItsOrderWinsOverTheName) {
  // The client asks for the P-256 name; the resolver puts Ed25519 first: its order is kept.
  auto resolver = std::make_shared<RecordingResolver>(std::vector<std::shared_ptr<const CertifiedKey>>{
      pki().leaf(LeafKind::ed25519), pki().leaf(LeafKind::ecdsa_p256)});
  for (ProtocolVersion v : {ProtocolVersion::tls1_3, ProtocolVersion::tls1_2}) {
    World w;
    auto cc = w.client_config(leaf_host(LeafKind::ecdsa_p256));
    cc->min_version = cc->max_version = v;
    cc->signature_schemes = {SignatureScheme::ed25519, SignatureScheme::ecdsa_secp256r1_sha256};
    Pair p = handshake(cc, server_with(w, resolver, ProtocolVersion::tls1_2));
    ASSERT_TRUE(p.client->handshake_complete()) << version_name(v) << err_text(p.client_error);
    EXPECT_EQ(p.client->info().peer_chain.at(0), pki().leaf(LeafKind::ed25519)->chain.at(0));
    ASSERT_FALSE(resolver->names.empty());
    EXPECT_EQ(resolver->names.back(), leaf_host(LeafKind::ecdsa_p256));
    EXPECT_EQ(resolver->versions.back(), v);
    EXPECT_EQ(resolver->schemes,
              (std::vector<SignatureScheme>{SignatureScheme::ed25519,
                                            SignatureScheme::ecdsa_secp256r1_sha256}));
  }
  // A client that cannot verify the first candidate's scheme gets the next one.
  World w;
  auto cc = w.client_config(leaf_host(LeafKind::ecdsa_p256));
  cc->signature_schemes = {SignatureScheme::ecdsa_secp256r1_sha256};
  Pair p = handshake(cc, server_with(w, resolver));
  ASSERT_TRUE(p.client->handshake_complete()) << err_text(p.client_error);
  EXPECT_EQ(p.client->info().peer_chain.at(0), pki().leaf(LeafKind::ecdsa_p256)->chain.at(0));
}

TEST(CustomResolver, EmptyAnswerAndUnusableCandidates) {
  {
    World w;
    auto none = std::make_shared<RecordingResolver>(std::vector<std::shared_ptr<const CertifiedKey>>{});
    Pair p = handshake(w.client_config("a.example"), server_with(w, none));
    ASSERT_TRUE(p.server_error);
    EXPECT_EQ(p.server_error->alert, Alert::unrecognized_name);
    EXPECT_EQ(none->names, std::vector<std::string>{"a.example"});
  }
  {  // Only a certificate the client's schemes exclude: no_common_signature.
    World w;
    auto rsa_only = std::make_shared<RecordingResolver>(
        std::vector<std::shared_ptr<const CertifiedKey>>{pki().leaf(LeafKind::rsa2048)});
    auto cc = w.client_config();
    cc->signature_schemes = {SignatureScheme::ed25519};
    Pair p = handshake(cc, server_with(w, rsa_only));
    ASSERT_TRUE(p.server_error);
    EXPECT_EQ(p.server_error->code, ErrorCode::no_common_signature);
  }
  {  // A resolver alone is a valid server config; neither is not.
    World w;
    auto sc = server_with(w, make_sni_resolver(all_leaves()));
    EXPECT_TRUE(sc->validate(true)) << "resolver without certificates";
    sc->certificate_resolver = nullptr;
    auto r = sc->validate(true);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().detail.find("certificate_resolver"), std::string::npos);
  }
}

}  // namespace
}  // namespace tlskit::test
