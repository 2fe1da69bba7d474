// Typed extension codecs: round trips, GREASE tolerance, and every length / value rule.
#include <gtest/gtest.h>

#include "wire_test_util.h"

namespace tlskit {
namespace {

using namespace wire_test;

template <typename T, typename WriteFn>
Bytes data_of(const T& v, WriteFn write) {
  return build([&](ByteWriter& w) { write(v, w); });
}

template <typename T>
void expect_decode(const Result<T>& r) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::decode_error) << r.error().to_string();
  EXPECT_EQ(r.error().alert, Alert::decode_error);
  EXPECT_EQ(r.error().party, Party::peer);
}

template <typename T>
void expect_illegal(const Result<T>& r) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::illegal_parameter) << r.error().to_string();
  EXPECT_EQ(r.error().alert, Alert::illegal_parameter);
}

TEST(ExtensionList, FindAddRemoveAndBlock) {
  ExtensionList l;
  l.add(ExtensionType::cookie, Bytes{1, 2});
  l.add_empty(ExtensionType::extended_master_secret);
  EXPECT_TRUE(l.contains(ExtensionType::cookie));
  EXPECT_EQ(to_hex(l.find(ExtensionType::cookie)->body()), "0102");
  EXPECT_EQ(l.find(ExtensionType::key_share), nullptr);
  Bytes block = build([&](ByteWriter& w) { write_extension_block(l, w); });
  EXPECT_EQ(to_hex(block),
            "000a"
            "002c00020102"
            "00170000");
  ByteReader r(block);
  auto back = read_extension_block(r, Step::none, "Test");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->types(), l.types());
  EXPECT_EQ(l.remove(ExtensionType::cookie), 1u);
  EXPECT_EQ(l.size(), 1u);
  // Truncated header / data.
  for (const char* h : {"0003002c00", "0005002c000201", "00"}) {
    Bytes data = hex(h);
    ByteReader bad(data);
    auto e = read_extension_block(bad, Step::none, "Test");
    ASSERT_FALSE(e) << h;
    EXPECT_EQ(e.error().code, ErrorCode::decode_error);
  }
  EXPECT_TRUE(parse_empty_extension(ExtensionType::early_data, {}, Step::none));
  expect_decode(parse_empty_extension(ExtensionType::early_data, Bytes{0}, Step::none));
}

TEST(ExtServerName, RoundTripAndRules) {
  Bytes d = data_of(ServerNameList{"example.com"}, write_server_name);
  EXPECT_EQ(to_hex(d), "000e00000b6578616d706c652e636f6d");
  auto p = parse_server_name(d);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->host_name, "example.com");
  EXPECT_EQ(to_extension(*p).body().size(), d.size());
  expect_decode(parse_server_name(hex("0000")));                       // empty list
  expect_decode(parse_server_name(hex("000300000000")));               // trailing/len mismatch
  expect_decode(parse_server_name(hex("0003000000")));                 // empty host name
  expect_illegal(parse_server_name(hex("000a0000026162000002616a")));  // two host_names
  auto nul = parse_server_name(hex("0006000003610062"));
  ASSERT_FALSE(nul);
  EXPECT_EQ(nul.error().alert, Alert::unrecognized_name);
  auto other = parse_server_name(hex("0005010002abcd"));  // other name type ignored
  ASSERT_TRUE(other);
  EXPECT_EQ(other->host_name, "");
  std::string longname(256, 'a');
  auto too_long = parse_server_name(data_of(ServerNameList{longname}, write_server_name));
  ASSERT_FALSE(too_long);
  EXPECT_EQ(too_long.error().code, ErrorCode::unrecognized_name);
}

TEST(ExtSupportedGroups, RoundTripGreaseAndRules) {
  SupportedGroups g{{NamedGroup::X25519MLKEM768, NamedGroup::x25519, NamedGroup::secp384r1}};
  Bytes d = data_of(g, write_supported_groups);
  EXPECT_EQ(to_hex(d), "000611ec001d0018");
  auto p = parse_supported_groups(d);
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, g);
  auto gr = parse_supported_groups(hex("00063a3a001d7777"));
  ASSERT_TRUE(gr);
  EXPECT_EQ(gr->groups,
            (std::vector<NamedGroup>{NamedGroup::x25519, static_cast<NamedGroup>(0x7777)}));
  expect_decode(parse_supported_groups(hex("0000")));
  expect_decode(parse_supported_groups(hex("0003001d00")));
  expect_decode(parse_supported_groups(hex("0004001d")));
  expect_decode(parse_supported_groups(hex("00")));
}

