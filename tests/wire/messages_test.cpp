// Handshake messages: build -> serialize -> parse -> serialize round trips, and every rule each
// parser enforces (with the error code, alert and step it reports).
#include <gtest/gtest.h>

#include "wire_test_util.h"

namespace tlskit {
namespace {

using namespace wire_test;

void expect_error(const Error& e, ErrorCode code, Alert alert, Step step) {
  EXPECT_EQ(e.code, code) << e.to_string();
  EXPECT_EQ(e.alert, alert) << e.to_string();
  EXPECT_EQ(e.step, step) << e.to_string();
  EXPECT_EQ(e.party, Party::peer) << e.to_string();
  EXPECT_FALSE(e.detail.empty());
}

template <typename T>
void expect_decode_error(const Result<T>& r, Step step) {
  ASSERT_FALSE(r.ok());
  expect_error(r.error(), ErrorCode::decode_error, Alert::decode_error, step);
}

template <typename T>
void expect_illegal(const Result<T>& r, Step step) {
  ASSERT_FALSE(r.ok());
  expect_error(r.error(), ErrorCode::illegal_parameter, Alert::illegal_parameter, step);
}

// A typical TLS 1.3 ClientHello with owned extensions.
ClientHello sample_client_hello() {
  ClientHello ch;
  for (size_t i = 0; i < ch.random.size(); ++i) ch.random[i] = static_cast<uint8_t>(i);
  static const Bytes sid(32, 0xAB);
  ch.legacy_session_id = sid;
  ch.cipher_suites = {static_cast<CipherSuite>(0x1A1A), CipherSuite::TLS_AES_128_GCM_SHA256,
                      CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
  ch.extensions.add(to_extension(ServerNameList{"example.com"}));
  ch.extensions.add(to_extension(SupportedGroups{{NamedGroup::x25519, NamedGroup::secp256r1}}));
  ch.extensions.add(to_extension(SignatureAlgorithms{
      {SignatureScheme::ecdsa_secp256r1_sha256, SignatureScheme::rsa_pss_rsae_sha256}}));
  ch.extensions.add(to_extension(AlpnProtocols{{"h2", "http/1.1"}}));
  ch.extensions.add(
      to_extension(SupportedVersionsClient{{ProtocolVersion::tls1_3, ProtocolVersion::tls1_2}}));
  ch.extensions.add(to_extension(KeyShareClient{{{NamedGroup::x25519, Bytes(32, 7)}}}));
  ch.extensions.add(to_extension(PskKeyExchangeModes{{PskKeyExchangeMode::psk_dhe_ke}}));
  ch.extensions.add(extended_master_secret_extension());
  ch.extensions.add(to_extension(RenegotiationInfo{}));
  ch.extensions.add(to_extension(EcPointFormats{{0}}));
  ch.extensions.add(Extension{static_cast<ExtensionType>(0xFAFA), {}, {}});  // GREASE
  return ch;
}

Bytes serialize(const ClientHello& ch) {
  return build([&](ByteWriter& w) { write_client_hello(ch, w); });
}
Bytes serialize(const ServerHello& sh) {
  return build([&](ByteWriter& w) { write_server_hello(sh, w); });
}

TEST(HandshakeHeader, ParseSplitAndLimits) {
  Bytes msg = {0x01, 0x00, 0x00, 0x02, 0xAA, 0xBB};
  auto h = parse_handshake_header(msg);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->type, HandshakeType::client_hello);
  EXPECT_EQ(h->length, 2u);
  auto s = split_handshake_message(msg);
  ASSERT_TRUE(s);
  EXPECT_EQ(s->body.size(), 2u);
  msg.push_back(0);
  EXPECT_FALSE(split_handshake_message(msg));
  EXPECT_FALSE(parse_handshake_header(ByteView(msg).subspan(0, 3)));

  Bytes big = {0x01, 0x01, 0x00, 0x01};  // 65537-byte ClientHello
  auto b = parse_handshake_header(big, Step::client_hello);
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, ErrorCode::limit_exceeded);
  EXPECT_EQ(b.error().alert, Alert::illegal_parameter);
  Bytes cert = {0x0b, 0x01, 0x00, 0x01};  // 65537-byte Certificate is fine
  EXPECT_TRUE(parse_handshake_header(cert));
  Bytes cert_big = {0x0b, 0x04, 0x00, 0x01};
  EXPECT_FALSE(parse_handshake_header(cert_big));
  EXPECT_EQ(handshake_step(HandshakeType::certificate, false), Step::client_certificate);
  EXPECT_EQ(handshake_step(HandshakeType::finished, true), Step::server_finished);
}

TEST(ClientHello, RoundTrip) {
  ClientHello ch = sample_client_hello();
  Bytes msg = serialize(ch);
  EXPECT_EQ(msg[0], 1);
  auto parsed = parse_client_hello(body_of(msg));
  ASSERT_TRUE(parsed) << parsed.error().to_string();
  EXPECT_EQ(parsed->random, ch.random);
  EXPECT_EQ(to_hex(parsed->legacy_session_id), to_hex(Bytes(32, 0xAB)));
  EXPECT_EQ(parsed->cipher_suites, ch.cipher_suites);
  EXPECT_EQ(to_hex(parsed->legacy_compression_methods), "00");
  EXPECT_EQ(parsed->extensions.types(), ch.extensions.types());
  for (size_t i = 0; i < ch.extensions.size(); ++i)
    EXPECT_EQ(to_hex(parsed->extensions.items[i].body()), to_hex(ch.extensions.items[i].body()));
  EXPECT_EQ(serialize(*parsed), msg);
  EXPECT_TRUE(check_client_hello_compression(*parsed, true));
  EXPECT_FALSE(client_hello_has_scsv(*parsed, CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV));
}

TEST(ClientHello, WithoutExtensionBlock) {
  ClientHello ch;
  ch.cipher_suites = {CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
                      CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV};
  ch.has_extension_block = false;
  Bytes msg = serialize(ch);
  EXPECT_EQ(msg.size(), 4u + 2 + 32 + 1 + 2 + 4 + 2);
  auto p = parse_client_hello(body_of(msg));
  ASSERT_TRUE(p);
  EXPECT_FALSE(p->has_extension_block);
  EXPECT_TRUE(p->extensions.empty());
  EXPECT_TRUE(client_hello_has_scsv(*p, CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV));
  EXPECT_EQ(serialize(*p), msg);
  // An empty extension block is kept as such.
  ch.has_extension_block = true;
  Bytes msg2 = serialize(ch);
  EXPECT_EQ(msg2.size(), msg.size() + 2);
  auto p2 = parse_client_hello(body_of(msg2));
  ASSERT_TRUE(p2);
  EXPECT_TRUE(p2->has_extension_block);
  EXPECT_EQ(serialize(*p2), msg2);
}

TEST(ClientHello, CompressionRules) {
  ClientHello ch = sample_client_hello();
  static const Bytes two = {0x01, 0x00};
  ch.legacy_compression_methods = two;
  Bytes msg = serialize(ch);
  auto p = parse_client_hello(body_of(msg));
  ASSERT_TRUE(p);
  expect_illegal(check_client_hello_compression(*p, true), Step::client_hello);
  EXPECT_TRUE(check_client_hello_compression(*p, false));
  static const Bytes deflate_only = {0x01};
  ch.legacy_compression_methods = deflate_only;
  Bytes msg2 = serialize(ch);
  auto p2 = parse_client_hello(body_of(msg2));
  ASSERT_TRUE(p2);
  expect_illegal(check_client_hello_compression(*p2, false), Step::client_hello);
}

// Offsets in a ClientHello body with a 0-byte session id: version 0, random 2, sid len 34,
// cipher suites length 35.
Bytes minimal_client_hello_body() {
  ClientHello ch;
  ch.cipher_suites = {CipherSuite::TLS_AES_128_GCM_SHA256};
  ch.extensions.add(to_extension(SupportedVersionsClient{{ProtocolVersion::tls1_3}}));
  Bytes msg = serialize(ch);
  return Bytes(msg.begin() + 4, msg.end());
}

TEST(ClientHello, RejectsOddAndEmptyCipherSuites) {
  Bytes body = minimal_client_hello_body();
  // cipher_suites length 2 -> 3, with one more byte inserted.
  Bytes odd = body;
  odd[36] = 3;
  odd.insert(odd.begin() + 37 + 2, 0x13);
  auto r = parse_client_hello(odd);
  expect_decode_error(r, Step::client_hello);
  EXPECT_EQ(r.error().detail, "ClientHello: cipher_suites length 3 is odd");

  Bytes empty = body;
  empty[36] = 0;
  empty.erase(empty.begin() + 37, empty.begin() + 39);
  auto e = parse_client_hello(empty);
  expect_decode_error(e, Step::client_hello);
  EXPECT_EQ(e.error().detail, "ClientHello: cipher_suites is empty");
}

TEST(ClientHello, RejectsEmptyCompressionAndLongSessionId) {
  Bytes body = minimal_client_hello_body();
  Bytes no_comp = body;
  no_comp[39] = 0;                      // compression methods length
  no_comp.erase(no_comp.begin() + 40);  // the null method
  expect_decode_error(parse_client_hello(no_comp), Step::client_hello);

  Bytes long_sid = body;
  long_sid[34] = 33;
  long_sid.insert(long_sid.begin() + 35, 33, 0x11);
  auto r = parse_client_hello(long_sid);
  expect_decode_error(r, Step::client_hello);
  EXPECT_NE(r.error().detail.find("exceeds 32"), std::string::npos);
}

TEST(ClientHello, RejectsTrailingBytes) {
  Bytes body = minimal_client_hello_body();
  body.push_back(0);
  auto r = parse_client_hello(body);
  expect_decode_error(r, Step::client_hello);
  EXPECT_NE(r.error().detail.find("trailing"), std::string::npos);
}

TEST(ClientHello, RejectsDuplicateExtension) {
  ClientHello ch = sample_client_hello();
  ch.extensions.add(to_extension(SupportedGroups{{NamedGroup::x25519}}));
  auto r = parse_client_hello(body_of(serialize(ch)));
  expect_illegal(r, Step::client_hello);
  EXPECT_NE(r.error().detail.find("duplicate extension supported_groups"), std::string::npos);
}

TEST(ClientHello, PreSharedKeyMustBeLast) {
  ClientHello ch = sample_client_hello();
  OfferedPsks psk;
  psk.identities.push_back({Bytes(16, 1), 1234});
  psk.binders.push_back(Bytes(32, 0));
  ch.extensions.add(to_extension(psk));
  auto good = parse_client_hello(body_of(serialize(ch)));
  ASSERT_TRUE(good) << good.error().to_string();

  ch.extensions.add(to_extension(Padding{8}));
  auto bad = parse_client_hello(body_of(serialize(ch)));
  expect_illegal(bad, Step::client_hello);
  EXPECT_NE(bad.error().detail.find("must be the last"), std::string::npos);
}

TEST(ClientHello, MisplacedAndUnknownExtensions) {
  ClientHello ch = sample_client_hello();
  ch.extensions.add(ExtensionType::oid_filters, Bytes{0, 0});  // CR only
  expect_illegal(parse_client_hello(body_of(serialize(ch))), Step::client_hello);

  ClientHello ch2 = sample_client_hello();
  ch2.extensions.add(static_cast<ExtensionType>(0x7777), Bytes{1, 2, 3});  // unknown: ignored
  auto ok2 = parse_client_hello(body_of(serialize(ch2)));
  ASSERT_TRUE(ok2);
  EXPECT_TRUE(ok2->extensions.contains(static_cast<ExtensionType>(0x7777)));
}

TEST(ClientHello, ThousandsOfExtensionsAreAcceptedInLinearTime) {
  ClientHello ch;
  ch.cipher_suites = {CipherSuite::TLS_AES_128_GCM_SHA256};
  for (uint16_t t = 0x1000; t < 0x1000 + 16000; ++t)
    if (!is_grease(t)) ch.extensions.add(static_cast<ExtensionType>(t), Bytes{});
  Bytes msg = serialize(ch);
  EXPECT_GT(msg.size(), 60000u);
  auto p = parse_client_hello(body_of(msg));
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_EQ(p->extensions.size(), ch.extensions.size());
  // A duplicate at the very end is still found.
  ch.extensions.add(static_cast<ExtensionType>(0x1000), Bytes{});
  Bytes dup = serialize(ch);
  if (dup.size() - 4 <= 0xFFFF) {
    auto d = parse_client_hello(body_of(dup));
    ASSERT_FALSE(d);
    EXPECT_EQ(d.error().alert, Alert::illegal_parameter);
  }
}

TEST(ClientHello, RejectsBadExtensionLengths) {
  Bytes body = minimal_client_hello_body();
  // Extension block starts at 41: u16 length, then supported_versions (type, len, data).
  Bytes longer = body;
  longer[42] += 1;  // block length one more than present
  expect_decode_error(parse_client_hello(longer), Step::client_hello);
  Bytes inner = body;
  inner[46] += 1;  // extension length one more than the block holds
  expect_decode_error(parse_client_hello(inner), Step::client_hello);
}

ServerHello sample_server_hello13() {
  ServerHello sh;
  sh.random.fill(0x42);
  sh.cipher_suite = CipherSuite::TLS_AES_256_GCM_SHA384;
  sh.extensions.add(to_extension(SupportedVersionsServer{ProtocolVersion::tls1_3}));
  sh.extensions.add(to_extension(KeyShareServer{{NamedGroup::secp256r1, Bytes(65, 4)}}));
  return sh;
}

TEST(ServerHello, RoundTripTls13) {
  ServerHello sh = sample_server_hello13();
  Bytes msg = serialize(sh);
  auto p = parse_server_hello(body_of(msg));
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_FALSE(p->is_hello_retry_request());
  EXPECT_EQ(p->cipher_suite, CipherSuite::TLS_AES_256_GCM_SHA384);
  auto v = server_hello_selected_version(*p);
  ASSERT_TRUE(v);
  EXPECT_EQ(*v, ProtocolVersion::tls1_3);
  EXPECT_EQ(serialize(*p), msg);
}

TEST(ServerHello, HelloRetryRequest) {
  ServerHello hrr;
  hrr.random = kHelloRetryRequestRandom;
  hrr.cipher_suite = CipherSuite::TLS_AES_128_GCM_SHA256;
  hrr.extensions.add(to_extension(SupportedVersionsServer{ProtocolVersion::tls1_3}));
  hrr.extensions.add(to_extension(KeyShareHelloRetryRequest{NamedGroup::secp384r1}));
  hrr.extensions.add(to_extension(Cookie{Bytes(20, 9)}));
  Bytes msg = serialize(hrr);
  EXPECT_EQ(msg[0], static_cast<uint8_t>(HandshakeType::server_hello));
  auto p = parse_server_hello(body_of(msg));
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_TRUE(p->is_hello_retry_request());
  EXPECT_EQ(serialize(*p), msg);
  // The cookie is exempt from the "offered" check in an HRR, other extensions are not.
  std::vector<ExtensionType> offered = {ExtensionType::supported_versions,
                                        ExtensionType::key_share};
  EXPECT_TRUE(check_extensions_offered(
      p->extensions, offered, ExtensionContext::hello_retry_request, Step::hello_retry_request));
  std::vector<ExtensionType> less = {ExtensionType::supported_versions};
  auto r = check_extensions_offered(p->extensions, less, ExtensionContext::hello_retry_request,
                                    Step::hello_retry_request);
  ASSERT_FALSE(r);
  expect_error(r.error(), ErrorCode::unsupported_extension, Alert::unsupported_extension,
               Step::hello_retry_request);

  // An HRR may not carry pre_shared_key (SH only) -> illegal_parameter at hello_retry_request.
  hrr.extensions.add(to_extension(PreSharedKeyServer{0}));
  expect_illegal(parse_server_hello(body_of(serialize(hrr))), Step::hello_retry_request);
  // Changing one byte of the random makes it a plain ServerHello.
  hrr.random[31] ^= 1;
  hrr.extensions.remove(ExtensionType::pre_shared_key);
  // ... in which cookie is not allowed.
  expect_illegal(parse_server_hello(body_of(serialize(hrr))), Step::server_hello);
  EXPECT_FALSE(is_hello_retry_request(ByteView(hrr.random)));
}

TEST(ServerHello, Tls13Rules) {
  ServerHello sh = sample_server_hello13();
  sh.legacy_compression_method = 1;
  expect_illegal(parse_server_hello(body_of(serialize(sh))), Step::server_hello);

  ServerHello low = sample_server_hello13();
  low.extensions.items[0] = to_extension(SupportedVersionsServer{ProtocolVersion::tls1_2});
  auto r = parse_server_hello(body_of(serialize(low)));
  expect_illegal(r, Step::server_hello);

  ServerHello unknown = sample_server_hello13();
  unknown.extensions.add(static_cast<ExtensionType>(0x7777), Bytes{});
  auto u = parse_server_hello(body_of(serialize(unknown)));
  ASSERT_FALSE(u);
  expect_error(u.error(), ErrorCode::unsupported_extension, Alert::unsupported_extension,
               Step::server_hello);

  ServerHello ems = sample_server_hello13();  // a TLS 1.2-only extension in a 1.3 SH
  ems.extensions.add(extended_master_secret_extension());
  expect_illegal(parse_server_hello(body_of(serialize(ems))), Step::server_hello);

  ServerHello bad_sv = sample_server_hello13();
  bad_sv.extensions.items[0].owned = Bytes{0x03};
  expect_decode_error(parse_server_hello(body_of(serialize(bad_sv))), Step::server_hello);
}

TEST(ServerHello, Tls12FormsAndDowngradeSentinel) {
  ServerHello sh;
  sh.random.fill(1);
  std::copy(kDowngradeSentinelTls12.begin(), kDowngradeSentinelTls12.end(), sh.random.begin() + 24);
  static const Bytes sid(32, 5);
  sh.legacy_session_id_echo = sid;
  sh.cipher_suite = CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256;
  sh.has_extension_block = false;
  Bytes bare = serialize(sh);
  auto p = parse_server_hello(body_of(bare));
  ASSERT_TRUE(p);
  EXPECT_FALSE(p->has_extension_block);
  EXPECT_EQ(downgrade_sentinel(*p), DowngradeSentinel::tls12);
  auto v = server_hello_selected_version(*p);
  ASSERT_TRUE(v);
  EXPECT_EQ(*v, ProtocolVersion::tls1_2);
  EXPECT_EQ(serialize(*p), bare);

  sh.random[31] = 0;
  sh.extensions.add(extended_master_secret_extension());
  sh.extensions.add(to_extension(RenegotiationInfo{}));
  sh.extensions.add(to_extension(EcPointFormats{{0}}));
  sh.extensions.add(to_extension(AlpnProtocols{{"h2"}}));
  sh.extensions.add(empty_extension(ExtensionType::session_ticket));
  Bytes with = serialize(sh);
  auto p2 = parse_server_hello(body_of(with));
  ASSERT_TRUE(p2) << p2.error().to_string();
  EXPECT_EQ(downgrade_sentinel(*p2), DowngradeSentinel::tls11);
  EXPECT_EQ(serialize(*p2), with);

  sh.extensions.add(to_extension(KeyShareServer{{NamedGroup::x25519, Bytes(32, 1)}}));
  expect_illegal(parse_server_hello(body_of(serialize(sh))), Step::server_hello);
}

TEST(ServerHello, RejectsTruncationAndTrailing) {
  Bytes msg = serialize(sample_server_hello13());
  Bytes body(msg.begin() + 4, msg.end());
  body.push_back(0);
  expect_decode_error(parse_server_hello(body), Step::server_hello);
  Bytes sid = Bytes(msg.begin() + 4, msg.end());
  sid[34] = 33;
  expect_decode_error(parse_server_hello(sid), Step::server_hello);
}

TEST(EncryptedExtensions, RoundTripAndRules) {
  EncryptedExtensions ee;
  ee.extensions.add(empty_extension(ExtensionType::server_name));
  ee.extensions.add(to_extension(AlpnProtocols{{"h2"}}));
  ee.extensions.add(empty_extension(ExtensionType::early_data));
  ee.extensions.add(to_extension(RecordSizeLimit{16385}));
  ee.extensions.add(to_extension(SupportedGroups{{NamedGroup::x25519}}));
  Bytes msg = build([&](ByteWriter& w) { write_encrypted_extensions(ee, w); });
  auto p = parse_encrypted_extensions(body_of(msg));
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_EQ(p->extensions.size(), 5u);
  EXPECT_EQ(build([&](ByteWriter& w) { write_encrypted_extensions(*p, w); }), msg);

  EncryptedExtensions bad = ee;
  bad.extensions.add(to_extension(KeyShareServer{{NamedGroup::x25519, Bytes(32, 1)}}));
  expect_illegal(parse_encrypted_extensions(
                     body_of(build([&](ByteWriter& w) { write_encrypted_extensions(bad, w); }))),
                 Step::encrypted_extensions);
  EncryptedExtensions dup = ee;
  dup.extensions.add(empty_extension(ExtensionType::server_name));
  expect_illegal(parse_encrypted_extensions(
                     body_of(build([&](ByteWriter& w) { write_encrypted_extensions(dup, w); }))),
                 Step::encrypted_extensions);
  EncryptedExtensions unk;
  unk.extensions.add(static_cast<ExtensionType>(0x9999), Bytes{});
  auto u = parse_encrypted_extensions(
      body_of(build([&](ByteWriter& w) { write_encrypted_extensions(unk, w); })));
  ASSERT_FALSE(u);
  EXPECT_EQ(u.error().alert, Alert::unsupported_extension);

  // "offered" check: ALPN not offered -> unsupported_extension.
  std::vector<ExtensionType> offered = {ExtensionType::server_name, ExtensionType::early_data,
                                        ExtensionType::record_size_limit,
                                        ExtensionType::supported_groups};
  auto off = check_extensions_offered(
      p->extensions, offered, ExtensionContext::encrypted_extensions, Step::encrypted_extensions);
  ASSERT_FALSE(off);
  EXPECT_EQ(off.error().code, ErrorCode::unsupported_extension);
  EXPECT_NE(off.error().detail.find("application_layer_protocol_negotiation"), std::string::npos);

  expect_decode_error(parse_encrypted_extensions(Bytes{0x00}), Step::encrypted_extensions);
  expect_decode_error(parse_encrypted_extensions(Bytes{0x00, 0x00, 0x00}),
                      Step::encrypted_extensions);
  EXPECT_TRUE(parse_encrypted_extensions(Bytes{0x00, 0x00}));
}

TEST(Certificate13, RoundTripAndRules) {
  static const Bytes der1(300, 0x30), der2(200, 0x31), ocsp(50, 0x0A);
  Certificate13 c;
  CertificateEntry e1;
  e1.cert_data = der1;
  e1.extensions.add(to_extension(CertificateStatus{kStatusTypeOcsp, ocsp}));
  CertificateEntry e2;
  e2.cert_data = der2;
  c.entries = {e1, e2};
  Bytes msg = build([&](ByteWriter& w) { write_certificate13(c, w); });
  auto p = parse_certificate13(body_of(msg));
  ASSERT_TRUE(p) << p.error().to_string();
  ASSERT_EQ(p->entries.size(), 2u);
  EXPECT_EQ(p->entries[0].cert_data.size(), 300u);
  auto st = parse_certificate_status(
      p->entries[0].extensions.find(ExtensionType::status_request)->body());
  ASSERT_TRUE(st);
  EXPECT_EQ(st->ocsp_response.size(), 50u);
  EXPECT_EQ(build([&](ByteWriter& w) { write_certificate13(*p, w); }), msg);

  // Empty list (client without certificate) with a request context.
  static const Bytes ctx = {1, 2, 3};
  Certificate13 empty;
  empty.certificate_request_context = ctx;
  Bytes emsg = build([&](ByteWriter& w) { write_certificate13(empty, w); });
  auto ep = parse_certificate13(body_of(emsg), Step::client_certificate);
  ASSERT_TRUE(ep);
  EXPECT_EQ(ep->entries.size(), 0u);
  EXPECT_EQ(to_hex(ep->certificate_request_context), "010203");
  // RFC 8446 §4.4.2: a server's Certificate has an empty context.
  expect_decode_error(parse_certificate13(body_of(emsg), Step::server_certificate),
                      Step::server_certificate);

  // Empty cert_data.
  Certificate13 zero;
  zero.entries.push_back(CertificateEntry{});
  expect_decode_error(
      parse_certificate13(body_of(build([&](ByteWriter& w) { write_certificate13(zero, w); })),
                          Step::client_certificate),
      Step::client_certificate);
  // A key_share in a CertificateEntry is misplaced.
  Certificate13 bad = c;
  bad.entries[1].extensions.add(to_extension(KeyShareServer{{NamedGroup::x25519, Bytes(32, 1)}}));
  expect_illegal(
      parse_certificate13(body_of(build([&](ByteWriter& w) { write_certificate13(bad, w); }))),
      Step::server_certificate);
  // Trailing byte after the list.
  Bytes trailing(msg.begin() + 4, msg.end());
  trailing.push_back(0);
  expect_decode_error(parse_certificate13(trailing), Step::server_certificate);
}

TEST(Certificate12, RoundTripAndRules) {
  static const Bytes der1(100, 0x30), der2(5, 0x31);
  Certificate12 c;
  c.certificates = {der1, der2};
  Bytes msg = build([&](ByteWriter& w) { write_certificate12(c, w); });
  EXPECT_EQ(msg.size(), 4u + 3 + 3 + 100 + 3 + 5);
  auto p = parse_certificate12(body_of(msg));
  ASSERT_TRUE(p);
  ASSERT_EQ(p->certificates.size(), 2u);
  EXPECT_EQ(build([&](ByteWriter& w) { write_certificate12(*p, w); }), msg);
  EXPECT_TRUE(parse_certificate12(Bytes{0, 0, 0}));
  expect_decode_error(parse_certificate12(Bytes{0, 0, 3, 0, 0, 0}), Step::server_certificate);
  expect_decode_error(parse_certificate12(Bytes{0, 0, 4, 0, 0, 1, 0x30, 0}),
                      Step::server_certificate);
  expect_decode_error(parse_certificate12(Bytes{0, 0}), Step::server_certificate);
}

TEST(CertificateRequest13, RoundTripAndRules) {
  CertificateRequest13 cr;
  cr.extensions.add(to_extension(SignatureAlgorithms{{SignatureScheme::ed25519}}));
  cr.extensions.add(to_extension(CertificateAuthorities{{Bytes(10, 0x30)}}));
  cr.extensions.add(empty_extension(ExtensionType::status_request));
  cr.extensions.add(static_cast<ExtensionType>(0x5555), Bytes{1});  // unknown: ignored
  Bytes msg = build([&](ByteWriter& w) { write_certificate_request13(cr, w); });
  auto p = parse_certificate_request13(body_of(msg));
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_EQ(build([&](ByteWriter& w) { write_certificate_request13(*p, w); }), msg);

  CertificateRequest13 missing;
  missing.extensions.add(to_extension(CertificateAuthorities{{Bytes(10, 0x30)}}));
  auto m = parse_certificate_request13(
      body_of(build([&](ByteWriter& w) { write_certificate_request13(missing, w); })));
  ASSERT_FALSE(m);
  expect_error(m.error(), ErrorCode::missing_extension, Alert::missing_extension,
               Step::certificate_request);

  CertificateRequest13 bad = cr;
  bad.extensions.add(empty_extension(ExtensionType::server_name));
  expect_illegal(parse_certificate_request13(
                     body_of(build([&](ByteWriter& w) { write_certificate_request13(bad, w); }))),
                 Step::certificate_request);
}

TEST(CertificateRequest12, RoundTripAndRules) {
  static const Bytes dn(20, 0x30);
  CertificateRequest12 cr;
  cr.certificate_types = {static_cast<uint8_t>(ClientCertificateType::rsa_sign),
                          static_cast<uint8_t>(ClientCertificateType::ecdsa_sign)};
  cr.signature_algorithms = {SignatureScheme::rsa_pkcs1_sha256,
                             SignatureScheme::ecdsa_secp256r1_sha256};
  cr.certificate_authorities = {dn};
  Bytes msg = build([&](ByteWriter& w) { write_certificate_request12(cr, w); });
  auto p = parse_certificate_request12(body_of(msg));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->certificate_types, cr.certificate_types);
  EXPECT_EQ(p->signature_algorithms, cr.signature_algorithms);
  ASSERT_EQ(p->certificate_authorities.size(), 1u);
  EXPECT_EQ(build([&](ByteWriter& w) { write_certificate_request12(*p, w); }), msg);

