// Known-answer test of the TLS 1.3 key schedule, transcript, traffic keys, Finished and record
// protection against RFC 8448 §3 "Simple 1-RTT Handshake"
// (shared/testdata/tls13-vectors/rfc8448-simple-1rtt.json).
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "crypto/provider.h"
#include "handshake/key_schedule_tls13.h"
#include "handshake/traffic_keys.h"
#include "handshake/transcript.h"
#include "record/record_decoder.h"
#include "record/record_encoder.h"

namespace tlskit {
namespace {

using crypto::AeadAlg;
using crypto::HashAlg;
using handshake::KeySchedule13;
using handshake::Transcript;

class Rfc8448Simple : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::ifstream f(std::string(TLSKIT_TESTDATA) + "/tls13-vectors/rfc8448-simple-1rtt.json");
    ASSERT_TRUE(f.good()) << "cannot open rfc8448-simple-1rtt.json";
    json_ = new nlohmann::json(nlohmann::json::parse(f));
  }
  static void TearDownTestSuite() {
    delete json_;
    json_ = nullptr;
  }

  static Bytes v(const std::string& name) {
    const auto& vals = (*json_)["values"];
    if (!vals.contains(name)) {
      ADD_FAILURE() << "no value " << name;
      return {};
    }
    auto r = from_hex(vals[name].get<std::string>());
    EXPECT_TRUE(r.ok()) << name;
    return r.ok() ? *r : Bytes{};
  }
  static std::string hex(ByteView b) { return to_hex(b); }

  const crypto::Provider& p = crypto::default_provider();
  static nlohmann::json* json_;
};
nlohmann::json* Rfc8448Simple::json_ = nullptr;