TEST(ExtSignatureAlgorithms, RoundTripGreaseAndRules) {
  SignatureAlgorithms s{{SignatureScheme::ed25519, SignatureScheme::rsa_pss_rsae_sha256}};
  Bytes d = data_of(s, write_signature_algorithms);
  EXPECT_EQ(to_hex(d), "000408070804");
  auto p = parse_signature_algorithms(d);
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, s);
  EXPECT_EQ(to_extension(s).type, ExtensionType::signature_algorithms);
  SignatureAlgorithmsCert c{{SignatureScheme::ecdsa_secp384r1_sha384}};
  auto pc = parse_signature_algorithms_cert(data_of(c, write_signature_algorithms_cert));
  ASSERT_TRUE(pc);
  EXPECT_EQ(*pc, c);
  EXPECT_EQ(to_extension(c).type, ExtensionType::signature_algorithms_cert);
  auto g = parse_signature_algorithms(hex("00040a0a0807"));
  ASSERT_TRUE(g);
  EXPECT_EQ(g->schemes, std::vector<SignatureScheme>{SignatureScheme::ed25519});
  expect_decode(parse_signature_algorithms(hex("0000")));
  expect_decode(parse_signature_algorithms(hex("000308070804")));
  expect_decode(parse_signature_algorithms_cert(hex("00020807ff")));
}

TEST(ExtAlpn, RoundTripAndRules) {
  AlpnProtocols a{{"h2", "http/1.1"}};
  Bytes d = data_of(a, write_alpn);
  EXPECT_EQ(to_hex(d), "000c02683208687474702f312e31");
  auto p = parse_alpn(d);
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, a);
  expect_decode(parse_alpn_selected(d));  // two names from a server
  auto one = parse_alpn_selected(data_of(AlpnProtocols{{"h2"}}, write_alpn));
  ASSERT_TRUE(one);
  EXPECT_EQ(*one, "h2");
  expect_decode(parse_alpn(hex("0000")));
  expect_decode(parse_alpn(hex("000100")));      // empty name
  expect_decode(parse_alpn(hex("0003036832")));  // truncated name
  expect_decode(parse_alpn(hex("00030268320a")));
}

TEST(ExtSupportedVersions, ClientAndServerForms) {
  SupportedVersionsClient c{{ProtocolVersion::tls1_3, ProtocolVersion::tls1_2}};
  Bytes d = data_of(c, write_supported_versions_client);
  EXPECT_EQ(to_hex(d), "0403040303");
  auto p = parse_supported_versions_client(d);
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, c);
  auto g = parse_supported_versions_client(hex("06fafa03047f1c"));
  ASSERT_TRUE(g);
  EXPECT_EQ(g->versions.size(), 2u);  // GREASE dropped, unknown draft version kept
  expect_decode(parse_supported_versions_client(hex("00")));
  expect_decode(parse_supported_versions_client(hex("030304")));
  expect_decode(parse_supported_versions_client(hex("0403")));
  SupportedVersionsServer s{ProtocolVersion::tls1_3};
  EXPECT_EQ(to_hex(data_of(s, write_supported_versions_server)), "0304");
  auto ps = parse_supported_versions_server(hex("0304"));
  ASSERT_TRUE(ps);
  EXPECT_EQ(ps->selected, ProtocolVersion::tls1_3);
  expect_decode(parse_supported_versions_server(hex("020304")));
}

TEST(ExtKeyShare, ClientServerHrrForms) {
  KeyShareClient c{{{NamedGroup::x25519, Bytes(32, 1)}, {NamedGroup::secp256r1, Bytes(65, 4)}}};
  Bytes d = data_of(c, write_key_share_client);
  EXPECT_EQ(d.size(), 2u + 4 + 32 + 4 + 65);
  auto p = parse_key_share_client(d);
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, c);
  auto empty = parse_key_share_client(hex("0000"));  // valid: no shares (HRR will follow)
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->shares.empty());
  // GREASE share ignored.
  auto g =
      parse_key_share_client(hex("000a"
                                 "2a2a000100"
                                 "001d000107"));
  ASSERT_TRUE(g);
  ASSERT_EQ(g->shares.size(), 1u);
  EXPECT_EQ(g->shares[0].group, NamedGroup::x25519);
  // RFC 8446 §4.2.8: duplicate group.
  auto dup =
      parse_key_share_client(hex("000a"
                                 "001d000101"
                                 "001d000102"));
  expect_illegal(dup);
  EXPECT_NE(dup.error().detail.find("x25519"), std::string::npos);
  expect_decode(parse_key_share_client(hex("0004001d0000")));  // empty key_exchange
  expect_decode(parse_key_share_client(hex("0006001d000101")));
  expect_decode(parse_key_share_client(hex("0005001d00020101")));

  KeyShareServer s{{NamedGroup::X25519MLKEM768, Bytes(1120, 2)}};
  auto ps = parse_key_share_server(data_of(s, write_key_share_server));
  ASSERT_TRUE(ps);
  EXPECT_EQ(*ps, s);
  expect_decode(parse_key_share_server(hex("001d00010100")));
  expect_decode(parse_key_share_server(hex("001d0000")));

  KeyShareHelloRetryRequest h{NamedGroup::secp384r1};
  EXPECT_EQ(to_hex(data_of(h, write_key_share_hrr)), "0018");
  auto ph = parse_key_share_hrr(hex("0018"));
  ASSERT_TRUE(ph);
  EXPECT_EQ(*ph, h);
  expect_decode(parse_key_share_hrr(hex("001800")));

  KeyShareServer too_big{{NamedGroup::x25519, Bytes(kMaxKeyExchangeSize + 1, 1)}};
  expect_decode(parse_key_share_server(data_of(too_big, write_key_share_server)));
}

