// Record protection state: nonce construction and AEAD usage limits.
#include "record/record_protection.h"

#include <cstring>
#include <limits>

namespace tlskit::record {

const char* nonce_mode_name(NonceMode m) {
  switch (m) {
    case NonceMode::tls13:
      return "tls13";
    case NonceMode::tls12_explicit:
      return "tls12_explicit";
    case NonceMode::tls12_xor:
      return "tls12_xor";
  }
  return "unknown";
}

uint64_t aead_record_limit(crypto::AeadAlg a) {
  switch (a) {
    case crypto::AeadAlg::aes_128_gcm:
    case crypto::AeadAlg::aes_256_gcm:
      // RFC 8446 §5.5: at most 2^24.5 full-size records per key (2^24 * sqrt(2)).
      return 23726566;
    case crypto::AeadAlg::aes_128_ccm:
    case crypto::AeadAlg::aes_128_ccm_8:
      // RFC 9147 §4.5.3 (confidentiality limit for AES-CCM): 2^23.5 records.
      return 11863283;
    case crypto::AeadAlg::chacha20_poly1305:
      // RFC 8446 §5.5: no practical limit; only the sequence number space.
      return std::numeric_limits<uint64_t>::max();
  }
  return 0;
}

Result<ProtectionKeys> ProtectionKeys::make(NonceMode mode, std::unique_ptr<crypto::Aead> aead,
                                            ByteView iv) {
  if (!aead)
    return make_error(ErrorCode::internal_error, Alert::internal_error, Party::us,
                      Step::record_layer, "record protection without an AEAD context");
  const size_t want = mode == NonceMode::tls12_explicit ? kImplicitSaltSize12 : kRecordNonceSize;
  if (iv.size() != want)
    return make_error(ErrorCode::internal_error, Alert::internal_error, Party::us,
                      Step::record_layer,
                      std::string("record protection (") + nonce_mode_name(mode) + ") needs a " +
                          std::to_string(want) + "-byte IV, got " + std::to_string(iv.size()));
  ProtectionKeys k;
  k.mode_ = mode;
  k.tag_size_ = crypto::aead_tag_size(aead->alg());
  k.aead_ = std::move(aead);
  std::memcpy(k.iv_.data(), iv.data(), iv.size());
  return k;
}

void ProtectionKeys::nonce(uint64_t seq, ByteView explicit_nonce,
                           std::span<uint8_t, kRecordNonceSize> nonce) const {
  if (mode_ == NonceMode::tls12_explicit) {
    // RFC 5288 §3: GCMNonce = salt (4, implicit) || nonce_explicit (8, on the wire).
    std::memcpy(nonce.data(), iv_.data(), kImplicitSaltSize12);
    std::memcpy(nonce.data() + kImplicitSaltSize12, explicit_nonce.data(), kExplicitNonceSize12);
    return;
  }
  // RFC 8446 §5.3 / RFC 7905 §2: the 64-bit sequence number, big-endian, left-padded to the IV
  // length, XORed with the IV.
  std::memcpy(nonce.data(), iv_.data(), kRecordNonceSize);
  for (size_t i = 0; i < 8; ++i)
    nonce[kRecordNonceSize - 1 - i] ^= static_cast<uint8_t>(seq >> (8 * i));
}

void tls12_aad(uint64_t seq, uint8_t type, uint16_t version, uint16_t length,
               std::span<uint8_t, 13> out) {
  for (size_t i = 0; i < 8; ++i) out[i] = static_cast<uint8_t>(seq >> (56 - 8 * i));
  out[8] = type;
  out[9] = static_cast<uint8_t>(version >> 8);
  out[10] = static_cast<uint8_t>(version);
  out[11] = static_cast<uint8_t>(length >> 8);
  out[12] = static_cast<uint8_t>(length);
}

}  // namespace tlskit::record