  const Step s = Step::certificate_request;
  expect_decode_error(parse_certificate_request12(Bytes{0, 0, 2, 4, 1, 0, 0}), s);  // no types
  expect_decode_error(parse_certificate_request12(Bytes{1, 1, 0, 0, 0, 0}), s);     // no algs
  expect_decode_error(parse_certificate_request12(Bytes{1, 1, 0, 3, 4, 1, 5, 0, 0}), s);  // odd
  expect_decode_error(parse_certificate_request12(Bytes{1, 1, 0, 2, 4, 1, 0, 2, 0, 0}),
                      s);  // empty DN
  EXPECT_TRUE(parse_certificate_request12(Bytes{1, 1, 0, 2, 4, 1, 0, 0}));
  expect_decode_error(parse_certificate_request12(Bytes{1, 1, 0, 2, 4, 1, 0, 0, 9}), s);
}

TEST(CertificateVerify, RoundTripAndRules) {
  static const Bytes sig(64, 0x55);
  CertificateVerify cv{SignatureScheme::ed25519, sig};
  Bytes msg = build([&](ByteWriter& w) { write_certificate_verify(cv, w); });
  auto p = parse_certificate_verify(body_of(msg), Step::client_certificate_verify);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->algorithm, SignatureScheme::ed25519);
  EXPECT_EQ(build([&](ByteWriter& w) { write_certificate_verify(*p, w); }), msg);
  // RFC 8446 §4.4.3: signature<0..2^16-1>, so an empty one is well-formed; it then fails to
  // verify (decrypt_error, RFC 8446 §6.2), not to parse.
  auto empty = parse_certificate_verify(Bytes{8, 7, 0, 0}, Step::client_certificate_verify);
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->signature.empty());
  expect_decode_error(parse_certificate_verify(Bytes{8, 7, 0, 1, 1, 1}),
                      Step::server_certificate_verify);
  Bytes content = certificate_verify_signed_content(true, Bytes(32, 0xEE));
  ASSERT_EQ(content.size(), 64u + 33 + 1 + 32);
  EXPECT_EQ(content[0], 0x20);
  EXPECT_EQ(std::string(content.begin() + 64, content.begin() + 97),
            "TLS 1.3, server CertificateVerify");
  EXPECT_EQ(content[97], 0);
  Bytes client = certificate_verify_signed_content(false, Bytes(32, 0xEE));
  EXPECT_EQ(std::string(client.begin() + 64, client.begin() + 97),
            "TLS 1.3, client CertificateVerify");
}