TEST_F(Rfc8448Simple, FullKeySchedule) {
  ASSERT_EQ((*json_)["cipher_suite"], "TLS_AES_128_GCM_SHA256");
  KeySchedule13 ks(p, HashAlg::sha256);
  ASSERT_TRUE(ks.init_early({}).ok());
  EXPECT_EQ(hex(ks.current_secret()), hex(v("early_secret")));

  // derived secret for handshake: Derive-Secret(early, "derived", "").
  Bytes empty_hash(32);
  p.hash(HashAlg::sha256, {}, empty_hash);
  EXPECT_EQ(hex(empty_hash), hex(v("empty_transcript_hash_sha256")));
  auto derived =
      handshake::derive_secret(p, HashAlg::sha256, ks.current_secret(), "derived", empty_hash);
  ASSERT_TRUE(derived.ok());
  EXPECT_EQ(hex(*derived), hex(v("derived_secret_for_handshake")));

  // Transcript: messages buffered before the hash is known, then hashed.
  Transcript t(p);
  t.add(v("client_hello"));
  t.add(v("server_hello"));
  EXPECT_FALSE(t.current().ok());
  ASSERT_TRUE(t.set_hash(HashAlg::sha256).ok());
  auto ch_sh = t.current();
  ASSERT_TRUE(ch_sh.ok());
  EXPECT_EQ(hex(*ch_sh), hex(v("transcript_hash_ch_sh")));

  ASSERT_TRUE(ks.enter_handshake(v("x25519_shared_secret")).ok());
  EXPECT_EQ(hex(ks.current_secret()), hex(v("handshake_secret")));
  auto c_hs = ks.client_handshake_traffic_secret(*ch_sh);
  auto s_hs = ks.server_handshake_traffic_secret(*ch_sh);
  ASSERT_TRUE(c_hs.ok() && s_hs.ok());
  EXPECT_EQ(hex(*c_hs), hex(v("client_handshake_traffic_secret")));
  EXPECT_EQ(hex(*s_hs), hex(v("server_handshake_traffic_secret")));

  auto s_hs_keys = handshake::derive_traffic_keys(p, HashAlg::sha256, AeadAlg::aes_128_gcm, *s_hs);
  auto c_hs_keys = handshake::derive_traffic_keys(p, HashAlg::sha256, AeadAlg::aes_128_gcm, *c_hs);
  ASSERT_TRUE(s_hs_keys.ok() && c_hs_keys.ok());
  EXPECT_EQ(hex(s_hs_keys->key), hex(v("server_handshake_write_key")));
  EXPECT_EQ(hex(s_hs_keys->iv), hex(v("server_handshake_write_iv")));
  EXPECT_EQ(hex(c_hs_keys->key), hex(v("client_handshake_write_key")));
  EXPECT_EQ(hex(c_hs_keys->iv), hex(v("client_handshake_write_iv")));

  // Server Finished.
  t.add(v("encrypted_extensions"));
  t.add(v("certificate"));
  t.add(v("certificate_verify"));
  auto before_sf = t.current();
  ASSERT_TRUE(before_sf.ok());
  auto sfk = handshake::finished_key(p, HashAlg::sha256, *s_hs);
  ASSERT_TRUE(sfk.ok());
  EXPECT_EQ(hex(*sfk), hex(v("server_finished_key")));
  auto sf = handshake::finished_verify_data(p, HashAlg::sha256, *s_hs, *before_sf);
  ASSERT_TRUE(sf.ok());
  EXPECT_EQ(hex(*sf), hex(v("server_finished_verify_data")));
  Bytes sf_msg = {0x14, 0x00, 0x00, 0x20};
  sf_msg.insert(sf_msg.end(), sf->begin(), sf->end());
  EXPECT_EQ(hex(sf_msg), hex(v("server_finished")));
  EXPECT_TRUE(handshake::check_finished(p, HashAlg::sha256, *s_hs, *before_sf, *sf).ok());
  Bytes bad = *sf;
  bad[7] ^= 0x40;
  auto bad_r = handshake::check_finished(p, HashAlg::sha256, *s_hs, *before_sf, bad);
  ASSERT_FALSE(bad_r.ok());
  EXPECT_EQ(bad_r.error().code, ErrorCode::bad_finished);
  EXPECT_EQ(bad_r.error().alert, Alert::decrypt_error);
  auto short_r =
      handshake::check_finished(p, HashAlg::sha256, *s_hs, *before_sf, ByteView(*sf).first(31));
  EXPECT_FALSE(short_r.ok());

  t.add(v("server_finished"));
  auto ch_sf = t.current();
  ASSERT_TRUE(ch_sf.ok());
  EXPECT_EQ(hex(*ch_sf), hex(v("transcript_hash_through_server_finished")));

  // Master secret and application secrets.
  auto derived2 =
      handshake::derive_secret(p, HashAlg::sha256, ks.current_secret(), "derived", empty_hash);
  ASSERT_TRUE(derived2.ok());
  EXPECT_EQ(hex(*derived2), hex(v("derived_secret_for_master")));
  ASSERT_TRUE(ks.enter_master().ok());
  EXPECT_EQ(hex(ks.current_secret()), hex(v("master_secret")));
  auto c_ap = ks.client_application_traffic_secret_0(*ch_sf);
  auto s_ap = ks.server_application_traffic_secret_0(*ch_sf);
  auto exp = ks.exporter_master_secret(*ch_sf);
  ASSERT_TRUE(c_ap.ok() && s_ap.ok() && exp.ok());
  EXPECT_EQ(hex(*c_ap), hex(v("client_application_traffic_secret_0")));
  EXPECT_EQ(hex(*s_ap), hex(v("server_application_traffic_secret_0")));
  EXPECT_EQ(hex(*exp), hex(v("exporter_master_secret")));
  auto s_ap_keys = handshake::derive_traffic_keys(p, HashAlg::sha256, AeadAlg::aes_128_gcm, *s_ap);
  auto c_ap_keys = handshake::derive_traffic_keys(p, HashAlg::sha256, AeadAlg::aes_128_gcm, *c_ap);
  ASSERT_TRUE(s_ap_keys.ok() && c_ap_keys.ok());
  EXPECT_EQ(hex(s_ap_keys->key), hex(v("server_application_write_key")));
  EXPECT_EQ(hex(s_ap_keys->iv), hex(v("server_application_write_iv")));
  EXPECT_EQ(hex(c_ap_keys->key), hex(v("client_application_write_key")));
  EXPECT_EQ(hex(c_ap_keys->iv), hex(v("client_application_write_iv")));

  // Client Finished over CH..server Finished.
  auto cfk = handshake::finished_key(p, HashAlg::sha256, *c_hs);
  ASSERT_TRUE(cfk.ok());
  EXPECT_EQ(hex(*cfk), hex(v("client_finished_key")));
  auto cf = handshake::finished_verify_data(p, HashAlg::sha256, *c_hs, *ch_sf);
  ASSERT_TRUE(cf.ok());
  EXPECT_EQ(hex(*cf), hex(v("client_finished_verify_data")));
  t.add(v("client_finished"));
  auto ch_cf = t.current();
  ASSERT_TRUE(ch_cf.ok());
  EXPECT_EQ(hex(*ch_cf), hex(v("transcript_hash_through_client_finished")));

  auto res = ks.resumption_master_secret(*ch_cf);
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(hex(*res), hex(v("resumption_master_secret")));
  auto psk = handshake::resumption_psk(p, HashAlg::sha256, *res, v("ticket_nonce"));
  ASSERT_TRUE(psk.ok());
  EXPECT_EQ(hex(*psk), hex(v("resumption_psk")));
  EXPECT_EQ(t.message_count(), 7u);
}

