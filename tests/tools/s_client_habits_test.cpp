// Tests of the s_client habits: -verify_depth, -x509_strict, -attime, -sigalgs, -proxy,
// -no_middlebox, -tlsextdebug, -state, -enable_pha and -cipher ...@SECLEVEL=n.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "cli/client_config.h"
#include "cli/client_options.h"
#include "cli/proxy.h"
#include "cli/s_client_flags.h"
#include "inspector/state_lines.h"
#include "x509/certificate.h"

namespace tlskit::tools {
namespace {

const std::string kData = std::string(TLSKIT_SOURCE_DIR) + "/tests/tools/data/";

// Translates s_client args and parses them as the client does.
ClientOptions s_client_options(std::vector<std::string> args) {
  auto t = translate_s_client_args(args);
  EXPECT_TRUE(t.error.empty()) << t.error;
  ClientOptions o;
  auto r = parse_client_args(t.client_args, o);
  EXPECT_TRUE(r.run) << r.message;
  return o;
}

TEST(SClientHabits, NewFlagsTranslateAndParse) {
  ClientOptions o = s_client_options(
      {"-connect", "h:1", "-verify_depth", "1", "-x509_strict", "-attime", "1700000000", "-proxy",
       "127.0.0.1:3128", "-no_middlebox", "-tlsextdebug", "-state", "-enable_pha", "-sigalgs",
       "ECDSA+SHA256:ed25519"});
  EXPECT_EQ(o.verify_depth, 1);
  EXPECT_TRUE(o.x509_strict);
  ASSERT_TRUE(o.attime.has_value());
  EXPECT_EQ(*o.attime, 1700000000);
  EXPECT_EQ(o.proxy, "127.0.0.1:3128");
  EXPECT_TRUE(o.no_middlebox);
  EXPECT_TRUE(o.tlsextdebug);
  EXPECT_TRUE(o.state);
  EXPECT_FALSE(o.msg) << "-state is no longer -msg";
  EXPECT_TRUE(o.enable_pha);
  EXPECT_EQ(o.sigalgs, "ECDSA+SHA256:ed25519");
}

TEST(SClientHabits, BadValuesAreUsageErrors) {
  ClientOptions o;
  EXPECT_FALSE(parse_client_args({"h:1", "--verify-depth", "-1"}, o).run);
  EXPECT_FALSE(parse_client_args({"h:1", "--verify-depth", "x"}, o).run);
  EXPECT_FALSE(parse_client_args({"h:1", "--attime", "soon"}, o).run);
}

TEST(SClientHabits, SigalgsInOpenSslSyntax) {
  auto s = parse_sigalgs("ECDSA+SHA256:RSA-PSS+SHA256:ed25519:rsa_pss_rsae_sha384:RSA+SHA512:"
                         "PSS+SHA512:ecdsa+sha384");
  ASSERT_TRUE(s.ok()) << s.error().detail;
  std::vector<SignatureScheme> want = {
      SignatureScheme::ecdsa_secp256r1_sha256, SignatureScheme::rsa_pss_rsae_sha256,
      SignatureScheme::ed25519,                SignatureScheme::rsa_pss_rsae_sha384,
      SignatureScheme::rsa_pkcs1_sha512,       SignatureScheme::rsa_pss_rsae_sha512,
      SignatureScheme::ecdsa_secp384r1_sha384};
  EXPECT_EQ(*s, want);
}

TEST(SClientHabits, SigalgsErrorsNameTheBadElement) {
  for (const char* bad : {"ECDSA+SHA256:DSA+SHA256", "ECDSA+MD5", "ed25519:nonsense",
                          "ECDSA+SHA256::ed25519", "ed25519:ED25519"}) {
    auto s = parse_sigalgs(bad);
    ASSERT_FALSE(s.ok()) << bad;
    EXPECT_EQ(s.error().code, ErrorCode::config_invalid);
  }
  EXPECT_NE(parse_sigalgs("ECDSA+SHA256:DSA+SHA256").error().detail.find("'DSA+SHA256'"),
            std::string::npos);
  EXPECT_NE(parse_sigalgs("ed25519:nonsense").error().detail.find("'nonsense'"), std::string::npos);
  EXPECT_NE(parse_sigalgs("ed25519:ED25519").error().detail.find("repeats"), std::string::npos);
  // SHA-1 schemes parse in OpenSSL's syntax but tlskit does not offer them.
  EXPECT_NE(parse_sigalgs("ECDSA+SHA1").error().detail.find("not a signature scheme tlskit"),
            std::string::npos);
}

TEST(SClientHabits, SeclevelIsAcceptedAndExplained) {
  ClientOptions o;
  o.target = "h:1";
  o.cipher = "ECDHE-ECDSA-AES128-GCM-SHA256@SECLEVEL=2";
  auto p = resolve_params(o);
  ASSERT_TRUE(p.ok()) << p.error().detail;
  ASSERT_EQ(p->notes.size(), 1u);
  EXPECT_NE(p->notes[0].find("level 2 (112 bits)"), std::string::npos) << p->notes[0];
  EXPECT_NE(p->notes[0].find("not applied"), std::string::npos);
  // Only the named TLS 1.2 suite (plus the default TLS 1.3 suites) is offered.
  size_t tls12 = 0;
  for (CipherSuite s : p->cipher_suites) tls12 += (static_cast<uint16_t>(s) >> 8) != 0x13;
  EXPECT_EQ(tls12, 1u);
  o.cipher = "DEFAULT:@SECLEVEL=0";
  ASSERT_TRUE(resolve_params(o).ok());
  o.cipher = "DEFAULT@SECLEVEL=9";
  auto bad = resolve_params(o);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().detail.find("@SECLEVEL=9"), std::string::npos);
  for (int n = 0; n <= 5; ++n) EXPECT_TRUE(explain_seclevel("@SECLEVEL=" + std::to_string(n)).ok());
}

TEST(SClientHabits, ConfigGetsMiddleboxSigalgsProxyAndNotes) {
  ClientOptions o = s_client_options({"-connect", "127.0.0.1:4433", "-no_middlebox", "-sigalgs",
                                      "ECDSA+SHA256", "-proxy", "127.0.0.1:3128", "-enable_pha",
                                      "-CAfile", kData + "ca.pem"});
  auto s = build_client_setup(o);
  ASSERT_TRUE(s.ok()) << s.error().detail;
  EXPECT_FALSE(s->config->middlebox_compat);
  EXPECT_EQ(s->config->signature_schemes,
            std::vector<SignatureScheme>{SignatureScheme::ecdsa_secp256r1_sha256});
  ASSERT_TRUE(s->proxy.has_value());
  EXPECT_EQ(s->proxy->port, 3128);
  EXPECT_EQ(s->target.port, 4433);
  EXPECT_TRUE(s->config->post_handshake_auth);
  EXPECT_TRUE(s->notes.empty());
  ClientOptions d = s_client_options({"-connect", "127.0.0.1:4433", "-CAfile", kData + "ca.pem"});
  auto ds = build_client_setup(d);
  ASSERT_TRUE(ds.ok());
  EXPECT_TRUE(ds->config->middlebox_compat);
  EXPECT_FALSE(ds->config->post_handshake_auth);
  EXPECT_FALSE(ds->proxy.has_value());
  EXPECT_TRUE(ds->notes.empty());
  o.proxy = "no-port";
  EXPECT_FALSE(build_client_setup(o).ok());
}

Bytes leaf_der() {
  std::ifstream f(kData + "server.pem");
  std::stringstream ss;
  ss << f.rdbuf();
  auto certs = x509::parse_certificates(as_bytes(ss.str()));
  EXPECT_TRUE(certs.ok() && !certs->empty());
  return Bytes((*certs)[0]->der().begin(), (*certs)[0]->der().end());
}

// tests/tools/data/server.pem: CN=server.test, issued directly by ca.pem, valid from
// 2026-11-22 to 2125-06-16.
TEST(SClientHabits, AttimeVerifiesAtThatTime) {
  std::vector<Bytes> chain = {leaf_der()};
  const int64_t now = 1893456000;  // 2030-01-01, inside the validity
  TrustOptions t;
  t.ca_file = kData + "ca.pem";
  auto plain = make_trust(t);
  ASSERT_TRUE(plain.ok());
  EXPECT_TRUE(plain->verifier->verify(chain, "server.test", CertPurpose::server, {}, now).ok);
  t.time = 1700000000;  // 2023: before notBefore
  auto past = make_trust(t);
  ASSERT_TRUE(past.ok());
  EXPECT_EQ(past->verifier->verify(chain, "server.test", CertPurpose::server, {}, now).code, 9);
  t.time = 5000000000;  // 2128: after notAfter
  auto future = make_trust(t);
  ASSERT_TRUE(future.ok());
  EXPECT_EQ(future->verifier->verify(chain, "server.test", CertPurpose::server, {}, now).code, 10);
}

TEST(SClientHabits, VerifyDepthZeroAllowsALeafIssuedByTheRoot) {
  std::vector<Bytes> chain = {leaf_der()};
  TrustOptions t;
  t.ca_file = kData + "ca.pem";
  t.verify_depth = 0;
  auto v = make_trust(t);
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->verifier->verify(chain, "server.test", CertPurpose::server, {}, 1893456000).ok);
}