TEST(Finished, LengthIsChecked) {
  Bytes vd(12, 3);
  Bytes msg = build([&](ByteWriter& w) { write_finished(Finished{vd}, w); });
  EXPECT_EQ(msg.size(), 16u);
  auto p = parse_finished(body_of(msg), kTls12VerifyDataSize, Step::client_finished);
  ASSERT_TRUE(p);
  expect_decode_error(parse_finished(body_of(msg), 32, Step::client_finished),
                      Step::client_finished);
}

TEST(NewSessionTicket13, RoundTripAndRules) {
  static const Bytes nonce = {0, 1}, ticket(100, 0x77);
  NewSessionTicket13 t;
  t.ticket_lifetime = 7200;
  t.ticket_age_add = 0x01020304;
  t.ticket_nonce = nonce;
  t.ticket = ticket;
  t.extensions.add(to_extension(EarlyDataNst{16384}));
  t.extensions.add(static_cast<ExtensionType>(0x4444), Bytes{});  // unknown: ignored
  Bytes msg = build([&](ByteWriter& w) { write_new_session_ticket13(t, w); });
  auto p = parse_new_session_ticket13(body_of(msg));
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_EQ(p->ticket_lifetime, 7200u);
  EXPECT_EQ(p->ticket_age_add, 0x01020304u);
  EXPECT_EQ(build([&](ByteWriter& w) { write_new_session_ticket13(*p, w); }), msg);

  NewSessionTicket13 empty_ticket = t;
  empty_ticket.ticket = {};
  expect_decode_error(parse_new_session_ticket13(body_of(build(
                          [&](ByteWriter& w) { write_new_session_ticket13(empty_ticket, w); }))),
                      Step::new_session_ticket);
  NewSessionTicket13 bad = t;
  bad.extensions.add(to_extension(Cookie{Bytes{1}}));
  expect_illegal(parse_new_session_ticket13(
                     body_of(build([&](ByteWriter& w) { write_new_session_ticket13(bad, w); }))),
                 Step::new_session_ticket);
}