TEST_F(Rfc8448Simple, StageOrderIsEnforced) {
  KeySchedule13 ks(p, HashAlg::sha256);
  Bytes h(32);
  EXPECT_FALSE(ks.client_handshake_traffic_secret(h).ok());
  EXPECT_FALSE(ks.enter_master().ok());
  ASSERT_TRUE(ks.init_early({}).ok());
  EXPECT_FALSE(ks.init_early({}).ok());
  EXPECT_FALSE(ks.client_application_traffic_secret_0(h).ok());
  ASSERT_TRUE(ks.enter_handshake(v("x25519_shared_secret")).ok());
  EXPECT_FALSE(ks.binder_key(true).ok());
  EXPECT_FALSE(ks.client_handshake_traffic_secret(Bytes(31)).ok());  // wrong hash length
  ASSERT_TRUE(ks.enter_master().ok());
  EXPECT_FALSE(ks.enter_handshake({}).ok());
}

TEST_F(Rfc8448Simple, EnterHandshakeWithoutExplicitEarly) {
  // enter_handshake on a fresh schedule derives the zero-PSK early secret itself.
  KeySchedule13 ks(p, HashAlg::sha256);
  ASSERT_TRUE(ks.enter_handshake(v("x25519_shared_secret")).ok());
  EXPECT_EQ(hex(ks.current_secret()), hex(v("handshake_secret")));
}

// Keys for a direction, from a traffic-secret value name in the JSON.
record::ProtectionKeys keys_for(const crypto::Provider& p, const Bytes& secret) {
  auto k = handshake::tls13_protection(p, HashAlg::sha256, AeadAlg::aes_128_gcm, secret);
  EXPECT_TRUE(k.ok());
  return std::move(*k);
}

