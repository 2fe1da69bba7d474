// The TLS 1.2 client and server engines back to back: the suite x group x certificate matrix,
// client certificates, session ID and ticket resumption, EMS, the downgrade sentinel, bad input
// (malformed ServerKeyExchange, wrong Finished, ChangeCipherSpec at the wrong time, a TLS 1.0
// ClientHello), renegotiation refusal and key logging.
#include <gtest/gtest.h>

#include <regex>

#include "engine_pair.h"
#include "flight_edit.h"
#include "wire/ext_extended_master_secret.h"
#include "wire/handshake_header.h"

namespace tlskit::tls12test {
namespace {

using handshake::ClientOffer;

struct MatrixCase {
  CipherSuite suite;
  NamedGroup group;
  Key key;
};

std::string case_name(const ::testing::TestParamInfo<MatrixCase>& i) {
  std::string s = cipher_suite_name(i.param.suite) + "_" + group_name(i.param.group) + "_" +
                  key_name(i.param.key);
  for (char& c : s)
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  return s;
}

std::vector<MatrixCase> matrix() {
  std::vector<MatrixCase> out;
  const CipherSuite ecdsa[] = {CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                               CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
                               CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256};
  const CipherSuite rsa[] = {CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
                             CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
                             CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256};
  const NamedGroup groups[] = {NamedGroup::x25519, NamedGroup::secp256r1, NamedGroup::secp384r1};
  for (NamedGroup g : groups) {
    for (CipherSuite s : ecdsa) out.push_back({s, g, Key::p256});
    for (CipherSuite s : rsa) out.push_back({s, g, Key::rsa});
  }
  // The other ECDSA-suite key types, once each.
  out.push_back({CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, NamedGroup::x25519, Key::p384});
  out.push_back({CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, NamedGroup::secp256r1, Key::ed25519});
  return out;
}

std::shared_ptr<Config> client12() {
  auto c = client_config();
  c->max_version = ProtocolVersion::tls1_2;  // this test client offers TLS 1.2 only
  return c;
}

class Tls12Matrix : public ::testing::TestWithParam<MatrixCase> {};

TEST_P(Tls12Matrix, HandshakeAndData) {
  const MatrixCase& m = GetParam();
  auto cc = client12();
  cc->cipher_suites = {m.suite};
  // RFC 8422 §5.1.1: the client's supported_groups must also list the ECDSA certificate's
  // curve; the server (preferring only m.group) must pick m.group for ECDHE.
  cc->groups = {m.group};
  if (m.key == Key::p256 && m.group != NamedGroup::secp256r1) cc->groups.push_back(NamedGroup::secp256r1);
  if (m.key == Key::p384 && m.group != NamedGroup::secp384r1) cc->groups.push_back(NamedGroup::secp384r1);
  std::vector<std::string> client_log, server_log;
  cc->key_log = [&](std::string_view l) { client_log.emplace_back(l); };
  auto sc = server_config({m.key});
  sc->groups = {m.group};
  sc->key_log = [&](std::string_view l) { server_log.emplace_back(l); };
  Tls12Pair p(cc, sc);
  p.run();
  ASSERT_TRUE(p.complete()) << "client: " << err(p.client.error) << "\nserver: " << err(p.server.error);
  const auto& ci = p.client.channel.info();
  const auto& si = p.server.channel.info();
  EXPECT_EQ(ci.version, ProtocolVersion::tls1_2);
  EXPECT_EQ(ci.cipher_suite, m.suite);
  EXPECT_EQ(si.cipher_suite, m.suite);
  EXPECT_EQ(ci.group, m.group);
  EXPECT_EQ(si.group, m.group);
  EXPECT_TRUE(ci.extended_master_secret);
  EXPECT_TRUE(si.extended_master_secret);
  EXPECT_FALSE(ci.resumed);
  EXPECT_EQ(ci.peer_chain.size(), 1u);
  EXPECT_EQ(ci.peer_signature_scheme, si.local_signature_scheme);
  EXPECT_TRUE(p.exchange_data());
  // Key log: one CLIENT_RANDOM line, the same on both sides (RFC: NSS key log format).
  ASSERT_EQ(client_log.size(), 1u);
  ASSERT_EQ(server_log, client_log);
  EXPECT_TRUE(std::regex_match(client_log[0], std::regex("CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}")))
      << client_log[0];
  EXPECT_EQ(client_log[0].substr(14, 64), to_hex(p.client.offer->random));
}

INSTANTIATE_TEST_SUITE_P(All, Tls12Matrix, ::testing::ValuesIn(matrix()), case_name);

TEST(Tls12Engine, RsaPkcs1SignatureWhenTheClientOffersOnlyThat) {
  auto cc = client12();
  cc->signature_schemes = {SignatureScheme::rsa_pkcs1_sha384, SignatureScheme::ecdsa_secp256r1_sha256};
  Tls12Pair p(cc, server_config({Key::rsa}));
  p.run();
  ASSERT_TRUE(p.complete()) << err(p.client.error) << " / " << err(p.server.error);
  EXPECT_EQ(p.client.channel.info().peer_signature_scheme, SignatureScheme::rsa_pkcs1_sha384);
}

TEST(Tls12Engine, AlpnAndServerName) {
  auto cc = client12();
  cc->alpn = {"h2", "http/1.1"};
  cc->server_name = host_of(Key::p256);
  auto sc = server_config({Key::rsa, Key::p256});
  sc->alpn = {"http/1.1", "h2"};
  Tls12Pair p(cc, sc);
  p.run();
  ASSERT_TRUE(p.complete()) << err(p.client.error) << " / " << err(p.server.error);
  EXPECT_EQ(p.client.channel.info().alpn, "http/1.1");
  EXPECT_EQ(p.server.channel.info().alpn, "http/1.1");
  EXPECT_EQ(p.server.channel.info().server_name, host_of(Key::p256));
  auto v = std::static_pointer_cast<const AcceptAll>(cc->verifier);
  EXPECT_EQ(v->calls, 1);
  EXPECT_EQ(v->last_host, host_of(Key::p256));
}

TEST(Tls12Engine, ServerChainRefusedByTheVerifier) {
  auto cc = client12();
  cc->verifier = std::make_shared<RefuseAll>();
  Tls12Pair p(cc, server_config());
  p.run();
  ASSERT_TRUE(p.client.error);
  EXPECT_EQ(p.client.error->code, ErrorCode::certificate_invalid);
  EXPECT_EQ(p.server.alert_received, Alert::unknown_ca);
}

// ---- Client certificates -------------------------------------------------------------------

TEST(Tls12Engine, MutualTlsWithEachClientKeyType) {
  for (Key k : {Key::p256, Key::rsa}) {
    SCOPED_TRACE(key_name(k));
    auto cc = client12();
    cc->client_certificate = client_cert(k);
    auto sc = server_config({Key::p256});
    sc->client_auth = ClientAuth::require;
    Tls12Pair p(cc, sc);
    p.run();
    ASSERT_TRUE(p.complete()) << err(p.client.error) << " / " << err(p.server.error);
    EXPECT_TRUE(p.client.channel.info().client_cert_requested);
    EXPECT_TRUE(p.client.channel.info().client_cert_sent);
    EXPECT_EQ(p.server.channel.info().peer_chain.size(), 1u);
    EXPECT_TRUE(p.server.channel.info().peer_signature_scheme.has_value());
    EXPECT_TRUE(p.exchange_data());
  }
}

TEST(Tls12Engine, RequiredClientCertificateMissing) {
  auto sc = server_config();
  sc->client_auth = ClientAuth::require;
  Tls12Pair p(client12(), sc);
  p.run();
  ASSERT_TRUE(p.server.error);
  EXPECT_EQ(p.server.error->code, ErrorCode::certificate_required);
  EXPECT_EQ(p.client.alert_received, Alert::handshake_failure);
  EXPECT_FALSE(p.client.channel.info().client_cert_sent);
}

TEST(Tls12Engine, OptionalClientCertificateMissing) {
  auto sc = server_config();
  sc->client_auth = ClientAuth::request;
  Tls12Pair p(client12(), sc);
  p.run();
  ASSERT_TRUE(p.complete()) << err(p.client.error) << " / " << err(p.server.error);
  EXPECT_TRUE(p.server.channel.info().peer_chain.empty());
}

TEST(Tls12Engine, ClientCertificateVerifyTampered) {
  auto cc = client12();
  cc->client_certificate = client_cert(Key::p256);
  auto sc = server_config();
  sc->client_auth = ClientAuth::require;
  Tls12Pair p(cc, sc);
  p.mutate_to_server = [](Bytes& d) {
    auto recs = per_message(d);
    int i = find_message(recs, static_cast<uint8_t>(HandshakeType::certificate_verify));
    if (i < 0) return;
    recs[static_cast<size_t>(i)].payload.back() ^= 0x01;
    d = join_records(recs);
  };
  p.run();
  ASSERT_TRUE(p.server.error);
  EXPECT_EQ(p.server.error->code, ErrorCode::bad_signature);
  EXPECT_EQ(p.client.alert_received, Alert::decrypt_error);
}

// ---- Resumption ----------------------------------------------------------------------------

struct Servers {
  std::shared_ptr<session::TicketKeys> keys;
  std::shared_ptr<session::ServerSessionStore> store;
};

Servers resumption_state(bool tickets, bool ids) {
  Servers s;
  DeterministicRng rng(77);
  if (tickets) s.keys = *session::TicketKeys::create(crypto::default_provider(), rng, kNow);
  if (ids) s.store = std::make_shared<session::ServerSessionStore>();
  return s;
}

// A first handshake; returns the client's session for resumption.
std::optional<session::ClientSession> first_handshake(const Servers& s,
                                                      std::shared_ptr<Config> cc = client12(),
                                                      std::shared_ptr<Config> sc = server_config()) {
  Tls12Pair p(cc, sc, 5);
  p.server.options.ticket_keys = s.keys;
  p.server.options.session_store = s.store;
  p.run();
  EXPECT_TRUE(p.complete()) << err(p.client.error) << " / " << err(p.server.error);
  if (!p.complete()) return std::nullopt;
  EXPECT_FALSE(p.client.channel.info().resumed);
  return p.client.engine->new_session();
}

TEST(Tls12Resumption, BySessionId) {
  Servers s = resumption_state(false, true);
  auto sess = first_handshake(s);
  ASSERT_TRUE(sess.has_value());
  EXPECT_EQ(sess->session_id.size(), 32u);
  EXPECT_TRUE(sess->ticket.empty());
  EXPECT_EQ(s.store->size(), 1u);

  Tls12Pair p(client12(), server_config(), 9);
  p.server.options.session_store = s.store;
  p.client.options.resume = *sess;
  p.run();
  ASSERT_TRUE(p.complete()) << err(p.client.error) << " / " << err(p.server.error);
  EXPECT_TRUE(p.client.channel.info().resumed);
  EXPECT_TRUE(p.server.channel.info().resumed);
  EXPECT_EQ(p.client.channel.info().peer_chain.size(), 1u);  // from the session
  EXPECT_TRUE(p.exchange_data());
  // The abbreviated handshake: the server sent no Certificate.
  EXPECT_FALSE(p.client.channel.info().peer_signature_scheme.has_value());
  // The session stays resumable.
  ASSERT_TRUE(p.client.engine->new_session().has_value());
  EXPECT_EQ(p.client.engine->new_session()->session_id, sess->session_id);
}

TEST(Tls12Resumption, ByTicket) {
  Servers s = resumption_state(true, false);
  auto sess = first_handshake(s);
  ASSERT_TRUE(sess.has_value());
  EXPECT_FALSE(sess->ticket.empty());
  EXPECT_TRUE(sess->session_id.empty());
  EXPECT_GT(sess->ticket_lifetime, 0u);

  Tls12Pair p(client12(), server_config(), 11);
  p.server.options.ticket_keys = s.keys;
  p.client.options.resume = *sess;
  p.run();
  ASSERT_TRUE(p.complete()) << err(p.client.error) << " / " << err(p.server.error);
  EXPECT_TRUE(p.client.channel.info().resumed);
  EXPECT_TRUE(p.server.channel.info().resumed);
  EXPECT_EQ(p.client.channel.info().tickets_received, 0u);  // no renewal needed
  EXPECT_TRUE(p.exchange_data());
  ASSERT_TRUE(p.client.engine->new_session().has_value());
  EXPECT_EQ(p.client.engine->new_session()->ticket, sess->ticket);
}

TEST(Tls12Resumption, TicketFromThePreviousKeyIsRenewed) {
  Servers s = resumption_state(true, false);
  auto sess = first_handshake(s);
  ASSERT_TRUE(sess.has_value());
  DeterministicRng rng(3);
  ASSERT_TRUE(s.keys->rotate(rng, kNow).ok());
  Tls12Pair p(client12(), server_config(), 12);
  p.server.options.ticket_keys = s.keys;
  p.client.options.resume = *sess;
  p.run();
  ASSERT_TRUE(p.complete()) << err(p.client.error) << " / " << err(p.server.error);
  EXPECT_TRUE(p.client.channel.info().resumed);
  EXPECT_EQ(p.client.channel.info().tickets_received, 1u);
  ASSERT_TRUE(p.client.engine->new_session().has_value());
  EXPECT_NE(p.client.engine->new_session()->ticket, sess->ticket);
}

TEST(Tls12Resumption, UnknownTicketFallsBackToAFullHandshake) {
  Servers s = resumption_state(true, false);
  auto sess = first_handshake(s);
  ASSERT_TRUE(sess.has_value());
  Servers other = resumption_state(true, false);
  DeterministicRng rng(4);
  ASSERT_TRUE(other.keys->rotate(rng, kNow).ok());
  ASSERT_TRUE(other.keys->rotate(rng, kNow).ok());
  Tls12Pair p(client12(), server_config(), 13);
  p.server.options.ticket_keys = other.keys;
  p.client.options.resume = *sess;
  p.run();
  ASSERT_TRUE(p.complete()) << err(p.client.error) << " / " << err(p.server.error);
  EXPECT_FALSE(p.client.channel.info().resumed);
  EXPECT_FALSE(p.server.channel.info().resumed);
  EXPECT_TRUE(p.exchange_data());
}

TEST(Tls12Resumption, OtherServerNameIsNotResumed) {
  Servers s = resumption_state(true, true);
  auto sess = first_handshake(s);
  ASSERT_TRUE(sess.has_value());
  auto cc = client12();
  cc->server_name = "other.tls12.test";
  Tls12Pair p(cc, server_config(), 14);
  p.server.options.ticket_keys = s.keys;
  p.server.options.session_store = s.store;
  p.client.options.resume = *sess;
  p.run();
  ASSERT_TRUE(p.complete()) << err(p.client.error) << " / " << err(p.server.error);
  EXPECT_FALSE(p.server.channel.info().resumed);
}

TEST(Tls12Resumption, ExpiredSessionIsNotOffered) {
  Servers s = resumption_state(false, true);
  auto sess = first_handshake(s);
  ASSERT_TRUE(sess.has_value());
  Tls12Pair p(client12(), server_config(), 15);
  p.clock.set_unix_seconds(kNow + session::kDefaultSessionLifetime + 1);
  p.server.options.session_store = s.store;
  p.client.options.resume = *sess;
  p.run();
  ASSERT_TRUE(p.complete());
  EXPECT_FALSE(p.client.channel.info().resumed);
  EXPECT_TRUE(p.client.offer->session_id_view().empty());
}

TEST(Tls12Resumption, ServerChangingTheSuiteOnResumptionIsRefused) {
  Servers s = resumption_state(false, true);
  auto sess = first_handshake(s);
  ASSERT_TRUE(sess.has_value());
  Tls12Pair p(client12(), server_config(), 16);
  p.server.options.session_store = s.store;
  p.client.options.resume = *sess;
  p.mutate_to_client = [](Bytes& d) {
    auto recs = per_message(d);
    int i = find_message(recs, static_cast<uint8_t>(HandshakeType::server_hello));
    if (i < 0) return;
    // cipher_suite sits after version(2) + random(32) + session_id(1 + 32).
    Bytes body = body_of(recs[static_cast<size_t>(i)]);
    body[2 + 32 + 1 + 32] = 0xC0;
    body[2 + 32 + 1 + 32 + 1] = 0x2C;  // ECDSA AES-256 (the session used AES-128)
    set_body(recs[static_cast<size_t>(i)], body);
    d = join_records(recs);
  };
  p.run();
  ASSERT_TRUE(p.client.error);
  EXPECT_EQ(p.client.error->alert, Alert::illegal_parameter);
  EXPECT_EQ(p.client.error->step, Step::server_hello);
}

// ---- EMS, renegotiation_info, downgrade ----------------------------------------------------

TEST(Tls12Engine, ClientWithoutExtendedMasterSecretIsRefused) {
  Tls12Pair p(client12(), server_config());
  p.start_client([](ClientOffer& o) { o.extensions.remove(ExtensionType::extended_master_secret); });
  p.pump();
  ASSERT_TRUE(p.server.error);
  EXPECT_EQ(p.server.error->code, ErrorCode::insufficient_security);
  EXPECT_EQ(p.client.alert_received, Alert::handshake_failure);
}

TEST(Tls12Engine, ServerWithoutExtendedMasterSecretIsRefused) {
  Tls12Pair p(client12(), server_config());
  p.server.options.require_extended_master_secret = false;
  p.start_client();
  // Strip EMS from the ClientHello in transit: the server then answers without it.
  p.mutate_to_server = [](Bytes& d) {
    auto recs = per_message(d);
    int i = find_message(recs, static_cast<uint8_t>(HandshakeType::client_hello));
    if (i < 0) return;
    Bytes body = body_of(recs[static_cast<size_t>(i)]);  // the parsed views point into it
    auto ch = parse_client_hello(body);
    ASSERT_TRUE(ch.ok());
    ch->extensions.remove(ExtensionType::extended_master_secret);
    Bytes msg;
    ByteWriter w(msg);
    write_client_hello(*ch, w);
    recs[static_cast<size_t>(i)].payload = msg;
    d = join_records(recs);
  };
  p.pump();
  ASSERT_TRUE(p.client.error);
  EXPECT_EQ(p.client.error->code, ErrorCode::insufficient_security);
  EXPECT_EQ(p.client.error->alert, Alert::handshake_failure);
}

TEST(Tls12Engine, WithoutEmsWhenBothSidesAllowIt) {
  Tls12Pair p(client12(), server_config());
  p.server.options.require_extended_master_secret = false;
  p.client.options.require_extended_master_secret = false;
  p.start_client([](ClientOffer& o) { o.extensions.remove(ExtensionType::extended_master_secret); });
  p.pump();
  ASSERT_TRUE(p.complete()) << err(p.client.error) << " / " << err(p.server.error);
  EXPECT_FALSE(p.client.channel.info().extended_master_secret);
  EXPECT_TRUE(p.exchange_data());
}

TEST(Tls12Engine, DowngradeSentinelDetected) {
  // A client able to do TLS 1.3 whose supported_versions was stripped (here: never sent):
  // the TLS 1.3-capable server negotiates TLS 1.2 and marks its random.
  auto cc = client_config();  // max TLS 1.3
  Tls12Pair p(cc, server_config());
  p.run();
  ASSERT_TRUE(p.client.error);
  EXPECT_EQ(p.client.error->code, ErrorCode::downgrade_detected);
  EXPECT_EQ(p.client.error->alert, Alert::illegal_parameter);
  EXPECT_EQ(p.server.alert_received, Alert::illegal_parameter);
  // A server limited to TLS 1.2 writes no sentinel: the same client connects.
  auto sc = server_config();
  sc->max_version = ProtocolVersion::tls1_2;
  Tls12Pair q(client_config(), sc);
  q.run();
  EXPECT_TRUE(q.complete()) << err(q.client.error) << " / " << err(q.server.error);
}

TEST(Tls12Engine, RenegotiationInfoAnswered) {
  Tls12Pair p(client12(), server_config());
  p.run();
  ASSERT_TRUE(p.complete());
  // The client sent an empty renegotiation_info, so the ServerHello carries one (else the
  // client, which requires it, would have failed).
  EXPECT_TRUE(p.client.offer->extensions.contains(ExtensionType::renegotiation_info));
}

// ---- Bad input -----------------------------------------------------------------------------

// Applies fn to the body of the first message of type t in the flight going to the client.
Tls12Pair::Mutator edit_message(HandshakeType t, std::function<void(Bytes&)> fn) {
  return [t, fn](Bytes& d) {
    auto recs = per_message(d);
    int i = find_message(recs, static_cast<uint8_t>(t));
    if (i < 0) return;
    Bytes body = body_of(recs[static_cast<size_t>(i)]);
    fn(body);
    set_body(recs[static_cast<size_t>(i)], body);
    d = join_records(recs);
  };
}

TEST(Tls12BadInput, MalformedServerKeyExchange) {
  struct Case {
    const char* name;
    std::function<void(Bytes&)> edit;
    Alert alert;
  } cases[] = {
      {"truncated", [](Bytes& b) { b.resize(b.size() - 3); }, Alert::decode_error},
      {"trailing byte", [](Bytes& b) { b.push_back(0); }, Alert::decode_error},
      {"explicit curve", [](Bytes& b) { b[0] = 1; }, Alert::illegal_parameter},
      {"group not offered", [](Bytes& b) { b[1] = 0x00; b[2] = 0x19; }, Alert::illegal_parameter},
      {"bad signature", [](Bytes& b) { b.back() ^= 0x55; }, Alert::decrypt_error},
      {"point altered", [](Bytes& b) { b[5] ^= 0x01; }, Alert::decrypt_error},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto cc = client12();
    cc->groups = {NamedGroup::x25519, NamedGroup::secp256r1};
    auto sc = server_config({Key::p256});
    sc->groups = {NamedGroup::x25519};
    Tls12Pair p(cc, sc);
    p.mutate_to_client = edit_message(HandshakeType::server_key_exchange, c.edit);
    p.run();
    ASSERT_TRUE(p.client.error);
    EXPECT_EQ(p.client.error->alert, c.alert) << p.client.error->to_string();
    EXPECT_EQ(p.client.error->step, Step::server_key_exchange);
    EXPECT_EQ(p.server.alert_received, c.alert);
  }
}

TEST(Tls12BadInput, WrongServerFinished) {
  // The NewSessionTicket travels in the clear before the server's CCS and is covered by the
  // server's Finished: altering it makes the client's transcript differ.
  Servers s = resumption_state(true, false);
  Tls12Pair p(client12(), server_config());
  p.server.options.ticket_keys = s.keys;
  p.mutate_to_client = edit_message(HandshakeType::new_session_ticket,
                                    [](Bytes& b) { b.back() ^= 0x01; });
  p.run();
  ASSERT_TRUE(p.client.error);
  EXPECT_EQ(p.client.error->code, ErrorCode::bad_finished);
  EXPECT_EQ(p.client.error->alert, Alert::decrypt_error);
  EXPECT_EQ(p.client.error->step, Step::server_finished);
  EXPECT_EQ(p.server.alert_received, Alert::decrypt_error);
}

TEST(Tls12BadInput, WrongClientFinished) {
  Tls12Pair p(client12(), server_config());
  // Drop the client's encrypted Finished (the last record of its flight), then hand the
  // server a Finished with the wrong verify_data under the installed keys.
  p.mutate_to_server = [](Bytes& d) {
    auto recs = split_records(d);
    if (recs.size() >= 3 && recs[recs.size() - 2].type == 20) {
      recs.pop_back();
      d = join_records(recs);
    }
  };
  p.run();
  ASSERT_TRUE(p.server.engine);
  ASSERT_FALSE(p.server.error) << err(p.server.error);
  ASSERT_EQ(p.server.engine->step(), Step::client_finished);
  Bytes msg = {static_cast<uint8_t>(HandshakeType::finished), 0, 0, 12};
  msg.resize(16, 0xAB);
  record::HandshakeMessage m{HandshakeType::finished, msg};
  auto r = p.server.engine->on_handshake(m);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::bad_finished);
  EXPECT_EQ(r.error().alert, Alert::decrypt_error);
  EXPECT_EQ(r.error().step, Step::client_finished);
  // A Finished of the wrong length is a decode_error.
  Bytes shortmsg = {static_cast<uint8_t>(HandshakeType::finished), 0, 0, 11};
  shortmsg.resize(15, 0);
  auto d = p.server.engine->on_handshake(record::HandshakeMessage{HandshakeType::finished, shortmsg});
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().alert, Alert::decode_error);
}