TEST(NewSessionTicket12, RoundTripAndRules) {
  static const Bytes ticket(40, 1);
  NewSessionTicket12 t{300, ticket};
  Bytes msg = build([&](ByteWriter& w) { write_new_session_ticket12(t, w); });
  auto p = parse_new_session_ticket12(body_of(msg));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->ticket_lifetime_hint, 300u);
  EXPECT_EQ(build([&](ByteWriter& w) { write_new_session_ticket12(*p, w); }), msg);
  EXPECT_TRUE(parse_new_session_ticket12(Bytes{0, 0, 0, 0, 0, 0}));  // no ticket this time
  expect_decode_error(parse_new_session_ticket12(Bytes{0, 0, 0, 0, 0, 1}),
                      Step::new_session_ticket);
  expect_decode_error(parse_new_session_ticket12(Bytes{0, 0, 0, 0, 0, 0, 0}),
                      Step::new_session_ticket);
}

TEST(KeyUpdate, Values) {
  for (uint8_t v : {0, 1}) {
    auto k = parse_key_update(Bytes{v});
    ASSERT_TRUE(k);
    EXPECT_EQ(static_cast<uint8_t>(k->request_update), v);
    Bytes msg = build([&](ByteWriter& w) { write_key_update(*k, w); });
    EXPECT_EQ(to_hex(msg), v ? "1800000101" : "1800000100");
  }
  expect_illegal(parse_key_update(Bytes{2}), Step::post_handshake);
  expect_decode_error(parse_key_update(Bytes{}), Step::post_handshake);
  expect_decode_error(parse_key_update(Bytes{0, 0}), Step::post_handshake);
}

