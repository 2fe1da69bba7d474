// Certificate compression (RFC 8879) between a tlskit client and server, TLS 1.3: each
// algorithm for the server's certificate and for a client certificate, the preference order,
// what happens without a common algorithm, with TLS 1.2 or with compression off, and the
// refusals behind the record protection (a man in the middle edits the server's flight): an
// algorithm we did not offer, no offer at all, a wrong length, a length over our bound, corrupt
// data.
#include <gtest/gtest.h>

#include "compress/cert_codec.h"
#include "handshake/cert_compression.h"
#include "mitm.h"
#include "wire/ext_compress_certificate.h"
#include "wire/msg_compressed_certificate.h"

namespace tlskit::test {
namespace {

constexpr CertCompressionAlgorithm kAll[] = {CertCompressionAlgorithm::zlib,
                                             CertCompressionAlgorithm::brotli,
                                             CertCompressionAlgorithm::zstd};

class CertCompressionEach : public ::testing::TestWithParam<CertCompressionAlgorithm> {};

TEST_P(CertCompressionEach, ServerCertificateTravelsCompressed) {
  World w;
  auto cc = w.client_config();
  cc->certificate_compression = {GetParam()};
  auto sc = w.server_config({LeafKind::ecdsa_p256});
  Pair p = handshake(cc, sc);
  ASSERT_TRUE(p.client->handshake_complete()) << err_text(p.client_error) << err_text(p.server_error);
  ASSERT_TRUE(p.server->handshake_complete()) << err_text(p.server_error);
  const HandshakeInfo& ci = p.client->info();
  ASSERT_TRUE(ci.peer_cert_compression);
  EXPECT_EQ(ci.peer_cert_compression->algorithm, GetParam());
  EXPECT_GT(ci.peer_cert_compression->uncompressed_size, ci.peer_cert_compression->compressed_size);
  EXPECT_EQ(ci.peer_chain, pki().leaf(LeafKind::ecdsa_p256)->chain);
  EXPECT_TRUE(ci.peer_verified);
  EXPECT_FALSE(ci.local_cert_compression);
  const HandshakeInfo& si = p.server->info();
  ASSERT_TRUE(si.local_cert_compression);
  EXPECT_EQ(si.local_cert_compression->algorithm, GetParam());
  EXPECT_EQ(si.local_cert_compression->compressed_size, ci.peer_cert_compression->compressed_size);
  EXPECT_EQ(si.local_cert_compression->uncompressed_size,
            ci.peer_cert_compression->uncompressed_size);
  EXPECT_FALSE(si.peer_cert_compression);
  ASSERT_TRUE(p.client->write(as_bytes("hello")));
  pump(p);
  EXPECT_EQ(p.server->readable(), 5u);
}

TEST_P(CertCompressionEach, ClientCertificateTravelsCompressed) {
  World w;
  auto cc = w.client_config();
  cc->client_certificate = pki().client();
  auto sc = w.server_config({LeafKind::ecdsa_p256});
  sc->client_auth = ClientAuth::require;
  sc->certificate_compression = {GetParam()};  // what its CertificateRequest offers
  Pair p = handshake(cc, sc);
  ASSERT_TRUE(p.server->handshake_complete()) << err_text(p.server_error) << err_text(p.client_error);
  ASSERT_TRUE(p.client->handshake_complete()) << err_text(p.client_error);
  const HandshakeInfo& si = p.server->info();
  ASSERT_TRUE(si.peer_cert_compression);
  EXPECT_EQ(si.peer_cert_compression->algorithm, GetParam());
  EXPECT_EQ(si.peer_chain, pki().client()->chain);
  EXPECT_TRUE(si.peer_verified);
  const HandshakeInfo& ci = p.client->info();
  EXPECT_TRUE(ci.client_cert_sent);
  ASSERT_TRUE(ci.local_cert_compression);
  EXPECT_EQ(ci.local_cert_compression->algorithm, GetParam());
  EXPECT_EQ(ci.local_cert_compression->compressed_size, si.peer_cert_compression->compressed_size);
  // The server's own certificate went with the same (its only) algorithm.
  ASSERT_TRUE(ci.peer_cert_compression);
  EXPECT_EQ(ci.peer_cert_compression->algorithm, GetParam());
}

INSTANTIATE_TEST_SUITE_P(Algorithms, CertCompressionEach, ::testing::ValuesIn(kAll),
                         [](const auto& info) { return cert_compression_name(info.param); });

TEST(CertCompression, ServerPicksItsPreferenceAmongTheClientsOffers) {
  World w;
  auto cc = w.client_config();
  cc->certificate_compression = {CertCompressionAlgorithm::zlib, CertCompressionAlgorithm::brotli};
  auto sc = w.server_config({LeafKind::rsa2048});
  sc->certificate_compression = {CertCompressionAlgorithm::zstd, CertCompressionAlgorithm::brotli,
                                 CertCompressionAlgorithm::zlib};
  Pair p = handshake(cc, sc);
  ASSERT_TRUE(p.client->handshake_complete()) << err_text(p.client_error);
  ASSERT_TRUE(p.client->info().peer_cert_compression);
  EXPECT_EQ(p.client->info().peer_cert_compression->algorithm, CertCompressionAlgorithm::brotli);
}

TEST(CertCompression, DefaultsOfferBrotliZstdZlibAndSaveBytes) {
  World w;
  // The default ClientHello offers all three, brotli first.
  auto recs = split_records(client_hello_record(w.client_config()));
  Bytes msg;
  for (const auto& r : recs) msg.insert(msg.end(), r.payload.begin(), r.payload.end());
  auto ch = parse_client_hello(ByteView(msg).subspan(4));
  ASSERT_TRUE(ch);
  const Extension* e = ch->extensions.find(ExtensionType::compress_certificate);
  ASSERT_TRUE(e);
  EXPECT_EQ(to_hex(e->body()), "06000200030001");
  // Default on both sides: brotli, and the server's flight is smaller than without.
  Pair on = handshake(w.client_config(), w.server_config({LeafKind::rsa2048}));
  ASSERT_TRUE(on.client->handshake_complete()) << err_text(on.client_error);
  ASSERT_TRUE(on.client->info().peer_cert_compression);
  EXPECT_EQ(on.client->info().peer_cert_compression->algorithm, CertCompressionAlgorithm::brotli);
  World w2;
  auto off_cc = w2.client_config();
  off_cc->certificate_compression.clear();
  Pair off = handshake(off_cc, w2.server_config({LeafKind::rsa2048}));
  ASSERT_TRUE(off.client->handshake_complete());
  EXPECT_LT(on.server->info().bytes_written + 100, off.server->info().bytes_written);
}

TEST(CertCompression, NoCommonAlgorithmOrOffSendsAPlainCertificate) {
  World w;
  auto cc = w.client_config();
  cc->certificate_compression = {CertCompressionAlgorithm::zlib};
  auto sc = w.server_config({LeafKind::ecdsa_p256});
  sc->certificate_compression = {CertCompressionAlgorithm::brotli};
  Pair p = handshake(cc, sc);
  ASSERT_TRUE(p.client->handshake_complete()) << err_text(p.client_error);
  EXPECT_FALSE(p.client->info().peer_cert_compression);
  EXPECT_FALSE(p.server->info().local_cert_compression);
  // A client with compression off sends no compress_certificate at all.
  auto off = w.client_config();
  off->certificate_compression.clear();
  auto recs = split_records(client_hello_record(off));
  Bytes msg;
  for (const auto& r : recs) msg.insert(msg.end(), r.payload.begin(), r.payload.end());
  auto ch = parse_client_hello(ByteView(msg).subspan(4));
  ASSERT_TRUE(ch);
  EXPECT_FALSE(ch->extensions.contains(ExtensionType::compress_certificate));
  // A server with compression off offers none in its CertificateRequest: a plain certificate.
  World w3;
  auto cc3 = w3.client_config();
  cc3->client_certificate = pki().client();
  auto sc3 = w3.server_config({LeafKind::ecdsa_p256});
  sc3->client_auth = ClientAuth::request;
  sc3->certificate_compression.clear();
  Pair p3 = handshake(cc3, sc3);
  ASSERT_TRUE(p3.server->handshake_complete()) << err_text(p3.server_error);
  EXPECT_FALSE(p3.server->info().peer_cert_compression);
  EXPECT_FALSE(p3.server->info().local_cert_compression);
  EXPECT_EQ(p3.server->info().peer_chain, pki().client()->chain);
}

TEST(CertCompression, Tls12IgnoresTheExtension) {
  World w;
  auto cc = w.client_config();
  auto sc = w.server_config({LeafKind::ecdsa_p256});
  for (auto* c : {cc.get(), sc.get()}) c->min_version = c->max_version = ProtocolVersion::tls1_2;
  Pair p = handshake(cc, sc);
  ASSERT_TRUE(p.client->handshake_complete()) << err_text(p.client_error) << err_text(p.server_error);
  EXPECT_FALSE(p.client->info().peer_cert_compression);
  EXPECT_FALSE(p.server->info().local_cert_compression);
}

TEST(CertCompression, AfterAHelloRetryRequest) {
  World w;
  auto cc = w.client_config();
  auto sc = w.server_config({LeafKind::ecdsa_p256});
  sc->groups = {NamedGroup::secp384r1};
  Pair p = handshake(cc, sc);
  ASSERT_TRUE(p.client->handshake_complete()) << err_text(p.client_error) << err_text(p.server_error);
  EXPECT_TRUE(p.client->info().hello_retry);
  ASSERT_TRUE(p.client->info().peer_cert_compression);
}

TEST(CertCompression, ConfigValidation) {
  World w;
  Config c = *w.client_config();
  EXPECT_TRUE(c.validate(false));
  c.certificate_compression = {CertCompressionAlgorithm::zlib, CertCompressionAlgorithm::zlib};
  auto dup = c.validate(false);
  ASSERT_FALSE(dup);
  EXPECT_NE(dup.error().detail.find("listed twice"), std::string::npos);
  c.certificate_compression = {static_cast<CertCompressionAlgorithm>(7)};
  EXPECT_FALSE(c.validate(false));
  c.certificate_compression = {};
  EXPECT_TRUE(c.validate(false));
  c.max_decompressed_certificate = 0;
  EXPECT_FALSE(c.validate(false));
  c.max_decompressed_certificate = size_t{1} << 24;
  EXPECT_FALSE(c.validate(false));
  c.max_decompressed_certificate = (size_t{1} << 24) - 1;
  EXPECT_TRUE(c.validate(false));
}

// --- Refusals: the server's flight edited by a man in the middle (tests/handshake/mitm.h). ---

// Runs a handshake whose server flight is edited; returns the client's error.
std::optional<Error> client_error_with(const std::function<void(Config&)>& client,
                                       const std::function<void(std::vector<Bytes>&)>& edit) {
  World w;
  std::vector<std::string> log;
  auto cc = w.client_config();
  cc->cipher_suites = {CipherSuite::TLS_AES_128_GCM_SHA256};
  client(*cc);
  auto sc = w.server_config({LeafKind::ecdsa_p256});
  sc->key_log = [&](std::string_view l) { log.emplace_back(l); };
  Pair p = make_conns(cc, sc);
  transfer(*p.client, *p.server, p.server_error);
  Bytes flight = take_output(*p.server);
  Bytes edited = rewrite_server_flight(
      flight, secret_from_log(log, "SERVER_HANDSHAKE_TRAFFIC_SECRET"), edit);
  auto r = p.client->feed(edited);
  if (r) return std::nullopt;
  return r.error();
}

// Rewrites the CompressedCertificate of a flight with fn.
std::function<void(std::vector<Bytes>&)> edit_compressed(
    const std::function<void(CompressedCertificate&, Bytes& data)>& fn) {
  return [fn](std::vector<Bytes>& msgs) {
    for (Bytes& m : msgs) {
      if (m[0] != static_cast<uint8_t>(HandshakeType::compressed_certificate)) continue;
      auto cc = parse_compressed_certificate(ByteView(m).subspan(4));
      ASSERT_TRUE(cc);
      Bytes data(cc->compressed_certificate_message.begin(), cc->compressed_certificate_message.end());
      fn(*cc, data);
      cc->compressed_certificate_message = data;
      Bytes out;
      ByteWriter w(out);
      write_compressed_certificate(*cc, w);
      m = out;
      return;
    }
    ADD_FAILURE() << "no CompressedCertificate in the flight";
  };
}

void expect_alert(const std::optional<Error>& e, Alert alert, ErrorCode code) {
  ASSERT_TRUE(e) << "the client accepted the edited flight";
  EXPECT_EQ(e->alert, alert) << e->to_string();
  EXPECT_EQ(e->code, code) << e->to_string();
  EXPECT_EQ(e->party, Party::peer);
  EXPECT_EQ(e->step, Step::server_certificate) << e->to_string();
}

TEST(CertCompressionRefused, AnAlgorithmWeDidNotOfferIsIllegalParameter) {
  auto e = client_error_with(
      [](Config& c) { c.certificate_compression = {CertCompressionAlgorithm::zlib}; },
      edit_compressed([](CompressedCertificate& cc, Bytes&) {
        cc.algorithm = CertCompressionAlgorithm::brotli;  // RFC 8879 §4: MUST be one we offered
      }));
  expect_alert(e, Alert::illegal_parameter, ErrorCode::illegal_parameter);
  EXPECT_NE(e->detail.find("brotli"), std::string::npos) << e->detail;
}

TEST(CertCompressionRefused, WithoutOurOfferItIsUnexpectedMessage) {
  auto e = client_error_with(
      [](Config& c) { c.certificate_compression.clear(); },
      [](std::vector<Bytes>& msgs) {
        for (Bytes& m : msgs) {
          if (m[0] != static_cast<uint8_t>(HandshakeType::certificate)) continue;
          const ByteView body = ByteView(m).subspan(4);
          auto packed = compress::compress(CertCompressionAlgorithm::zlib, body);
          ASSERT_TRUE(packed);
          Bytes out;
          ByteWriter w(out);
          write_compressed_certificate({CertCompressionAlgorithm::zlib,
                                        static_cast<uint32_t>(body.size()), *packed},
                                       w);
          m = out;
          return;
        }
        ADD_FAILURE() << "no Certificate in the flight";
      });
  expect_alert(e, Alert::unexpected_message, ErrorCode::unexpected_message);
}

TEST(CertCompressionRefused, AWrongUncompressedLengthIsBadCertificate) {
  for (int delta : {-1, 1}) {
    auto e = client_error_with([](Config&) {},
                               edit_compressed([delta](CompressedCertificate& cc, Bytes&) {
                                 cc.uncompressed_length += delta;
                               }));
    expect_alert(e, Alert::bad_certificate, ErrorCode::decode_error);
  }
}

TEST(CertCompressionRefused, ALengthOverOurBoundIsBadCertificate) {
  auto e = client_error_with([](Config& c) { c.max_decompressed_certificate = 100; },
                             edit_compressed([](CompressedCertificate&, Bytes&) {}));
  expect_alert(e, Alert::bad_certificate, ErrorCode::limit_exceeded);
  EXPECT_NE(e->detail.find("max_decompressed_certificate"), std::string::npos) << e->detail;
}

TEST(CertCompressionRefused, CorruptDataIsBadCertificate) {
  for (auto alg : kAll) {
    auto e = client_error_with(
        [alg](Config& c) { c.certificate_compression = {alg}; },
        edit_compressed([](CompressedCertificate&, Bytes& data) {
          data.resize(data.size() / 2);  // truncated stream
        }));
    expect_alert(e, Alert::bad_certificate, ErrorCode::decode_error);
  }
}

TEST(CertCompressionRefused, TheServerSideChecksTheSame) {
  // What the server does with a client's CompressedCertificate (handshake/cert_compression.h).
  Config c;
  HandshakeInfo info;
  Bytes body = {0, 0, 0, 0};
  auto packed = compress::compress(CertCompressionAlgorithm::zstd, body);
  ASSERT_TRUE(packed);
  Bytes msg;
  ByteWriter w(msg);
  write_compressed_certificate({CertCompressionAlgorithm::zstd, 4, *packed}, w);
  const ByteView b = ByteView(msg).subspan(4);
  // Our CertificateRequest offered nothing: unexpected_message.
  auto none = handshake::open_compressed_certificate(c, {}, b, Step::client_certificate, info);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().alert, Alert::unexpected_message);
  EXPECT_EQ(none.error().step, Step::client_certificate);
  // It offered brotli only: illegal_parameter.
  const CertCompressionAlgorithm brotli[] = {CertCompressionAlgorithm::brotli};
  auto other = handshake::open_compressed_certificate(c, brotli, b, Step::client_certificate, info);
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().alert, Alert::illegal_parameter);
  // Offered: the body comes out, and the sizes are recorded.
  auto ok = handshake::open_compressed_certificate(c, c.certificate_compression, b,
                                                   Step::client_certificate, info);
  ASSERT_TRUE(ok) << ok.error().to_string();
  EXPECT_EQ(*ok, body);
  ASSERT_TRUE(info.peer_cert_compression);
  EXPECT_EQ(info.peer_cert_compression->uncompressed_size, 4u);
}

}  // namespace
}  // namespace tlskit::test
