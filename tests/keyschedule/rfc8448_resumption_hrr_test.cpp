// Known-answer tests against RFC 8448 §4 (resumed 0-RTT handshake: PSK early secret, binder,
// early traffic secret and a 0-RTT record) and §5 (HelloRetryRequest transcript rule), read
// from the RFC text in shared/testdata/tls13-vectors/rfc8448.txt.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "crypto/provider.h"
#include "handshake/key_schedule_tls13.h"
#include "handshake/traffic_keys.h"
#include "handshake/transcript.h"
#include "record/record_decoder.h"
#include "record/record_encoder.h"
#include "rfc8448_text.h"

namespace tlskit {
namespace {

using crypto::AeadAlg;
using crypto::HashAlg;

const testing::Rfc8448Text& rfc() {
  static testing::Rfc8448Text t;
  return t;
}

constexpr const char* kSec4 = "4.  Resumed 0-RTT";
constexpr const char* kSec5 = "5.  HelloRetryRequest";

Bytes resumption_psk_from_section3() {
  std::ifstream f(std::string(TLSKIT_TESTDATA) + "/tls13-vectors/rfc8448-simple-1rtt.json");
  auto j = nlohmann::json::parse(f);
  return *from_hex(j["values"]["resumption_psk"].get<std::string>());
}

TEST(Rfc8448Resumption, PskEarlySecretBinderAndEarlyData) {
  ASSERT_TRUE(rfc().loaded());
  const auto& p = crypto::default_provider();
  // The §4 early-secret IKM is the PSK from §3's ticket.
  const Bytes psk = rfc().value(kSec4, "{client}  extract secret \"early\"", "IKM");
  EXPECT_EQ(to_hex(psk), to_hex(resumption_psk_from_section3()));

  handshake::KeySchedule13 ks(p, HashAlg::sha256);
  ASSERT_TRUE(ks.init_early(psk).ok());
  EXPECT_EQ(to_hex(ks.current_secret()),
            to_hex(rfc().value(kSec4, "{client}  extract secret \"early\"", "secret")));

  // Binder: hash over the truncated ClientHello, computed before the suite is known.
  const char* kBinder = "{client}  calculate PSK binder:";
  const Bytes prefix = rfc().value(kSec4, kBinder, "ClientHello prefix");
  handshake::Transcript t(p);
  auto bh = t.hash_with(HashAlg::sha256, prefix);
  ASSERT_TRUE(bh.ok());
  EXPECT_EQ(to_hex(*bh), to_hex(rfc().value(kSec4, kBinder, "binder hash")));
  auto bk = ks.binder_key(/*external_psk=*/false);
  ASSERT_TRUE(bk.ok());
  EXPECT_EQ(to_hex(*bk), to_hex(rfc().value(kSec4, kBinder, "PRK")));
  auto binder = handshake::finished_verify_data(p, HashAlg::sha256, *bk, *bh);
  ASSERT_TRUE(binder.ok());
  EXPECT_EQ(to_hex(*binder), to_hex(rfc().value(kSec4, kBinder, "finished")));
  EXPECT_TRUE(handshake::check_finished(p, HashAlg::sha256, *bk, *bh, *binder).ok());
  // An external-PSK binder key differs ("ext binder").
  auto ext = ks.binder_key(true);
  ASSERT_TRUE(ext.ok());
  EXPECT_NE(to_hex(*ext), to_hex(*bk));

  // The full ClientHello (prefix + binders) enters the transcript. (The RFC's "construct a
  // ClientHello" value is the 477-byte prefix; the 512-byte message is the record payload.)
  const Bytes ch = rfc().value(kSec4, "{client}  send handshake record:", "payload");
  ASSERT_EQ(ch.size(), 512u);
  ASSERT_EQ(0, std::memcmp(ch.data(), prefix.data(), prefix.size()));
  t.add(ch);
  ASSERT_TRUE(t.set_hash(HashAlg::sha256).ok());
  auto ch_hash = t.current();
  ASSERT_TRUE(ch_hash.ok());
  const char* kCe = "{client}  derive secret \"tls13 c e traffic\":";
  EXPECT_EQ(to_hex(*ch_hash), to_hex(rfc().value(kSec4, kCe, "hash")));
  auto cets = ks.client_early_traffic_secret(*ch_hash);
  ASSERT_TRUE(cets.ok());
  EXPECT_EQ(to_hex(*cets), to_hex(rfc().value(kSec4, kCe, "expanded")));
  auto eems = ks.early_exporter_master_secret(*ch_hash);
  ASSERT_TRUE(eems.ok());
  EXPECT_EQ(
      to_hex(*eems),
      to_hex(rfc().value(kSec4, "{client}  derive secret \"tls13 e exp master\":", "expanded")));

  const char* kKeys = "{client}  derive write traffic keys for early application data:";
  auto keys = handshake::derive_traffic_keys(p, HashAlg::sha256, AeadAlg::aes_128_gcm, *cets);
  ASSERT_TRUE(keys.ok());
  EXPECT_EQ(to_hex(keys->key), to_hex(rfc().value(kSec4, kKeys, "key expanded")));
  EXPECT_EQ(to_hex(keys->iv), to_hex(rfc().value(kSec4, kKeys, "iv expanded")));

  // The 0-RTT application_data record.
  const char* kRec = "{client}  send application_data record:";
  auto wk = handshake::tls13_protection(p, HashAlg::sha256, AeadAlg::aes_128_gcm, *cets);
  ASSERT_TRUE(wk.ok());
  record::RecordEncoder enc;
  enc.set_protection(std::move(*wk));
  Bytes out;
  ASSERT_TRUE(
      enc.write(ContentType::application_data, rfc().value(kSec4, kRec, "payload"), out).ok());
  EXPECT_EQ(to_hex(out), to_hex(rfc().value(kSec4, kRec, "complete record")));

  // The first record of §4 (ClientHello) uses record version 0x0301.
  record::RecordEncoder plain;
  plain.set_plaintext_version(record::kRecordVersion10);
  Bytes ch_rec;
  ASSERT_TRUE(plain.write(ContentType::handshake, ch, ch_rec).ok());
  EXPECT_EQ(to_hex(ch_rec),
            to_hex(rfc().value(kSec4, "{client}  send handshake record:", "complete record")));
}

TEST(Rfc8448Resumption, BinderHashAfterSetHashUsesRunningState) {
  const auto& p = crypto::default_provider();
  const Bytes prefix = rfc().value(kSec4, "{client}  calculate PSK binder:", "ClientHello prefix");
  // Same hash when the suite is already chosen (server side).
  handshake::Transcript t(p);
  ASSERT_TRUE(t.set_hash(HashAlg::sha256).ok());
  auto bh = t.hash_with(HashAlg::sha256, prefix);
  ASSERT_TRUE(bh.ok());
  EXPECT_EQ(to_hex(*bh),
            to_hex(rfc().value(kSec4, "{client}  calculate PSK binder:", "binder hash")));
  EXPECT_FALSE(t.hash_with(HashAlg::sha384, prefix).ok());
  EXPECT_EQ(t.message_count(), 0u);  // hash_with adds nothing
}

TEST(Rfc8448HelloRetryRequest, MessageHashTranscript) {
  const auto& p = crypto::default_provider();
  const char* kCh = "{client}  construct a ClientHello handshake message:";
  const char* kSh = "{server}  construct a ServerHello handshake message:";
  const Bytes ch1 = rfc().value(kSec5, kCh, "ClientHello", 0);
  const Bytes hrr = rfc().value(kSec5, kSh, "ServerHello", 0);
  const Bytes ch2 = rfc().value(kSec5, kCh, "ClientHello", 1);
  const Bytes sh = rfc().value(kSec5, kSh, "ServerHello", 1);
  ASSERT_EQ(hrr.size(), 176u);
  ASSERT_EQ(sh.size(), 123u);

  handshake::Transcript t(p);
  t.add(ch1);
  EXPECT_FALSE(t.replace_with_message_hash().ok());  // no hash chosen yet
  ASSERT_TRUE(t.set_hash(HashAlg::sha256).ok());     // HelloRetryRequest selects the suite
  ASSERT_TRUE(t.replace_with_message_hash().ok());
  EXPECT_FALSE(t.replace_with_message_hash().ok());  // only once
  t.add(hrr);
  t.add(ch2);
  t.add(sh);
  auto h = t.current();
  ASSERT_TRUE(h.ok());
  const char* kChs = "{server}  derive secret \"tls13 c hs traffic\":";
  EXPECT_EQ(to_hex(*h), to_hex(rfc().value(kSec5, kChs, "hash")));

  // The handshake secret from the P-256 shared secret, and the client handshake secret.
  const char* kHs = "{server}  extract secret \"handshake\":";
  handshake::KeySchedule13 ks(p, HashAlg::sha256);
  ASSERT_TRUE(ks.enter_handshake(rfc().value(kSec5, kHs, "IKM")).ok());
  EXPECT_EQ(to_hex(ks.current_secret()), to_hex(rfc().value(kSec5, kHs, "secret")));
  auto chs = ks.client_handshake_traffic_secret(*h);
  ASSERT_TRUE(chs.ok());
  EXPECT_EQ(to_hex(*chs), to_hex(rfc().value(kSec5, kChs, "expanded")));

  // Retained messages follow the same rule (message_hash || 00 00 20 || Hash(CH1) ...).
  handshake::Transcript r(p);
  r.retain_messages(true);
  r.add(ch1);
  ASSERT_TRUE(r.set_hash(HashAlg::sha256).ok());
  ASSERT_TRUE(r.replace_with_message_hash().ok());
  ASSERT_EQ(r.messages().size(), 4u + 32u);
  EXPECT_EQ(r.messages()[0], 254);
  EXPECT_EQ(r.messages()[3], 32);
}

TEST(Transcript, SetHashTwice) {
  const auto& p = crypto::default_provider();
  handshake::Transcript t(p);
  ASSERT_TRUE(t.set_hash(HashAlg::sha256).ok());
  EXPECT_TRUE(t.set_hash(HashAlg::sha256).ok());
  EXPECT_FALSE(t.set_hash(HashAlg::sha384).ok());
  EXPECT_EQ(t.hash_size(), 32u);
}

TEST(Transcript, BufferedEqualsIncremental) {
  const auto& p = crypto::default_provider();
  handshake::Transcript a(p), b(p);
  ASSERT_TRUE(b.set_hash(HashAlg::sha384).ok());
  Bytes m1 = {1, 0, 0, 2, 0xaa, 0xbb}, m2 = {2, 0, 0, 1, 0xcc};
  a.add(m1);
  b.add(m1);
  a.add(m2);
  b.add(m2);
  ASSERT_TRUE(a.set_hash(HashAlg::sha384).ok());
  auto ha = a.current(), hb = b.current();
  ASSERT_TRUE(ha.ok() && hb.ok());
  EXPECT_EQ(ha->size, 48u);
  EXPECT_EQ(to_hex(*ha), to_hex(*hb));
  Bytes all = m1;
  all.insert(all.end(), m2.begin(), m2.end());
  Bytes direct(48);
  p.hash(HashAlg::sha384, all, direct);
  EXPECT_EQ(to_hex(*ha), to_hex(direct));
  // current() peeks: asking twice gives the same value, and adding more changes it.
  EXPECT_EQ(to_hex(*a.current()), to_hex(*ha));
  a.add(m1);
  EXPECT_NE(to_hex(*a.current()), to_hex(*ha));
}

}  // namespace
}  // namespace tlskit
