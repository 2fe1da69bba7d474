// The TLS 1.3 key schedule (RFC 8446 §7.1) and the values derived from it.
#include "handshake/key_schedule_tls13.h"

#include <array>
#include <string>

namespace tlskit::handshake {
namespace {

Error ks_error(std::string detail) {
  return make_error(ErrorCode::internal_error, Alert::internal_error, Party::us, Step::none,
                    std::move(detail));
}

constexpr std::string_view kLabelPrefix = "tls13 ";

const char* stage_name(KeyStage s) {
  switch (s) {
    case KeyStage::none:
      return "none";
    case KeyStage::early:
      return "early";
    case KeyStage::handshake:
      return "handshake";
    case KeyStage::master:
      return "master";
  }
  return "?";
}

}  // namespace

Result<void> hkdf_expand_label(const crypto::Provider& p, crypto::HashAlg h, ByteView secret,
                               std::string_view label, ByteView context, MutableByteView out) {
  if (label.size() > kMaxHkdfLabel)
    return ks_error("HKDF-Expand-Label label of " + std::to_string(label.size()) + " bytes");
  if (context.size() > kMaxHkdfContext)
    return ks_error("HKDF-Expand-Label context of " + std::to_string(context.size()) + " bytes");
  if (out.size() > 0xffff)
    return ks_error("HKDF-Expand-Label length of " + std::to_string(out.size()) + " bytes");
  // struct { uint16 length; opaque label<7..255> = "tls13 " + Label; opaque context<0..255>; }
  std::array<uint8_t, 2 + 1 + 255 + 1 + 255> info;
  size_t n = 0;
  info[n++] = static_cast<uint8_t>(out.size() >> 8);
  info[n++] = static_cast<uint8_t>(out.size());
  info[n++] = static_cast<uint8_t>(kLabelPrefix.size() + label.size());
  for (char c : kLabelPrefix) info[n++] = static_cast<uint8_t>(c);
  for (char c : label) info[n++] = static_cast<uint8_t>(c);
  info[n++] = static_cast<uint8_t>(context.size());
  for (uint8_t c : context) info[n++] = c;
  return p.hkdf_expand(h, secret, ByteView(info.data(), n), out);
}

Result<SecretBytes> hkdf_expand_label(const crypto::Provider& p, crypto::HashAlg h, ByteView secret,
                                      std::string_view label, ByteView context, size_t length) {
  SecretBytes out(length);
  TK_TRY(hkdf_expand_label(p, h, secret, label, context, out.mutable_view()));
  return out;
}

Result<SecretBytes> derive_secret(const crypto::Provider& p, crypto::HashAlg h, ByteView secret,
                                  std::string_view label, ByteView transcript_hash) {
  if (transcript_hash.size() != crypto::hash_size(h))
    return ks_error("Derive-Secret(\"" + std::string(label) + "\") given a " +
                    std::to_string(transcript_hash.size()) + "-byte transcript hash for " +
                    crypto::hash_name(h));
  return hkdf_expand_label(p, h, secret, label, transcript_hash, crypto::hash_size(h));
}

KeySchedule13::KeySchedule13(const crypto::Provider& p, crypto::HashAlg h)
    : p_(p), hash_(h), hash_len_(crypto::hash_size(h)) {}

Result<SecretBytes> KeySchedule13::derive_in(KeyStage need, std::string_view label,
                                             ByteView hash) const {
  if (stage_ != need)
    return ks_error("key schedule: \"" + std::string(label) + "\" needs the " + stage_name(need) +
                    " secret but the schedule is at " + stage_name(stage_));
  return derive_secret(p_, hash_, secret_, label, hash);
}

Result<void> KeySchedule13::init_early(ByteView psk) {
  if (stage_ != KeyStage::none) return ks_error("key schedule: early secret set twice");
  std::array<uint8_t, crypto::kMaxHashSize> zeros{};
  const ByteView zero_view(zeros.data(), hash_len_);
  secret_ = SecretBytes(hash_len_);
  // RFC 8446 §7.1: Early Secret = HKDF-Extract(salt = 0, IKM = PSK or HashLen zeros).
  p_.hkdf_extract(hash_, zero_view, psk.empty() ? zero_view : psk, secret_.mutable_view());
  stage_ = KeyStage::early;
  return ok();
}

Result<SecretBytes> KeySchedule13::binder_key(bool external_psk) const {
  std::array<uint8_t, crypto::kMaxHashSize> empty_hash;
  p_.hash(hash_, {}, MutableByteView(empty_hash.data(), hash_len_));
  return derive_in(KeyStage::early, external_psk ? "ext binder" : "res binder",
                   ByteView(empty_hash.data(), hash_len_));
}

Result<SecretBytes> KeySchedule13::client_early_traffic_secret(ByteView ch_hash) const {
  return derive_in(KeyStage::early, "c e traffic", ch_hash);
}

Result<SecretBytes> KeySchedule13::early_exporter_master_secret(ByteView ch_hash) const {
  return derive_in(KeyStage::early, "e exp master", ch_hash);
}

Result<void> KeySchedule13::enter_handshake(ByteView shared_secret) {
  if (stage_ == KeyStage::none) TK_TRY(init_early({}));
  if (stage_ != KeyStage::early)
    return ks_error(std::string("key schedule: handshake secret at stage ") + stage_name(stage_));
  std::array<uint8_t, crypto::kMaxHashSize> empty_hash;
  p_.hash(hash_, {}, MutableByteView(empty_hash.data(), hash_len_));
  TK_ASSIGN(SecretBytes derived,
            derive_secret(p_, hash_, secret_, "derived", ByteView(empty_hash.data(), hash_len_)));
  std::array<uint8_t, crypto::kMaxHashSize> zeros{};
  SecretBytes next(hash_len_);
  // RFC 8446 §7.1: Handshake Secret = HKDF-Extract(Derive-Secret(Early, "derived", ""),
  // (EC)DHE), the (EC)DHE input being HashLen zeros when there is none (psk_ke).
  p_.hkdf_extract(hash_, derived,
                  shared_secret.empty() ? ByteView(zeros.data(), hash_len_) : shared_secret,
                  next.mutable_view());
  secret_ = std::move(next);
  stage_ = KeyStage::handshake;
  return ok();
}

Result<SecretBytes> KeySchedule13::client_handshake_traffic_secret(ByteView h) const {
  return derive_in(KeyStage::handshake, "c hs traffic", h);
}

Result<SecretBytes> KeySchedule13::server_handshake_traffic_secret(ByteView h) const {
  return derive_in(KeyStage::handshake, "s hs traffic", h);
}

Result<void> KeySchedule13::enter_master() {
  if (stage_ != KeyStage::handshake)
    return ks_error(std::string("key schedule: master secret at stage ") + stage_name(stage_));
  std::array<uint8_t, crypto::kMaxHashSize> empty_hash;
  p_.hash(hash_, {}, MutableByteView(empty_hash.data(), hash_len_));
  TK_ASSIGN(SecretBytes derived,
            derive_secret(p_, hash_, secret_, "derived", ByteView(empty_hash.data(), hash_len_)));
  std::array<uint8_t, crypto::kMaxHashSize> zeros{};
  SecretBytes next(hash_len_);
  // RFC 8446 §7.1: Master Secret = HKDF-Extract(Derive-Secret(HS, "derived", ""), 0).
  p_.hkdf_extract(hash_, derived, ByteView(zeros.data(), hash_len_), next.mutable_view());
  secret_ = std::move(next);
  stage_ = KeyStage::master;
  return ok();
}

Result<SecretBytes> KeySchedule13::client_application_traffic_secret_0(ByteView h) const {
  return derive_in(KeyStage::master, "c ap traffic", h);
}

Result<SecretBytes> KeySchedule13::server_application_traffic_secret_0(ByteView h) const {
  return derive_in(KeyStage::master, "s ap traffic", h);
}

Result<SecretBytes> KeySchedule13::exporter_master_secret(ByteView h) const {
  return derive_in(KeyStage::master, "exp master", h);
}

Result<SecretBytes> KeySchedule13::resumption_master_secret(ByteView h) const {
  return derive_in(KeyStage::master, "res master", h);
}

Result<SecretBytes> resumption_psk(const crypto::Provider& p, crypto::HashAlg h,
                                   ByteView resumption_master_secret, ByteView ticket_nonce) {
  // RFC 8446 §4.6.1.
  return hkdf_expand_label(p, h, resumption_master_secret, "resumption", ticket_nonce,
                           crypto::hash_size(h));
}

Result<SecretBytes> next_traffic_secret(const crypto::Provider& p, crypto::HashAlg h,
                                        ByteView traffic_secret) {
  // RFC 8446 §7.2.
  return hkdf_expand_label(p, h, traffic_secret, "traffic upd", {}, crypto::hash_size(h));
}

Result<SecretBytes> finished_key(const crypto::Provider& p, crypto::HashAlg h, ByteView base_key) {
  // RFC 8446 §4.4.4.
  return hkdf_expand_label(p, h, base_key, "finished", {}, crypto::hash_size(h));
}

Result<Bytes> finished_verify_data(const crypto::Provider& p, crypto::HashAlg h, ByteView base_key,
                                   ByteView transcript_hash) {
  if (transcript_hash.size() != crypto::hash_size(h))
    return ks_error("Finished over a " + std::to_string(transcript_hash.size()) +
                    "-byte transcript hash for " + crypto::hash_name(h));
  TK_ASSIGN(SecretBytes key, finished_key(p, h, base_key));
  // RFC 8446 §4.4.4: verify_data = HMAC(finished_key, Transcript-Hash(...)).
  Bytes out(crypto::hash_size(h));
  p.hmac(h, key, transcript_hash, out);
  return out;
}

Result<void> check_finished(const crypto::Provider& p, crypto::HashAlg h, ByteView base_key,
                            ByteView transcript_hash, ByteView received) {
  TK_ASSIGN(Bytes expected, finished_verify_data(p, h, base_key, transcript_hash));
  // RFC 8446 §4.4.4: recipients MUST verify the Finished value and abort with decrypt_error.
  // Compared in constant time.
  if (!constant_time_equal(expected, received))
    return make_error(ErrorCode::bad_finished, Alert::decrypt_error, Party::peer, Step::none,
                      received.size() != expected.size()
                          ? "Finished verify_data has " + std::to_string(received.size()) +
                                " bytes, expected " + std::to_string(expected.size())
                          : std::string("Finished verify_data does not match our transcript and "
                                        "keys (different handshake view or keys)"));
  return ok();
}

Result<Bytes> export_keying_material(const crypto::Provider& p, crypto::HashAlg h,
                                     ByteView exporter_secret, std::string_view label,
                                     ByteView context, size_t length) {
  if (label.size() > kMaxHkdfLabel)
    return ks_error("exporter label of " + std::to_string(label.size()) + " bytes (max " +
                    std::to_string(kMaxHkdfLabel) + ")");
  if (length > 255 * crypto::hash_size(h))
    return ks_error("exporter length " + std::to_string(length) + " is over 255 * HashLen");
  std::array<uint8_t, crypto::kMaxHashSize> empty_hash, context_hash;
  const size_t hl = crypto::hash_size(h);
  p.hash(h, {}, MutableByteView(empty_hash.data(), hl));
  p.hash(h, context, MutableByteView(context_hash.data(), hl));
  // RFC 8446 §7.5.
  TK_ASSIGN(SecretBytes secret,
            derive_secret(p, h, exporter_secret, label, ByteView(empty_hash.data(), hl)));
  Bytes out(length);
  TK_TRY(hkdf_expand_label(p, h, secret, "exporter", ByteView(context_hash.data(), hl), out));
  return out;
}

}  // namespace tlskit::handshake
