// Record layer failures: each malformed, oversized, corrupted or misplaced record gives the
// error code and alert the RFCs require (RFC 8446 §5, §6; RFC 5246 §6).
#include <gtest/gtest.h>

#include <cstring>
#include <limits>
#include <string>

#include "record/peer_sniff.h"
#include "record_test_util.h"

namespace tlskit {
namespace {

using record::NonceMode;
using record::RecordDecoder;
using record::RecordEncoder;
using record::RecordVersionRule;
using testing::ModeCase;

const ModeCase kGcm13{NonceMode::tls13, crypto::AeadAlg::aes_128_gcm, "tls13"};
const ModeCase kGcm12{NonceMode::tls12_explicit, crypto::AeadAlg::aes_128_gcm, "tls12"};
const ModeCase kChacha12{NonceMode::tls12_xor, crypto::AeadAlg::chacha20_poly1305, "tls12x"};

Bytes header(uint8_t type, uint16_t version, size_t len) {
  return {type, static_cast<uint8_t>(version >> 8), static_cast<uint8_t>(version),
          static_cast<uint8_t>(len >> 8), static_cast<uint8_t>(len)};
}

Bytes plain_record(uint8_t type, uint16_t version, ByteView body) {
  Bytes r = header(type, version, body.size());
  r.insert(r.end(), body.begin(), body.end());
  return r;
}

// Seals an arbitrary TLSInnerPlaintext under the kGcm13 test keys at sequence seq.
Bytes seal13_raw(const ModeCase& c, uint64_t seq, ByteView inner) {
  auto k = testing::make_keys(c);
  Bytes rec = header(23, 0x0303, inner.size() + k.tag_size());
  rec.insert(rec.end(), inner.begin(), inner.end());
  rec.resize(rec.size() + k.tag_size());
  std::array<uint8_t, 12> nonce;
  k.nonce(seq, {}, nonce);
  EXPECT_TRUE(k.aead()
                  .seal(nonce, ByteView(rec).first(5),
                        MutableByteView(rec).subspan(5, inner.size()),
                        MutableByteView(rec).subspan(5 + inner.size()))
                  .ok());
  return rec;
}

// Seals a TLS 1.2 GCM record of any plaintext length at sequence seq.
Bytes seal12_raw(uint64_t seq, uint8_t type, ByteView pt) {
  auto k = testing::make_keys(kGcm12);
  Bytes rec = header(type, 0x0303, 8 + pt.size() + 16);
  for (int i = 0; i < 8; ++i) rec.push_back(static_cast<uint8_t>(seq >> (56 - 8 * i)));
  rec.insert(rec.end(), pt.begin(), pt.end());
  rec.resize(rec.size() + 16);
  std::array<uint8_t, 12> nonce;
  k.nonce(seq, ByteView(rec).subspan(5, 8), nonce);
  std::array<uint8_t, 13> aad;
  record::tls12_aad(seq, type, 0x0303, static_cast<uint16_t>(pt.size()), aad);
  EXPECT_TRUE(k.aead()
                  .seal(nonce, aad, MutableByteView(rec).subspan(13, pt.size()),
                        MutableByteView(rec).subspan(13 + pt.size()))
                  .ok());
  return rec;
}

Error decode_error_of(RecordDecoder& d, ByteView wire) {
  d.append(wire);
  auto got = testing::drain(d);
  EXPECT_TRUE(got.failed) << "expected an error, got " << got.records.size() << " records";
  return got.error;
}

RecordDecoder decoder13() {
  RecordDecoder d;
  d.set_version_rule(RecordVersionRule::tls13);
  d.set_protection(testing::make_keys(kGcm13));
  return d;
}

// ---- sizes -------------------------------------------------------------------------------

TEST(RecordErrors, PlaintextRecordTooLong) {
  RecordDecoder d;
  // RFC 8446 §5.1: plaintext fragments are at most 2^14 bytes. Decided from the header alone.
  auto e = decode_error_of(d, header(22, 0x0303, 16385));
  EXPECT_EQ(e.code, ErrorCode::record_overflow);
  EXPECT_EQ(e.alert, Alert::record_overflow);
  EXPECT_EQ(e.step, Step::record_layer);
  EXPECT_EQ(e.party, Party::peer);
  RecordDecoder ok;
  ok.append(header(22, 0x0303, 16384));
  auto got = testing::drain(ok);
  EXPECT_FALSE(got.failed);
  EXPECT_EQ(got.need, 16384u);
}

TEST(RecordErrors, CiphertextTooLong13) {
  auto d = decoder13();
  // RFC 8446 §5.2: at most 2^14 + 256.
  auto e = decode_error_of(d, header(23, 0x0303, 16384 + 257));
  EXPECT_EQ(e.alert, Alert::record_overflow);
  auto d2 = decoder13();
  d2.append(header(23, 0x0303, 16384 + 256));
  EXPECT_FALSE(testing::drain(d2).failed);
}

TEST(RecordErrors, CiphertextTooLong12) {
  RecordDecoder d;
  d.set_version_rule(RecordVersionRule::tls12);
  d.set_protection(testing::make_keys(kGcm12));
  // RFC 5246 §6.2.3: at most 2^14 + 2048.
  auto e = decode_error_of(d, header(23, 0x0303, 16384 + 2049));
  EXPECT_EQ(e.alert, Alert::record_overflow);
}

TEST(RecordErrors, DecryptedInnerPlaintextTooLong13) {
  // 2^14 bytes of content + type + one byte of padding = 2^14 + 2 > 2^14 + 1.
  Bytes inner(16386, 0x41);
  inner[16384] = 23;
  inner[16385] = 0;
  auto d = decoder13();
  auto e = decode_error_of(d, seal13_raw(kGcm13, 0, inner));
  EXPECT_EQ(e.code, ErrorCode::record_overflow);
  EXPECT_EQ(e.alert, Alert::record_overflow);
  // Exactly 2^14 content + type is fine.
  inner.resize(16385);
  auto d2 = decoder13();
  d2.append(seal13_raw(kGcm13, 0, inner));
  auto got = testing::drain(d2);
  ASSERT_FALSE(got.failed) << got.error.to_string();
  EXPECT_EQ(got.records[0].second.size(), 16384u);
}

TEST(RecordErrors, DecryptedPlaintextTooLong12) {
  RecordDecoder d;
  d.set_version_rule(RecordVersionRule::tls12);
  d.set_protection(testing::make_keys(kGcm12));
  auto e = decode_error_of(d, seal12_raw(0, 23, Bytes(16385, 1)));
  EXPECT_EQ(e.code, ErrorCode::record_overflow);
  EXPECT_EQ(e.alert, Alert::record_overflow);
  RecordDecoder ok;
  ok.set_version_rule(RecordVersionRule::tls12);
  ok.set_protection(testing::make_keys(kGcm12));
  ok.append(seal12_raw(0, 23, Bytes(16384, 1)));
  auto got = testing::drain(ok);
  ASSERT_FALSE(got.failed) << got.error.to_string();
  EXPECT_EQ(got.records[0].second.size(), 16384u);
}

TEST(RecordErrors, TooShortForTag) {
  for (const ModeCase& c : {kGcm13, kGcm12, kChacha12}) {
    SCOPED_TRACE(c.name);
    RecordDecoder d;
    d.set_version_rule(testing::rule_for(c));
    d.set_protection(testing::make_keys(c));
    auto e = decode_error_of(d, plain_record(23, 0x0303, Bytes(10, 0)));
    EXPECT_EQ(e.alert, Alert::bad_record_mac);
  }
}

TEST(RecordErrors, TruncatedRecordWaits) {
  RecordEncoder enc;
  enc.set_protection(testing::make_keys(kGcm13));
  Bytes wire;
  ASSERT_TRUE(enc.write(ContentType::application_data, testing::pattern(100), wire).ok());
  auto d = decoder13();
  d.append(ByteView(wire).first(wire.size() - 1));
  auto r = d.next();
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->has_record);
  EXPECT_EQ(r->need_bytes, 1u);
  d.append(ByteView(wire).last(1));
  r = d.next();
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->has_record);
}