TEST(Tls12BadInput, ChangeCipherSpecAtTheWrongTime) {
  {
    // Before the server's Certificate.
    Tls12Pair p(client12(), server_config());
    p.mutate_to_client = [](Bytes& d) {
      auto recs = per_message(d);
      int i = find_message(recs, static_cast<uint8_t>(HandshakeType::certificate));
      if (i < 0) return;
      recs.insert(recs.begin() + i, ccs_record());
      d = join_records(recs);
    };
    p.run();
    ASSERT_TRUE(p.client.error);
    EXPECT_EQ(p.client.error->alert, Alert::unexpected_message);
    EXPECT_EQ(p.client.error->step, Step::server_certificate);
    EXPECT_EQ(p.server.alert_received, Alert::unexpected_message);
  }
  {
    // Before the client's ClientKeyExchange.
    Tls12Pair p(client12(), server_config());
    p.mutate_to_server = [](Bytes& d) {
      auto recs = per_message(d);
      int i = find_message(recs, static_cast<uint8_t>(HandshakeType::client_key_exchange));
      if (i < 0) return;
      recs.insert(recs.begin() + i, ccs_record());
      d = join_records(recs);
    };
    p.run();
    ASSERT_TRUE(p.server.error);
    EXPECT_EQ(p.server.error->alert, Alert::unexpected_message);
    EXPECT_EQ(p.server.error->step, Step::client_key_exchange);
  }
  {
    // A Finished without the CCS before it (the CCS record dropped).
    Tls12Pair p(client12(), server_config());
    p.mutate_to_server = [](Bytes& d) {
      auto recs = split_records(d);
      for (size_t i = 0; i < recs.size(); ++i)
        if (recs[i].type == 20) {
          recs.erase(recs.begin() + static_cast<long>(i));
          d = join_records(recs);
          return;
        }
    };
    p.run();
    ASSERT_TRUE(p.server.error);
    // The encrypted Finished arrives while the server still reads plaintext: its first bytes
    // (the explicit nonce 0) read as a message other than the CCS the server waits for.
    EXPECT_EQ(p.server.error->alert, Alert::unexpected_message) << p.server.error->to_string();
    EXPECT_EQ(p.server.error->step, Step::change_cipher_spec);
    EXPECT_FALSE(p.server.engine->handshake_complete());
  }
}