TEST(ExtCookie, RoundTripAndRules) {
  Cookie c{Bytes(40, 3)};
  auto p = parse_cookie(data_of(c, write_cookie));
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, c);
  expect_decode(parse_cookie(hex("0000")));
  expect_decode(parse_cookie(hex("000201")));
}

TEST(ExtPskKeyExchangeModes, RoundTripAndRules) {
  PskKeyExchangeModes m{{PskKeyExchangeMode::psk_dhe_ke, PskKeyExchangeMode::psk_ke}};
  Bytes d = data_of(m, write_psk_key_exchange_modes);
  EXPECT_EQ(to_hex(d), "020100");
  auto p = parse_psk_key_exchange_modes(d);
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, m);
  expect_decode(parse_psk_key_exchange_modes(hex("00")));
  expect_decode(parse_psk_key_exchange_modes(hex("0201")));
  expect_decode(parse_psk_key_exchange_modes({}));
}

TEST(ExtPreSharedKey, ClientAndServerForms) {
  OfferedPsks o;
  o.identities = {{Bytes(10, 1), 100}, {Bytes(20, 2), 200}};
  o.binders = {Bytes(32, 0xB1), Bytes(48, 0xB2)};
  Bytes d = data_of(o, write_pre_shared_key_client);
  auto p = parse_pre_shared_key_client(d);
  ASSERT_TRUE(p) << p.error().to_string();
  EXPECT_EQ(*p, o);
  EXPECT_EQ(psk_binders_wire_size(o), 2u + 33 + 49);
  // The binders are the tail of the extension data.
  EXPECT_EQ(to_hex(ByteView(d).subspan(d.size() - psk_binders_wire_size(o), 3)),
            "0052"
            "20");

  OfferedPsks mismatch = o;
  mismatch.binders.pop_back();
  expect_illegal(parse_pre_shared_key_client(data_of(mismatch, write_pre_shared_key_client)));
  OfferedPsks short_binder = o;
  short_binder.binders[0] = Bytes(31, 1);
  expect_decode(parse_pre_shared_key_client(data_of(short_binder, write_pre_shared_key_client)));
  OfferedPsks empty_id = o;
  empty_id.identities[0].identity.clear();
  expect_decode(parse_pre_shared_key_client(data_of(empty_id, write_pre_shared_key_client)));
  OfferedPsks none;
  expect_decode(parse_pre_shared_key_client(data_of(none, write_pre_shared_key_client)));
  Bytes trailing = d;
  trailing.push_back(0);
  expect_decode(parse_pre_shared_key_client(trailing));

  PreSharedKeyServer s{1};
  EXPECT_EQ(to_hex(data_of(s, write_pre_shared_key_server)), "0001");
  auto ps = parse_pre_shared_key_server(hex("0001"));
  ASSERT_TRUE(ps);
  EXPECT_EQ(ps->selected_identity, 1);
  expect_decode(parse_pre_shared_key_server(hex("00")));
}

TEST(ExtEarlyData, NstForm) {
  EXPECT_EQ(to_hex(data_of(EarlyDataNst{0x4000}, write_early_data_nst)), "00004000");
  auto p = parse_early_data_nst(hex("ffffffff"));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->max_early_data_size, 0xffffffffu);
  expect_decode(parse_early_data_nst(hex("000040")));
  EXPECT_EQ(to_extension(EarlyDataNst{1}).type, ExtensionType::early_data);
}

