// Per-direction record protection state: an AEAD context, its IV/salt, the nonce rule, the
// sequence number and the AEAD usage limits (RFC 8446 §5.3, §5.5; RFC 5288; RFC 7905).
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "base/bytes.h"
#include "base/result.h"
#include "crypto/provider.h"
#include "record/record_limits.h"

namespace tlskit::record {

// How the per-record nonce is built and what the AAD is.
enum class NonceMode : uint8_t {
  // TLS 1.3: nonce = iv XOR seq (left-padded), AAD = the 5-byte record header (RFC 8446 §5.2-5.3).
  tls13,
  // TLS 1.2 AES-GCM/CCM: nonce = 4-byte salt || 8-byte explicit nonce sent after the header;
  // AAD = seq || type || version || plaintext length (RFC 5288 §3, RFC 5246 §6.2.3.3).
  tls12_explicit,
  // TLS 1.2 ChaCha20-Poly1305: nonce = 12-byte iv XOR seq, nothing explicit on the wire;
  // AAD as for tls12_explicit (RFC 7905 §2).
  tls12_xor,
};

// Returns "tls13", "tls12_explicit" or "tls12_xor".
const char* nonce_mode_name(NonceMode m);

// Records one key may protect before we must stop (confidentiality limits):
// AES-GCM 2^24.5 full-size records (RFC 8446 §5.5); AES-CCM / CCM_8 2^23.5
// (RFC 9147 §4.5.3, draft-irtf-cfrg-aead-limits); ChaCha20-Poly1305: only the 2^64 sequence
// number space (RFC 8446 §5.5 note; limit far above any practical use).
uint64_t aead_record_limit(crypto::AeadAlg a);

// Records before the hard limit at which "key update needed" is raised at the latest, so the
// engine still has room to send its KeyUpdate under the old key.
inline constexpr uint64_t kKeyUpdateMargin = 4096;

// Keys of one direction: the AEAD context and the IV (TLS 1.3, TLS 1.2 ChaCha20: 12 bytes) or
// salt (TLS 1.2 GCM/CCM: 4 bytes). Move-only; the IV is zeroed on destruction.
class ProtectionKeys {
 public:
  ProtectionKeys() = default;
  ProtectionKeys(ProtectionKeys&&) noexcept = default;
  ProtectionKeys& operator=(ProtectionKeys&&) noexcept = default;
  ~ProtectionKeys() { secure_zero(iv_.data(), iv_.size()); }

  // Builds the keys. iv must be 12 bytes for tls13 / tls12_xor and 4 bytes for
  // tls12_explicit; aead must be non-null. Errors: internal_error (wrong sizes, null).
  static Result<ProtectionKeys> make(NonceMode mode, std::unique_ptr<crypto::Aead> aead,
                                     ByteView iv);

  NonceMode mode() const { return mode_; }
  crypto::AeadAlg alg() const { return aead_->alg(); }
  crypto::Aead& aead() { return *aead_; }
  bool valid() const { return aead_ != nullptr; }
  // Tag bytes appended to each record.
  size_t tag_size() const { return tag_size_; }
  // Writes the 12-byte nonce for sequence number seq into nonce. For tls12_explicit,
  // explicit is the 8 bytes carried on the wire; it is ignored for the other modes.
  void nonce(uint64_t seq, ByteView explicit_nonce,
             std::span<uint8_t, kRecordNonceSize> nonce) const;

 private:
  NonceMode mode_ = NonceMode::tls13;
  std::unique_ptr<crypto::Aead> aead_;
  std::array<uint8_t, kRecordNonceSize> iv_{};
  size_t tag_size_ = 0;
};

// Writes the TLS 1.2 AEAD additional data: seq_num(8) || type(1) || version(2) || length(2)
// (RFC 5246 §6.2.3.3), length being the plaintext length.
void tls12_aad(uint64_t seq, uint8_t type, uint16_t version, uint16_t length,
               std::span<uint8_t, 13> out);

}  // namespace tlskit::record