// ---- corruption ----------------------------------------------------------------------------

TEST(RecordErrors, EveryByteFlippedFails) {
  for (const ModeCase& c : testing::all_mode_cases()) {
    SCOPED_TRACE(c.name);
    RecordEncoder enc;
    enc.set_protection(testing::make_keys(c));
    Bytes wire;
    ASSERT_TRUE(enc.write(ContentType::application_data, testing::pattern(33), wire).ok());
    for (size_t i = 0; i < wire.size(); ++i) {
      for (uint8_t bit : {uint8_t{0x01}, uint8_t{0x80}}) {
        SCOPED_TRACE(i);
        Bytes bad = wire;
        bad[i] ^= bit;
        RecordDecoder d;
        d.set_version_rule(testing::rule_for(c));
        d.set_protection(testing::make_keys(c));
        d.append(bad);
        auto r = d.next();
        if (r.ok()) {
          // Only a length that grew may leave the decoder waiting; never a record.
          EXPECT_FALSE(r->has_record);
          EXPECT_TRUE(i == 3 || i == 4);
          continue;
        }
        if (i >= record::kRecordHeaderSize) {
          EXPECT_EQ(r.error().code, ErrorCode::bad_record_mac);
          EXPECT_EQ(r.error().alert, Alert::bad_record_mac);
        } else {
          EXPECT_NE(r.error().alert, Alert::none);
        }
      }
    }
  }
}