TEST(ExtStatusRequest, ClientFormAndEntryStatus) {
  StatusRequest s;  // typical: empty responder list and extensions
  Bytes d = data_of(s, write_status_request);
  EXPECT_EQ(to_hex(d), "0100000000");
  auto p = parse_status_request(d);
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, s);
  StatusRequest with_ids;
  with_ids.responder_id_list = hex("0003aabbcc");
  with_ids.request_extensions = hex("3000");
  auto p2 = parse_status_request(data_of(with_ids, write_status_request));
  ASSERT_TRUE(p2);
  EXPECT_EQ(*p2, with_ids);
  auto other = parse_status_request(hex("02abcdef"));  // ocsp_multi etc.: kept undecoded
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status_type, 2);
  EXPECT_EQ(to_hex(other->other_request), "abcdef");
  EXPECT_EQ(to_hex(data_of(*other, write_status_request)), "02abcdef");
  expect_decode(parse_status_request({}));
  expect_decode(parse_status_request(hex("01000200000000")));  // empty ResponderID
  expect_decode(parse_status_request(hex("0100000001")));
  static const Bytes resp(10, 0x30);
  Extension e = to_extension(CertificateStatus{kStatusTypeOcsp, resp});
  EXPECT_EQ(e.type, ExtensionType::status_request);
  EXPECT_EQ(to_hex(e.body()).substr(0, 8), "0100000a");
}

TEST(ExtRenegotiationInfo, RoundTripAndRules) {
  EXPECT_EQ(to_hex(data_of(RenegotiationInfo{}, write_renegotiation_info)), "00");
  auto p =
      parse_renegotiation_info(hex("0c"
                                   "000102030405060708090a0b"));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->renegotiated_connection.size(), 12u);
  expect_decode(parse_renegotiation_info({}));
  expect_decode(parse_renegotiation_info(hex("02aa")));
  expect_decode(parse_renegotiation_info(hex("00aa")));
}

TEST(ExtEmptyExtensions, EmsAndPostHandshakeAuth) {
  EXPECT_TRUE(parse_extended_master_secret({}));
  expect_decode(parse_extended_master_secret(hex("00")));
  EXPECT_TRUE(parse_post_handshake_auth({}));
  expect_decode(parse_post_handshake_auth(hex("00")));
  EXPECT_EQ(extended_master_secret_extension().type, ExtensionType::extended_master_secret);
  EXPECT_TRUE(extended_master_secret_extension().body().empty());
}

TEST(ExtSessionTicket, AnyBytes) {
  auto p = parse_session_ticket(hex("0102"));
  ASSERT_TRUE(p);
  EXPECT_EQ(to_hex(p->ticket), "0102");
  EXPECT_EQ(to_hex(data_of(*p, write_session_ticket)), "0102");
  EXPECT_TRUE(parse_session_ticket({}));
}

TEST(ExtEcPointFormats, RoundTripAndRules) {
  EcPointFormats f{{0, 1}};
  EXPECT_EQ(to_hex(data_of(f, write_ec_point_formats)), "020001");
  auto p = parse_ec_point_formats(hex("020001"));
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, f);
  EXPECT_TRUE(p->has_uncompressed());
  auto c = parse_ec_point_formats(hex("0101"));
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->has_uncompressed());
  expect_decode(parse_ec_point_formats(hex("00")));
  expect_decode(parse_ec_point_formats(hex("0200")));
}

TEST(ExtPadding, ZerosAndSizing) {
  EXPECT_EQ(to_hex(data_of(Padding{3}, write_padding)), "000000");
  auto p = parse_padding(hex("000000"));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->length, 3u);
  EXPECT_TRUE(p->all_zero);
  auto nz = parse_padding(hex("0001"));
  ASSERT_TRUE(nz);
  EXPECT_FALSE(nz->all_zero);
  EXPECT_EQ(padding_length_for(200), 0u);
  EXPECT_EQ(padding_length_for(512), 0u);
  EXPECT_EQ(padding_length_for(300), 512u - 300 - 4);
  EXPECT_EQ(padding_length_for(510), 1u);  // cannot fit 2 bytes; 1 byte of data pushes past 512
  for (size_t n = 256; n < 512; ++n) EXPECT_GE(n + 4 + padding_length_for(n), 512u) << n;
}

TEST(ExtRecordSizeLimit, RoundTripAndRules) {
  EXPECT_EQ(to_hex(data_of(RecordSizeLimit{16385}, write_record_size_limit)), "4001");
  auto p = parse_record_size_limit(hex("0040"));
  ASSERT_TRUE(p);
  EXPECT_EQ(p->limit, 64);
  expect_illegal(parse_record_size_limit(hex("003f")));
  expect_decode(parse_record_size_limit(hex("40")));
  expect_decode(parse_record_size_limit(hex("400100")));
}