TEST(Tls12BadInput, Tls10ClientHelloIsRefused) {
  Tls12Pair p(client12(), server_config());
  p.mutate_to_server = [](Bytes& d) {
    auto recs = per_message(d);
    int i = find_message(recs, static_cast<uint8_t>(HandshakeType::client_hello));
    if (i < 0) return;
    recs[static_cast<size_t>(i)].payload[4] = 0x03;
    recs[static_cast<size_t>(i)].payload[5] = 0x01;  // client_version TLS 1.0
    recs[static_cast<size_t>(i)].version = 0x0301;
    d = join_records(recs);
  };
  p.run();
  ASSERT_TRUE(p.server.error);
  EXPECT_EQ(p.server.error->code, ErrorCode::protocol_version);
  EXPECT_EQ(p.server.error->alert, Alert::protocol_version);
  EXPECT_NE(p.server.error->detail.find("TLS 1.0"), std::string::npos);
  EXPECT_EQ(p.client.alert_received, Alert::protocol_version);
}

TEST(Tls12BadInput, ServerHelloCompressionAndSuite) {
  {
    Tls12Pair p(client12(), server_config());
    p.mutate_to_client = edit_message(HandshakeType::server_hello, [](Bytes& b) {
      size_t sid = b[34];
      b[35 + sid + 2] = 1;  // compression_method DEFLATE
    });
    p.run();
    ASSERT_TRUE(p.client.error);
    EXPECT_EQ(p.client.error->alert, Alert::illegal_parameter);
  }
  {
    Tls12Pair p(client12(), server_config());
    p.mutate_to_client = edit_message(HandshakeType::server_hello, [](Bytes& b) {
      size_t sid = b[34];
      b[35 + sid] = 0x00;
      b[35 + sid + 1] = 0x2F;  // TLS_RSA_WITH_AES_128_CBC_SHA: never offered
    });
    p.run();
    ASSERT_TRUE(p.client.error);
    EXPECT_EQ(p.client.error->alert, Alert::illegal_parameter);
  }
}

