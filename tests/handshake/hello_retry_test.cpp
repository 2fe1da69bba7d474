// HelloRetryRequest both ways (RFC 8446 §4.1.4, §4.1.2): the real exchange, the client's
// checks on a crafted HRR / ServerHello, and the server's checks on a modified ClientHello2.
#include <gtest/gtest.h>

#include <algorithm>

#include "codec/byte_writer.h"
#include "harness.h"
#include "wire/ext_cookie.h"
#include "wire/ext_key_share.h"
#include "wire/ext_supported_versions.h"
#include "wire/msg_client_hello.h"
#include "wire/msg_server_hello.h"

namespace tlskit::test {
namespace {

// Client shares x25519 only; the server accepts only secp384r1.
TEST(HelloRetry, ServerAsksForTheGroupTheClientSupportsButDidNotShare) {
  World w;
  auto cc = w.client_config();
  cc->groups = {NamedGroup::x25519, NamedGroup::secp384r1};
  cc->key_share_count = 1;
  cc->record_events = true;
  auto sc = w.server_config({LeafKind::ecdsa_p256});
  sc->groups = {NamedGroup::secp384r1};
  Pair p = handshake(cc, sc);
  ASSERT_FALSE(p.client_error) << err_text(p.client_error);
  ASSERT_FALSE(p.server_error) << err_text(p.server_error);
  ASSERT_TRUE(p.client->handshake_complete());
  ASSERT_TRUE(p.server->handshake_complete());
  for (auto* c : {p.client.get(), p.server.get()}) {
    EXPECT_TRUE(c->info().hello_retry);
    EXPECT_EQ(c->info().hello_retry_group, NamedGroup::secp384r1);
    EXPECT_EQ(c->info().group, NamedGroup::secp384r1);
  }
  // The client sent: ClientHello, CCS (compat, before ClientHello2), ClientHello2 with the
  // server's cookie and one secp384r1 share, then its Finished.
  std::vector<Event> sent;
  while (auto e = p.client->next_event())
    if (e->direction == Direction::sent) sent.push_back(std::move(*e));
  ASSERT_GE(sent.size(), 4u);
  EXPECT_EQ(sent[0].handshake_type, HandshakeType::client_hello);
  EXPECT_EQ(sent[0].record_version, static_cast<ProtocolVersion>(0x0301));
  EXPECT_EQ(sent[1].kind, EventKind::change_cipher_spec);
  EXPECT_EQ(sent[2].handshake_type, HandshakeType::client_hello);
  auto ch2 = parse_client_hello(ByteView(sent[2].message).subspan(4));
  ASSERT_TRUE(ch2);
  EXPECT_TRUE(ch2->extensions.contains(ExtensionType::cookie));
  auto ks = parse_key_share_client(ch2->extensions.find(ExtensionType::key_share)->body());
  ASSERT_TRUE(ks);
  ASSERT_EQ(ks->shares.size(), 1u);
  EXPECT_EQ(ks->shares[0].group, NamedGroup::secp384r1);
  auto ch1 = parse_client_hello(ByteView(sent[0].message).subspan(4));
  ASSERT_TRUE(ch1);
  EXPECT_EQ(ch1->random, ch2->random);
}

TEST(HelloRetry, NoCommonGroupIsHandshakeFailure) {
  World w;
  auto cc = w.client_config();
  cc->groups = {NamedGroup::x25519};
  auto sc = w.server_config({LeafKind::ecdsa_p256});
  sc->groups = {NamedGroup::secp384r1};
  Pair p = handshake(cc, sc);
  ASSERT_TRUE(p.server_error);
  EXPECT_EQ(p.server_error->code, ErrorCode::no_common_group);
  EXPECT_EQ(p.server_error->alert, Alert::handshake_failure);
  EXPECT_EQ(p.server_error->step, Step::client_hello);
  ASSERT_TRUE(p.client_error);
  EXPECT_EQ(p.client_error->code, ErrorCode::peer_alert);
  EXPECT_EQ(p.client_error->alert, Alert::handshake_failure);
  EXPECT_EQ(p.client_error->step, Step::server_hello);
  EXPECT_EQ(p.client->info().alert_received, Alert::handshake_failure);
  EXPECT_EQ(p.client->info().alert_received_step, Step::server_hello);
  EXPECT_EQ(p.server->info().alert_sent, Alert::handshake_failure);
}

// ---- The client's checks, with a scripted server ------------------------------------------

struct ScriptedClient {
  World w;
  std::unique_ptr<Connection> client;
  Bytes ch_bytes;  // the ClientHello message
  ClientHello ch;

