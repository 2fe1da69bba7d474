// Bad input: truncated, oversized, reordered and corrupted records and messages, each with
// the error code, alert and step it must produce (RFC 8446 §5, §6, §4).
#include <gtest/gtest.h>

#include <functional>

#include "codec/byte_writer.h"
#include "harness.h"
#include "mitm.h"
#include "wire/ext_alpn.h"
#include "wire/ext_key_share.h"
#include "wire/ext_supported_groups.h"
#include "wire/ext_supported_versions.h"
#include "wire/msg_certificate.h"
#include "wire/msg_client_hello.h"
#include "wire/msg_encrypted_extensions.h"
#include "wire/msg_server_hello.h"

namespace tlskit::test {
namespace {

struct Expect {
  ErrorCode code;
  Alert alert;
  Step step;
};

void check(const std::optional<Error>& e, Expect x) {
  ASSERT_TRUE(e) << "expected " << error_code_name(x.code);
  EXPECT_EQ(e->code, x.code) << e->to_string();
  EXPECT_EQ(e->alert, x.alert) << e->to_string();
  EXPECT_EQ(e->step, x.step) << e->to_string();
  EXPECT_FALSE(e->detail.empty());
}

void check(const Result<void>& r, Expect x) {
  check(r ? std::optional<Error>() : std::optional<Error>(r.error()), x);
}

// A fresh server (accepting TLS 1.2 too when `min` says so) fed `bytes`; also checks the error
// is sticky and the alert is queued.
std::optional<Error> server_fed(const Bytes& bytes,
                                ProtocolVersion min = ProtocolVersion::tls1_3) {
  World w;
  auto sc = w.server_config();
  sc->min_version = min;
  auto s = Connection::server(sc);
  EXPECT_TRUE(s);
  auto r = (*s)->feed(bytes);
  if (r) return std::nullopt;
  Error e = r.error();
  auto again = (*s)->feed(Bytes{1, 2, 3});
  EXPECT_FALSE(again);
  if (!again) {
    EXPECT_EQ(again.error().to_string(), e.to_string());
  }
  Bytes out = take_output(**s);
  if (e.alert != Alert::none) {
    EXPECT_EQ(out, (Bytes{21, 3, 3, 0, 2, 2, static_cast<uint8_t>(e.alert)}));
  } else {
    EXPECT_TRUE(out.empty());
  }
  return e;
}

// ---- Server side: plaintext records and messages -----------------------------------------

TEST(BadInput, OversizedPlaintextRecordIsRecordOverflow) {
  Bytes rec = record_bytes(ContentType::handshake, Bytes(16385, 1));
  check(server_fed(rec), {ErrorCode::record_overflow, Alert::record_overflow, Step::record_layer});
}

TEST(BadInput, OversizedHandshakeMessageIsRefused) {
  // 1 MiB is more than a ClientHello's syntax allows (131,396 bytes): decode_error
  // (RFC 8446 §6.2), from the header alone.
  Bytes rec = record_bytes(ContentType::handshake, Bytes{1, 0x10, 0, 0, 3, 3});
  auto e = server_fed(rec);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->alert, Alert::decode_error) << e->to_string();
  EXPECT_EQ(e->step, Step::client_hello);
  EXPECT_NE(e->detail.find("131396"), std::string::npos) << e->detail;
}

// The largest syntactically valid ClientHello (131,396 bytes: 32,767 cipher suites, 255
// compression methods, 65,535 bytes of extensions) is served (tlsfuzzer client-hello-max-size).
// As tlsfuzzer builds it, the ClientHello is a TLS 1.2 one (no supported_versions), since
// TLS 1.3 allows only the null compression method.
TEST(BadInput, LargestPossibleClientHelloIsServed) {
  size_t size = 0;
  const Bytes session_id(32, 0x11);
  Bytes compression;
  for (int i = 0; i < 255; ++i) compression.push_back(static_cast<uint8_t>(i));
  World w;
  auto cc = w.client_config();
  cc->min_version = ProtocolVersion::tls1_2;  // TLS 1.2 suites in the offer
  Bytes rec = edited_client_hello_record([&](ClientHello& ch) {
    ch.extensions.remove(ExtensionType::supported_versions);
    ch.legacy_session_id = session_id;
    while (ch.cipher_suites.size() < 32767) ch.cipher_suites.push_back(static_cast<CipherSuite>(0x0a0a));
    ch.legacy_compression_methods = compression;
    ch.extensions.remove(ExtensionType::padding);
    Bytes ext;
    ByteWriter ew(ext);
    write_extension_block(ch.extensions, ew);
    Extension pad;
    pad.type = ExtensionType::padding;
    pad.owned = Bytes(65537 - ext.size() - 4, 0);  // extensions<..2^16-1> filled exactly
    ch.extensions.items.push_back(pad);
    Bytes msg;
    ByteWriter m(msg);
    write_client_hello(ch, m);
    size = msg.size() - 4;
  }, cc);
  EXPECT_EQ(size, 131396u);
  auto e = server_fed(rec, ProtocolVersion::tls1_2);
  EXPECT_FALSE(e) << err_text(e);
}

// RFC 8446 §4.2.7: obsolete groups "MUST NOT be offered or negotiated by TLS 1.3
// implementations": a key share for one is illegal; listing one in supported_groups is
// illegal when the client offers TLS 1.3 alone, and ignored when it offers TLS 1.2 too.
TEST(BadInput, ObsoleteGroupsInATls13ClientHello) {
  const auto secp224r1 = static_cast<NamedGroup>(0x0015);
  const auto explicit_prime = static_cast<NamedGroup>(0xFF01);
  auto with = [](std::vector<ProtocolVersion> versions, std::vector<NamedGroup> groups,
                 bool obsolete_share) {
    return edited_client_hello_record([=](ClientHello& ch) {
      for (auto& x : ch.extensions.items) {
        if (x.type == ExtensionType::supported_versions)
          x = to_extension(SupportedVersionsClient{versions});
        if (x.type == ExtensionType::supported_groups) {
          auto offered = parse_supported_groups(x.body(), Step::client_hello);
          ASSERT_TRUE(offered.ok());
          offered->groups.insert(offered->groups.begin(), groups.front());
          x = to_extension(*offered);
        }
        if (x.type == ExtensionType::key_share && obsolete_share) {
          auto shares = parse_key_share_client(x.body(), Step::client_hello);
          ASSERT_TRUE(shares.ok());
          shares->shares.push_back(KeyShareEntry{groups.front(), Bytes(32, 0xab)});
          x = to_extension(*shares);
        }
      }
    });
  };
  const std::vector<ProtocolVersion> only13 = {ProtocolVersion::tls1_3};
  const std::vector<ProtocolVersion> both = {ProtocolVersion::tls1_3, ProtocolVersion::tls1_2};
  for (NamedGroup g : {secp224r1, explicit_prime}) {
    auto e = server_fed(with(only13, {g}, false));
    check(e, {ErrorCode::illegal_parameter, Alert::illegal_parameter, Step::client_hello});
    EXPECT_NE(e->detail.find("obsolete"), std::string::npos) << e->detail;
    check(server_fed(with(both, {g}, true)),
          {ErrorCode::illegal_parameter, Alert::illegal_parameter, Step::client_hello});
    EXPECT_FALSE(server_fed(with(both, {g}, false)))
        << "listed for TLS 1.2 next to TLS 1.3 is fine";
  }
}

TEST(BadInput, TruncatedClientHelloThenAlertIsUnexpected) {
  Bytes ch = client_hello_record();
  Bytes cut(ch.begin(), ch.begin() + 60);
  cut[3] = 0;
  cut[4] = 55;  // the record ends early; the message inside is incomplete
  Bytes alert = record_bytes(ContentType::alert, Bytes{2, 40});
  cut.insert(cut.end(), alert.begin(), alert.end());
  check(server_fed(cut), {ErrorCode::unexpected_message, Alert::unexpected_message, Step::record_layer});
}

TEST(BadInput, TruncatedClientHelloThenEofIsPeerClosed) {
  World w;
  auto s = Connection::server(w.server_config());
  ASSERT_TRUE(s);
  Bytes ch = client_hello_record();
  ASSERT_TRUE((*s)->feed(ByteView(ch).first(ch.size() - 10)));
  auto r = (*s)->feed_eof();
  check(r, {ErrorCode::peer_closed, Alert::none, Step::client_hello});
}

TEST(BadInput, CorruptedClientHelloLengthIsDecodeError) {
  Bytes ch = client_hello_record();
  // Record header (5) + handshake header (4) + version (2) + random (32): session id length.
  ch[5 + 4 + 2 + 32] = 33;
  check(server_fed(ch), {ErrorCode::decode_error, Alert::decode_error, Step::client_hello});
}

TEST(BadInput, FinishedBeforeClientHelloIsUnexpected) {
  Bytes rec = record_bytes(ContentType::handshake, Bytes{20, 0, 0, 32, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                                         0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                                         0, 0, 0, 0, 0, 0, 0, 0});
  check(server_fed(rec), {ErrorCode::unexpected_message, Alert::unexpected_message, Step::client_hello});
}

TEST(BadInput, ApplicationDataBeforeTheHandshakeIsUnexpected) {
  Bytes rec = record_bytes(ContentType::application_data, Bytes{1, 2, 3});
  check(server_fed(rec), {ErrorCode::unexpected_message, Alert::unexpected_message, Step::client_hello});
}

TEST(BadInput, HttpRequestIsNotTls) {
  Bytes http(as_bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n").begin(),
             as_bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n").end());
  // RFC 8446 §5: no record of a known content type → unexpected_message (the code says why).
  check(server_fed(http), {ErrorCode::not_tls, Alert::unexpected_message, Step::record_layer});
}

TEST(BadInput, DataAfterClientHelloInTheSameRecordIsUnexpected) {
  // RFC 8446 §5.1: the ClientHello must end its record before the server's key change.
  Bytes ch = client_hello_record();
  auto recs = split_records(ch);
  recs[0].payload.insert(recs[0].payload.end(), {20, 0, 0, 32});
  check(server_fed(join_records(recs)),
        {ErrorCode::unexpected_message, Alert::unexpected_message, Step::client_hello});
}

TEST(BadInput, ClientHelloWithoutKeyShareIsMissingExtension) {
  Bytes ch = client_hello_record();
  auto recs = split_records(ch);
  Bytes body(recs[0].payload.begin() + 4, recs[0].payload.end());
  auto parsed = parse_client_hello(body);
  ASSERT_TRUE(parsed);
  parsed->extensions.remove(ExtensionType::key_share);
  Bytes msg;
  ByteWriter w(msg);
  write_client_hello(*parsed, w);
  check(server_fed(record_bytes(ContentType::handshake, msg)),
        {ErrorCode::missing_extension, Alert::missing_extension, Step::client_hello});
}

TEST(BadInput, InvalidClientKeyShareIsIllegalParameter) {
  Bytes rec = edited_client_hello_record([](ClientHello& ch) {
    for (auto& x : ch.extensions.items)
      if (x.type == ExtensionType::key_share)
        x = to_extension(KeyShareClient{{KeyShareEntry{NamedGroup::x25519, Bytes(32, 0)}}});
  });
  check(server_fed(rec),
        {ErrorCode::illegal_parameter, Alert::illegal_parameter, Step::client_hello});
}

TEST(BadInput, Tls12OnlyClientIsProtocolVersion) {
  Bytes rec = edited_client_hello_record(
      [](ClientHello& ch) { ch.extensions.remove(ExtensionType::supported_versions); });
  check(server_fed(rec), {ErrorCode::protocol_version, Alert::protocol_version, Step::client_hello});
}

TEST(BadInput, Ssl3LegacyVersionIsProtocolVersion) {
  // RFC 8446 §D.5: legacy_version 0x0300 or less → protocol_version, even with
  // supported_versions offering TLS 1.3.
  for (uint16_t v : {uint16_t{0x0300}, uint16_t{0x0200}, uint16_t{0x0000}}) {
    Bytes rec = edited_client_hello_record([v](ClientHello& ch) { ch.legacy_version = v; });
    check(server_fed(rec), {ErrorCode::protocol_version, Alert::protocol_version, Step::client_hello});
  }
}

TEST(BadInput, SecondCompatibilityCcsIsUnexpected) {
  // RFC 8446 §D.4: a client sends at most one compatibility CCS; one is dropped, a second is
  // unexpected_message.
  Bytes in = client_hello_record();
  const Bytes ccs = record_bytes(ContentType::change_cipher_spec, Bytes{1});
  World w;
  auto s = Connection::server(w.server_config());
  ASSERT_TRUE(s);
  ASSERT_TRUE((*s)->feed(in));
  ASSERT_TRUE((*s)->feed(ccs)) << "the first CCS is dropped";
  auto r = (*s)->feed(ccs);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::unexpected_message);
  EXPECT_EQ(r.error().alert, Alert::unexpected_message);
  EXPECT_NE(r.error().detail.find("second ChangeCipherSpec"), std::string::npos);
}

TEST(BadInput, PlaintextAlertAfterServerHelloIsTheClientsAlert) {
  // A client that cannot use our ServerHello has no handshake keys and sends its alert in
  // the clear: the server reports that alert (not unexpected_message) and sends none back.
  World w;
  auto s = Connection::server(w.server_config());
  ASSERT_TRUE(s);
  ASSERT_TRUE((*s)->feed(client_hello_record()));
  (void)take_output(**s);  // the server's flight
  auto r = (*s)->feed(Bytes{21, 3, 3, 0, 2, 2, static_cast<uint8_t>(Alert::unknown_ca)});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::peer_alert) << r.error().to_string();
  EXPECT_EQ(r.error().alert, Alert::unknown_ca);
  EXPECT_TRUE(take_output(**s).empty()) << "no alert answers the client's alert";
}