TEST_F(Rfc8448Simple, PlaintextRecords) {
  record::RecordEncoder client;
  client.set_plaintext_version(record::kRecordVersion10);  // RFC 8446 §5.1: first ClientHello
  Bytes out;
  ASSERT_TRUE(client.write(ContentType::handshake, v("client_hello"), out).ok());
  EXPECT_EQ(hex(out), hex(v("client_hello_record")));
  record::RecordEncoder server;
  out.clear();
  ASSERT_TRUE(server.write(ContentType::handshake, v("server_hello"), out).ok());
  EXPECT_EQ(hex(out), hex(v("server_hello_record")));

  record::RecordDecoder dec;
  dec.append(v("client_hello_record"));
  auto r = dec.next();
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  ASSERT_TRUE(r->has_record);
  EXPECT_EQ(r->record.type, ContentType::handshake);
  EXPECT_EQ(r->record.legacy_version, 0x0301);
  EXPECT_FALSE(r->record.was_protected);
  EXPECT_EQ(hex(r->record.fragment), hex(v("client_hello")));
}

TEST_F(Rfc8448Simple, ProtectedRecordsSealAndOpen) {
  const Bytes s_hs = v("server_handshake_traffic_secret");
  const Bytes c_hs = v("client_handshake_traffic_secret");
  const Bytes s_ap = v("server_application_traffic_secret_0");
  const Bytes c_ap = v("client_application_traffic_secret_0");

  // Server handshake flight: one record, server handshake key, seq 0.
  {
    record::RecordEncoder enc;
    enc.set_protection(keys_for(p, s_hs));
    Bytes out;
    ASSERT_TRUE(
        enc.write(ContentType::handshake, v("server_handshake_flight_plaintext"), out).ok());
    EXPECT_EQ(hex(out), hex(v("server_handshake_flight_record")));
    record::RecordDecoder dec;
    dec.set_version_rule(record::RecordVersionRule::tls13);
    dec.set_protection(keys_for(p, s_hs));
    dec.append(v("server_handshake_flight_record"));
    auto r = dec.next();
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    ASSERT_TRUE(r->has_record);
    EXPECT_EQ(r->record.type, ContentType::handshake);
    EXPECT_EQ(r->record.outer_type, ContentType::application_data);
    EXPECT_TRUE(r->record.was_protected);
    EXPECT_EQ(hex(r->record.fragment), hex(v("server_handshake_flight_plaintext")));
  }
  // Client Finished: client handshake key, seq 0.
  {
    record::RecordEncoder enc;
    enc.set_protection(keys_for(p, c_hs));
    Bytes out;
    ASSERT_TRUE(enc.write(ContentType::handshake, v("client_finished"), out).ok());
    EXPECT_EQ(hex(out), hex(v("client_finished_record")));
  }
  // Server application key: NewSessionTicket (seq 0), data (seq 1), close_notify (seq 2).
  {
    record::RecordEncoder enc;
    enc.set_protection(keys_for(p, s_ap));
    Bytes out;
    ASSERT_TRUE(enc.write(ContentType::handshake, v("new_session_ticket"), out).ok());
    ASSERT_TRUE(
        enc.write(ContentType::application_data, v("server_application_data_plaintext"), out).ok());
    ASSERT_TRUE(enc.write(ContentType::alert, v("server_alert_plaintext"), out).ok());
    Bytes want = v("new_session_ticket_record");
    for (auto n : {"server_application_data_record", "server_alert_record"}) {
      Bytes b = v(n);
      want.insert(want.end(), b.begin(), b.end());
    }
    EXPECT_EQ(hex(out), hex(want));
    EXPECT_EQ(enc.sequence(), 3u);

    record::RecordDecoder dec;
    dec.set_version_rule(record::RecordVersionRule::tls13);
    dec.set_protection(keys_for(p, s_ap));
    dec.append(want);
    const std::pair<ContentType, const char*> expect[] = {
        {ContentType::handshake, "new_session_ticket"},
        {ContentType::application_data, "server_application_data_plaintext"},
        {ContentType::alert, "server_alert_plaintext"}};
    for (size_t i = 0; i < 3; ++i) {
      auto r = dec.next();
      ASSERT_TRUE(r.ok()) << r.error().to_string();
      ASSERT_TRUE(r->has_record);
      EXPECT_EQ(r->record.type, expect[i].first);
      EXPECT_EQ(r->record.sequence, i);
      EXPECT_EQ(hex(r->record.fragment), hex(v(expect[i].second)));
    }
    auto r = dec.next();
    ASSERT_TRUE(r.ok());
    EXPECT_FALSE(r->has_record);
    EXPECT_EQ(r->need_bytes, record::kRecordHeaderSize);
  }
  // Client application key: data (seq 0), close_notify (seq 1).
  {
    record::RecordEncoder enc;
    enc.set_protection(keys_for(p, c_ap));
    Bytes out;
    ASSERT_TRUE(
        enc.write(ContentType::application_data, v("client_application_data_plaintext"), out).ok());
    ASSERT_TRUE(enc.write(ContentType::alert, v("client_alert_plaintext"), out).ok());
    Bytes want = v("client_application_data_record");
    Bytes b = v("client_alert_record");
    want.insert(want.end(), b.begin(), b.end());
    EXPECT_EQ(hex(out), hex(want));
  }
}

