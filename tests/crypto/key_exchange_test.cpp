// Key exchange: round trips for every group, determinism with DeterministicRng, known answers
// (RFC 7748 §6.1, RFC 5903 §8.1), and rejection of malformed peer shares with full errors.
#include <gtest/gtest.h>

#include "base/default_alert.h"

#include <set>

#include "crypto/provider.h"
#include "crypto/registry.h"
#include "crypto_test_util.h"

namespace tlskit::crypto {
namespace {

using testutil::FixedRng;
using testutil::hex;

Bytes bytes(ByteView v) { return Bytes(v.begin(), v.end()); }

void expect_peer_rejection(const Result<SecretBytes>& r, const std::string& needle) {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::illegal_parameter);
  EXPECT_EQ(r.error().alert, Alert::none);  // the connection's fail() picks illegal_parameter
  EXPECT_EQ(default_alert(r.error().code), Alert::illegal_parameter);
  EXPECT_EQ(r.error().party, Party::peer);
  EXPECT_NE(r.error().detail.find(needle), std::string::npos) << r.error().detail;
}


class GroupTest : public ::testing::TestWithParam<NamedGroup> {};

TEST_P(GroupTest, ClientAndServerAgree) {
  const NamedGroup g = GetParam();
  const Provider& p = default_provider();
  ASSERT_TRUE(p.supports_group(g));
  std::set<Bytes> seen;  // every system-RNG share is a fresh key
  for (int i = 0; i < 5; ++i) {
    auto client = p.generate_key_share(g, p.system_rng());
    ASSERT_TRUE(client.ok()) << client.error().to_string();
    EXPECT_EQ((*client)->group(), g);
    ByteView share = (*client)->public_share();
    EXPECT_TRUE(seen.insert(bytes(share)).second) << "a key share repeated";
    EXPECT_EQ(share.size(), group_client_share_size(g));
    if (g == NamedGroup::secp256r1 || g == NamedGroup::secp384r1) {
      EXPECT_EQ(share[0], 0x04);
    }
    auto enc = p.encapsulate(g, share, p.system_rng());
    ASSERT_TRUE(enc.ok()) << enc.error().to_string();
    EXPECT_EQ(enc->server_share.size(), group_server_share_size(g));
    EXPECT_EQ(enc->shared_secret.size(), group_secret_size(g));
    EXPECT_TRUE(seen.insert(enc->server_share).second) << "a server share repeated";
    auto secret = (*client)->decapsulate(enc->server_share);
    ASSERT_TRUE(secret.ok()) << secret.error().to_string();
    EXPECT_EQ(bytes(secret->view()), bytes(enc->shared_secret.view()));
    // Decapsulating twice gives the same secret.
    auto again = (*client)->decapsulate(enc->server_share);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(bytes(again->view()), bytes(secret->view()));
  }
}

TEST_P(GroupTest, DeterministicWithASeededRng) {
  const NamedGroup g = GetParam();
  const Provider& p = default_provider();
  DeterministicRng a(42), b(42), c(43);
  auto s1 = p.generate_key_share(g, a);
  auto s2 = p.generate_key_share(g, b);
  auto s3 = p.generate_key_share(g, c);
  ASSERT_TRUE(s1.ok() && s2.ok() && s3.ok());
  EXPECT_EQ(bytes((*s1)->public_share()), bytes((*s2)->public_share()));
  EXPECT_NE(bytes((*s1)->public_share()), bytes((*s3)->public_share()));
  DeterministicRng d(42), e(42);
  auto e1 = p.encapsulate(g, (*s3)->public_share(), d);
  auto e2 = p.encapsulate(g, (*s3)->public_share(), e);
  ASSERT_TRUE(e1.ok() && e2.ok());
  EXPECT_EQ(e1->server_share, e2->server_share);
  // The same private (EC)DH key as s1 (for the hybrid: its X25519 part, the last 32 bytes).
  const size_t n = is_hybrid_group(g) ? 32 : e1->server_share.size();
  EXPECT_EQ(Bytes(e1->server_share.end() - n, e1->server_share.end()),
            Bytes((*s1)->public_share().end() - n, (*s1)->public_share().end()));
  EXPECT_EQ(bytes(e1->shared_secret.view()), bytes(e2->shared_secret.view()));
}

TEST_P(GroupTest, RejectsSharesOfTheWrongLength) {
  const NamedGroup g = GetParam();
  const Provider& p = default_provider();
  auto share = p.generate_key_share(g, p.system_rng());
  ASSERT_TRUE(share.ok());
  Bytes good = bytes((*share)->public_share());
  for (size_t len : {size_t{0}, size_t{1}, good.size() - 1, good.size() + 1, size_t{200}}) {
    Bytes bad = good;
    bad.resize(len, 0x01);
    expect_peer_rejection((*share)->decapsulate(bad), "key share");
    auto enc = p.encapsulate(g, bad, p.system_rng());
    ASSERT_FALSE(enc.ok());
    EXPECT_EQ(enc.error().code, ErrorCode::illegal_parameter);
    EXPECT_EQ(enc.error().party, Party::peer);
  }
}

INSTANTIATE_TEST_SUITE_P(DefaultGroups, GroupTest, ::testing::ValuesIn(kDefaultGroups),
                         [](const ::testing::TestParamInfo<NamedGroup>& i) {
                           return std::to_string(static_cast<int>(i.param));
                         });

// RFC 7748 §6.1: Alice's and Bob's keys and their shared secret.
TEST(X25519, Rfc7748KnownAnswer) {
  const Provider& p = default_provider();
  FixedRng alice_rng(hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
  FixedRng bob_rng(hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"));
  auto alice = p.generate_key_share(NamedGroup::x25519, alice_rng);
  ASSERT_TRUE(alice.ok());
  EXPECT_EQ(to_hex((*alice)->public_share()),
            "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
  auto bob = p.encapsulate(NamedGroup::x25519, (*alice)->public_share(), bob_rng);
  ASSERT_TRUE(bob.ok());
  EXPECT_EQ(to_hex(bob->server_share), "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
  EXPECT_EQ(to_hex(bob->shared_secret.view()),
            "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
  auto secret = (*alice)->decapsulate(bob->server_share);
  ASSERT_TRUE(secret.ok());
  EXPECT_EQ(to_hex(secret->view()), "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
  EXPECT_EQ(alice_rng.consumed(), 32u);  // the private key is exactly 32 bytes from the Rng
}

// RFC 7748 §6.1 / RFC 8446 §7.4.2: low-order points give an all-zero secret; we abort.
TEST(X25519, RejectsLowOrderPoints) {
  const Provider& p = default_provider();
  auto share = p.generate_key_share(NamedGroup::x25519, p.system_rng());
  ASSERT_TRUE(share.ok());
  Bytes zero(32, 0), one(32, 0);
  one[0] = 1;
  // A point of order 8 (from the well-known list of X25519 low-order points).
  Bytes order8 = hex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800");
  for (const Bytes& bad : {zero, one, order8}) {
    expect_peer_rejection((*share)->decapsulate(bad), "all zeros");
    auto enc = p.encapsulate(NamedGroup::x25519, bad, p.system_rng());
    ASSERT_FALSE(enc.ok());
    EXPECT_EQ(enc.error().code, ErrorCode::illegal_parameter);
  }
}

// RFC 5903 §8.1 (256-bit random ECP group): both public values and the shared x-coordinate.
TEST(P256, Rfc5903KnownAnswer) {
  const Provider& p = default_provider();
  FixedRng i_rng(hex("c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433"));
  FixedRng r_rng(hex("c6ef9c5d78ae012a011164acb397ce2088685d8f06bf9be0b283ab46476bee53"));
  auto initiator = p.generate_key_share(NamedGroup::secp256r1, i_rng);
  ASSERT_TRUE(initiator.ok());
  EXPECT_EQ(to_hex((*initiator)->public_share()),
            "04dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c3772581180"
            "5271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb3");
  auto responder = p.encapsulate(NamedGroup::secp256r1, (*initiator)->public_share(), r_rng);
  ASSERT_TRUE(responder.ok());
  EXPECT_EQ(to_hex(responder->server_share),
            "04d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf63"
            "56fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab");
  EXPECT_EQ(to_hex(responder->shared_secret.view()),
            "d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de");
}

class EcGroupTest : public ::testing::TestWithParam<NamedGroup> {};

TEST_P(EcGroupTest, RejectsNonUncompressedAndInvalidPoints) {
  const NamedGroup g = GetParam();
  const Provider& p = default_provider();
  auto share = p.generate_key_share(g, p.system_rng());
  ASSERT_TRUE(share.ok());
  const Bytes good = bytes((*share)->public_share());
  const size_t f = (good.size() - 1) / 2;
  // Compressed form of the same point (RFC 8446 §4.2.8.2 forbids it).
  Bytes compressed(good.begin(), good.begin() + 1 + f);
  compressed[0] = static_cast<uint8_t>(0x02 | (good.back() & 1));
  expect_peer_rejection((*share)->decapsulate(compressed), "uncompressed");
  // Hybrid form (0x06/0x07) of the right length.
  Bytes hybrid = good;
  hybrid[0] = static_cast<uint8_t>(0x06 | (good.back() & 1));
  expect_peer_rejection((*share)->decapsulate(hybrid), "uncompressed");
  // Off the curve: change Y.
  expect_peer_rejection((*share)->decapsulate(testutil::flipped(good, good.size() - 1)), "not a valid point");
  // Coordinates >= p: X = all ones (beyond p for both curves).
  Bytes big = good;
  std::fill(big.begin() + 1, big.begin() + 1 + f, 0xff);
  expect_peer_rejection((*share)->decapsulate(big), "not a valid point");
  // All-zero point (the encoding of (0,0), not on the curve).
  Bytes zero(good.size(), 0);
  zero[0] = 0x04;
  expect_peer_rejection((*share)->decapsulate(zero), "not a valid point");
  // The genuine share still works afterwards.
  auto enc = p.encapsulate(g, good, p.system_rng());
  ASSERT_TRUE(enc.ok());
  auto secret = (*share)->decapsulate(enc->server_share);
  ASSERT_TRUE(secret.ok());
  EXPECT_EQ(bytes(secret->view()), bytes(enc->shared_secret.view()));
}

INSTANTIATE_TEST_SUITE_P(NistCurves, EcGroupTest,
                         ::testing::Values(NamedGroup::secp256r1, NamedGroup::secp384r1),
                         [](const ::testing::TestParamInfo<NamedGroup>& i) {
                           return std::to_string(static_cast<int>(i.param));
                         });

TEST(KeyExchange, UnsupportedGroups) {
  const Provider& p = default_provider();
  for (NamedGroup g : {NamedGroup::x448, NamedGroup::secp521r1, static_cast<NamedGroup>(0x0a0a)}) {
    EXPECT_FALSE(p.supports_group(g));
    auto r = p.generate_key_share(g, p.system_rng());
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::no_common_group);
    EXPECT_EQ(r.error().party, Party::us);
    EXPECT_NE(r.error().detail.find("not implemented"), std::string::npos) << r.error().detail;
    auto e = p.encapsulate(g, Bytes(32, 1), p.system_rng());
    ASSERT_FALSE(e.ok());
    EXPECT_EQ(e.error().code, ErrorCode::no_common_group);
  }
}

// A broken Rng (always zero) cannot produce an EC scalar: a clear error, not a hang.
TEST(KeyExchange, ZeroRngGivesAnErrorForEc) {
  FixedRng zeros(Bytes(1, 0));
  auto r = default_provider().generate_key_share(NamedGroup::secp256r1, zeros);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::crypto_failure);
  EXPECT_NE(r.error().detail.find("random source"), std::string::npos) << r.error().detail;
}

}  // namespace
}  // namespace tlskit::crypto