TEST(SClientHabits, ProxyRequestAndResponses) {
  io::HostPort target{"example.com", 443};
  io::HostPort proxy{"127.0.0.1", 3128};
  EXPECT_EQ(proxy_connect_request(target),
            "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\nUser-Agent: tlskit\r\n\r\n");
  EXPECT_TRUE(check_proxy_response("HTTP/1.1 200 Connection established\r\n\r\n", proxy, target).ok());
  EXPECT_TRUE(check_proxy_response("HTTP/1.0 200 OK\r\nVia: x\r\n\r\n", proxy, target).ok());
  auto refused = check_proxy_response(
      "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n", proxy, target);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().detail,
            "proxy 127.0.0.1:3128: refused CONNECT to example.com:443: HTTP/1.1 407 Proxy "
            "Authentication Required");
  auto junk = check_proxy_response("SSH-2.0-OpenSSH\r\n\r\n", proxy, target);
  ASSERT_FALSE(junk.ok());
  EXPECT_NE(junk.error().detail.find("not an HTTP response"), std::string::npos);
}

// A recorded handshake message from its type and body.
RecordedEvent message(Direction d, HandshakeType t, Bytes body) {
  RecordedEvent ev;
  ev.event.kind = EventKind::handshake_message;
  ev.event.direction = d;
  ev.event.handshake_type = t;
  size_t n = body.size();
  ev.event.message = {static_cast<uint8_t>(t), 0, static_cast<uint8_t>(n >> 8),
                      static_cast<uint8_t>(n)};
  ev.event.message.insert(ev.event.message.end(), body.begin(), body.end());
  return ev;
}

