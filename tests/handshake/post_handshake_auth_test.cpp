// Post-handshake client authentication (RFC 8446 §4.6.2): the client's offer, the server's
// request through Connection::request_client_certificate(), the answers (a certificate, an
// empty one, a forged signature), the refusals, KeyUpdate crossing the request, and a
// CertificateRequest to a client that did not offer the extension.
#include <gtest/gtest.h>

#include "handshake/traffic_keys.h"
#include "harness.h"
#include "mitm.h"
#include "record/record_encoder.h"
#include "wire/ext_signature_algorithms.h"
#include "wire/msg_certificate_request.h"

namespace tlskit::test {
namespace {

// A client and a server that both allow post-handshake authentication, after the handshake.
struct PhaPair {
  World w;
  Pair p;
  explicit PhaPair(bool client_cert = true, ClientAuth auth = ClientAuth::none,
                   bool client_offers = true) {
    auto cc = w.client_config();
    cc->post_handshake_auth = client_offers;
    cc->record_events = true;
    if (client_cert) cc->client_certificate = pki().client();
    auto sc = w.server_config();
    sc->post_handshake_auth = true;
    sc->record_events = true;
    sc->client_auth = auth;
    p = make_conns(cc, sc);
    pump(p);
  }
  // The server asks, then both sides run until no bytes move.
  Result<void> request_and_pump() {
    auto r = p.server->request_client_certificate();
    if (r) pump(p);
    return r;
  }
};

// The kinds of events a connection queued, in order.
std::vector<EventKind> event_kinds(Connection& c) {
  std::vector<EventKind> out;
  while (auto e = c.next_event()) out.push_back(e->kind);
  return out;
}

bool has(const std::vector<EventKind>& v, EventKind k) {
  return std::find(v.begin(), v.end(), k) != v.end();
}

TEST(PostHandshakeAuth, ClientWithCertificateAnswersAndDataKeepsFlowing) {
  PhaPair t;
  ASSERT_TRUE(t.p.server->handshake_complete()) << err_text(t.p.server_error);
  EXPECT_TRUE(t.p.client->info().post_handshake_auth.offered);
  EXPECT_TRUE(t.p.server->info().post_handshake_auth.offered);
  EXPECT_TRUE(t.p.server->info().peer_chain.empty()) << "no certificate in the handshake";
  (void)event_kinds(*t.p.server);
  (void)event_kinds(*t.p.client);

  ASSERT_TRUE(t.request_and_pump());
  ASSERT_FALSE(t.p.client_error) << err_text(t.p.client_error);
  ASSERT_FALSE(t.p.server_error) << err_text(t.p.server_error);
  const auto& si = t.p.server->info();
  EXPECT_EQ(si.post_handshake_auth.requests, 1u);
  EXPECT_EQ(si.post_handshake_auth.completed, 1u);
  EXPECT_TRUE(si.post_handshake_auth.certificate);
  ASSERT_EQ(si.peer_chain.size(), pki().client()->chain.size());
  EXPECT_EQ(si.peer_chain[0], pki().client()->chain[0]);
  EXPECT_EQ(si.peer_signature_scheme, SignatureScheme::ecdsa_secp256r1_sha256);
  auto calls = t.w.server_verifier->calls();
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(calls[0].purpose, CertPurpose::client);
  const auto& ci = t.p.client->info();
  EXPECT_EQ(ci.post_handshake_auth.requests, 1u);
  EXPECT_EQ(ci.post_handshake_auth.completed, 1u);
  EXPECT_TRUE(ci.client_cert_sent);
  EXPECT_TRUE(has(event_kinds(*t.p.server), EventKind::post_handshake_auth));
  EXPECT_TRUE(has(event_kinds(*t.p.client), EventKind::post_handshake_auth));

  // Application data both ways, then a second request (a new context) that also passes.
  ASSERT_TRUE(t.p.client->write(as_bytes("ping")));
  ASSERT_TRUE(t.p.server->write(as_bytes("pong!")));
  pump(t.p);
  EXPECT_EQ(t.p.server->readable(), 4u);
  EXPECT_EQ(t.p.client->readable(), 5u);
  ASSERT_TRUE(t.request_and_pump());
  EXPECT_EQ(t.p.server->info().post_handshake_auth.completed, 2u);
  EXPECT_EQ(t.w.server_verifier->calls().size(), 2u);
  EXPECT_FALSE(t.p.server_error);
}

TEST(PostHandshakeAuth, ClientWithoutCertificateSendsAnEmptyOne) {
  PhaPair t(/*client_cert=*/false);
  ASSERT_TRUE(t.request_and_pump());
  ASSERT_FALSE(t.p.server_error) << err_text(t.p.server_error);
  const auto& si = t.p.server->info();
  EXPECT_EQ(si.post_handshake_auth.completed, 1u);
  EXPECT_FALSE(si.post_handshake_auth.certificate);
  EXPECT_TRUE(si.peer_chain.empty());
  EXPECT_TRUE(t.w.server_verifier->calls().empty());
  EXPECT_FALSE(t.p.client->info().client_cert_sent);
}

// The client's key, which a test can switch off after the handshake (the client then answers
// the post-handshake request with an empty Certificate) or make sign wrongly (one byte of each
// signature flipped).
class TestKey final : public crypto::PrivateKey {
 public:
  explicit TestKey(std::shared_ptr<const crypto::PrivateKey> k) : k_(std::move(k)) {}
  crypto::KeyType type() const override { return k_->type(); }
  size_t bits() const override { return k_->bits(); }
  ByteView public_key_spki() const override { return k_->public_key_spki(); }
  bool supports(SignatureScheme s) const override { return on && k_->supports(s); }
  Result<Bytes> sign(SignatureScheme s, ByteView m) const override {
    auto sig = k_->sign(s, m);
    if (corrupt && sig && !sig->empty()) sig->back() ^= 0xff;
    return sig;
  }
  mutable bool on = true;
  mutable bool corrupt = false;