TEST(RecordErrors, WrongKeyIsBadRecordMac) {
  RecordEncoder enc;
  enc.set_protection(testing::make_keys(kGcm13, 1));
  Bytes wire;
  ASSERT_TRUE(enc.write(ContentType::handshake, testing::pattern(10), wire).ok());
  RecordDecoder d;
  d.set_protection(testing::make_keys(kGcm13, 2));
  auto e = decode_error_of(d, wire);
  EXPECT_EQ(e.code, ErrorCode::bad_record_mac);
  EXPECT_NE(e.detail.find("AES-128-GCM"), std::string::npos) << e.detail;
}

// ---- content types -------------------------------------------------------------------------

TEST(RecordErrors, UnknownContentType) {
  for (uint8_t t : {uint8_t{0}, uint8_t{19}, uint8_t{24}, uint8_t{25}, uint8_t{0xff}}) {
    SCOPED_TRACE(int(t));
    RecordDecoder d;
    d.set_version_rule(RecordVersionRule::tls13);  // past the first-record sniffing
    auto e = decode_error_of(d, plain_record(t, 0x0303, Bytes{1, 2}));
    EXPECT_EQ(e.code, ErrorCode::unexpected_message);
    EXPECT_EQ(e.alert, Alert::unexpected_message);
  }
  // Also after a first valid record.
  RecordDecoder d;
  d.append(plain_record(22, 0x0301, Bytes{1, 0, 0, 0}));
  Bytes bad = plain_record(24, 0x0303, Bytes{1});
  auto e = decode_error_of(d, bad);
  EXPECT_EQ(e.code, ErrorCode::unexpected_message);
}

TEST(RecordErrors, UnprotectedRecordAfterTls13Keys) {
  auto d = decoder13();
  auto e = decode_error_of(d, plain_record(22, 0x0303, Bytes{20, 0, 0, 0}));
  EXPECT_EQ(e.code, ErrorCode::unexpected_message);
  EXPECT_EQ(e.alert, Alert::unexpected_message);
}

TEST(RecordErrors, PlaintextAlertAfterServerHello) {
  {  // Not allowed by default.
    auto d = decoder13();
    auto e = decode_error_of(d, plain_record(21, 0x0303, Bytes{2, 40}));
    EXPECT_EQ(e.code, ErrorCode::unexpected_message);
  }
  auto d = decoder13();
  d.allow_plaintext_alerts(true);
  d.append(plain_record(21, 0x0303, Bytes{2, 40}));
  auto r = d.next();
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  ASSERT_TRUE(r->has_record);
  EXPECT_EQ(r->record.type, ContentType::alert);
  EXPECT_FALSE(r->record.was_protected);
  EXPECT_EQ(d.sequence(), 0u);
  // Other plaintext types are still refused, and the first protected record ends the window.
  d.append(seal13_raw(kGcm13, 0, Bytes{1, 2, 23}));
  r = d.next();
  ASSERT_TRUE(r.ok() && r->has_record);
  auto e = decode_error_of(d, plain_record(21, 0x0303, Bytes{2, 40}));
  EXPECT_EQ(e.code, ErrorCode::unexpected_message);
  auto d2 = decoder13();
  d2.allow_plaintext_alerts(true);
  EXPECT_EQ(decode_error_of(d2, plain_record(22, 0x0303, Bytes{1, 0, 0, 0})).code,
            ErrorCode::unexpected_message);
}

