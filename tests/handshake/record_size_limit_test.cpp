// record_size_limit (RFC 8449) between a tlskit client and server, TLS 1.3 and TLS 1.2: offered
// only when configured, always answered by the server, each side's records bounded by the
// other's value, and the values reported in HandshakeInfo.
#include <gtest/gtest.h>

#include "harness.h"

namespace tlskit::test {
namespace {

// The largest record payload (ciphertext) in a flight.
size_t largest_record(ByteView flight) {
  size_t m = 0;
  for (const RawRecord& r : split_records(flight)) m = std::max(m, r.payload.size());
  return m;
}

struct Case {
  ProtocolVersion version;
  const char* name;
};

class RecordSizeLimitHandshake : public ::testing::TestWithParam<Case> {
 protected:
  // A client and a server of the world, both pinned to the case's version.
  std::pair<std::shared_ptr<Config>, std::shared_ptr<Config>> configs() {
    auto cc = w.client_config();
    auto sc = w.server_config({LeafKind::ecdsa_p256});
    for (auto* c : {cc.get(), sc.get()}) {
      c->min_version = GetParam().version;
      c->max_version = GetParam().version;
    }
    return {cc, sc};
  }
  World w;
};

TEST_P(RecordSizeLimitHandshake, EachSideSendsRecordsThePeerAccepts) {
  auto [cc, sc] = configs();
  cc->record_size_limit = 256;   // the client takes small records
  sc->record_size_limit = 1024;  // the server announces its own
  Pair p = handshake(cc, sc);
  ASSERT_TRUE(p.client->handshake_complete()) << err_text(p.client_error) << err_text(p.server_error);
  const bool tls13 = GetParam().version == ProtocolVersion::tls1_3;
  EXPECT_EQ(p.server->info().peer_record_size_limit, std::optional<uint16_t>(256));
  EXPECT_EQ(p.client->info().peer_record_size_limit, std::optional<uint16_t>(1024));

  // Server -> client: records of at most 256 bytes of (inner) plaintext.
  const Bytes big(5000, 0x5a);
  ASSERT_TRUE(p.server->write(big));
  const Bytes flight(p.server->pending_output().begin(), p.server->pending_output().end());
  const size_t overhead = tls13 ? 16 : 8 + 16;  // AES-GCM tag (+ TLS 1.2 explicit nonce)
  EXPECT_LE(largest_record(flight), 256 + overhead);
  EXPECT_GT(largest_record(flight), 200u);
  pump(p);
  Bytes got(big.size());
  EXPECT_EQ(p.client->read(got), big.size());
  EXPECT_EQ(got, big);
  // Client -> server: up to the server's 1024.
  ASSERT_TRUE(p.client->write(big));
  const Bytes up(p.client->pending_output().begin(), p.client->pending_output().end());
  EXPECT_LE(largest_record(up), 1024 + overhead);
  EXPECT_GT(largest_record(up), 900u);
  pump(p);
  EXPECT_EQ(p.server->read(got), big.size());
}

TEST_P(RecordSizeLimitHandshake, NotOfferedNotAnswered) {
  auto [cc, sc] = configs();
  sc->record_size_limit = 512;
  Pair p = handshake(cc, sc);
  ASSERT_TRUE(p.client->handshake_complete());
  EXPECT_FALSE(p.server->info().peer_record_size_limit.has_value());
  EXPECT_FALSE(p.client->info().peer_record_size_limit.has_value());
  ASSERT_TRUE(p.server->write(Bytes(5000, 1)));
  EXPECT_GT(largest_record(p.server->pending_output()), 4000u);  // one full-size record
}

INSTANTIATE_TEST_SUITE_P(Versions, RecordSizeLimitHandshake,
                         ::testing::Values(Case{ProtocolVersion::tls1_3, "tls13"},
                                           Case{ProtocolVersion::tls1_2, "tls12"}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(RecordSizeLimitConfig, ValuesOutsideRfc8449AreRefused) {
  Config c;
  c.record_size_limit = 63;  // RFC 8449 §4: never below 64
  EXPECT_FALSE(c.validate(false));
  c.record_size_limit = 16386;
  EXPECT_FALSE(c.validate(false));
  c.record_size_limit = 64;
  auto r = c.validate(false);
  EXPECT_TRUE(r || r.error().detail.find("record_size_limit") == std::string::npos);
}

}  // namespace
}  // namespace tlskit::test