 private:
  std::shared_ptr<const crypto::PrivateKey> k_;
};

// The client certificate with its key wrapped in a TestKey.
std::shared_ptr<CertifiedKey> client_cert_with(std::shared_ptr<TestKey> key) {
  auto ck = std::make_shared<CertifiedKey>(*pki().client());
  ck->key = std::move(key);
  return ck;
}

TEST(PostHandshakeAuth, EmptyAnswerIsCertificateRequiredWhenRequired) {
  // RFC 8446 §4.4.2.4: a server that requires a certificate aborts with certificate_required
  // when the answer is empty, after the handshake as in it.
  World w;
  auto key = std::make_shared<TestKey>(pki().client()->key);
  auto cc = w.client_config();
  cc->post_handshake_auth = true;
  cc->client_certificate = client_cert_with(key);
  auto sc = w.server_config();
  sc->post_handshake_auth = true;
  sc->client_auth = ClientAuth::require;
  Pair p = make_conns(cc, sc);
  pump(p);
  ASSERT_TRUE(p.server->handshake_complete()) << err_text(p.server_error);
  EXPECT_TRUE(p.server->info().peer_verified);
  key->on = false;
  ASSERT_TRUE(p.server->request_client_certificate());
  pump(p);
  ASSERT_TRUE(p.server_error);
  EXPECT_EQ(p.server_error->code, ErrorCode::certificate_required);
  EXPECT_EQ(p.server_error->alert, Alert::certificate_required);
  EXPECT_EQ(p.client->info().post_handshake_auth.completed, 1u);
  EXPECT_FALSE(p.client->info().post_handshake_auth.certificate);
}

TEST(PostHandshakeAuth, ForgedSignatureIsDecryptError) {
  // The client's key signs, then one byte of the signature is flipped (tlsfuzzer's "malformed
  // signature in PHA").
  World w;
  auto key = std::make_shared<TestKey>(pki().client()->key);
  key->corrupt = true;
  auto cc = w.client_config();
  cc->post_handshake_auth = true;
  cc->client_certificate = client_cert_with(key);
  auto sc = w.server_config();
  sc->post_handshake_auth = true;
  Pair p = make_conns(cc, sc);
  pump(p);
  ASSERT_TRUE(p.server->handshake_complete()) << err_text(p.server_error);
  ASSERT_TRUE(p.server->request_client_certificate());
  pump(p);
  ASSERT_TRUE(p.server_error);
  EXPECT_EQ(p.server_error->alert, Alert::decrypt_error) << p.server_error->to_string();
  EXPECT_EQ(p.server_error->step, Step::post_handshake);
  EXPECT_EQ(p.server->info().post_handshake_auth.completed, 0u);
}

TEST(PostHandshakeAuth, RefusalsLeaveTheConnectionUsable) {
  {  // The client did not offer post_handshake_auth: the server MUST NOT ask.
    PhaPair t(true, ClientAuth::none, /*client_offers=*/false);
    EXPECT_FALSE(t.p.server->info().post_handshake_auth.offered);
    auto r = t.p.server->request_client_certificate();
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::missing_extension);
    EXPECT_NE(r.error().detail.find("post_handshake_auth"), std::string::npos);
    EXPECT_FALSE(t.p.server->error());
    EXPECT_TRUE(t.p.server->pending_output().empty());
    ASSERT_TRUE(t.p.server->write(as_bytes("still here")));
  }
  {  // Off in the server's config.
    World w;
    auto cc = w.client_config();
    cc->post_handshake_auth = true;
    Pair p = handshake(cc, w.server_config());
    auto r = p.server->request_client_certificate();
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::config_invalid);
    EXPECT_FALSE(p.server->error());
  }
  {  // A second request before the first is answered; a client cannot ask.
    PhaPair t;
    ASSERT_TRUE(t.p.server->request_client_certificate());
    auto again = t.p.server->request_client_certificate();
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::unexpected_message);
    EXPECT_FALSE(t.p.server->error());
    pump(t.p);
    EXPECT_EQ(t.p.server->info().post_handshake_auth.completed, 1u);
    auto client_asks = t.p.client->request_client_certificate();
    ASSERT_FALSE(client_asks);
    EXPECT_FALSE(t.p.client->error());
  }
  {  // Before the handshake completed.
    World w;
    auto sc = w.server_config();
    sc->post_handshake_auth = true;
    auto s = Connection::server(sc);
    ASSERT_TRUE(s);
    EXPECT_FALSE((*s)->request_client_certificate());
    EXPECT_FALSE((*s)->error());
  }
}