// ---- Client side: the server's records -----------------------------------------------------

std::optional<Error> client_fed_server_flight(const std::function<void(Bytes&)>& mutate) {
  World w;
  auto cc = w.client_config();
  Pair p = make_conns(cc, w.server_config({LeafKind::ecdsa_p256}));
  transfer(*p.client, *p.server, p.server_error);
  transfer(*p.server, *p.client, p.client_error, SIZE_MAX, mutate);
  return p.client_error;
}

TEST(BadInput, CorruptedEncryptedRecordIsBadRecordMac) {
  auto e = client_fed_server_flight([](Bytes& f) { f[f.size() - 3] ^= 0x40; });
  check(e, {ErrorCode::bad_record_mac, Alert::bad_record_mac, Step::record_layer});
}

TEST(BadInput, CorruptedServerRandomBreaksTheKeys) {
  // A changed ServerHello.random changes the transcript: the keys no longer match.
  auto e = client_fed_server_flight([](Bytes& f) { f[5 + 4 + 2 + 7] ^= 1; });
  check(e, {ErrorCode::bad_record_mac, Alert::bad_record_mac, Step::record_layer});
}

TEST(BadInput, ReorderedEncryptedRecordsAreBadRecordMac) {
  World w;
  auto sc = w.server_config({LeafKind::ecdsa_p256});
  // Several encrypted records whatever the test PKI's sizes (it is made afresh per build: with
  // 512, a flight just under 1,025 bytes once gave only two).
  sc->max_fragment = 256;
  Pair p = make_conns(w.client_config(), sc);
  transfer(*p.client, *p.server, p.server_error);
  auto mutate = [](Bytes& f) {
    auto recs = split_records(f);
    std::vector<size_t> encrypted;
    for (size_t i = 0; i < recs.size(); ++i)
      if (recs[i].type == ContentType::application_data) encrypted.push_back(i);
    ASSERT_GE(encrypted.size(), 3u);
    std::swap(recs[encrypted[1]], recs[encrypted[2]]);
    f = join_records(recs);
  };
  transfer(*p.server, *p.client, p.client_error, SIZE_MAX, mutate);
  check(p.client_error, {ErrorCode::bad_record_mac, Alert::bad_record_mac, Step::record_layer});
}