  explicit ScriptedClient(std::vector<NamedGroup> groups = {NamedGroup::x25519,
                                                            NamedGroup::secp384r1}) {
    auto cc = w.client_config();
    cc->groups = std::move(groups);
    auto c = Connection::client(cc);
    EXPECT_TRUE(c);
    client = std::move(*c);
    auto recs = split_records(take_output(*client));
    EXPECT_EQ(recs.size(), 1u);
    ch_bytes = recs.at(0).payload;
    auto parsed = parse_client_hello(ByteView(ch_bytes).subspan(4));
    EXPECT_TRUE(parsed);
    ch = std::move(*parsed);
  }
  Result<void> feed(ByteView b) { return client->feed(b); }
};

Bytes hello_record(const ServerHello& sh) {
  Bytes msg;
  ByteWriter w(msg);
  write_server_hello(sh, w);
  return record_bytes(ContentType::handshake, msg);
}

ServerHello make_hrr(const ClientHello& ch, CipherSuite suite, std::optional<NamedGroup> group,
                     std::optional<Bytes> cookie, bool with_versions = true) {
  ServerHello hrr;
  hrr.random = kHelloRetryRequestRandom;
  hrr.legacy_session_id_echo = ch.legacy_session_id;
  hrr.cipher_suite = suite;
  if (with_versions) hrr.extensions.add(to_extension(SupportedVersionsServer{ProtocolVersion::tls1_3}));
  if (group) hrr.extensions.add(to_extension(KeyShareHelloRetryRequest{*group}));
  if (cookie) hrr.extensions.add(to_extension(Cookie{*cookie}));
  return hrr;
}

void expect_error(const Result<void>& r, ErrorCode code, Alert alert, Step step) {
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, code) << r.error().to_string();
  EXPECT_EQ(r.error().alert, alert) << r.error().to_string();
  EXPECT_EQ(r.error().step, step) << r.error().to_string();
}

TEST(HelloRetryClientChecks, GroupAlreadySharedIsIllegal) {
  ScriptedClient s;
  auto r = s.feed(hello_record(make_hrr(s.ch, CipherSuite::TLS_AES_128_GCM_SHA256,
                                        NamedGroup::x25519, std::nullopt)));
  expect_error(r, ErrorCode::illegal_parameter, Alert::illegal_parameter, Step::hello_retry_request);
  // The alert is queued, unencrypted (no keys yet): 15 03 03 00 02 02 2f.
  Bytes alert = take_output(*s.client);
  EXPECT_EQ(alert, (Bytes{0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 47}));
  // Sticky: later calls return the same error.
  auto again = s.feed(Bytes{0x16});
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().detail, r.error().detail);
  EXPECT_FALSE(s.client->write(as_bytes("x")));
}

TEST(HelloRetryClientChecks, GroupNotOfferedIsIllegal) {
  ScriptedClient s;
  auto r = s.feed(hello_record(make_hrr(s.ch, CipherSuite::TLS_AES_128_GCM_SHA256,
                                        NamedGroup::secp256r1, std::nullopt)));
  expect_error(r, ErrorCode::illegal_parameter, Alert::illegal_parameter, Step::hello_retry_request);
}

TEST(HelloRetryClientChecks, NoChangeIsIllegal) {
  ScriptedClient s;
  auto r = s.feed(hello_record(
      make_hrr(s.ch, CipherSuite::TLS_AES_128_GCM_SHA256, std::nullopt, std::nullopt)));
  expect_error(r, ErrorCode::illegal_parameter, Alert::illegal_parameter, Step::hello_retry_request);
}

TEST(HelloRetryClientChecks, SuiteNotOfferedIsIllegal) {
  ScriptedClient s;
  auto r = s.feed(hello_record(make_hrr(s.ch, CipherSuite::TLS_AES_128_CCM_8_SHA256,
                                        NamedGroup::secp384r1, std::nullopt)));
  expect_error(r, ErrorCode::illegal_parameter, Alert::illegal_parameter, Step::hello_retry_request);
}

TEST(HelloRetryClientChecks, MissingSupportedVersionsIsMissingExtension) {
  ScriptedClient s;
  auto r = s.feed(hello_record(make_hrr(s.ch, CipherSuite::TLS_AES_128_GCM_SHA256,
                                        NamedGroup::secp384r1, std::nullopt, false)));
  expect_error(r, ErrorCode::missing_extension, Alert::missing_extension, Step::hello_retry_request);
}

