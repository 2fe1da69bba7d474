// Traffic key/IV derivation (RFC 8446 §7.3) and record protection construction.
#include "handshake/traffic_keys.h"

#include "handshake/key_schedule_tls13.h"
#include "record/record_limits.h"

namespace tlskit::handshake {

Result<TrafficKeys> derive_traffic_keys(const crypto::Provider& p, crypto::HashAlg h,
                                        crypto::AeadAlg aead, ByteView traffic_secret) {
  TrafficKeys k;
  TK_ASSIGN(k.key, hkdf_expand_label(p, h, traffic_secret, "key", {}, crypto::aead_key_size(aead)));
  TK_ASSIGN(k.iv, hkdf_expand_label(p, h, traffic_secret, "iv", {}, record::kRecordNonceSize));
  return k;
}

Result<record::ProtectionKeys> tls13_protection(const crypto::Provider& p, crypto::HashAlg h,
                                                crypto::AeadAlg aead, ByteView traffic_secret) {
  TK_ASSIGN(TrafficKeys k, derive_traffic_keys(p, h, aead, traffic_secret));
  TK_ASSIGN(std::unique_ptr<crypto::Aead> ctx, p.make_aead(aead, k.key));
  return record::ProtectionKeys::make(record::NonceMode::tls13, std::move(ctx), k.iv);
}

Result<record::ProtectionKeys> tls12_protection(const crypto::Provider& p, crypto::AeadAlg aead,
                                                bool xor_nonce, ByteView write_key,
                                                ByteView write_iv) {
  if (write_key.size() != crypto::aead_key_size(aead))
    return make_error(ErrorCode::internal_error, Alert::internal_error, Party::us, Step::none,
                      std::string("TLS 1.2 ") + crypto::aead_name(aead) + " key of " +
                          std::to_string(write_key.size()) + " bytes");
  TK_ASSIGN(std::unique_ptr<crypto::Aead> ctx, p.make_aead(aead, write_key));
  return record::ProtectionKeys::make(
      xor_nonce ? record::NonceMode::tls12_xor : record::NonceMode::tls12_explicit, std::move(ctx),
      write_iv);
}

}  // namespace tlskit::handshake