TEST(BadInput, TruncatedServerFlightThenEof) {
  World w;
  Pair p = make_conns(w.client_config(), w.server_config({LeafKind::ecdsa_p256}));
  transfer(*p.client, *p.server, p.server_error);
  Bytes f = take_output(*p.server);
  ASSERT_TRUE(p.client->feed(ByteView(f).first(f.size() - 20)));
  // The encrypted messages travel in one record: the client is still at EncryptedExtensions.
  check(p.client->feed_eof(), {ErrorCode::peer_closed, Alert::none, Step::encrypted_extensions});
}

TEST(BadInput, UnknownAlertFromTheServerIsReported) {
  World w;
  auto c = Connection::client(w.client_config());
  ASSERT_TRUE(c);
  take_output(**c);
  auto r = (*c)->feed(record_bytes(ContentType::alert, Bytes{2, 200}));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::peer_alert);
  EXPECT_EQ(static_cast<int>(r.error().alert), 200);
  EXPECT_EQ(r.error().step, Step::server_hello);
  EXPECT_EQ((*c)->info().alert_received, static_cast<Alert>(200));
  EXPECT_TRUE(take_output(**c).empty());  // no alert answers an alert
}

TEST(BadInput, CcsAfterTheHandshakeIsUnexpected) {
  World w;
  Pair p = handshake(w.client_config(), w.server_config());
  ASSERT_TRUE(p.client->handshake_complete());
  check(p.client->feed(record_bytes(ContentType::change_cipher_spec, Bytes{1})),
        {ErrorCode::unexpected_message, Alert::unexpected_message, Step::client_finished});
}