TEST(RecordErrors, Tls13InnerTypes) {
  // All-zero plaintext: no content type (RFC 8446 §5.4) → unexpected_message.
  for (size_t n : {size_t{1}, size_t{20}}) {
    auto d = decoder13();
    auto e = decode_error_of(d, seal13_raw(kGcm13, 0, Bytes(n, 0)));
    EXPECT_EQ(e.code, ErrorCode::unexpected_message);
    EXPECT_EQ(e.alert, Alert::unexpected_message);
  }
  // Protected CCS (RFC 8446 §5) and unknown inner types → unexpected_message.
  for (uint8_t t : {uint8_t{20}, uint8_t{24}, uint8_t{99}}) {
    auto d = decoder13();
    auto e = decode_error_of(d, seal13_raw(kGcm13, 0, Bytes{1, t, 0, 0}));
    EXPECT_EQ(e.alert, Alert::unexpected_message) << int(t);
  }
  // Content that itself ends in zeros survives: the type is the last non-zero byte.
  auto d = decoder13();
  d.append(seal13_raw(kGcm13, 0, Bytes{0, 0, 0, 23, 0, 0}));
  auto got = testing::drain(d);
  ASSERT_FALSE(got.failed) << got.error.to_string();
  EXPECT_EQ(got.records[0].first, ContentType::application_data);
  EXPECT_EQ(got.records[0].second, (Bytes{0, 0, 0}));
}

TEST(RecordErrors, ChangeCipherSpecRules13) {
  {  // A valid unprotected CCS passes under TLS 1.3 keys.
    auto d = decoder13();
    d.append(plain_record(20, 0x0303, Bytes{1}));
    auto got = testing::drain(d);
    ASSERT_FALSE(got.failed);
    ASSERT_EQ(got.records.size(), 1u);
    EXPECT_EQ(got.records[0].first, ContentType::change_cipher_spec);
    EXPECT_EQ(d.sequence(), 0u);  // not counted as a protected record
  }
  for (const Bytes& body : {Bytes{2}, Bytes{1, 1}, Bytes{0}}) {
    auto d = decoder13();
    auto e = decode_error_of(d, plain_record(20, 0x0303, body));
    EXPECT_EQ(e.code, ErrorCode::unexpected_message);
    EXPECT_EQ(e.alert, Alert::unexpected_message);
  }
  RecordDecoder plain;
  auto e = decode_error_of(plain, plain_record(20, 0x0303, Bytes{}));
  EXPECT_EQ(e.alert, Alert::unexpected_message);
}

// A malformed TLS 1.2 CCS gets unexpected_message, as tlsfuzzer's test-ccs and OpenSSL.
TEST(RecordErrors, ChangeCipherSpecRules12) {
  for (const Bytes& body : {Bytes{1, 1}, Bytes{2}, Bytes{}}) {
    RecordDecoder d;
    d.set_version_rule(RecordVersionRule::tls12);
    auto e = decode_error_of(d, plain_record(20, 0x0303, body));
    EXPECT_EQ(e.alert, Alert::unexpected_message);
  }
}

TEST(RecordErrors, ZeroLengthHandshake) {
  RecordDecoder d;
  auto e = decode_error_of(d, plain_record(22, 0x0303, {}));
  EXPECT_EQ(e.code, ErrorCode::unexpected_message);
  // Also protected (RFC 8446 §5.1: even with padding).
  auto d2 = decoder13();
  auto e2 = decode_error_of(d2, seal13_raw(kGcm13, 0, Bytes{22, 0, 0}));
  EXPECT_EQ(e2.code, ErrorCode::unexpected_message);
}