TEST(ExtCertificateAuthorities, RoundTripAndRules) {
  CertificateAuthorities ca{{Bytes(5, 0x30), Bytes(7, 0x31)}};
  Bytes d = data_of(ca, write_certificate_authorities);
  EXPECT_EQ(d.size(), 2u + 7 + 9);
  auto p = parse_certificate_authorities(d);
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, ca);
  expect_decode(parse_certificate_authorities(hex("0000")));
  expect_decode(parse_certificate_authorities(hex("00020000")));
  expect_decode(parse_certificate_authorities(hex("000100")));
  EXPECT_TRUE(parse_certificate_authorities(hex("0003000130")));
}

TEST(ExtensionRules, Rfc8446Table) {
  using C = ExtensionContext;
  struct Row {
    ExtensionType t;
    std::vector<C> allowed;
  };
  const std::vector<C> all = {C::client_hello,         C::server_hello,      C::hello_retry_request,
                              C::encrypted_extensions, C::certificate,       C::certificate_request,
                              C::new_session_ticket,   C::server_hello_tls12};
  const std::vector<Row> rows = {
      {ExtensionType::server_name,
       {C::client_hello, C::encrypted_extensions, C::server_hello_tls12}},
      {ExtensionType::status_request,
       {C::client_hello, C::certificate_request, C::certificate, C::server_hello_tls12}},
      {ExtensionType::supported_groups,
       {C::client_hello, C::encrypted_extensions, C::server_hello_tls12}},
      {ExtensionType::signature_algorithms, {C::client_hello, C::certificate_request}},
      {ExtensionType::application_layer_protocol_negotiation,
       {C::client_hello, C::encrypted_extensions, C::server_hello_tls12}},
      {ExtensionType::signed_certificate_timestamp,
       {C::client_hello, C::certificate_request, C::certificate, C::server_hello_tls12}},
      {ExtensionType::padding, {C::client_hello}},
      {ExtensionType::pre_shared_key, {C::client_hello, C::server_hello}},
      {ExtensionType::early_data,
       {C::client_hello, C::encrypted_extensions, C::new_session_ticket}},
      {ExtensionType::psk_key_exchange_modes, {C::client_hello}},
      {ExtensionType::cookie, {C::client_hello, C::hello_retry_request}},
      {ExtensionType::supported_versions,
       {C::client_hello, C::server_hello, C::hello_retry_request}},
      {ExtensionType::certificate_authorities, {C::client_hello, C::certificate_request}},
      {ExtensionType::oid_filters, {C::certificate_request}},
      {ExtensionType::post_handshake_auth, {C::client_hello}},
      {ExtensionType::signature_algorithms_cert, {C::client_hello, C::certificate_request}},
      {ExtensionType::key_share, {C::client_hello, C::server_hello, C::hello_retry_request}},
      {ExtensionType::extended_master_secret, {C::client_hello, C::server_hello_tls12}},
      {ExtensionType::renegotiation_info, {C::client_hello, C::server_hello_tls12}},
      {ExtensionType::record_size_limit,
       {C::client_hello, C::encrypted_extensions, C::server_hello_tls12}},
  };
  for (const auto& row : rows) {
    for (C c : all) {
      bool want = std::find(row.allowed.begin(), row.allowed.end(), c) != row.allowed.end();
      EXPECT_EQ(extension_allowed(row.t, c), want)
          << extension_name(row.t) << " in " << extension_context_name(c);
    }
  }
  auto unknown = static_cast<ExtensionType>(0x7A7A);
  EXPECT_FALSE(extension_is_known(unknown));
  for (C c : all) {
    bool want = c == C::client_hello || c == C::certificate_request || c == C::new_session_ticket;
    EXPECT_EQ(extension_allowed(unknown, c), want) << extension_context_name(c);
  }
}

TEST(ExtensionRules, OfferedCheck) {
  ExtensionList received;
  received.add_empty(ExtensionType::server_name);
  received.add(to_extension(AlpnProtocols{{"h2"}}));
  std::vector<ExtensionType> offered = {ExtensionType::server_name,
                                        ExtensionType::application_layer_protocol_negotiation};
  EXPECT_TRUE(check_extensions_offered(received, offered, ExtensionContext::encrypted_extensions,
                                       Step::encrypted_extensions));
  offered.pop_back();
  auto r = check_extensions_offered(received, offered, ExtensionContext::encrypted_extensions,
                                    Step::encrypted_extensions);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().alert, Alert::unsupported_extension);
  EXPECT_EQ(r.error().step, Step::encrypted_extensions);
}

}  // namespace
}  // namespace tlskit
