// Tests of src/probe/hello_builder and key_shares: built hellos parse back with our own
// ClientHello parser, byte for byte, and the synthesized key shares are accepted by the crypto
// provider's server side.
#include <gtest/gtest.h>

#include "crypto/provider.h"
#include "probe/enumerate.h"
#include "probe/hello_builder.h"
#include "probe/key_shares.h"
#include "wire/wire.h"

namespace tlskit::probe {
namespace {

// Splits the records of a built hello and checks their framing; returns the joined payload.
Bytes unframe(ByteView records, uint16_t want_version, size_t* count = nullptr) {
  Bytes out;
  size_t n = 0, off = 0;
  while (off < records.size()) {
    EXPECT_GE(records.size() - off, 5u);
    EXPECT_EQ(records[off], 22);
    EXPECT_EQ((records[off + 1] << 8) | records[off + 2], want_version);
    size_t len = (records[off + 3] << 8) | records[off + 4];
    EXPECT_LE(len, kMaxPlaintextFragment);
    out.insert(out.end(), records.begin() + off + 5, records.begin() + off + 5 + len);
    off += 5 + len;
    ++n;
  }
  if (count) *count = n;
  return out;
}

TEST(HelloBuilder, Tls12ParsesBackExactly) {
  DeterministicRng rng(7);
  HelloSpec s = full_offer(ProtocolVersion::tls1_2, "example.com");
  s.alpn = {"h2", "http/1.1"};
  s.status_request = true;
  auto b = build_client_hello(s, rng);
  ASSERT_TRUE(b.ok()) << b.error().to_string();
  EXPECT_EQ(unframe(b->records, 0x0301), b->message);
  auto msg = split_handshake_message(b->message);
  ASSERT_TRUE(msg.ok());
  EXPECT_EQ(msg->type, HandshakeType::client_hello);
  auto ch = parse_client_hello(msg->body);
  ASSERT_TRUE(ch.ok()) << ch.error().to_string();
  EXPECT_EQ(ch->legacy_version, 0x0303);
  EXPECT_EQ(ch->cipher_suites, s.cipher_suites);
  EXPECT_TRUE(ch->legacy_session_id.empty());
  EXPECT_TRUE(std::equal(ch->random.begin(), ch->random.end(), b->random.begin()));
  auto groups = parse_supported_groups(ch->extensions.find(ExtensionType::supported_groups)->body());
  ASSERT_TRUE(groups.ok());
  EXPECT_EQ(groups->groups, s.groups);
  auto sigs = parse_signature_algorithms(ch->extensions.find(ExtensionType::signature_algorithms)->body());
  ASSERT_TRUE(sigs.ok());
  EXPECT_EQ(sigs->schemes, s.signature_schemes);
  auto sni = parse_server_name(ch->extensions.find(ExtensionType::server_name)->body());
  ASSERT_TRUE(sni.ok());
  EXPECT_EQ(sni->host_name, "example.com");
  EXPECT_TRUE(ch->extensions.contains(ExtensionType::ec_point_formats));
  EXPECT_TRUE(ch->extensions.contains(ExtensionType::renegotiation_info));
  EXPECT_TRUE(ch->extensions.contains(ExtensionType::extended_master_secret));
  EXPECT_TRUE(ch->extensions.contains(ExtensionType::status_request));
  EXPECT_FALSE(ch->extensions.contains(ExtensionType::supported_versions));
  EXPECT_FALSE(ch->extensions.contains(ExtensionType::key_share));
  // Writing the parsed hello again gives the same bytes (byte-exact against our own writer).
  Bytes again;
  ByteWriter w(again);
  write_client_hello(*ch, w);
  EXPECT_EQ(again, b->message);
  // Same seed, same bytes.
  DeterministicRng rng2(7);
  EXPECT_EQ(build_client_hello(s, rng2)->message, b->message);
}

TEST(HelloBuilder, Tls13KeySharesAreValid) {
  DeterministicRng rng(1);
  HelloSpec s = full_offer(ProtocolVersion::tls1_3, "");
  s.key_shares = {NamedGroup::X25519MLKEM768, NamedGroup::x25519, NamedGroup::secp256r1,
                  NamedGroup::secp384r1, NamedGroup{0x0100}};
  auto b = build_client_hello(s, rng);
  ASSERT_TRUE(b.ok()) << b.error().to_string();
  auto ch = parse_client_hello(split_handshake_message(b->message)->body);
  ASSERT_TRUE(ch.ok()) << ch.error().to_string();
  EXPECT_EQ(ch->legacy_version, 0x0303);  // RFC 8446 §4.1.2
  EXPECT_EQ(ch->legacy_session_id.size(), 32u);
  EXPECT_FALSE(ch->extensions.contains(ExtensionType::server_name));
  auto sv = parse_supported_versions_client(ch->extensions.find(ExtensionType::supported_versions)->body());
  ASSERT_TRUE(sv.ok());
  EXPECT_EQ(sv->versions, std::vector<ProtocolVersion>{ProtocolVersion::tls1_3});
  auto ks = parse_key_share_client(ch->extensions.find(ExtensionType::key_share)->body());
  ASSERT_TRUE(ks.ok()) << ks.error().to_string();
  ASSERT_EQ(ks->shares.size(), 5u);
  const crypto::Provider& p = crypto::default_provider();
  for (const KeyShareEntry& e : ks->shares) {
    EXPECT_EQ(e.key_exchange.size(), *key_share_size(e.group)) << group_name(e.group);
    if (!p.supports_group(e.group)) continue;
    // The server side of the provider validates the share (point on the curve, ML-KEM modulus
    // check) before it encapsulates.
    auto enc = p.encapsulate(e.group, e.key_exchange, p.system_rng());
    EXPECT_TRUE(enc.ok()) << group_name(e.group) << ": " << enc.error().to_string();
  }
  EXPECT_EQ(ks->shares[4].key_exchange.back(), 2);  // FFDHE: g = 2
}

TEST(HelloBuilder, EveryProbeGroupHasAShare) {
  DeterministicRng rng(3);
  for (ProtocolVersion v : {ProtocolVersion::tls1_3}) {
    for (NamedGroup g : probe_groups(v)) {
      auto share = make_key_share(g, rng);
      ASSERT_TRUE(share.ok()) << group_name(g);
      EXPECT_EQ(share->size(), *key_share_size(g)) << group_name(g);
    }
  }
  auto none = make_key_share(NamedGroup{0x001A}, rng);  // brainpoolP256r1: no TLS 1.3 share
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().party, Party::config);
}

TEST(HelloBuilder, Ssl3WithoutExtensionsAndPadding) {
  DeterministicRng rng(2);
  HelloSpec s;
  s.version = ProtocolVersion::ssl3;
  s.cipher_suites = {static_cast<CipherSuite>(0x000A), CipherSuite::TLS_EMPTY_RENEGOTIATION_INFO_SCSV};
  s.extensions = false;
  auto b = build_client_hello(s, rng);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(unframe(b->records, 0x0300), b->message);
  auto ch = parse_client_hello(split_handshake_message(b->message)->body);
  ASSERT_TRUE(ch.ok());
  EXPECT_EQ(ch->legacy_version, 0x0300);
  EXPECT_FALSE(ch->has_extension_block);
  EXPECT_EQ(b->message.size(), 4u + 2 + 32 + 1 + 2 + 4 + 2);
  // A hello of 256..511 bytes is padded to 512 (RFC 7685 §4).
  HelloSpec t;
  t.version = ProtocolVersion::tls1_2;
  for (uint16_t i = 0; i < 120; ++i) t.cipher_suites.push_back(static_cast<CipherSuite>(0xC000 + i));
  auto padded = build_client_hello(t, rng);
  ASSERT_TRUE(padded.ok());
  EXPECT_EQ(padded->message.size(), 512u);
  t.padding = false;
  EXPECT_LT(build_client_hello(t, rng)->message.size(), 512u);
}

TEST(HelloBuilder, LargeHelloSpansRecords) {
  DeterministicRng rng(4);
  HelloSpec s;
  s.version = ProtocolVersion::tls1_2;
  for (uint32_t i = 0; i < 9000; ++i) s.cipher_suites.push_back(static_cast<CipherSuite>(i));
  auto b = build_client_hello(s, rng);
  ASSERT_TRUE(b.ok());
  size_t records = 0;
  EXPECT_EQ(unframe(b->records, 0x0301, &records), b->message);
  EXPECT_EQ(records, 2u);
}

TEST(HelloBuilder, Refusals) {
  DeterministicRng rng(5);
  HelloSpec empty;
  EXPECT_EQ(build_client_hello(empty, rng).error().code, ErrorCode::config_invalid);
  HelloSpec shares12 = full_offer(ProtocolVersion::tls1_2, "");
  shares12.key_shares = {NamedGroup::x25519};
  EXPECT_FALSE(build_client_hello(shares12, rng).ok());
  HelloSpec missing = full_offer(ProtocolVersion::tls1_3, "");
  missing.groups = {NamedGroup::secp256r1};
  missing.key_shares = {NamedGroup::x25519};  // RFC 8446 §4.2.8: not in supported_groups
  auto e = build_client_hello(missing, rng);
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.error().detail.find("x25519"), std::string::npos);
  HelloSpec old = full_offer(ProtocolVersion::tls1_2, "");
  old.version = static_cast<ProtocolVersion>(0x0200);
  EXPECT_FALSE(build_client_hello(old, rng).ok());
  HelloSpec too_many;
  too_many.cipher_suites.assign(kMaxOfferedSuites + 1, CipherSuite::TLS_AES_128_GCM_SHA256);
  EXPECT_FALSE(build_client_hello(too_many, rng).ok());
  HelloSpec hrr = full_offer(ProtocolVersion::tls1_3, "");
  hrr.key_shares.clear();  // an empty key_share: valid, asks for a HelloRetryRequest
  auto h = build_client_hello(hrr, rng);
  ASSERT_TRUE(h.ok());
  auto ch = parse_client_hello(split_handshake_message(h->message)->body);
  ASSERT_TRUE(ch.ok());
  EXPECT_TRUE(parse_key_share_client(ch->extensions.find(ExtensionType::key_share)->body())->shares.empty());
}

}  // namespace
}  // namespace tlskit::probe