TEST_F(Rfc8448Simple, TrafficKeyUpdateAndExporter) {
  // Expected values computed independently at test-writing time with OpenSSL 3.0's HKDF
  // (`openssl kdf -kdfopt mode:EXPAND_ONLY ... HKDF`) from the RFC 8448 §3 secrets:
  // traffic upd: info = 0020 12 "tls13 traffic upd" 00.
  const Bytes c_ap = v("client_application_traffic_secret_0");
  auto next = handshake::next_traffic_secret(p, HashAlg::sha256, c_ap);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(hex(*next), "fcdfcc72725aaee48bf64e4fd8b749cdbdbab39d90da0b26e2245ca6ea167207");
  // Exporter "EXPORTER-test" with context "context", 32 bytes: two HKDF-Expand-Label steps.
  auto ekm = handshake::export_keying_material(p, HashAlg::sha256, v("exporter_master_secret"),
                                               "EXPORTER-test", as_bytes("context"), 32);
  ASSERT_TRUE(ekm.ok());
  EXPECT_EQ(hex(*ekm), "d98f7eb35bae6789e22c04a84294d6f921d8807a878c9ed6f04d2a3d8c96d8d7");
  // A different context gives a different value; empty context is allowed.
  auto ekm2 = handshake::export_keying_material(p, HashAlg::sha256, v("exporter_master_secret"),
                                                "EXPORTER-test", {}, 32);
  ASSERT_TRUE(ekm2.ok());
  EXPECT_NE(hex(*ekm2), hex(*ekm));
  EXPECT_FALSE(handshake::export_keying_material(p, HashAlg::sha256, v("exporter_master_secret"),
                                                 std::string(250, 'x'), {}, 32)
                   .ok());
}

TEST_F(Rfc8448Simple, HkdfExpandLabelInfoEncoding) {
  // The "derived" expansion's info in the trace is 00 20 0d "tls13 derived" 20 <hash>:
  // checking hkdf_expand_label against a raw HKDF-Expand with that info.
  const Bytes early = v("early_secret");
  const Bytes h = v("empty_transcript_hash_sha256");
  Bytes info = {0x00, 0x20, 0x0d};
  for (char c : std::string("tls13 derived")) info.push_back(static_cast<uint8_t>(c));
  info.push_back(0x20);
  info.insert(info.end(), h.begin(), h.end());
  Bytes raw(32), ours(32);
  ASSERT_TRUE(p.hkdf_expand(HashAlg::sha256, early, info, raw).ok());
  ASSERT_TRUE(handshake::hkdf_expand_label(p, HashAlg::sha256, early, "derived", h, ours).ok());
  EXPECT_EQ(hex(raw), hex(ours));
  EXPECT_EQ(hex(ours), hex(v("derived_secret_for_handshake")));
}

}  // namespace
}  // namespace tlskit