TEST(EmptyMessages, EndOfEarlyDataAndServerHelloDone) {
  EXPECT_EQ(to_hex(build([](ByteWriter& w) { write_end_of_early_data(w); })), "05000000");
  EXPECT_EQ(to_hex(build([](ByteWriter& w) { write_server_hello_done(w); })), "0e000000");
  EXPECT_TRUE(parse_end_of_early_data({}));
  EXPECT_TRUE(parse_server_hello_done({}));
  expect_decode_error(parse_end_of_early_data(Bytes{0}), Step::end_of_early_data);
  expect_decode_error(parse_server_hello_done(Bytes{0}), Step::server_hello_done);
}

TEST(ServerKeyExchange, RoundTripSignedDataAndRules) {
  static const Bytes point(65, 4), sig(72, 0x30);
  ServerKeyExchange ske;
  ske.group = NamedGroup::secp256r1;
  ske.public_point = point;
  ske.scheme = SignatureScheme::ecdsa_secp256r1_sha256;
  ske.signature = sig;
  Bytes msg = build([&](ByteWriter& w) { write_server_key_exchange(ske, w); });
  auto p = parse_server_key_exchange(body_of(msg));
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_EQ(p->group, NamedGroup::secp256r1);
  EXPECT_EQ(p->public_point.size(), 65u);
  EXPECT_EQ(p->scheme, SignatureScheme::ecdsa_secp256r1_sha256);
  EXPECT_EQ(p->params.size(), 4u + 65);
  EXPECT_EQ(to_hex(p->params), "03001741" + to_hex(point));
  EXPECT_EQ(build([&](ByteWriter& w) { write_server_key_exchange(*p, w); }), msg);

  Bytes cr(32, 0xC1), sr(32, 0x5E);
  Bytes signed_data = server_key_exchange_signed_data(cr, sr, *p);
  EXPECT_EQ(to_hex(signed_data), to_hex(cr) + to_hex(sr) + to_hex(p->params));
  // Building (no params view) gives the same bytes.
  EXPECT_EQ(server_key_exchange_signed_data(cr, sr, ske), signed_data);

  Bytes explicit_curve(msg.begin() + 4, msg.end());
  explicit_curve[0] = 1;
  expect_illegal(parse_server_key_exchange(explicit_curve), Step::server_key_exchange);
  const Step s = Step::server_key_exchange;
  expect_decode_error(parse_server_key_exchange(Bytes{3, 0, 0x1d, 0, 4, 3, 0, 1, 1}), s);
  // RFC 5246 §7.4.3: digitally-signed opaque<0..2^16-1>: an empty signature parses and then
  // fails to verify (decrypt_error).
  EXPECT_TRUE(parse_server_key_exchange(Bytes{3, 0, 0x1d, 1, 9, 4, 3, 0, 0}));
  expect_decode_error(parse_server_key_exchange(Bytes{3, 0, 0x1d, 1, 9, 4, 3, 0, 1, 1, 1}), s);
  EXPECT_TRUE(parse_server_key_exchange(Bytes{3, 0, 0x1d, 1, 9, 4, 3, 0, 1, 1}));
}