namespace tlskit::probe {
namespace {

TEST(HelloBuilder, DeflateAndAGivenSessionId) {
  DeterministicRng rng(3);
  HelloSpec spec = full_offer(ProtocolVersion::tls1_2, "example.test");
  spec.offer_deflate = true;
  spec.session_id = Bytes{0x5a};
  auto built = build_client_hello(spec, rng);
  ASSERT_TRUE(built);
  auto ch = parse_client_hello(ByteView(built->message).subspan(4));
  ASSERT_TRUE(ch);
  ASSERT_EQ(ch->legacy_compression_methods.size(), 2u);
  EXPECT_EQ(ch->legacy_compression_methods[0], 1);  // DEFLATE first (RFC 3749)
  EXPECT_EQ(ch->legacy_compression_methods[1], 0);
  ASSERT_EQ(ch->legacy_session_id.size(), 1u);
  EXPECT_EQ(ch->legacy_session_id[0], 0x5a);
  // TLS 1.3 never offers DEFLATE (RFC 8446 §4.1.2); a session ID over 32 bytes is refused.
  HelloSpec t13 = full_offer(ProtocolVersion::tls1_3, "");
  t13.offer_deflate = true;
  auto b13 = build_client_hello(t13, rng);
  ASSERT_TRUE(b13);
  auto ch13 = parse_client_hello(ByteView(b13->message).subspan(4));
  ASSERT_TRUE(ch13);
  EXPECT_EQ(ch13->legacy_compression_methods.size(), 1u);
  spec.session_id = Bytes(33, 1);
  EXPECT_FALSE(build_client_hello(spec, rng));
}

}  // namespace
}  // namespace tlskit::probe
