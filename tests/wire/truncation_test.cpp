// Every prefix of every sample message is rejected (or, where the grammar allows it, is a
// shorter valid message), and never crashes; describe() never crashes either. Run under the
// sanitizer build to catch out-of-bounds reads.
#include <gtest/gtest.h>

#include <functional>

#include "wire_test_util.h"

namespace tlskit {
namespace {

using namespace wire_test;

struct Sample {
  Bytes message;
  bool tls13;
  size_t finished_len;
};

std::vector<Sample> samples() {
  std::vector<Sample> out;
  for (const auto& b : rfc8448_blocks()) {
    if (b.label == "payload" || b.label.find("prefix") != std::string::npos) continue;
    if (b.bytes.size() < 4) continue;
    auto split = split_handshake_message(b.bytes);
    if (!split || static_cast<uint8_t>(split->type) == 0) continue;
    out.push_back({b.bytes, true, 32});
  }
  // TLS 1.2 messages.
  static const Bytes point(65, 4), sig(72, 0x30), der(50, 0x30), ticket(20, 1), dn(5, 0x30);
  out.push_back(
      {build([&](ByteWriter& w) {
         write_server_key_exchange(
             {3, NamedGroup::secp256r1, point, SignatureScheme::ecdsa_secp256r1_sha256, sig, {}},
             w);
       }),
       false, 12});
  out.push_back({build([&](ByteWriter& w) { write_client_key_exchange({point}, w); }), false, 12});
  out.push_back({build([&](ByteWriter& w) { write_certificate12({{der, der}}, w); }), false, 12});
  out.push_back({build([&](ByteWriter& w) {
                   write_new_session_ticket12({60, ticket}, w);
                 }),
                 false, 12});
  out.push_back(
      {build([&](ByteWriter& w) {
         write_certificate_request12({{1, 64}, {SignatureScheme::rsa_pkcs1_sha256}, {dn}}, w);
       }),
       false, 12});
  out.push_back({build([&](ByteWriter& w) { write_certificate_status({1, der}, w); }), false, 12});
  return out;
}

// The body offset at which a Client/ServerHello's optional extension block starts.
size_t extension_block_offset(const Bytes& msg) {
  ByteView body = ByteView(msg).subspan(4);
  size_t at = 2 + 32;
  at += 1 + body[at];
  if (msg[0] == 1) {
    at += 2 + (size_t{body[at]} << 8 | body[at + 1]);
    at += 1 + body[at];
  } else {
    at += 3;
  }
  return at;
}

TEST(Truncation, EveryPrefixFailsOrIsAShorterValidHello) {
  auto all = samples();
  ASSERT_GT(all.size(), 20u);
  for (const auto& s : all) {
    auto type = static_cast<HandshakeType>(s.message[0]);
    ByteView body = ByteView(s.message).subspan(4);
    ASSERT_TRUE(reserialize(type, body, s.tls13, s.finished_len)) << handshake_type_name(type);
    const bool hello = type == HandshakeType::client_hello || type == HandshakeType::server_hello;
    size_t ext_at = hello ? extension_block_offset(s.message) : SIZE_MAX;
    for (size_t k = 0; k < body.size(); ++k) {
      auto r = reserialize(type, body.subspan(0, k), s.tls13, s.finished_len);
      if (k == ext_at && type == HandshakeType::client_hello) {
        EXPECT_TRUE(r) << "ClientHello without extensions block";
        continue;
      }
      if (k == ext_at && type == HandshakeType::server_hello) continue;  // HRR: error; SH: ok
      EXPECT_FALSE(r) << handshake_type_name(type) << " prefix " << k << " of " << body.size();
      if (!r) {
        EXPECT_EQ(r.error().party, Party::peer);
        EXPECT_FALSE(r.error().detail.empty());
      }
      // describe() of the truncated whole message never crashes and reports an error.
      Bytes msg(s.message.begin(), s.message.begin() + 4 + k);
      auto d = describe_handshake_message(
          msg, s.tls13 ? ProtocolVersion::tls1_3 : ProtocolVersion::tls1_2);
      EXPECT_NE(d.parse_error, "");
    }
  }
}

TEST(Truncation, ExtensionParsersRejectEveryPrefix) {
  OfferedPsks psk{{{Bytes(8, 1), 7}}, {Bytes(32, 2)}};
  StatusRequest sr;
  sr.responder_id_list = hex("0002aabb");
  std::vector<std::pair<Bytes, std::function<bool(ByteView)>>> cases = {
      {build([](ByteWriter& w) { write_server_name({"a.example"}, w); }),
       [](ByteView d) { return parse_server_name(d).ok(); }},
      {build([](ByteWriter& w) {
         write_supported_groups({{NamedGroup::x25519, NamedGroup::secp256r1}}, w);
       }),
       [](ByteView d) { return parse_supported_groups(d).ok(); }},
      {build([](ByteWriter& w) {
         write_alpn({{"h2", "http/1.1"}}, w);
       }),
       [](ByteView d) { return parse_alpn(d).ok(); }},
      {build([](ByteWriter& w) {
         write_supported_versions_client({{ProtocolVersion::tls1_3, ProtocolVersion::tls1_2}}, w);
       }),
       [](ByteView d) { return parse_supported_versions_client(d).ok(); }},
      {build([](ByteWriter& w) {
         write_key_share_client({{{NamedGroup::x25519, Bytes(32, 1)}}}, w);
       }),
       [](ByteView d) { return parse_key_share_client(d).ok(); }},
      {build([](ByteWriter& w) {
         write_key_share_server({{NamedGroup::x25519, Bytes(32, 1)}}, w);
       }),
       [](ByteView d) { return parse_key_share_server(d).ok(); }},
      {build([&](ByteWriter& w) { write_pre_shared_key_client(psk, w); }),
       [](ByteView d) { return parse_pre_shared_key_client(d).ok(); }},
      {build([](ByteWriter& w) { write_cookie({Bytes(5, 1)}, w); }),
       [](ByteView d) { return parse_cookie(d).ok(); }},
      {build([&](ByteWriter& w) { write_status_request(sr, w); }),
       [](ByteView d) { return parse_status_request(d).ok(); }},
      {build([](ByteWriter& w) { write_certificate_authorities({{Bytes(3, 0x30)}}, w); }),
       [](ByteView d) { return parse_certificate_authorities(d).ok(); }},
      {build([](ByteWriter& w) { write_signature_algorithms({{SignatureScheme::ed25519}}, w); }),
       [](ByteView d) { return parse_signature_algorithms(d).ok(); }},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    const auto& [data, parse] = cases[i];
    EXPECT_TRUE(parse(data)) << "case " << i;
    for (size_t k = 0; k < data.size(); ++k)
      EXPECT_FALSE(parse(ByteView(data).subspan(0, k))) << "case " << i << " prefix " << k;
  }
}

}  // namespace
}  // namespace tlskit