// ---- Renegotiation -------------------------------------------------------------------------

TEST(Tls12Renegotiation, ClientHelloAfterTheHandshakeIsRefused) {
  Tls12Pair p(client12(), server_config());
  p.run();
  ASSERT_TRUE(p.complete());
  // The client (as a renegotiating peer would) sends a new ClientHello under its keys.
  Bytes& buf = p.client.channel.stage();
  size_t start = buf.size();
  ByteWriter w(buf);
  write_client_offer(*p.client.offer, w);
  p.client.channel.end_message(start, HandshakeType::client_hello);
  ASSERT_TRUE(p.client.channel.commit().ok());
  p.pump();
  EXPECT_FALSE(p.server.error) << err(p.server.error);
  bool refused = p.client.alert_received == Alert::no_renegotiation ||
                 (!p.client.warnings_received.empty() &&
                  p.client.warnings_received.back() == Alert::no_renegotiation);
  EXPECT_TRUE(refused);
}

TEST(Tls12Renegotiation, HelloRequestIsRefused) {
  Tls12Pair p(client12(), server_config());
  p.run();
  ASSERT_TRUE(p.complete());
  Bytes& buf = p.server.channel.stage();
  size_t start = buf.size();
  buf.insert(buf.end(), {0, 0, 0, 0});  // HelloRequest
  p.server.channel.end_message(start, HandshakeType::hello_request);
  ASSERT_TRUE(p.server.channel.commit().ok());
  p.pump();
  EXPECT_FALSE(p.client.error) << err(p.client.error);
  bool refused = p.server.alert_received == Alert::no_renegotiation ||
                 (!p.server.warnings_received.empty() &&
                  p.server.warnings_received.back() == Alert::no_renegotiation);
  EXPECT_TRUE(refused);
}

}  // namespace
}  // namespace tlskit::tls12test
