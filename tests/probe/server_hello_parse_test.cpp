// Tests of src/probe/server_hello_parse: every version's ServerHello, HRR, the decoded
// extensions, truncation at every length, and each MUST it enforces.
#include <gtest/gtest.h>

#include "probe/server_hello_parse.h"
#include "probe_test_util.h"

namespace tlskit::probe {
namespace {

using test::server_hello_body;

TEST(ProbeServerHello, Ssl3WithoutExtensions) {
  Bytes b = server_hello_body(0x0300, static_cast<CipherSuite>(0x000A), {}, false, 32);
  auto sh = parse_probe_server_hello(b);
  ASSERT_TRUE(sh.ok()) << sh.error().to_string();
  EXPECT_EQ(sh->version, ProtocolVersion::ssl3);
  EXPECT_EQ(sh->cipher_suite, static_cast<CipherSuite>(0x000A));
  EXPECT_EQ(sh->session_id.size(), 32u);
  EXPECT_FALSE(sh->has_extension_block);
  EXPECT_FALSE(sh->hello_retry_request);
}

TEST(ProbeServerHello, Tls10ExtensionsDecoded) {
  ExtensionList e;
  e.add(to_extension(RenegotiationInfo{}));
  e.add_empty(ExtensionType::extended_master_secret);
  e.add_empty(ExtensionType::session_ticket);
  e.add_empty(ExtensionType::encrypt_then_mac);
  e.add(to_extension(AlpnProtocols{{"h2"}}));
  e.add(ExtensionType::heartbeat, Bytes{1});
  e.add(static_cast<ExtensionType>(0x7777), Bytes{1, 2, 3});  // unknown: kept raw
  auto sh = parse_probe_server_hello(server_hello_body(0x0301, static_cast<CipherSuite>(0xC013), e, true, 0, 1));
  ASSERT_TRUE(sh.ok()) << sh.error().to_string();
  EXPECT_EQ(sh->version, ProtocolVersion::tls1_0);
  EXPECT_EQ(sh->compression_method, 1);
  EXPECT_TRUE(sh->renegotiation_info);
  EXPECT_TRUE(sh->extended_master_secret);
  EXPECT_TRUE(sh->session_ticket);
  EXPECT_TRUE(sh->encrypt_then_mac);
  EXPECT_TRUE(sh->heartbeat);
  EXPECT_EQ(sh->alpn, "h2");
  EXPECT_TRUE(sh->has(static_cast<ExtensionType>(0x7777)));
  EXPECT_EQ(sh->extensions.size(), 7u);
}

TEST(ProbeServerHello, Tls13AndHelloRetryRequest) {
  auto sh = parse_probe_server_hello(test::tls13_server_hello_body());
  ASSERT_TRUE(sh.ok()) << sh.error().to_string();
  EXPECT_EQ(sh->version, ProtocolVersion::tls1_3);
  EXPECT_EQ(sh->key_share_group, NamedGroup::x25519);
  EXPECT_EQ(sh->key_share_size, 32u);

  ServerHello hrr;
  hrr.legacy_version = 0x0303;
  std::copy(kHelloRetryRequestRandom.begin(), kHelloRetryRequestRandom.end(), hrr.random.begin());
  hrr.cipher_suite = CipherSuite::TLS_AES_256_GCM_SHA384;
  hrr.extensions.add(to_extension(SupportedVersionsServer{ProtocolVersion::tls1_3}));
  hrr.extensions.add(to_extension(KeyShareHelloRetryRequest{NamedGroup{0x0100}}));
  hrr.extensions.add(to_extension(Cookie{Bytes(8, 1)}));
  Bytes out;
  ByteWriter w(out);
  write_server_hello(hrr, w);
  auto h = parse_probe_server_hello(ByteView(out).subspan(4));
  ASSERT_TRUE(h.ok()) << h.error().to_string();
  EXPECT_TRUE(h->hello_retry_request);
  EXPECT_EQ(h->key_share_group, NamedGroup{0x0100});
  EXPECT_TRUE(h->hrr_cookie);
}

TEST(ProbeServerHello, EveryTruncationFails) {
  ExtensionList e;
  e.add(to_extension(RenegotiationInfo{}));
  e.add(to_extension(AlpnProtocols{{"http/1.1"}}));
  for (const Bytes& full : {server_hello_body(0x0303, static_cast<CipherSuite>(0x009E), e, true, 32),
                            test::tls13_server_hello_body()}) {
    ASSERT_TRUE(parse_probe_server_hello(full).ok());
    // Every cut fails, except right before the extension block: that is a ServerHello without
    // extensions (RFC 5246 §7.4.1.3), valid on its own.
    const size_t no_block = 2 + 32 + 1 + 32 + 3;
    for (size_t n = 0; n < full.size(); ++n) {
      auto r = parse_probe_server_hello(ByteView(full).first(n));
      if (n == no_block) {
        ASSERT_TRUE(r.ok());
        EXPECT_FALSE(r->has_extension_block);
        continue;
      }
      ASSERT_FALSE(r.ok()) << n;
      EXPECT_EQ(r.error().party, Party::peer);
    }
    Bytes trailing = full;
    trailing.push_back(0);
    EXPECT_EQ(parse_probe_server_hello(trailing).error().code, ErrorCode::decode_error);
  }
}

TEST(ProbeServerHello, Refusals) {
  // Major version 2 is not SSL 3.0 / TLS.
  EXPECT_EQ(parse_probe_server_hello(server_hello_body(0x0200, CipherSuite{}, {}, false)).error().code,
            ErrorCode::protocol_version);
  // RFC 5246 §7.4.1.4: one extension of each type.
  ExtensionList dup;
  dup.add_empty(ExtensionType::extended_master_secret);
  dup.add_empty(ExtensionType::extended_master_secret);
  EXPECT_EQ(parse_probe_server_hello(server_hello_body(0x0303, CipherSuite{}, dup)).error().code,
            ErrorCode::illegal_parameter);
  // RFC 8446 §4.2.1: supported_versions below TLS 1.3.
  ExtensionList low;
  low.add(ExtensionType::supported_versions, Bytes{3, 3});
  EXPECT_EQ(parse_probe_server_hello(server_hello_body(0x0303, CipherSuite{}, low)).error().code,
            ErrorCode::illegal_parameter);
  ExtensionList badlen;
  badlen.add(ExtensionType::supported_versions, Bytes{3, 4, 0});
  EXPECT_EQ(parse_probe_server_hello(server_hello_body(0x0303, CipherSuite{}, badlen)).error().code,
            ErrorCode::decode_error);
  // TLS 1.3 with legacy_version other than 0x0303, or compression != 0.
  ExtensionList v13;
  v13.add(to_extension(SupportedVersionsServer{ProtocolVersion::tls1_3}));
  EXPECT_EQ(parse_probe_server_hello(server_hello_body(0x0301, CipherSuite{}, v13)).error().code,
            ErrorCode::illegal_parameter);
  EXPECT_EQ(parse_probe_server_hello(server_hello_body(0x0303, CipherSuite{}, v13, true, 0, 1)).error().code,
            ErrorCode::illegal_parameter);
  // An empty-bodied extension with a body.
  ExtensionList ems;
  ems.add(ExtensionType::extended_master_secret, Bytes{0});
  EXPECT_EQ(parse_probe_server_hello(server_hello_body(0x0303, CipherSuite{}, ems)).error().code,
            ErrorCode::decode_error);
  // ALPN with two names or an empty one.
  ExtensionList alpn;
  alpn.add(ExtensionType::application_layer_protocol_negotiation, Bytes{0, 1, 0});
  EXPECT_FALSE(parse_probe_server_hello(server_hello_body(0x0303, CipherSuite{}, alpn)).ok());
  // Session id over 32.
  Bytes sid33 = server_hello_body(0x0303, CipherSuite{}, {}, false, 32);
  sid33[34] = 33;
  EXPECT_EQ(parse_probe_server_hello(sid33).error().code, ErrorCode::decode_error);
  // RFC 8446 §4.1.4: an HRR without supported_versions.
  ServerHello hrr;
  hrr.legacy_version = 0x0303;
  std::copy(kHelloRetryRequestRandom.begin(), kHelloRetryRequestRandom.end(), hrr.random.begin());
  hrr.extensions.add(to_extension(KeyShareHelloRetryRequest{NamedGroup::x25519}));
  Bytes out;
  ByteWriter w(out);
  write_server_hello(hrr, w);
  auto r = parse_probe_server_hello(ByteView(out).subspan(4));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::missing_extension);
  EXPECT_EQ(r.error().step, Step::hello_retry_request);
}

}  // namespace
}  // namespace tlskit::probe
