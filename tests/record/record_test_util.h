// Shared helpers for the record layer tests: fixed keys per AEAD and protection modes.
#pragma once
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "crypto/provider.h"
#include "record/record_decoder.h"
#include "record/record_encoder.h"
#include "record/record_protection.h"

namespace tlskit::testing {

// One protection configuration under test.
struct ModeCase {
  record::NonceMode mode;
  crypto::AeadAlg aead;
  std::string name;
};

inline std::vector<ModeCase> all_mode_cases() {
  using crypto::AeadAlg;
  using record::NonceMode;
  return {
      {NonceMode::tls13, AeadAlg::aes_128_gcm, "tls13_aes128gcm"},
      {NonceMode::tls13, AeadAlg::aes_256_gcm, "tls13_aes256gcm"},
      {NonceMode::tls13, AeadAlg::chacha20_poly1305, "tls13_chacha20"},
      {NonceMode::tls13, AeadAlg::aes_128_ccm, "tls13_aes128ccm"},
      {NonceMode::tls13, AeadAlg::aes_128_ccm_8, "tls13_aes128ccm8"},
      {NonceMode::tls12_explicit, AeadAlg::aes_128_gcm, "tls12_aes128gcm"},
      {NonceMode::tls12_explicit, AeadAlg::aes_256_gcm, "tls12_aes256gcm"},
      {NonceMode::tls12_xor, AeadAlg::chacha20_poly1305, "tls12_chacha20"},
  };
}

// Keys with a fixed key (seed, seed+1, ...) and IV/salt (0xa0, 0xa1, ...).
inline record::ProtectionKeys make_keys(const ModeCase& c, uint8_t seed = 1) {
  const auto& p = crypto::default_provider();
  Bytes key(crypto::aead_key_size(c.aead));
  for (size_t i = 0; i < key.size(); ++i) key[i] = static_cast<uint8_t>(seed + i);
  Bytes iv(c.mode == record::NonceMode::tls12_explicit ? 4 : 12);
  for (size_t i = 0; i < iv.size(); ++i) iv[i] = static_cast<uint8_t>(0xa0 + i + seed);
  auto aead = p.make_aead(c.aead, key);
  EXPECT_TRUE(aead.ok());
  auto k = record::ProtectionKeys::make(c.mode, std::move(*aead), iv);
  EXPECT_TRUE(k.ok());
  return std::move(*k);
}

inline record::RecordVersionRule rule_for(const ModeCase& c) {
  return c.mode == record::NonceMode::tls13 ? record::RecordVersionRule::tls13
                                            : record::RecordVersionRule::tls12;
}

inline Bytes pattern(size_t n, uint8_t salt = 0) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(i * 7 + salt + 1);
  return b;
}

// Decodes everything in the decoder; returns records' (type, fragment) or the first error.
struct Decoded {
  std::vector<std::pair<ContentType, Bytes>> records;
  bool failed = false;
  Error error;
  size_t need = 0;
};

inline Decoded drain(record::RecordDecoder& d) {
  Decoded out;
  for (int i = 0; i < 100000; ++i) {
    auto r = d.next();
    if (!r.ok()) {
      out.failed = true;
      out.error = r.error();
      return out;
    }
    if (!r->has_record) {
      out.need = r->need_bytes;
      return out;
    }
    out.records.emplace_back(r->record.type,
                             Bytes(r->record.fragment.begin(), r->record.fragment.end()));
  }
  ADD_FAILURE() << "drain did not terminate";
  return out;
}

}  // namespace tlskit::testing