// A ServerHello built by the test, for the client's checks.
Result<void> feed_server_hello(const std::function<void(ServerHello&)>& edit) {
  static World w;
  auto c = Connection::client(w.client_config());
  EXPECT_TRUE(c);
  auto recs = split_records(take_output(**c));
  Bytes chb(recs[0].payload.begin() + 4, recs[0].payload.end());
  auto ch = parse_client_hello(chb);
  EXPECT_TRUE(ch);
  ServerHello sh;
  sh.random[3] = 9;
  sh.legacy_session_id_echo = ch->legacy_session_id;
  sh.cipher_suite = CipherSuite::TLS_AES_128_GCM_SHA256;
  sh.extensions.add(to_extension(SupportedVersionsServer{ProtocolVersion::tls1_3}));
  sh.extensions.add(to_extension(KeyShareServer{{NamedGroup::x25519, Bytes(32, 9)}}));
  edit(sh);
  Bytes msg;
  ByteWriter wr(msg);
  write_server_hello(sh, wr);
  auto r = (*c)->feed(record_bytes(ContentType::handshake, msg));
  return r;
}

TEST(ServerHelloChecks, WrongSessionIdEchoIsIllegal) {
  Bytes other(32, 1);
  check(feed_server_hello([&](ServerHello& sh) { sh.legacy_session_id_echo = other; }),
        {ErrorCode::illegal_parameter, Alert::illegal_parameter, Step::server_hello});
}

