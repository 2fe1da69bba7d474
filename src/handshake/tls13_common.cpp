// Tls13Common: suite, secrets, key logging and KeyUpdate (RFC 8446 §4.6.3, §5.5, §7).
#include "handshake/tls13_common.h"

#include <algorithm>

#include "handshake/traffic_keys.h"
#include "wire/handshake_header.h"
#include "wire/msg_key_update.h"

namespace tlskit::handshake {

Tls13Common::Tls13Common(EngineEnv env, bool is_server)
    : env_(std::move(env)), is_server_(is_server) {
  transcript_.emplace(env_.provider);
}

const crypto::SuiteInfo* first_tls13_suite(std::span<const CipherSuite> ours,
                                           std::span<const CipherSuite> offered) {
  for (CipherSuite s : ours) {
    const auto* info = crypto::find_suite(s);
    if (!info || info->version != ProtocolVersion::tls1_3) continue;
    if (std::find(offered.begin(), offered.end(), s) != offered.end()) return info;
  }
  return nullptr;
}

Result<void> Tls13Common::set_suite(CipherSuite s) {
  suite_ = crypto::find_suite(s);
  if (!suite_ || suite_->version != ProtocolVersion::tls1_3)
    return make_error(ErrorCode::internal_error, Alert::internal_error, Party::us, step(),
                      "suite " + cipher_suite_name(s) + " is not a TLS 1.3 suite");
  TK_TRY(transcript_->set_hash(suite_->hash));
  env_.channel.info().cipher_suite = s;
  env_.channel.info().version = ProtocolVersion::tls1_3;
  return ok();
}

Result<record::ProtectionKeys> Tls13Common::keys_for(ByteView secret) const {
  return tls13_protection(env_.provider, suite_->hash, suite_->aead, secret);
}

Result<void> Tls13Common::derive_early_secrets(crypto::HashAlg h, ByteView psk, ByteView ch_hash) {
  ks_.emplace(env_.provider, h);
  TK_TRY(ks_->init_early(psk));
  TK_ASSIGN(client_early_, ks_->client_early_traffic_secret(ch_hash));
  TK_ASSIGN(SecretBytes early_exporter, ks_->early_exporter_master_secret(ch_hash));
  env_.keylog.log(KeyLogLabel::client_early_traffic_secret, client_random_, client_early_);
  env_.keylog.log(KeyLogLabel::early_exporter_secret, client_random_, early_exporter);
  return ok();
}

Result<void> Tls13Common::derive_handshake_secrets(ByteView shared_secret, ByteView psk) {
  // The early secret of this PSK may be there already (0-RTT); otherwise start the chain.
  const bool have_early = ks_ && ks_->stage() == KeyStage::early && ks_->hash() == suite_->hash;
  if (!have_early || psk.empty()) {
    ks_.emplace(env_.provider, suite_->hash);
    if (!psk.empty()) TK_TRY(ks_->init_early(psk));
  }
  TK_TRY(ks_->enter_handshake(shared_secret));
  TK_ASSIGN(Digest h, transcript_->current());
  TK_ASSIGN(client_hs_, ks_->client_handshake_traffic_secret(h));
  TK_ASSIGN(server_hs_, ks_->server_handshake_traffic_secret(h));
  env_.keylog.log(KeyLogLabel::client_handshake_traffic_secret, client_random_, client_hs_);
  env_.keylog.log(KeyLogLabel::server_handshake_traffic_secret, client_random_, server_hs_);
  return ok();
}

Result<SecretBytes> Tls13Common::resumption_master_secret() const {
  TK_ASSIGN(Digest h, transcript_->current());
  return ks_->resumption_master_secret(h);
}

Result<void> Tls13Common::derive_application_secrets() {
  TK_TRY(ks_->enter_master());
  TK_ASSIGN(Digest h, transcript_->current());
  TK_ASSIGN(client_app_, ks_->client_application_traffic_secret_0(h));
  TK_ASSIGN(server_app_, ks_->server_application_traffic_secret_0(h));
  TK_ASSIGN(exporter_, ks_->exporter_master_secret(h));
  env_.keylog.log(KeyLogLabel::client_traffic_secret_0, client_random_, client_app_);
  env_.keylog.log(KeyLogLabel::server_traffic_secret_0, client_random_, server_app_);
  env_.keylog.log(KeyLogLabel::exporter_secret, client_random_, exporter_);
  return ok();
}

Result<void> Tls13Common::send_key_update(bool request_peer) {
  if (!handshake_complete() || !suite_)
    return make_error(ErrorCode::unexpected_message, Alert::none, Party::us, step(),
                      "a KeyUpdate can only be sent after the TLS 1.3 handshake completed");
  // RFC 8446 §4.6.3: send the KeyUpdate under the old key, then switch to
  // application_traffic_secret_N+1 = HKDF-Expand-Label(secret_N, "traffic upd", "", Hash.length).
  TK_ASSIGN(SecretBytes next, next_traffic_secret(env_.provider, suite_->hash, own_app_secret()));
  TK_ASSIGN(record::ProtectionKeys keys, keys_for(next));
  Bytes& buf = env_.channel.stage();
  const size_t start = buf.size();
  ByteWriter w(buf);
  write_key_update(KeyUpdate{request_peer ? KeyUpdateRequest::update_requested
                                          : KeyUpdateRequest::update_not_requested},
                   w);
  env_.channel.end_message(start, HandshakeType::key_update);
  env_.channel.stage_write_keys(std::move(keys));
  TK_TRY(env_.channel.commit());
  own_app_secret() = std::move(next);
  owe_key_update_ = false;
  env_.channel.info().key_updates_sent++;
  env_.channel.note_event(EventKind::key_update, Direction::sent);
  return ok();
}

Result<void> Tls13Common::on_change_cipher_spec() {
  if (++ccs_received_ > 1)
    return make_error(ErrorCode::unexpected_message, Alert::unexpected_message, Party::peer, step(),
                      "a second ChangeCipherSpec: TLS 1.3 peers send at most one compatibility "
                      "CCS (RFC 8446 §D.4)");
  return ok();
}

Result<void> Tls13Common::before_application_write() {
  // RFC 8446 §5.5: update keys before the AEAD usage limit (and at the configured count).
  if (owe_key_update_ || env_.channel.encoder().key_update_needed()) return send_key_update(false);
  return ok();
}

Result<void> Tls13Common::on_key_update(const record::HandshakeMessage& m) {
  TK_ASSIGN(KeyUpdate ku, parse_key_update(m.body()));
  if (++key_updates_in_a_row_ > kMaxKeyUpdatesWithoutData)
    return make_error(ErrorCode::limit_exceeded, Alert::unexpected_message, Party::peer,
                      Step::post_handshake,
                      "the peer sent more than " + std::to_string(kMaxKeyUpdatesWithoutData) +
                          " KeyUpdate messages without application data in between");
  TK_ASSIGN(SecretBytes next, next_traffic_secret(env_.provider, suite_->hash, peer_app_secret()));
  TK_ASSIGN(record::ProtectionKeys keys, keys_for(next));
  // RFC 8446 §4.6.3 / §5.1: the KeyUpdate must end its record (a key change follows).
  TK_TRY(env_.channel.set_read_keys(std::move(keys), Step::post_handshake));
  peer_app_secret() = std::move(next);
  env_.channel.info().key_updates_received++;
  env_.channel.note_event(EventKind::key_update, Direction::received);
  // After our close_notify nothing more is sent (RFC 8446 §6.1), not even the answer.
  if (ku.request_update == KeyUpdateRequest::update_requested && !env_.channel.write_closed()) {
    // RFC 8446 §4.6.3: answer with our own KeyUpdate (update_not_requested) before our next
    // application data. We answer at once; several requests in a row earn one answer each
    // only while none is pending.
    if (!owe_key_update_) {
      owe_key_update_ = true;
      TK_TRY(send_key_update(false));
    }
  }
  return ok();
}

Result<Bytes> Tls13Common::export_keying_material(std::string_view label, ByteView context,
                                                  size_t length) const {
  if (!handshake_complete() || exporter_.empty())
    return Engine::export_keying_material(label, context, length);
  // RFC 8446 §7.5: TLS-Exporter(label, context_value, key_length) over exporter_master_secret.
  return handshake::export_keying_material(env_.provider, suite_->hash, exporter_, label, context,
                                           length);
}

void Tls13Common::release_handshake_state() {
  transcript_.reset();
  ks_.reset();
  client_early_ = SecretBytes();
  client_hs_ = SecretBytes();
  server_hs_ = SecretBytes();
}

}  // namespace tlskit::handshake
