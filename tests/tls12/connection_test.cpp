// TLS 1.2 through the public Connection: the suite x group x certificate matrix, the
// 1.2/1.3 negotiation grid (protocol_version failures, downgrade sentinel), mTLS, resumption
// by session ID and ticket (Connection::session / Config::resume_session, PEM round trip),
// key logging, exporters, and a TLS 1.0 ClientHello.
#include <gtest/gtest.h>

#include <regex>

#include "conn_pair.h"
#include "flight_edit.h"
#include "session/server_session_store.h"
#include "session/ticket_keys.h"
#include "wire/msg_client_hello.h"
#include "wire/msg_server_hello.h"

namespace tlskit::tls12test {
namespace {

constexpr auto V12 = ProtocolVersion::tls1_2;
constexpr auto V13 = ProtocolVersion::tls1_3;

struct Case {
  CipherSuite suite;
  NamedGroup group;
  Key key;
};

std::vector<Case> cases() {
  std::vector<Case> out;
  for (NamedGroup g : {NamedGroup::x25519, NamedGroup::secp256r1, NamedGroup::secp384r1}) {
    for (CipherSuite s : {CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                          CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
                          CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256})
      out.push_back({s, g, Key::p256});
    for (CipherSuite s : {CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
                          CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
                          CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256})
      out.push_back({s, g, Key::rsa});
  }
  return out;
}

std::string name_of(const ::testing::TestParamInfo<Case>& i) {
  std::string s = cipher_suite_openssl_name(i.param.suite) + "_" + group_name(i.param.group);
  for (char& c : s)
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  return s;
}

class Tls12ConnMatrix : public ::testing::TestWithParam<Case> {};

// A TLS 1.3-capable client (default config) against a TLS 1.2-only server limited to one
// suite and one group: the realistic way TLS 1.2 is reached, with no downgrade sentinel.
TEST_P(Tls12ConnMatrix, HandshakeDataAndKeyLog) {
  const Case& c = GetParam();
  Env env;
  std::vector<std::string> clog, slog;
  auto cc = env.client();
  cc->key_log = [&](std::string_view l) { clog.emplace_back(l); };
  auto sc = env.server(V12, V12, {c.key});
  sc->cipher_suites = {c.suite};
  sc->groups = {c.group};
  sc->key_log = [&](std::string_view l) { slog.emplace_back(l); };
  ConnPair p = connect(cc, sc);
  ASSERT_TRUE(p.complete()) << "client: " << err(p.client_error) << "\nserver: " << err(p.server_error);
  const auto& ci = p.client->info();
  EXPECT_EQ(ci.version, V12);
  EXPECT_EQ(ci.cipher_suite, c.suite);
  EXPECT_EQ(ci.group, c.group);
  EXPECT_EQ(p.server->info().group, c.group);
  EXPECT_TRUE(ci.extended_master_secret);
  EXPECT_TRUE(ci.peer_verified);
  EXPECT_FALSE(ci.resumed);
  EXPECT_TRUE(p.exchange(40000));
  ASSERT_EQ(clog.size(), 1u);
  EXPECT_EQ(clog, slog);
  EXPECT_TRUE(std::regex_match(clog[0], std::regex("CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}")));
  // RFC 5705 exporters agree on both sides.
  auto ce = p.client->export_keying_material("EXPERIMENTAL tlskit", {}, 32);
  auto se = p.server->export_keying_material("EXPERIMENTAL tlskit", {}, 32);
  ASSERT_TRUE(ce.ok() && se.ok());
  EXPECT_EQ(*ce, *se);
}

INSTANTIATE_TEST_SUITE_P(All, Tls12ConnMatrix, ::testing::ValuesIn(cases()), name_of);

// ---- Negotiation grid ----------------------------------------------------------------------

struct Range {
  ProtocolVersion min, max;
  const char* name;
};
const Range kRanges[] = {{V12, V12, "1.2"}, {V13, V13, "1.3"}, {V12, V13, "both"}};

TEST(Tls12Negotiation, Grid) {
  for (const Range& c : kRanges) {
    for (const Range& s : kRanges) {
      SCOPED_TRACE(std::string("client ") + c.name + ", server " + s.name);
      Env env;
      ConnPair p = connect(env.client(c.min, c.max), env.server(s.min, s.max));
      bool none = (c.max == V12 && s.min == V13) || (c.min == V13 && s.max == V12);
      if (none) {
        // The server sees the ClientHello and refuses it with protocol_version; the client
        // receives that alert.
        EXPECT_FALSE(p.complete());
        ASSERT_TRUE(p.server_error.has_value());
        EXPECT_EQ(p.server_error->code, ErrorCode::protocol_version) << p.server_error->to_string();
        EXPECT_EQ(p.server_error->alert, Alert::protocol_version);
        ASSERT_TRUE(p.client_error.has_value());
        EXPECT_EQ(p.client_error->code, ErrorCode::peer_alert);
        EXPECT_EQ(p.client_error->alert, Alert::protocol_version);
        continue;
      }
      ASSERT_TRUE(p.complete()) << err(p.client_error) << " / " << err(p.server_error);
      ProtocolVersion want = (c.max == V13 && s.max == V13) ? V13 : V12;
      EXPECT_EQ(p.client->info().version, want);
      EXPECT_EQ(p.server->info().version, want);
      EXPECT_TRUE(p.exchange());
    }
  }
}

// Removes supported_versions from the ClientHello in flight (an attacker forcing TLS 1.2).
void strip_supported_versions(Bytes& d) {
  auto recs = per_message(d);
  int i = find_message(recs, static_cast<uint8_t>(HandshakeType::client_hello));
  if (i < 0) return;
  Bytes body = body_of(recs[static_cast<size_t>(i)]);
  auto ch = parse_client_hello(body);
  ASSERT_TRUE(ch.ok());
  ch->extensions.remove(ExtensionType::supported_versions);
  Bytes msg;
  ByteWriter w(msg);
  write_client_hello(*ch, w);
  recs[static_cast<size_t>(i)].payload = msg;
  d = join_records(recs);
}

TEST(Tls12Negotiation, DowngradeSentinelStopsAStrippedClientHello) {
  Env env;
  ConnPair p = connect(env.client(), env.server(), strip_supported_versions);
  ASSERT_TRUE(p.client_error.has_value());
  EXPECT_EQ(p.client_error->code, ErrorCode::downgrade_detected) << p.client_error->to_string();
  EXPECT_EQ(p.client_error->alert, Alert::illegal_parameter);
  ASSERT_TRUE(p.server_error.has_value());
  EXPECT_EQ(p.server_error->alert, Alert::illegal_parameter);
  // (Against a server limited to TLS 1.2 there is no sentinel; the altered ClientHello is then
  // caught by the extended master secret and Finished, as any other change in flight.)
  Env env2;
  ConnPair q = connect(env2.client(), env2.server(V12, V12), strip_supported_versions);
  EXPECT_FALSE(q.complete());
  ASSERT_TRUE(q.server_error.has_value());
  EXPECT_EQ(q.server_error->alert, Alert::bad_record_mac) << q.server_error->to_string();
}

TEST(Tls12Negotiation, Tls10ClientHelloIsRefused) {
  Env env;
  auto to_tls10 = [](Bytes& d) {
    auto recs = per_message(d);
    int i = find_message(recs, static_cast<uint8_t>(HandshakeType::client_hello));
    if (i < 0) return;
    Bytes body = body_of(recs[static_cast<size_t>(i)]);
    auto ch = parse_client_hello(body);
    ASSERT_TRUE(ch.ok());
    ch->extensions.remove(ExtensionType::supported_versions);
    ch->legacy_version = 0x0301;
    Bytes msg;
    ByteWriter w(msg);
    write_client_hello(*ch, w);
    recs[static_cast<size_t>(i)].payload = msg;
    recs[static_cast<size_t>(i)].version = 0x0301;
    d = join_records(recs);
  };
  ConnPair p = connect(env.client(), env.server(), to_tls10);
  ASSERT_TRUE(p.server_error.has_value());
  EXPECT_EQ(p.server_error->code, ErrorCode::protocol_version);
  EXPECT_EQ(p.server_error->alert, Alert::protocol_version);
  EXPECT_NE(p.server_error->detail.find("TLS 1.0"), std::string::npos) << p.server_error->detail;
  ASSERT_TRUE(p.client_error.has_value());
  EXPECT_EQ(p.client_error->alert, Alert::protocol_version);
}

// ---- mTLS ----------------------------------------------------------------------------------

TEST(Tls12Connection, MutualTls) {
  Env env;
  auto cc = env.client(V12, V12);
  cc->client_certificate = client_cert(Key::rsa);
  auto sc = env.server();
  sc->client_auth = ClientAuth::require;
  ConnPair p = connect(cc, sc);
  ASSERT_TRUE(p.complete()) << err(p.client_error) << " / " << err(p.server_error);
  EXPECT_EQ(p.server->info().version, V12);
  EXPECT_TRUE(p.client->info().client_cert_sent);
  EXPECT_TRUE(p.server->info().client_cert_sent);
  EXPECT_EQ(p.server->info().peer_chain.size(), 1u);
  EXPECT_TRUE(p.exchange());
}

// ---- Resumption ----------------------------------------------------------------------------

struct Resumption {
  Env env;
  std::shared_ptr<session::TicketKeys> keys;
  std::shared_ptr<session::ServerSessionStore> store;
  std::shared_ptr<Config> server(ProtocolVersion max = V12) {
    auto sc = env.server(V12, max);
    sc->ticket_keys = keys;
    sc->session_cache = store;
    return sc;
  }
};

TEST(Tls12Resume, TicketThroughPem) {
  Resumption r;
  DeterministicRng rng(8);
  r.keys = *session::TicketKeys::create(crypto::default_provider(), rng, kNow);
  ConnPair first = connect(r.env.client(), r.server());
  ASSERT_TRUE(first.complete()) << err(first.client_error) << " / " << err(first.server_error);
  auto s = first.client->session();
  ASSERT_TRUE(s.has_value());
  EXPECT_TRUE(s->has_ticket());
  EXPECT_EQ(s->version(), V12);
  EXPECT_FALSE(first.server->session().has_value());  // servers do not resume as clients
  // --sess-out / --sess-in: through the PEM form.
  auto pem = s->to_pem();
  ASSERT_TRUE(pem.ok());
  auto back = Session::from_pem(*pem);
  ASSERT_TRUE(back.ok());
  auto cc = r.env.client();
  cc->resume_session = std::make_shared<Session>(std::move(*back));
  ConnPair second = connect(cc, r.server());
  ASSERT_TRUE(second.complete()) << err(second.client_error) << " / " << err(second.server_error);
  EXPECT_TRUE(second.client->info().resumed);
  EXPECT_TRUE(second.server->info().resumed);
  EXPECT_EQ(second.client->info().cipher_suite, s->cipher_suite());
  EXPECT_TRUE(second.exchange());
  // And again with the session of the resumed connection.
  auto again = second.client->session();
  ASSERT_TRUE(again.has_value());
  auto cc3 = r.env.client();
  cc3->resume_session = std::make_shared<Session>(*again);
  ConnPair third = connect(cc3, r.server());
  ASSERT_TRUE(third.complete());
  EXPECT_TRUE(third.client->info().resumed);
}

TEST(Tls12Resume, SessionId) {
  Resumption r;
  r.store = std::make_shared<session::ServerSessionStore>(16);
  ConnPair first = connect(r.env.client(), r.server());
  ASSERT_TRUE(first.complete());
  auto s = first.client->session();
  ASSERT_TRUE(s.has_value());
  EXPECT_FALSE(s->has_ticket());
  EXPECT_EQ(s->session_id().size(), 32u);
  auto cc = r.env.client();
  cc->resume_session = std::make_shared<Session>(*s);
  ConnPair second = connect(cc, r.server());
  ASSERT_TRUE(second.complete()) << err(second.client_error) << " / " << err(second.server_error);
  EXPECT_TRUE(second.client->info().resumed);
  EXPECT_TRUE(second.server->info().resumed);
  EXPECT_TRUE(second.exchange());
}

TEST(Tls12Resume, ServerWithoutTheSessionDoesAFullHandshake) {
  Resumption r;
  r.store = std::make_shared<session::ServerSessionStore>(16);
  ConnPair first = connect(r.env.client(), r.server());
  ASSERT_TRUE(first.complete());
  auto s = first.client->session();
  ASSERT_TRUE(s.has_value());
  r.store = std::make_shared<session::ServerSessionStore>(16);  // the server restarted
  auto cc = r.env.client();
  cc->resume_session = std::make_shared<Session>(*s);
  ConnPair second = connect(cc, r.server());
  ASSERT_TRUE(second.complete()) << err(second.client_error) << " / " << err(second.server_error);
  EXPECT_FALSE(second.client->info().resumed);
  EXPECT_TRUE(second.exchange());
}

TEST(Tls12Resume, Tls12SessionOfferedToATls13Server) {
  Resumption r;
  r.store = std::make_shared<session::ServerSessionStore>(16);
  DeterministicRng rng(9);
  r.keys = *session::TicketKeys::create(crypto::default_provider(), rng, kNow);
  ConnPair first = connect(r.env.client(), r.server(V12));
  ASSERT_TRUE(first.complete());
  auto s = first.client->session();
  ASSERT_TRUE(s.has_value());
  auto cc = r.env.client();
  cc->resume_session = std::make_shared<Session>(*s);
  // The server now speaks TLS 1.3: a full TLS 1.3 handshake, the TLS 1.2 session ignored.
  ConnPair second = connect(cc, r.server(V13));
  ASSERT_TRUE(second.complete()) << err(second.client_error) << " / " << err(second.server_error);
  EXPECT_EQ(second.client->info().version, V13);
  EXPECT_FALSE(second.client->info().resumed);
}

// ---- Alerts --------------------------------------------------------------------------------

TEST(Tls12Connection, NoCommonSuiteIsHandshakeFailureWithDetail) {
  Env env;
  auto cc = env.client(V12, V12);
  cc->cipher_suites = {CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256};
  ConnPair p = connect(cc, env.server(V12, V13, {Key::p256}));
  ASSERT_TRUE(p.server_error.has_value());
  EXPECT_EQ(p.server_error->code, ErrorCode::no_common_cipher);
  EXPECT_NE(p.server_error->detail.find("RSA certificate"), std::string::npos);
  ASSERT_TRUE(p.client_error.has_value());
  EXPECT_EQ(p.client_error->alert, Alert::handshake_failure);
}

// RFC 5246 §7.4.1.4.1: a (hash, ecdsa) pair does not bind the curve, so a P-256 key signs
// the ServerKeyExchange with SHA-384 or SHA-512 when that is all the client offers (tlsfuzzer
// ecdsa-sig-flexibility). TLS 1.3 binds the curve (RFC 8446 §4.2.3), so the same offer there
// is refused.
TEST(Tls12Connection, EcdsaHashIsNotBoundToTheCurve) {
  for (SignatureScheme s :
       {SignatureScheme::ecdsa_secp384r1_sha384, SignatureScheme::ecdsa_secp521r1_sha512}) {
    Env env;
    auto cc = env.client(V12, V12);
    cc->signature_schemes = {s};
    ConnPair p = connect(cc, env.server(V12, V13, {Key::p256}));
    ASSERT_TRUE(p.complete()) << err(p.client_error) << " / " << err(p.server_error);
    EXPECT_EQ(p.client->info().peer_signature_scheme, s);
    EXPECT_TRUE(p.exchange());
  }
  Env env;
  auto cc = env.client(V13, V13);
  cc->signature_schemes = {SignatureScheme::ecdsa_secp384r1_sha384};
  ConnPair p = connect(cc, env.server(V12, V13, {Key::p256}));
  ASSERT_TRUE(p.server_error.has_value());
  EXPECT_EQ(p.server_error->code, ErrorCode::no_common_signature);
}

TEST(Tls12Connection, ExporterRefusesReservedLabels) {
  Env env;
  ConnPair p = connect(env.client(V12, V12), env.server());
  ASSERT_TRUE(p.complete());
  EXPECT_FALSE(p.client->export_keying_material("key expansion", {}, 16).ok());
  auto a = p.client->export_keying_material("EXPORTER-a", {}, 16);
  auto b = p.client->export_keying_material("EXPORTER-b", {}, 16);
  auto ctx = p.client->export_keying_material("EXPORTER-a", Bytes{1, 2}, 16);
  ASSERT_TRUE(a.ok() && b.ok() && ctx.ok());
  EXPECT_NE(*a, *b);
  EXPECT_NE(*a, *ctx);
}

}  // namespace
}  // namespace tlskit::tls12test