TEST(RecordErrors, AlertMustBeTwoBytes) {
  for (const Bytes& body : {Bytes{2}, Bytes{2, 40, 0}}) {
    RecordDecoder d;
    auto e = decode_error_of(d, plain_record(21, 0x0303, body));
    EXPECT_EQ(e.code, ErrorCode::decode_error);
    EXPECT_EQ(e.alert, Alert::decode_error);
  }
}

TEST(RecordErrors, EmptyAlertIsUnexpectedMessage) {
  // RFC 8446 §5.4: an alert record with zero-length content → unexpected_message, in the
  // clear and under TLS 1.3 keys (with and without padding).
  RecordDecoder plain;
  auto e = decode_error_of(plain, plain_record(21, 0x0303, {}));
  EXPECT_EQ(e.code, ErrorCode::unexpected_message);
  EXPECT_EQ(e.alert, Alert::unexpected_message);
  for (size_t pad : {size_t{0}, size_t{30}}) {
    // The encoder refuses empty alerts, so seal one by hand: inner type alert, no content,
    // then pad zero bytes.
    auto keys = testing::make_keys(kGcm13);
    Bytes inner(1 + pad, 0);
    inner[0] = static_cast<uint8_t>(ContentType::alert);
    Bytes rec = {23, 3, 3, 0, 0};
    const size_t len = inner.size() + keys.tag_size();
    rec[3] = static_cast<uint8_t>(len >> 8);
    rec[4] = static_cast<uint8_t>(len);
    std::array<uint8_t, record::kRecordNonceSize> nonce;
    keys.nonce(0, {}, nonce);
    Bytes tag(keys.tag_size());
    ASSERT_TRUE(keys.aead().seal(nonce, ByteView(rec).first(5), inner, tag).ok());
    rec.insert(rec.end(), inner.begin(), inner.end());
    rec.insert(rec.end(), tag.begin(), tag.end());
    auto d = decoder13();
    auto err = decode_error_of(d, rec);
    EXPECT_EQ(err.code, ErrorCode::unexpected_message) << "padding " << pad;
    EXPECT_EQ(err.alert, Alert::unexpected_message);
  }
}

TEST(RecordErrors, EmptyRecordFlood) {
  RecordEncoder enc;
  enc.set_protection(testing::make_keys(kGcm13));
  Bytes wire;
  for (uint32_t i = 0; i < record::kMaxConsecutiveEmptyRecords; ++i)
    ASSERT_TRUE(enc.write(ContentType::application_data, {}, wire).ok());
  auto d = decoder13();
  d.append(wire);
  auto got = testing::drain(d);
  ASSERT_FALSE(got.failed);
  EXPECT_EQ(got.records.size(), record::kMaxConsecutiveEmptyRecords);
  wire.clear();
  ASSERT_TRUE(enc.write(ContentType::application_data, {}, wire).ok());
  auto e = decode_error_of(d, wire);
  EXPECT_EQ(e.code, ErrorCode::unexpected_message);
  // A non-empty record resets the count.
  auto d2 = decoder13();
  RecordEncoder enc2;
  enc2.set_protection(testing::make_keys(kGcm13));
  wire.clear();
  for (int round = 0; round < 3; ++round) {
    for (uint32_t i = 0; i < record::kMaxConsecutiveEmptyRecords; ++i)
      ASSERT_TRUE(enc2.write(ContentType::application_data, {}, wire).ok());
    ASSERT_TRUE(enc2.write(ContentType::application_data, Bytes{1}, wire).ok());
  }
  d2.append(wire);
  EXPECT_FALSE(testing::drain(d2).failed);
}

// ---- versions ------------------------------------------------------------------------------