TEST(SClientHabits, TlsextdebugListsEveryHelloExtension) {
  Report r;
  Bytes ch(2 + 32, 0);
  ch.push_back(0);                           // session id
  ch.insert(ch.end(), {0, 2, 0x13, 0x01});   // one suite
  ch.insert(ch.end(), {1, 0});               // null compression
  ch.insert(ch.end(), {0, 10,                // extensions: 10 bytes
                       0, 0, 0, 2, 0xaa, 0xbb,  // server_name, 2 bytes
                       0, 43, 0, 0});           // supported_versions, 0 bytes
  r.events.push_back(message(Direction::sent, HandshakeType::client_hello, ch));
  Bytes sh(2 + 32, 0);
  sh.push_back(0);
  sh.insert(sh.end(), {0x13, 0x01, 0});
  sh.insert(sh.end(), {0, 6, 0, 43, 0, 2, 3, 4});
  r.events.push_back(message(Direction::received, HandshakeType::server_hello, sh));
  r.events.push_back(
      message(Direction::received, HandshakeType::encrypted_extensions, {0, 4, 0, 16, 0, 0}));
  std::string out = render_tlsextdebug(r);
  EXPECT_EQ(out,
            "TLS client extension \"" + extension_name(static_cast<ExtensionType>(0)) +
                "\" (id=0), len=2\n"
                "TLS client extension \"" + extension_name(static_cast<ExtensionType>(43)) +
                "\" (id=43), len=0\n"
                "TLS server extension \"" + extension_name(static_cast<ExtensionType>(43)) +
                "\" (id=43), len=2\n"
                "TLS server extension \"" + extension_name(static_cast<ExtensionType>(16)) +
                "\" (id=16), len=0\n");
  // A truncated block is said, not read past.
  Report bad;
  bad.events.push_back(
      message(Direction::received, HandshakeType::encrypted_extensions, {0, 9, 0, 16, 0, 0}));
  EXPECT_NE(render_tlsextdebug(bad).find("malformed"), std::string::npos);
}

