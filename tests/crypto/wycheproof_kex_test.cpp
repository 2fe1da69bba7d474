// Wycheproof key agreement vectors through our KEM-shaped interface: the vector's private key
// is fed in through a FixedRng, so both generate_key_share + decapsulate (client side) and
// encapsulate (server side) run on every case (for P-384, whose scalar multiplication costs
// about 1 ms in OpenSSL 3.0, encapsulate runs on every 8th valid case and on every invalid one).
//
// How "acceptable" is treated (a fixed policy, asserted both ways):
// - x25519: a case whose expected shared secret is all zeros (low-order public values) MUST be
//   rejected (RFC 8446 §7.4.2, RFC 7748 §6.1); every other acceptable case (points on the
//   twist, non-canonical u >= p) MUST be accepted and give the expected secret, since RFC 7748
//   §5 defines X25519 on every 32-byte string.
// - ecdh_secp256r1/384r1_ecpoint: the acceptable cases are compressed points; RFC 8446
//   §4.2.8.2 allows only the uncompressed form, so they MUST be rejected.
// Rejections must carry illegal_parameter / Alert::illegal_parameter / Party::peer.
#include <gtest/gtest.h>

#include "base/default_alert.h"

#include "crypto/provider.h"
#include "crypto_test_util.h"

namespace tlskit::crypto {
namespace {

using testutil::FixedRng;
using testutil::hex;
using testutil::jhex;
using testutil::Tally;

Bytes bytes(ByteView v) { return Bytes(v.begin(), v.end()); }

bool all_zero(ByteView b) {
  for (uint8_t x : b)
    if (x) return false;
  return true;
}

bool is_peer_rejection(const Error& e) {
  return e.code == ErrorCode::illegal_parameter && e.alert == Alert::none &&
         e.party == Party::peer;
}

// Left-pads (or strips leading zeros of) a big-endian integer to n bytes.
Bytes fit(Bytes v, size_t n) {
  while (v.size() > n && v[0] == 0) v.erase(v.begin());
  if (v.size() < n) v.insert(v.begin(), n - v.size(), 0);
  return v;
}

// Runs one case both ways; returns true when the outcome matches `accept` (and, when
// accepting, the shared secret matches).
bool run_case(NamedGroup g, const Bytes& priv, const Bytes& pub, const Bytes& shared, bool accept,
              std::string& what, bool server_side = true) {
  const Provider& p = default_provider();
  FixedRng rng1(priv);
  auto share = p.generate_key_share(g, rng1);
  if (!share.ok()) {
    what = "generate_key_share failed: " + share.error().to_string();
    return false;
  }
  auto dec = (*share)->decapsulate(pub);
  FixedRng rng2(priv);
  Result<Encapsulation> enc =
      server_side ? p.encapsulate(g, pub, rng2)
                  : (dec.ok() ? Result<Encapsulation>(Encapsulation{bytes((*share)->public_share()), *dec})
                              : Result<Encapsulation>(dec.error()));
  if (accept) {
    if (!dec.ok() || !enc.ok()) {
      what = "rejected: " + (dec.ok() ? enc.error() : dec.error()).to_string();
      return false;
    }
    if (Bytes(dec->view().begin(), dec->view().end()) != shared ||
        Bytes(enc->shared_secret.view().begin(), enc->shared_secret.view().end()) != shared) {
      what = "shared secret mismatch";
      return false;
    }
    ByteView ours = (*share)->public_share();
    if (enc->server_share != Bytes(ours.begin(), ours.end())) {
      what = "encapsulate's share differs from generate_key_share's for the same private key";
      return false;
    }
    return true;
  }
  if (dec.ok() || enc.ok()) {
    what = "accepted a share that must be rejected";
    return false;
  }
  if (!is_peer_rejection(dec.error()) || !is_peer_rejection(enc.error())) {
    what = "wrong error fields: " + dec.error().to_string() + " / " + enc.error().to_string();
    return false;
  }
  return true;
}

TEST(WycheproofKex, X25519) {
  Tally t;
  int rejected_zero = 0, flagged_zero = 0;
  auto doc = testutil::load_wycheproof("x25519_test.json");
  for (const auto& g : doc["testGroups"]) {
    for (const auto& c : g["tests"]) {
      Bytes priv = jhex(c["private"]), pub = jhex(c["public"]), shared = jhex(c["shared"]);
      const std::string result = c["result"];
      bool accept = result == "valid" || (result == "acceptable" && !all_zero(shared));
      if (result == "valid") {
        EXPECT_FALSE(all_zero(shared));
      }
      if (!accept) ++rejected_zero;
      for (const auto& f : c["flags"])
        if (f == "ZeroSharedSecret") ++flagged_zero;
      std::string what;
      if (run_case(NamedGroup::x25519, priv, pub, shared, accept, what)) {
        ++t.passed;
      } else {
        ++t.failed;
        ADD_FAILURE() << "x25519 tc " << c["tcId"] << " (" << c["comment"] << "): " << what;
      }
    }
  }
  t.print("x25519_test.json");
  std::printf("    of which %d all-zero shared secrets were rejected\n", rejected_zero);
  EXPECT_EQ(t.failed, 0);
  EXPECT_EQ(t.passed, 518);
  // Exactly the cases flagged ZeroSharedSecret are the ones we reject.
  EXPECT_EQ(rejected_zero, flagged_zero);
  EXPECT_GT(rejected_zero, 20);
}

void run_ecdh(const char* file, NamedGroup g, size_t scalar_bytes, int expect_passed,
              int encapsulate_every) {
  Tally t;
  int n = 0;
  auto doc = testutil::load_wycheproof(file);
  for (const auto& grp : doc["testGroups"]) {
    for (const auto& c : grp["tests"]) {
      Bytes priv = fit(jhex(c["private"]), scalar_bytes), pub = jhex(c["public"]),
            shared = jhex(c["shared"]);
      const bool accept = c["result"] == "valid";  // acceptable = compressed: rejected
      std::string what;
      const bool server_side = !accept || n++ % encapsulate_every == 0;
      if (run_case(g, priv, pub, shared, accept, what, server_side)) {
        ++t.passed;
      } else {
        ++t.failed;
        ADD_FAILURE() << file << " tc " << c["tcId"] << " (" << c["comment"] << "): " << what;
      }
    }
  }
  t.print(file);
  EXPECT_EQ(t.failed, 0);
  EXPECT_EQ(t.passed, expect_passed);
}

TEST(WycheproofKex, EcdhP256Points) { run_ecdh("ecdh_secp256r1_ecpoint_test.json", NamedGroup::secp256r1, 32, 355, 1); }

TEST(WycheproofKex, EcdhP384Points) { run_ecdh("ecdh_secp384r1_ecpoint_test.json", NamedGroup::secp384r1, 48, 790, 8); }

}  // namespace
}  // namespace tlskit::crypto