TEST(ClientKeyExchange, RoundTripAndRules) {
  static const Bytes point(32, 9);
  Bytes msg = build([&](ByteWriter& w) { write_client_key_exchange(ClientKeyExchange{point}, w); });
  EXPECT_EQ(msg.size(), 4u + 33);
  auto p = parse_client_key_exchange(body_of(msg));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->public_point.size(), 32u);
  const Step s = Step::client_key_exchange;
  expect_decode_error(parse_client_key_exchange(Bytes{}), s);
  expect_decode_error(parse_client_key_exchange(Bytes{0}), s);
  expect_decode_error(parse_client_key_exchange(Bytes{2, 1}), s);
  expect_decode_error(parse_client_key_exchange(Bytes{1, 1, 1}), s);
}

TEST(CertificateStatus, RoundTripAndRules) {
  static const Bytes resp(300, 0x30);
  CertificateStatus cs{kStatusTypeOcsp, resp};
  Bytes msg = build([&](ByteWriter& w) { write_certificate_status(cs, w); });
  EXPECT_EQ(msg[0], 22);
  auto p = parse_certificate_status(body_of(msg));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->ocsp_response.size(), 300u);
  EXPECT_EQ(build([&](ByteWriter& w) { write_certificate_status(*p, w); }), msg);
  expect_illegal(parse_certificate_status(Bytes{2, 0, 0, 1, 0}), Step::server_certificate);
  expect_decode_error(parse_certificate_status(Bytes{1, 0, 0, 0}), Step::server_certificate);
  expect_decode_error(parse_certificate_status(Bytes{1, 0, 0, 2, 0}), Step::server_certificate);
}

TEST(AlertRecord, ParseAndWrite) {
  auto a = parse_alert_record(Bytes{2, 40});
  ASSERT_TRUE(a);
  EXPECT_EQ(a->level, AlertLevel::fatal);
  EXPECT_EQ(a->description, Alert::handshake_failure);
  auto w = parse_alert_record(Bytes{1, 0});
  ASSERT_TRUE(w);
  EXPECT_EQ(w->level, AlertLevel::warning);
  EXPECT_EQ(to_hex(build([&](ByteWriter& bw) { write_alert_record(*a, bw); })), "0228");
  auto unk = parse_alert_record(Bytes{2, 200});  // unknown description: representable
  ASSERT_TRUE(unk);
  EXPECT_EQ(static_cast<uint8_t>(unk->description), 200);
  expect_illegal(parse_alert_record(Bytes{3, 0}, Step::record_layer), Step::record_layer);
  expect_decode_error(parse_alert_record(Bytes{2}, Step::record_layer), Step::record_layer);
  expect_decode_error(parse_alert_record(Bytes{2, 0, 0}, Step::record_layer), Step::record_layer);
  EXPECT_STREQ(alert_level_name(AlertLevel::fatal), "fatal");
}

}  // namespace
}  // namespace tlskit