TEST(RecordErrors, RecordVersions) {
  {  // RFC 8446 §5.1: a first ClientHello may use 0x0301; 0x0300 is still 0x03xx.
    for (uint16_t v : {uint16_t{0x0300}, uint16_t{0x0301}, uint16_t{0x0303}}) {
      RecordDecoder d;
      d.append(plain_record(22, v, Bytes{1, 0, 0, 0}));
      auto got = testing::drain(d);
      EXPECT_FALSE(got.failed) << v;
    }
  }
  {
    RecordDecoder d;
    d.set_version_rule(RecordVersionRule::tls13);
    auto e = decode_error_of(d, plain_record(22, 0x0203, Bytes{1, 0, 0, 0}));
    EXPECT_EQ(e.code, ErrorCode::protocol_version);
    EXPECT_EQ(e.alert, Alert::protocol_version);
  }
  {  // TLS 1.3: anything 0x03xx is ignored.
    RecordDecoder d;
    d.set_version_rule(RecordVersionRule::tls13);
    d.append(plain_record(22, 0x0304, Bytes{1, 0, 0, 0}));
    EXPECT_FALSE(testing::drain(d).failed);
  }
  {  // TLS 1.2: exactly 0x0303.
    RecordDecoder d;
    d.set_version_rule(RecordVersionRule::tls12);
    auto e = decode_error_of(d, plain_record(22, 0x0301, Bytes{1, 0, 0, 0}));
    EXPECT_EQ(e.code, ErrorCode::protocol_version);
    EXPECT_NE(e.detail.find("0x0301"), std::string::npos);
  }
}

// ---- not TLS -------------------------------------------------------------------------------

TEST(RecordErrors, NotTls) {
  struct Case {
    std::string bytes;
    const char* expect;
  } cases[] = {
      {"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n", "HTTP response"},
      {"GET / HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP request"},
      {"SSH-2.0-OpenSSH_9.2p1 Debian\r\n", "SSH"},
      {"220 mail.example.com ESMTP Postfix\r\n", "SMTP"},
      {"* OK IMAP4rev1 ready\r\n", "IMAP"},
      {"+OK POP3 ready\r\n", "POP3"},
      {"hello there\n", "plain text"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.bytes);
    RecordDecoder d;
    auto e = decode_error_of(d, as_bytes(c.bytes));
    EXPECT_EQ(e.code, ErrorCode::not_tls);
    EXPECT_EQ(e.alert, Alert::unexpected_message);  // RFC 8446 §5
    EXPECT_NE(e.detail.find(c.expect), std::string::npos) << e.detail;
  }
  {  // SSLv2-format ClientHello → protocol_version.
    RecordDecoder d;
    auto e = decode_error_of(d, Bytes{0x80, 0x2e, 0x01, 0x03, 0x01, 0x00, 0x15});
    EXPECT_EQ(e.code, ErrorCode::protocol_version);
    EXPECT_NE(e.detail.find("SSLv2"), std::string::npos) << e.detail;
  }
  {  // Binary garbage.
    RecordDecoder d;
    auto e = decode_error_of(d, Bytes{0x00, 0x01, 0xfe, 0x99, 0x10});
    EXPECT_EQ(e.code, ErrorCode::not_tls);
  }
  // Real TLS headers are not mistaken for other protocols.
  EXPECT_FALSE(record::describe_non_tls(Bytes{0x16, 0x03, 0x01, 0x00, 0x10}).has_value());
  EXPECT_FALSE(record::describe_non_tls(Bytes{0x15, 0x03, 0x03, 0x00, 0x02}).has_value());
  // Only the first record is sniffed: later text is just an unknown content type.
  RecordDecoder d;
  d.append(plain_record(22, 0x0303, Bytes{2, 0, 0, 0}));
  auto e = decode_error_of(d, as_bytes("HTTP/1.1 200 OK\r\n"));
  EXPECT_EQ(e.code, ErrorCode::unexpected_message);
}

TEST(RecordErrors, ErrorsAreSticky) {
  RecordDecoder d;
  auto e = decode_error_of(d, plain_record(21, 0x0303, Bytes{1}));
  EXPECT_EQ(e.code, ErrorCode::decode_error);
  d.append(plain_record(22, 0x0303, Bytes{1, 0, 0, 0}));
  auto r = d.next();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::decode_error);
}

// ---- sequence numbers and usage limits -----------------------------------------------------