TEST(HelloRetryClientChecks, SecondHelloRetryRequestIsUnexpected) {
  ScriptedClient s;
  Bytes cookie = {1, 2, 3, 4};
  ASSERT_TRUE(s.feed(hello_record(
      make_hrr(s.ch, CipherSuite::TLS_AES_128_GCM_SHA256, NamedGroup::secp384r1, cookie))));
  // The client answered with CCS + ClientHello2 carrying the cookie and a P-384 share.
  auto recs = split_records(take_output(*s.client));
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[0].type, ContentType::change_cipher_spec);
  auto ch2 = parse_client_hello(ByteView(recs[1].payload).subspan(4));
  ASSERT_TRUE(ch2);
  auto ck = parse_cookie(ch2->extensions.find(ExtensionType::cookie)->body());
  ASSERT_TRUE(ck);
  EXPECT_EQ(ck->cookie, cookie);
  EXPECT_EQ(ch2->random, s.ch.random);
  auto r = s.feed(hello_record(
      make_hrr(s.ch, CipherSuite::TLS_AES_128_GCM_SHA256, std::nullopt, Bytes{9})));
  expect_error(r, ErrorCode::unexpected_message, Alert::unexpected_message,
               Step::hello_retry_request);
}

TEST(HelloRetryClientChecks, ServerHelloMustKeepTheRetrySuite) {
  ScriptedClient s;
  ASSERT_TRUE(s.feed(hello_record(make_hrr(s.ch, CipherSuite::TLS_AES_128_GCM_SHA256,
                                           NamedGroup::secp384r1, std::nullopt))));
  take_output(*s.client);
  ServerHello sh;
  sh.random[0] = 1;
  sh.legacy_session_id_echo = s.ch.legacy_session_id;
  sh.cipher_suite = CipherSuite::TLS_AES_256_GCM_SHA384;
  sh.extensions.add(to_extension(SupportedVersionsServer{ProtocolVersion::tls1_3}));
  sh.extensions.add(to_extension(KeyShareServer{{NamedGroup::secp384r1, Bytes(97, 4)}}));
  auto r = s.feed(hello_record(sh));
  expect_error(r, ErrorCode::illegal_parameter, Alert::illegal_parameter, Step::server_hello);
}

TEST(HelloRetryClientChecks, ServerHelloMustUseTheRetryGroup) {
  ScriptedClient s({NamedGroup::x25519, NamedGroup::secp256r1, NamedGroup::secp384r1});
  ASSERT_TRUE(s.feed(hello_record(make_hrr(s.ch, CipherSuite::TLS_AES_128_GCM_SHA256,
                                           NamedGroup::secp384r1, std::nullopt))));
  take_output(*s.client);
  ServerHello sh;
  sh.random[0] = 1;
  sh.legacy_session_id_echo = s.ch.legacy_session_id;
  sh.cipher_suite = CipherSuite::TLS_AES_128_GCM_SHA256;
  sh.extensions.add(to_extension(SupportedVersionsServer{ProtocolVersion::tls1_3}));
  sh.extensions.add(to_extension(KeyShareServer{{NamedGroup::x25519, Bytes(32, 9)}}));
  auto r = s.feed(hello_record(sh));
  expect_error(r, ErrorCode::illegal_parameter, Alert::illegal_parameter, Step::server_hello);
}

// ---- The server's checks on ClientHello2 ----------------------------------------------------

// Runs client -> server (HRR) -> client, then hands the client's second flight to edit
// before the server sees it. Returns the server's error, if any.
std::optional<Error> retry_with_edit(const std::function<void(ClientHello&)>& edit) {
  World w;
  auto cc = w.client_config();
  cc->groups = {NamedGroup::x25519, NamedGroup::secp384r1};
  auto sc = w.server_config({LeafKind::ecdsa_p256});
  sc->groups = {NamedGroup::secp384r1};
  Pair p = make_conns(cc, sc);
  transfer(*p.client, *p.server, p.server_error);  // ClientHello1
  transfer(*p.server, *p.client, p.client_error);  // HRR + CCS
  EXPECT_FALSE(p.client_error) << err_text(p.client_error);
  EXPECT_TRUE(p.server->info().hello_retry);
  auto mutate = [&](Bytes& flight) {
    auto recs = split_records(flight);
    for (auto& r : recs) {
      if (r.type != ContentType::handshake) continue;
      Bytes body(r.payload.begin() + 4, r.payload.end());
      auto ch = parse_client_hello(body);
      ASSERT_TRUE(ch);
      ClientHello edited = *ch;
      edit(edited);
      Bytes msg;
      ByteWriter wr(msg);
      write_client_hello(edited, wr);
      r.payload = msg;
    }
    flight = join_records(recs);
  };
  transfer(*p.client, *p.server, p.server_error, SIZE_MAX, mutate);
  return p.server_error;
}