TEST(SClientHabits, StatePrintsOneLinePerMessage) {
  Report r;
  r.info.version = ProtocolVersion::tls1_3;
  r.events.push_back(message(Direction::sent, HandshakeType::client_hello, {}));
  r.events.push_back(message(Direction::received, HandshakeType::server_hello, {}));
  RecordedEvent ccs;
  ccs.event.kind = EventKind::change_cipher_spec;
  ccs.event.direction = Direction::sent;
  r.events.push_back(ccs);
  r.events.push_back(message(Direction::received, HandshakeType::encrypted_extensions, {}));
  r.events.push_back(message(Direction::received, HandshakeType::certificate, {}));
  r.events.push_back(message(Direction::received, HandshakeType::certificate_verify, {}));
  r.events.push_back(message(Direction::received, HandshakeType::finished, {}));
  r.events.push_back(message(Direction::sent, HandshakeType::finished, {}));
  r.handshake_complete = true;
  EXPECT_EQ(render_state_lines(r),
            "SSL_connect:before SSL initialization\n"
            "SSL_connect:SSLv3/TLS write client hello\n"
            "SSL_connect:SSLv3/TLS read server hello\n"
            "SSL_connect:SSLv3/TLS write change cipher spec\n"
            "SSL_connect:TLSv1.3 read encrypted extensions\n"
            "SSL_connect:SSLv3/TLS read server certificate\n"
            "SSL_connect:TLSv1.3 read server certificate verify\n"
            "SSL_connect:SSLv3/TLS read finished\n"
            "SSL_connect:SSLv3/TLS write finished\n"
            "SSL_connect:SSL negotiation finished successfully\n");
  Report failed;
  failed.events.push_back(message(Direction::sent, HandshakeType::client_hello, {}));
  RecordedEvent alert;
  alert.event.kind = EventKind::alert;
  alert.event.direction = Direction::received;
  alert.event.message = {2, 40};
  failed.events.push_back(alert);
  failed.error = make_error(ErrorCode::peer_alert, Alert::handshake_failure, Party::peer,
                            Step::server_hello, "x");
  EXPECT_EQ(render_state_lines(failed),
            "SSL_connect:before SSL initialization\n"
            "SSL_connect:SSLv3/TLS write client hello\n"
            "SSL3 alert read:fatal:handshake failure\n"
            "SSL_connect:error in SSLv3/TLS write client hello\n");
}

}  // namespace
}  // namespace tlskit::tools