TEST(RecordLimits, ReadSequenceMustNotWrap) {
  auto d = decoder13();
  d.set_sequence_for_testing(std::numeric_limits<uint64_t>::max());
  auto e = decode_error_of(d, seal13_raw(kGcm13, 0, Bytes{1, 23}));
  EXPECT_EQ(e.code, ErrorCode::limit_exceeded);
  RecordDecoder d12;
  d12.set_protection(testing::make_keys(kGcm12));
  d12.set_sequence_for_testing(std::numeric_limits<uint64_t>::max());
  auto e12 = decode_error_of(d12, seal12_raw(0, 23, Bytes{1}));
  EXPECT_EQ(e12.code, ErrorCode::limit_exceeded);
}

TEST(RecordLimits, KeyUpdateThreshold) {
  RecordEncoder enc;
  EXPECT_FALSE(enc.key_update_needed());  // unprotected
  enc.set_protection(testing::make_keys(kGcm13));
  enc.set_key_update_threshold(5);
  Bytes wire;
  for (int i = 0; i < 4; ++i)
    ASSERT_TRUE(enc.write(ContentType::application_data, Bytes{1}, wire).ok());
  EXPECT_FALSE(enc.key_update_needed());
  ASSERT_TRUE(enc.write(ContentType::application_data, Bytes{1}, wire).ok());
  EXPECT_TRUE(enc.key_update_needed());
  enc.set_protection(testing::make_keys(kGcm13, 3));  // the new key starts fresh
  EXPECT_FALSE(enc.key_update_needed());
}

TEST(RecordLimits, HardLimitPerAead) {
  EXPECT_EQ(record::aead_record_limit(crypto::AeadAlg::aes_128_gcm), 23726566u);    // 2^24.5
  EXPECT_EQ(record::aead_record_limit(crypto::AeadAlg::aes_128_ccm_8), 11863283u);  // 2^23.5
  EXPECT_EQ(record::aead_record_limit(crypto::AeadAlg::chacha20_poly1305),
            std::numeric_limits<uint64_t>::max());
  for (const ModeCase& c : testing::all_mode_cases()) {
    SCOPED_TRACE(c.name);
    RecordEncoder enc;
    enc.set_protection(testing::make_keys(c));
    const uint64_t hard = record::aead_record_limit(c.aead);
    // Even with a huge configured threshold, the update is requested before the hard limit.
    enc.set_key_update_threshold(std::numeric_limits<uint64_t>::max());
    enc.set_sequence_for_testing(hard - record::kKeyUpdateMargin);
    EXPECT_TRUE(enc.key_update_needed());
    enc.set_sequence_for_testing(hard - 1);
    Bytes wire;
    ASSERT_TRUE(enc.write(ContentType::application_data, Bytes{1}, wire).ok());
    const size_t size = wire.size();
    auto r = enc.write(ContentType::application_data, Bytes{1}, wire);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::limit_exceeded);
    EXPECT_EQ(wire.size(), size);  // nothing appended on error
  }
  // A multi-record write that would cross the limit writes nothing.
  RecordEncoder enc;
  enc.set_protection(testing::make_keys(kGcm13));
  enc.set_sequence_for_testing(record::aead_record_limit(crypto::AeadAlg::aes_128_gcm) - 1);
  Bytes wire;
  EXPECT_FALSE(enc.write(ContentType::application_data, Bytes(20000, 1), wire).ok());
  EXPECT_TRUE(wire.empty());
}

// ---- writer misuse -------------------------------------------------------------------------

TEST(RecordEncoderErrors, EmptyAndMalformedWrites) {
  RecordEncoder enc;
  Bytes wire;
  EXPECT_FALSE(enc.write(ContentType::handshake, {}, wire).ok());
  EXPECT_FALSE(enc.write(ContentType::alert, Bytes{2}, wire).ok());
  EXPECT_FALSE(enc.write(ContentType::alert, Bytes{2, 40, 0}, wire).ok());
  EXPECT_TRUE(wire.empty());
  ASSERT_TRUE(enc.write(ContentType::application_data, {}, wire).ok());
  EXPECT_EQ(to_hex(wire), "1703030000");
  // CCS through write(): only 0x01, and never protected under TLS 1.3 keys.
  EXPECT_FALSE(enc.write(ContentType::change_cipher_spec, Bytes{2}, wire).ok());
  RecordEncoder enc13;
  enc13.set_protection(testing::make_keys(kGcm13));
  Bytes ccs;
  ASSERT_TRUE(enc13.write(ContentType::change_cipher_spec, Bytes{1}, ccs).ok());
  EXPECT_EQ(to_hex(ccs), "140303000101");
  EXPECT_EQ(enc13.sequence(), 0u);
}