TEST(HelloRetryServerChecks, UnchangedSecondClientHelloIsAccepted) {
  auto e = retry_with_edit([](ClientHello&) {});
  EXPECT_FALSE(e) << err_text(e);
}

TEST(HelloRetryServerChecks, ChangedRandomIsIllegal) {
  auto e = retry_with_edit([](ClientHello& ch) { ch.random[5] ^= 1; });
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, ErrorCode::illegal_parameter);
  EXPECT_EQ(e->alert, Alert::illegal_parameter);
  EXPECT_EQ(e->step, Step::client_hello);
}

TEST(HelloRetryServerChecks, ChangedCipherSuitesAreIllegal) {
  auto e = retry_with_edit([](ClientHello& ch) { ch.cipher_suites.pop_back(); });
  ASSERT_TRUE(e);
  EXPECT_EQ(e->alert, Alert::illegal_parameter);
}

TEST(HelloRetryServerChecks, DroppedExtensionIsIllegal) {
  auto e = retry_with_edit([](ClientHello& ch) { ch.extensions.remove(ExtensionType::status_request); });
  ASSERT_TRUE(e);
  EXPECT_EQ(e->alert, Alert::illegal_parameter);
}

TEST(HelloRetryServerChecks, ReorderedExtensionsAreIllegal) {
  // "Without modification" (RFC 8446 §4.1.2) includes the order of the extensions that stay.
  auto e = retry_with_edit([](ClientHello& ch) {
    auto& items = ch.extensions.items;
    auto first = std::find_if(items.begin(), items.end(), [](const Extension& x) {
      return x.type == ExtensionType::signature_algorithms;
    });
    auto second = std::find_if(items.begin(), items.end(), [](const Extension& x) {
      return x.type == ExtensionType::supported_groups;
    });
    ASSERT_TRUE(first != items.end() && second != items.end());
    std::iter_swap(first, second);
  });
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, ErrorCode::illegal_parameter);
  EXPECT_EQ(e->alert, Alert::illegal_parameter);
  EXPECT_NE(e->detail.find("order"), std::string::npos) << e->detail;
}

TEST(HelloRetryServerChecks, AddedPaddingIsAccepted) {
  // padding may change (appear) in the second ClientHello without breaking the order check.
  auto e = retry_with_edit([](ClientHello& ch) {
    Extension pad;
    pad.type = ExtensionType::padding;
    pad.owned = Bytes(10, 0);
    ch.extensions.items.insert(ch.extensions.items.begin(), pad);
  });
  EXPECT_FALSE(e) << err_text(e);
}

TEST(HelloRetryServerChecks, MissingCookieIsMissingExtension) {
  auto e = retry_with_edit([](ClientHello& ch) { ch.extensions.remove(ExtensionType::cookie); });
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, ErrorCode::missing_extension);
  EXPECT_EQ(e->alert, Alert::missing_extension);
}

TEST(HelloRetryServerChecks, WrongCookieIsIllegal) {
  auto e = retry_with_edit([](ClientHello& ch) {
    for (auto& x : ch.extensions.items)
      if (x.type == ExtensionType::cookie) x.owned = Bytes{0, 3, 1, 2, 3};
  });
  ASSERT_TRUE(e);
  EXPECT_EQ(e->alert, Alert::illegal_parameter);
}

TEST(HelloRetryServerChecks, ShareForAnotherGroupIsIllegal) {
  auto e = retry_with_edit([](ClientHello& ch) {
    for (auto& x : ch.extensions.items)
      if (x.type == ExtensionType::key_share)
        x = to_extension(KeyShareClient{{KeyShareEntry{NamedGroup::x25519, Bytes(32, 7)}}});
  });
  ASSERT_TRUE(e);
  EXPECT_EQ(e->alert, Alert::illegal_parameter);
}

}  // namespace
}  // namespace tlskit::test