TEST(ServerHelloChecks, Tls12AnswerIsProtocolVersion) {
  check(feed_server_hello([](ServerHello& sh) { sh.extensions.items.clear(); }),
        {ErrorCode::protocol_version, Alert::protocol_version, Step::server_hello});
}

TEST(ServerHelloChecks, UnofferedVersionIsIllegal) {
  check(feed_server_hello([](ServerHello& sh) {
          sh.extensions.items[0] = to_extension(SupportedVersionsServer{static_cast<ProtocolVersion>(0x0305)});
        }),
        {ErrorCode::illegal_parameter, Alert::illegal_parameter, Step::server_hello});
}

TEST(ServerHelloChecks, UnofferedSuiteIsIllegal) {
  check(feed_server_hello([](ServerHello& sh) { sh.cipher_suite = CipherSuite::TLS_AES_128_CCM_SHA256; }),
        {ErrorCode::illegal_parameter, Alert::illegal_parameter, Step::server_hello});
}

TEST(ServerHelloChecks, MissingKeyShareIsMissingExtension) {
  check(feed_server_hello([](ServerHello& sh) { sh.extensions.remove(ExtensionType::key_share); }),
        {ErrorCode::missing_extension, Alert::missing_extension, Step::server_hello});
}

TEST(ServerHelloChecks, ShareForAnUnsharedGroupIsIllegal) {
  check(feed_server_hello([](ServerHello& sh) {
          sh.extensions.items[1] = to_extension(KeyShareServer{{NamedGroup::secp256r1, Bytes(65, 4)}});
        }),
        {ErrorCode::illegal_parameter, Alert::illegal_parameter, Step::server_hello});
}

TEST(ServerHelloChecks, InvalidKeyShareIsIllegal) {
  // An all-zero X25519 point gives an all-zero shared secret (RFC 8446 §7.4.2).
  check(feed_server_hello([](ServerHello& sh) {
          sh.extensions.items[1] = to_extension(KeyShareServer{{NamedGroup::x25519, Bytes(32, 0)}});
        }),
        {ErrorCode::illegal_parameter, Alert::illegal_parameter, Step::server_hello});
}