// ---- early data skipping (RFC 8446 §4.2.10) ------------------------------------------------

TEST(EarlyDataSkip, UndecryptableRecordsAreSkippedUpToTheBudget) {
  RecordEncoder early;
  early.set_protection(testing::make_keys(kGcm13, 7));  // client early traffic key
  RecordEncoder hs;
  hs.set_protection(testing::make_keys(kGcm13, 1));  // client handshake key
  Bytes wire;
  ASSERT_TRUE(early.write(ContentType::application_data, Bytes(100, 1), wire).ok());
  ASSERT_TRUE(early.write(ContentType::application_data, Bytes(100, 2), wire).ok());
  ASSERT_TRUE(hs.write(ContentType::handshake, Bytes{20, 0, 0, 0}, wire).ok());
  auto d = decoder13();
  d.skip_early_data(1000);
  d.append(wire);
  auto got = testing::drain(d);
  ASSERT_FALSE(got.failed) << got.error.to_string();
  ASSERT_EQ(got.records.size(), 1u);
  EXPECT_EQ(got.records[0].first, ContentType::handshake);
  EXPECT_EQ(d.skipped_early_data(), 2u * (100 + 1 + 16));
  // Skipping ended with the first record that opened: a bad record now fails.
  Bytes more;
  ASSERT_TRUE(early.write(ContentType::application_data, Bytes(10, 3), more).ok());
  auto e = decode_error_of(d, more);
  EXPECT_EQ(e.code, ErrorCode::bad_record_mac);
}

TEST(EarlyDataSkip, BudgetExceeded) {
  RecordEncoder early;
  early.set_protection(testing::make_keys(kGcm13, 7));
  Bytes wire;
  ASSERT_TRUE(early.write(ContentType::application_data, Bytes(100, 1), wire).ok());
  ASSERT_TRUE(early.write(ContentType::application_data, Bytes(100, 1), wire).ok());
  auto d = decoder13();
  d.skip_early_data(150);
  auto e = decode_error_of(d, wire);
  EXPECT_EQ(e.code, ErrorCode::unexpected_message);
  EXPECT_EQ(e.alert, Alert::unexpected_message);
}

TEST(EarlyDataSkip, AfterHelloRetryRequestPlaintextMode) {
  // The server sent HelloRetryRequest (no keys yet): 0-RTT application_data records are
  // skipped until the second ClientHello.
  RecordEncoder early;
  early.set_protection(testing::make_keys(kGcm13, 7));
  Bytes wire;
  ASSERT_TRUE(early.write(ContentType::application_data, Bytes(50, 1), wire).ok());
  Bytes ch2 = plain_record(22, 0x0303, Bytes{1, 0, 0, 0});
  wire.insert(wire.end(), ch2.begin(), ch2.end());
  RecordDecoder d;
  d.set_version_rule(RecordVersionRule::tls13);
  d.skip_early_data(1000);
  d.append(wire);
  auto r = d.next();
  ASSERT_TRUE(r.ok()) << r.error().to_string();
  ASSERT_TRUE(r->has_record);
  EXPECT_EQ(r->record.type, ContentType::handshake);
  d.stop_skipping_early_data();
  Bytes again;
  ASSERT_TRUE(early.write(ContentType::application_data, Bytes(5, 1), again).ok());
  d.append(again);
  auto r2 = d.next();  // now delivered to the engine, which rejects it by state
  ASSERT_TRUE(r2.ok());
  EXPECT_TRUE(r2->has_record);
}

}  // namespace
}  // namespace tlskit
