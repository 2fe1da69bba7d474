// The TLS 1.3 key schedule (RFC 8446 §7.1), HKDF-Expand-Label, Derive-Secret, resumption PSK
// (§4.6.1), traffic secret update (§7.2), Finished (§4.4.4) and exporters (§7.5).
// Every function computes over a crypto::Provider; secrets are SecretBytes.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "base/bytes.h"
#include "base/result.h"
#include "crypto/provider.h"

namespace tlskit::handshake {

// Largest label after the "tls13 " prefix (opaque label<7..255>, RFC 8446 §7.1).
inline constexpr size_t kMaxHkdfLabel = 255 - 6;
// Largest context (opaque context<0..255>).
inline constexpr size_t kMaxHkdfContext = 255;

// HKDF-Expand-Label(Secret, Label, Context, Length) (RFC 8446 §7.1): fills out with
// HKDF-Expand(secret, HkdfLabel{out.size(), "tls13 " + label, context}). label is given
// without the "tls13 " prefix. Errors: internal_error (label/context/length too long),
// crypto_failure.
Result<void> hkdf_expand_label(const crypto::Provider& p, crypto::HashAlg h, ByteView secret,
                               std::string_view label, ByteView context, MutableByteView out);
// Same, returning length new secret bytes.
Result<SecretBytes> hkdf_expand_label(const crypto::Provider& p, crypto::HashAlg h, ByteView secret,
                                      std::string_view label, ByteView context, size_t length);
// Derive-Secret(Secret, Label, Messages) (RFC 8446 §7.1), given Transcript-Hash(Messages)
// (which must be hash_size(h) bytes; internal_error otherwise). Returns Hash.length bytes.
Result<SecretBytes> derive_secret(const crypto::Provider& p, crypto::HashAlg h, ByteView secret,
                                  std::string_view label, ByteView transcript_hash);

// Where a KeySchedule13 stands.
enum class KeyStage : uint8_t { none, early, handshake, master };

// The secret chain Early Secret -> Handshake Secret -> Master Secret, with the secrets derived
// from each stage. Call in order: init_early, (early secrets), enter_handshake, (handshake
// secrets), enter_master, (application secrets). A call out of order returns internal_error.
// Transcript hashes are Hash.length bytes, computed by the caller (handshake/transcript.h).
class KeySchedule13 {
 public:
  KeySchedule13(const crypto::Provider& p, crypto::HashAlg h);

  crypto::HashAlg hash() const { return hash_; }
  size_t hash_len() const { return hash_len_; }
  KeyStage stage() const { return stage_; }
  // The current stage's secret (Early, Handshake or Master Secret).
  const SecretBytes& current_secret() const { return secret_; }

  // Early Secret = HKDF-Extract(0, PSK), or HKDF-Extract(0, zeros) when psk is empty.
  Result<void> init_early(ByteView psk);
  // binder_key = Derive-Secret(Early, "ext binder" | "res binder", "") (§7.1, §4.2.11.2).
  Result<SecretBytes> binder_key(bool external_psk) const;
  // client_early_traffic_secret = Derive-Secret(Early, "c e traffic", ClientHello).
  Result<SecretBytes> client_early_traffic_secret(ByteView ch_hash) const;
  // early_exporter_master_secret = Derive-Secret(Early, "e exp master", ClientHello).
  Result<SecretBytes> early_exporter_master_secret(ByteView ch_hash) const;

  // Handshake Secret = HKDF-Extract(Derive-Secret(Early, "derived", ""), (EC)DHE); empty
  // shared_secret means psk_ke (no (EC)DHE: zeros). Calls init_early({}) first if needed.
  Result<void> enter_handshake(ByteView shared_secret);
  // client_handshake_traffic_secret = Derive-Secret(HS, "c hs traffic", CH..SH).
  Result<SecretBytes> client_handshake_traffic_secret(ByteView ch_sh_hash) const;
  // server_handshake_traffic_secret = Derive-Secret(HS, "s hs traffic", CH..SH).
  Result<SecretBytes> server_handshake_traffic_secret(ByteView ch_sh_hash) const;

  // Master Secret = HKDF-Extract(Derive-Secret(HS, "derived", ""), zeros).
  Result<void> enter_master();
  // client_application_traffic_secret_0 = Derive-Secret(MS, "c ap traffic", CH..server Finished).
  Result<SecretBytes> client_application_traffic_secret_0(ByteView ch_sf_hash) const;
  // server_application_traffic_secret_0 = Derive-Secret(MS, "s ap traffic", CH..server Finished).
  Result<SecretBytes> server_application_traffic_secret_0(ByteView ch_sf_hash) const;
  // exporter_master_secret = Derive-Secret(MS, "exp master", CH..server Finished).
  Result<SecretBytes> exporter_master_secret(ByteView ch_sf_hash) const;
  // resumption_master_secret = Derive-Secret(MS, "res master", CH..client Finished).
  Result<SecretBytes> resumption_master_secret(ByteView ch_cf_hash) const;

 private:
  Result<SecretBytes> derive_in(KeyStage need, std::string_view label, ByteView hash) const;

  const crypto::Provider& p_;
  crypto::HashAlg hash_;
  size_t hash_len_;
  KeyStage stage_ = KeyStage::none;
  SecretBytes secret_;
};

// The PSK of a ticket: HKDF-Expand-Label(resumption_master_secret, "resumption",
// ticket_nonce, Hash.length) (RFC 8446 §4.6.1).
Result<SecretBytes> resumption_psk(const crypto::Provider& p, crypto::HashAlg h,
                                   ByteView resumption_master_secret, ByteView ticket_nonce);

// application_traffic_secret_N+1 = HKDF-Expand-Label(secret_N, "traffic upd", "", Hash.length)
// (RFC 8446 §7.2).
Result<SecretBytes> next_traffic_secret(const crypto::Provider& p, crypto::HashAlg h,
                                        ByteView traffic_secret);

// finished_key = HKDF-Expand-Label(BaseKey, "finished", "", Hash.length) (RFC 8446 §4.4.4).
Result<SecretBytes> finished_key(const crypto::Provider& p, crypto::HashAlg h, ByteView base_key);

// verify_data = HMAC(finished_key(base_key), transcript_hash) (RFC 8446 §4.4.4); also the PSK
// binder value with base_key = binder_key (§4.2.11.2). Returns Hash.length bytes.
Result<Bytes> finished_verify_data(const crypto::Provider& p, crypto::HashAlg h, ByteView base_key,
                                   ByteView transcript_hash);

// Recomputes verify_data and compares it with received in constant time.
// Errors: bad_finished (alert decrypt_error, RFC 8446 §4.4.4) on mismatch or wrong length;
// the caller may rewrite step/detail (e.g. for a PSK binder).
Result<void> check_finished(const crypto::Provider& p, crypto::HashAlg h, ByteView base_key,
                            ByteView transcript_hash, ByteView received);

// TLS-Exporter(label, context_value, key_length) =
//   HKDF-Expand-Label(Derive-Secret(Secret, label, ""), "exporter", Hash(context_value), length)
// (RFC 8446 §7.5), with Secret the (early_)exporter_master_secret. label is the full exporter
// label (no "tls13 " prefix is added by the caller). An absent context is the same as an
// empty one in TLS 1.3. Errors: internal_error (label over kMaxHkdfLabel, length too large).
Result<Bytes> export_keying_material(const crypto::Provider& p, crypto::HashAlg h,
                                     ByteView exporter_secret, std::string_view label,
                                     ByteView context, size_t length);

}  // namespace tlskit::handshake