TEST(PostHandshakeAuth, KeyUpdateCrossingTheRequest) {
  // The client updates its keys before it sees our request: the server takes the KeyUpdate
  // in PhaExpectCertificate, and the Finished is keyed with the client's new secret.
  PhaPair t;
  ASSERT_TRUE(t.p.server->request_client_certificate());
  Bytes request = take_output(*t.p.server);
  ASSERT_TRUE(t.p.client->key_update(false));
  transfer(*t.p.client, *t.p.server, t.p.server_error);
  ASSERT_FALSE(t.p.server_error) << err_text(t.p.server_error);
  ASSERT_TRUE(t.p.client->feed(request));
  pump(t.p);
  ASSERT_FALSE(t.p.server_error) << err_text(t.p.server_error);
  EXPECT_EQ(t.p.server->info().post_handshake_auth.completed, 1u);
  EXPECT_EQ(t.p.server->info().key_updates_received, 1u);
}

TEST(PostHandshakeAuth, RequestToAClientThatDidNotOfferIsUnexpectedMessage) {
  // A server that ignores the rule: a CertificateRequest sealed by hand under the server's
  // application traffic secret (no tickets, so it is the first record under that key).
  World w;
  std::vector<std::string> log;
  auto cc = w.client_config();
  cc->cipher_suites = {CipherSuite::TLS_AES_128_GCM_SHA256};
  auto sc = w.server_config();
  sc->key_log = [&](std::string_view l) { log.emplace_back(l); };
  Pair p = handshake(cc, sc);
  ASSERT_TRUE(p.client->handshake_complete()) << err_text(p.client_error);
  CertificateRequest13 cr;
  const Bytes context(32, 7);
  cr.certificate_request_context = context;
  cr.extensions.add(to_extension(SignatureAlgorithms{{SignatureScheme::ecdsa_secp256r1_sha256}}));
  Bytes msg;
  ByteWriter mw(msg);
  write_certificate_request13(cr, mw);
  const auto& provider = crypto::default_provider();
  auto keys = handshake::tls13_protection(provider, crypto::HashAlg::sha256,
                                          crypto::AeadAlg::aes_128_gcm,
                                          secret_from_log(log, "SERVER_TRAFFIC_SECRET_0"));
  ASSERT_TRUE(keys);
  record::RecordEncoder enc;
  enc.set_protection(std::move(*keys));
  Bytes wire;
  ASSERT_TRUE(enc.write(ContentType::handshake, msg, wire));
  auto r = p.client->feed(wire);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().alert, Alert::unexpected_message) << r.error().to_string();
  EXPECT_NE(r.error().detail.find("post_handshake_auth"), std::string::npos);
}

}  // namespace
}  // namespace tlskit::test
