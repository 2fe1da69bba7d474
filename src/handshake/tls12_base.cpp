// Tls12Base: TLS 1.2 secrets, keys, Finished, CCS and post-handshake refusal.
#include "handshake/tls12_base.h"

#include <algorithm>

#include "handshake/tls12_common.h"
#include "handshake/traffic_keys.h"
#include "wire/handshake_header.h"
#include "wire/msg_finished.h"

namespace tlskit::handshake {

Tls12Options tls12_options(const Config& config, bool is_server) {
  Tls12Options o;
  // RFC 7627 §5.3: a server may serve clients without EMS as long as it never resumes such a
  // session; a client keeps requiring it unless told otherwise.
  o.require_extended_master_secret = config.require_extended_master_secret.value_or(!is_server);
  o.session_lifetime = std::min(config.session_lifetime, session::kMaxSessionLifetime);
  o.ticket_keys = config.ticket_keys;
  o.session_store = config.session_cache;
  if (config.resume_session) o.resume = session::client_session_of(*config.resume_session);
  return o;
}

bool reserved_exporter_label(std::string_view label) {
  return label == "client finished" || label == "server finished" || label == "master secret" ||
         label == "key expansion" || label == "extended master secret";
}

Tls12Base::Tls12Base(EngineEnv env, Tls12Options options, bool is_server)
    : env_(std::move(env)), options_(std::move(options)), is_server_(is_server) {
  transcript_.emplace(env_.provider);
}

Result<void> Tls12Base::send_key_update(bool) {
  return make_error(ErrorCode::unexpected_message, Alert::none, Party::us, step(),
                    "KeyUpdate exists only in TLS 1.3; this connection uses TLS 1.2");
}

Result<Bytes> Tls12Base::export_keying_material(std::string_view label, ByteView context,
                                                size_t length) const {
  if (!complete_ || master_.empty()) return Engine::export_keying_material(label, context, length);
  if (reserved_exporter_label(label) || length > 0xFFFF || context.size() > 0xFFFF)
    return make_error(ErrorCode::internal_error, Alert::none, Party::us, Step::post_handshake,
                      "exporter label '" + std::string(label) +
                          "' is reserved by TLS 1.2 (RFC 5705 §4) or the length is too large");
  // RFC 5705 §4: seed = client_random + server_random [+ context_value_length + context_value].
  Bytes seed(client_random_.begin(), client_random_.end());
  seed.insert(seed.end(), server_random_.begin(), server_random_.end());
  if (!context.empty()) {
    seed.push_back(static_cast<uint8_t>(context.size() >> 8));
    seed.push_back(static_cast<uint8_t>(context.size()));
    seed.insert(seed.end(), context.begin(), context.end());
  }
  Bytes out(length);
  TK_TRY(prf_tls12(env_.provider, suite_->hash, master_, label, seed, out));
  return out;
}

Result<void> Tls12Base::set_suite(const crypto::SuiteInfo& suite) {
  if (suite.version != ProtocolVersion::tls1_2)
    return make_error(ErrorCode::internal_error, Alert::internal_error, Party::us, step(),
                      "suite " + cipher_suite_name(suite.suite) + " is not a TLS 1.2 suite");
  suite_ = &suite;
  TK_TRY(transcript_->set_hash(suite.hash));
  auto& info = env_.channel.info();
  info.version = ProtocolVersion::tls1_2;
  info.cipher_suite = suite.suite;
  return ok();
}

Result<void> Tls12Base::derive_master_secret(ByteView pre_master_secret, bool ems) {
  if (ems) {
    // RFC 7627 §4: session_hash = Hash(handshake messages through ClientKeyExchange).
    TK_ASSIGN(Digest session_hash, transcript_->current());
    TK_ASSIGN(master_, extended_master_secret(env_.provider, suite_->hash, pre_master_secret,
                                              session_hash));
  } else {
    TK_ASSIGN(master_, legacy_master_secret(env_.provider, suite_->hash, pre_master_secret,
                                            client_random_, server_random_));
  }
  ems_ = ems;
  env_.channel.info().extended_master_secret = ems;
  env_.keylog.log(KeyLogLabel::client_random, client_random_, master_);
  return ok();
}

void Tls12Base::use_master_secret(const SecretBytes& master) {
  master_ = master;
  env_.keylog.log(KeyLogLabel::client_random, client_random_, master_);
}

Result<void> Tls12Base::derive_keys() {
  TK_ASSIGN(KeyBlock12 kb, key_block_tls12(env_.provider, suite_->hash, suite_->aead,
                                           suite_->tls12_xor_nonce, master_, client_random_,
                                           server_random_));
  key_block_ = std::move(kb);
  return ok();
}

Result<void> Tls12Base::stage_ccs_and_finished() {
  const KeyBlock12& kb = *key_block_;
  TK_ASSIGN(record::ProtectionKeys keys,
            tls12_protection(env_.provider, suite_->aead, suite_->tls12_xor_nonce,
                             is_server_ ? kb.server_write_key : kb.client_write_key,
                             is_server_ ? kb.server_write_iv : kb.client_write_iv));
  TK_ASSIGN(Digest h, transcript_->current());
  TK_ASSIGN(auto vd, finished_verify_data_tls12(env_.provider, suite_->hash, master_,
                                                !is_server_, h));
  // RFC 5246 §7.1: ChangeCipherSpec, then everything after it under the new write keys.
  env_.channel.stage_ccs();
  env_.channel.stage_write_keys(std::move(keys));
  stage_message(HandshakeType::finished,
                [&](ByteWriter& w) { write_finished(Finished{ByteView(vd.data(), vd.size())}, w); });
  return ok();
}

Result<void> Tls12Base::install_peer_keys() {
  if (!key_block_)
    return make_error(ErrorCode::internal_error, Alert::internal_error, Party::us,
                      Step::change_cipher_spec, "ChangeCipherSpec before the keys were derived");
  const KeyBlock12& kb = *key_block_;
  TK_ASSIGN(record::ProtectionKeys keys,
            tls12_protection(env_.provider, suite_->aead, suite_->tls12_xor_nonce,
                             is_server_ ? kb.client_write_key : kb.server_write_key,
                             is_server_ ? kb.client_write_iv : kb.server_write_iv));
  // RFC 5246 §7.1 / §6.2.1: the CCS must not split a handshake message (the channel refuses
  // a key change with a partial message buffered).
  return env_.channel.set_read_keys(std::move(keys), Step::change_cipher_spec);
}

Result<FinishedVerified> Tls12Base::check_peer_finished(const record::HandshakeMessage& m) {
  const Step step = is_server_ ? Step::client_finished : Step::server_finished;
  TK_ASSIGN(Finished f, parse_finished(m.body(), kVerifyDataSize12, step));
  TK_ASSIGN(Digest h, transcript_->current());
  auto r = check_finished_tls12(env_.provider, suite_->hash, master_, is_server_, h, f.verify_data);
  if (!r) {
    Error e = std::move(r).error();
    e.party = Party::peer;
    e.step = step;
    e.detail = std::string("the ") + (is_server_ ? "client" : "server") +
               "'s Finished does not match our handshake transcript: the two sides saw "
               "different handshake messages or computed different keys (" + e.detail + ")";
    return e;
  }
  transcript_->add(m.bytes);
  return *r;
}

Result<void> Tls12Base::on_post_handshake(const record::HandshakeMessage& m) {
  TK_ASSIGN(PostHandshake12 action, tls12_post_handshake(is_server_, m.type, renegotiations_refused_));
  switch (action) {
    case PostHandshake12::refuse_renegotiation:
      ++renegotiations_refused_;
      // RFC 5246 §7.2.2: no_renegotiation is a warning; the peer may go on with the current
      // keys or close. RFC 5746 §4.2 / §4.4: we never renegotiate.
      return env_.channel.send_alert(Alert::no_renegotiation);
  }
  return ok();
}

void Tls12Base::finish_handshake() {
  complete_ = true;
  key_block_.reset();
  transcript_.reset();
  env_.channel.note_event(EventKind::handshake_complete, Direction::received);
}

session::SessionState Tls12Base::make_session_state() const {
  session::SessionState s;
  s.version = ProtocolVersion::tls1_2;
  s.suite = suite_->suite;
  s.secret = master_;
  s.extended_master_secret = ems_;
  s.peer_verified = peer_verified_;
  s.created = session_created_ ? session_created_ : now();
  s.lifetime = std::min(options_.session_lifetime, session::kMaxSessionLifetime);
  const auto& info = env_.channel.info();
  s.server_name = info.server_name.size() <= session::kMaxSessionServerName ? info.server_name : "";
  s.alpn = info.alpn;
  if (peer_chain_.size() <= session::kMaxPeerChainCerts) {
    bool fits = true;
    for (const auto& c : peer_chain_) fits = fits && c.size() <= session::kMaxPeerCertSize;
    if (fits) s.peer_chain = peer_chain_;
  }
  return s;
}

}  // namespace tlskit::handshake