// ---- Behind the record protection (test man in the middle) --------------------------------

size_t index_of(const std::vector<Bytes>& m, HandshakeType t) {
  for (size_t i = 0; i < m.size(); ++i)
    if (m[i][0] == static_cast<uint8_t>(t)) return i;
  ADD_FAILURE() << "message not found";
  return 0;
}

TEST(Mitm, UntouchedFlightStillWorks) {
  EXPECT_FALSE(client_error_after_edit([](std::vector<Bytes>&) {}));
}

TEST(Mitm, CertificateWithoutCertificateVerifyIsRefused) {
  auto e = client_error_after_edit([](std::vector<Bytes>& m) {
    m.erase(m.begin() + static_cast<ptrdiff_t>(index_of(m, HandshakeType::certificate_verify)));
  });
  check(e, {ErrorCode::unexpected_message, Alert::unexpected_message, Step::server_certificate_verify});
}

TEST(Mitm, CorruptedSignatureIsDecryptError) {
  auto e = client_error_after_edit([](std::vector<Bytes>& m) {
    m[index_of(m, HandshakeType::certificate_verify)].back() ^= 1;
  });
  check(e, {ErrorCode::bad_signature, Alert::decrypt_error, Step::server_certificate_verify});
}

TEST(Mitm, CorruptedSignatureIsCaughtEvenWhenInsecure) {
  auto e = client_error_after_edit(
      [](std::vector<Bytes>& m) { m[index_of(m, HandshakeType::certificate_verify)].back() ^= 1; },
      true);
  check(e, {ErrorCode::bad_signature, Alert::decrypt_error, Step::server_certificate_verify});
}

TEST(Mitm, CorruptedFinishedIsDecryptError) {
  auto e = client_error_after_edit([](std::vector<Bytes>& m) {
    m[index_of(m, HandshakeType::finished)][10] ^= 1;
  });
  check(e, {ErrorCode::bad_finished, Alert::decrypt_error, Step::server_finished});
}

TEST(Mitm, MissingFinishedNeverCompletes) {
  World w;
  auto e = client_error_after_edit([](std::vector<Bytes>& m) { m.pop_back(); });
  EXPECT_FALSE(e);  // waits for more; the handshake is not complete (checked below)
}

TEST(Mitm, ShortFinishedIsDecodeError) {
  auto e = client_error_after_edit([](std::vector<Bytes>& m) {
    Bytes& f = m[index_of(m, HandshakeType::finished)];
    f.pop_back();
    f[3] = static_cast<uint8_t>(f.size() - 4);
  });
  check(e, {ErrorCode::decode_error, Alert::decode_error, Step::server_finished});
}

TEST(Mitm, ReorderedMessagesAreUnexpected) {
  auto e = client_error_after_edit([](std::vector<Bytes>& m) { std::swap(m[0], m[1]); });
  check(e, {ErrorCode::unexpected_message, Alert::unexpected_message, Step::encrypted_extensions});
}

TEST(Mitm, EmptyServerCertificateIsDecodeError) {
  auto e = client_error_after_edit([](std::vector<Bytes>& m) {
    m[index_of(m, HandshakeType::certificate)] = Bytes{11, 0, 0, 4, 0, 0, 0, 0};
  });
  check(e, {ErrorCode::decode_error, Alert::decode_error, Step::server_certificate});
}

TEST(Mitm, UnsolicitedAlpnIsUnsupportedExtension) {
  auto e = client_error_after_edit([](std::vector<Bytes>& m) {
    EncryptedExtensions ee;
    ee.extensions.add(to_extension(AlpnProtocols{{"h2"}}));
    Bytes msg;
    ByteWriter w(msg);
    write_encrypted_extensions(ee, w);
    m[0] = msg;
  });
  check(e, {ErrorCode::unsupported_extension, Alert::unsupported_extension, Step::encrypted_extensions});
}

TEST(Mitm, TrailingBytesInEncryptedExtensionsAreDecodeError) {
  auto e = client_error_after_edit([](std::vector<Bytes>& m) {
    m[0].push_back(0);
    m[0][3] = static_cast<uint8_t>(m[0].size() - 4);
  });
  check(e, {ErrorCode::decode_error, Alert::decode_error, Step::encrypted_extensions});
}

}  // namespace
}  // namespace tlskit::test
