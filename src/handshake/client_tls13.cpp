// The TLS 1.3 client states (RFC 8446 §4): ClientHello, HelloRetryRequest, ServerHello,
// EncryptedExtensions, CertificateRequest, Certificate, CertificateVerify, Finished, and the
// client's second flight.
#include "handshake/client_tls13.h"

#include <algorithm>

#include "handshake/alpn.h"
#include "handshake/cert_compression.h"
#include "handshake/certificate_selection.h"
#include "handshake/client_tls12.h"
#include "handshake/signature_selection.h"
#include "handshake/spki_extract.h"
#include "handshake/record_size_limit.h"
#include "handshake/traffic_keys.h"
#include "wire/ext_alpn.h"
#include "wire/ext_cookie.h"
#include "wire/ext_early_data.h"
#include "wire/ext_key_share.h"
#include "wire/ext_signature_algorithms.h"
#include "wire/ext_status_request.h"
#include "wire/extension_rules.h"
#include "wire/handshake_header.h"
#include "wire/msg_certificate.h"
#include "wire/msg_certificate_request.h"
#include "wire/msg_certificate_status.h"
#include "wire/msg_certificate_verify.h"
#include "wire/msg_encrypted_extensions.h"
#include "wire/msg_end_of_early_data.h"
#include "wire/msg_new_session_ticket.h"
#include "wire/msg_server_hello.h"

namespace tlskit::handshake {
namespace {

Error illegal(Step step, std::string detail) {
  return make_error(ErrorCode::illegal_parameter, Alert::illegal_parameter, Party::peer, step,
                    std::move(detail));
}

template <typename T>
bool contains(const std::vector<T>& v, T x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

ClientTls13::ClientTls13(EngineEnv env) : Tls13Common(std::move(env), false) {}

Result<void> ClientTls13::start(ByteView early_data) {
  TK_ASSIGN(ClientOffer offer, make_client_offer(env_, early_data.size()));
  offer_ = std::make_unique<ClientOffer>(std::move(offer));
  offered_types_ = offer_->extensions.types();
  client_random_ = offer_->random;
  auto& info = env_.channel.info();
  info.server_name = offer_->sni;
  info.post_handshake_auth.offered = offer_->extensions.contains(ExtensionType::post_handshake_auth);
  // RFC 8446 §5.1: the first ClientHello may use legacy_record_version 0x0301.
  env_.channel.set_plaintext_version(record::kRecordVersion10);
  const size_t at = env_.channel.stage().size();
  TK_TRY(stage_client_hello());
  // The TLS 1.2 engine needs our ClientHello if the server picks TLS 1.2.
  if (offer_->tls12)
    client_hello_.assign(env_.channel.stage().begin() + static_cast<ptrdiff_t>(at),
                         env_.channel.stage().end());
  TK_TRY(env_.channel.commit());
  env_.channel.set_plaintext_version(record::kRecordVersion12);
  if (!early_data.empty()) {
    info.early_data.reason = offer_->early_data_reason;
    if (offer_->early_data) TK_TRY(send_early_data(early_data));
  }
  return ok();
}

Result<void> ClientTls13::send_early_data(ByteView data) {
  const ResumptionOffer& psk = *offer_->psk;
  const auto* suite = crypto::find_suite(psk.session.state.suite);
  // RFC 8446 §7.1: client_early_traffic_secret = Derive-Secret(Early, "c e traffic", CH).
  TK_ASSIGN(Digest ch_hash, transcript_->hash_with(psk.hash, {}));
  TK_TRY(derive_early_secrets(psk.hash, psk.session.state.secret, ch_hash));
  TK_ASSIGN(record::ProtectionKeys keys,
            tls13_protection(env_.provider, psk.hash, suite->aead, client_early_));
  // RFC 8446 §D.4: with early data, the compatibility CCS goes right after the ClientHello.
  if (env_.config.middlebox_compat) {
    env_.channel.stage_ccs();
    ccs_sent_ = true;
  }
  env_.channel.stage_write_keys(std::move(keys));
  TK_TRY(env_.channel.commit());
  const size_t before = env_.channel.pending_output().size();
  TK_TRY(env_.channel.send_application_data(data));
  const size_t wire = env_.channel.pending_output().size() - before;
  early_data_sent_ = true;
  auto& early = env_.channel.info().early_data;
  early.offered = true;
  early.bytes = data.size();
  env_.channel.note_event(EventKind::early_data, Direction::sent, wire);
  return ok();
}

Result<bool> ClientTls13::early_data_answer(const EncryptedExtensions& ee, Step s) {
  auto& early = env_.channel.info().early_data;
  const bool accepted = ee.extensions.contains(ExtensionType::early_data);
  if (accepted) {
    // RFC 8446 §4.2.10: acceptance needs the first identity, and the ticket's suite and ALPN.
    const bool first_identity = resumed_ && offer_->psk && !offer_->psk->external;
    if (!first_identity)
      return illegal(s, "the server accepted early data without resuming our ticket");
    const auto& st = offer_->psk->session.state;
    if (suite_->suite != st.suite || env_.channel.info().alpn != st.alpn)
      return illegal(s, "the server accepted early data with another cipher suite or ALPN "
                        "than the ticket's (RFC 8446 §4.2.10)");
  }
  if (!early_data_sent_) return false;
  early.accepted = accepted;
  if (!accepted) {
    if (early.reason == EarlyDataReason::none)
      early.reason = resumed_ ? EarlyDataReason::rejected : EarlyDataReason::not_resumed;
    // Refused early data is simply lost; our next records use the handshake keys.
    TK_ASSIGN(record::ProtectionKeys wk, keys_for(client_hs_));
    env_.channel.stage_write_keys(std::move(wk));
    TK_TRY(env_.channel.commit());
  }
  env_.channel.note_event(EventKind::early_data, Direction::received);
  return accepted;
}

Step ClientTls13::step() const {
  // An alert right after our Finished answers our second flight (e.g. the server refused our
  // certificate): name that flight rather than "post handshake".
  if (const auto* c = std::get_if<Connected>(&state_); c && !heard_after_finished_)
    return c->cert_requested ? Step::client_certificate : Step::client_finished;
  return state_step(state_);
}

bool ClientTls13::handshake_complete() const { return std::holds_alternative<Connected>(state_); }

bool ClientTls13::ccs_allowed() const {
  // RFC 8446 §5: a CCS may arrive after our ClientHello and before the server's Finished.
  return !std::holds_alternative<Connected>(state_);
}

bool ClientTls13::application_data_allowed() const {
  return std::holds_alternative<Connected>(state_);
}

Result<void> ClientTls13::on_handshake(const record::HandshakeMessage& m) {
  if (std::holds_alternative<Connected>(state_)) heard_after_finished_ = true;
  return dispatch(*this, state_, m, step());
}

Result<void> ClientTls13::check_common_hello(const ServerHello& sh, Step step) const {
  // RFC 8446 §4.1.3: legacy_session_id_echo must equal what we sent.
  if (!std::equal(sh.legacy_session_id_echo.begin(), sh.legacy_session_id_echo.end(),
                  offer_->session_id_view().begin(), offer_->session_id_view().end()))
    return illegal(step, "the server's legacy_session_id_echo differs from the session id we sent");
  // RFC 8446 §4.1.3: the cipher suite must be one we offered (a TLS 1.3 suite).
  const auto* info = crypto::find_suite(sh.cipher_suite);
  if (!contains(offer_->suites, sh.cipher_suite) || !info ||
      info->version != ProtocolVersion::tls1_3)
    return illegal(step, "the server selected cipher suite " + cipher_suite_name(sh.cipher_suite) +
                             ", which we did not offer for TLS 1.3");
  if (sh.legacy_compression_method != 0)
    return illegal(step, "the server selected a compression method (RFC 8446 §4.1.3)");
  // RFC 8446 §4.1.3: a TLS 1.3 server sets legacy_version to 0x0303.
  if (sh.legacy_version != 0x0303)
    return illegal(step, "the server's legacy_version is " +
                             version_name(static_cast<ProtocolVersion>(sh.legacy_version)) +
                             " instead of 0x0303 (RFC 8446 §4.1.3)");
  return ok();
}

Result<Next<ClientTls13::ExpectServerHello>> ClientTls13::handle(
    ExpectServerHello&, const record::HandshakeMessage& m) {
  TK_ASSIGN(ServerHello sh, parse_server_hello(m.body()));
  const Step step = sh.is_hello_retry_request() ? Step::hello_retry_request : Step::server_hello;
  // RFC 8446 §4.1.4: a HelloRetryRequest MUST contain supported_versions.
  if (sh.is_hello_retry_request() && !sh.extensions.contains(ExtensionType::supported_versions))
    return make_error(ErrorCode::missing_extension, Alert::missing_extension, Party::peer, step,
                      "the HelloRetryRequest has no supported_versions extension");
  TK_ASSIGN(ProtocolVersion version, client_version_from_server_hello(*offer_, sh, step));
  if (version == ProtocolVersion::tls1_2) {
    // The hello front end hands over to the TLS 1.2 engine (only when we offered TLS 1.2).
    TK_ASSIGN(auto next, ClientTls12::start(env_, tls12_options(env_.config, /*is_server=*/false), *offer_, client_hello_, m, sh));
    successor_ = std::move(next);
    return HandedToTls12{};
  }
  TK_TRY(check_tls13_selected(version, step));
  if (sh.is_hello_retry_request()) {
    TK_ASSIGN(ExpectServerHelloAfterRetry next, on_hello_retry_request(m, sh));
    return next;
  }
  TK_TRY(accept_server_hello(m, sh, nullptr));
  return ExpectEncryptedExtensions{resumed_};
}

Result<Next<ClientTls13::ExpectServerHelloAfterRetry>> ClientTls13::handle(
    ExpectServerHelloAfterRetry& st, const record::HandshakeMessage& m) {
  TK_ASSIGN(ServerHello sh, parse_server_hello(m.body()));
  const Step step = sh.is_hello_retry_request() ? Step::hello_retry_request : Step::server_hello;
  // RFC 8446 §4.1.4: a second HelloRetryRequest -> unexpected_message.
  if (sh.is_hello_retry_request())
    return make_error(ErrorCode::unexpected_message, Alert::unexpected_message, Party::peer, step,
                      "the server sent a second HelloRetryRequest (RFC 8446 §4.1.4)");
  TK_ASSIGN(ProtocolVersion version, client_version_from_server_hello(*offer_, sh, step));
  // RFC 8446 §4.1.4: after a HelloRetryRequest the server must stay with TLS 1.3.
  if (version == ProtocolVersion::tls1_2)
    return illegal(step, "the server selected TLS 1.2 after a HelloRetryRequest");
  TK_TRY(check_tls13_selected(version, step));
  TK_TRY(accept_server_hello(m, sh, &st));
  return ExpectEncryptedExtensions{resumed_};
}

Result<void> ClientTls13::accept_server_hello(const record::HandshakeMessage& m,
                                              const ServerHello& sh,
                                              const ExpectServerHelloAfterRetry* retry) {
  const Step s = Step::server_hello;
  TK_TRY(check_common_hello(sh, s));
  // RFC 8446 §4.1.4: after a HelloRetryRequest the ServerHello keeps its cipher suite.
  if (retry && retry->suite != sh.cipher_suite)
    return illegal(s, "the ServerHello selected " + cipher_suite_name(sh.cipher_suite) +
                          " but the HelloRetryRequest selected " + cipher_suite_name(retry->suite));
  // RFC 8446 §4.2: only extensions we offered may come back.
  TK_TRY(check_extensions_offered(sh.extensions, offered_types_, ExtensionContext::server_hello, s));
  TK_ASSIGN(resumed_, accepted_psk(sh, s));
  const Extension* ks_ext = sh.extensions.find(ExtensionType::key_share);
  // psk_ke (RFC 8446 §4.2.9): a resumption without key_share, only when we offered psk_ke.
  const bool psk_ke = !ks_ext && resumed_ && env_.config.psk_ke;
  if (!ks_ext && !psk_ke)
    // RFC 8446 §9.2 / §4.2.8: key_share is mandatory unless the server resumed with psk_ke.
    return make_error(ErrorCode::missing_extension, Alert::missing_extension, Party::peer, s,
                      resumed_ ? "the ServerHello resumes our PSK without key_share, but we did "
                                 "not offer psk_ke (RFC 8446 §4.2.9)"
                               : "the ServerHello has no key_share extension");
  SecretBytes shared_secret;
  std::optional<NamedGroup> group;
  if (ks_ext) {
    TK_ASSIGN(KeyShareServer ks, parse_key_share_server(ks_ext->body(), s));
    crypto::KeyShare* ours = offer_->share_for(ks.share.group);
    // RFC 8446 §4.2.8: the server's share must be for a group we sent a share for (and for
    // the HelloRetryRequest's group after a retry).
    if (!ours || (retry && retry->group && *retry->group != ks.share.group))
      return illegal(s, "the server's key share is for group " + group_name(ks.share.group) +
                            ", for which we sent no key share");
    auto shared = ours->decapsulate(ks.share.key_exchange);
    if (!shared) {
      Error e = std::move(shared).error();
      e.step = s;
      e.party = Party::peer;
      return e;
    }
    shared_secret = std::move(*shared);
    group = ks.share.group;
  }
  TK_TRY(set_suite(sh.cipher_suite));
  transcript_->add(m.bytes);
  TK_TRY(derive_handshake_secrets(
      shared_secret, resumed_ ? ByteView(offer_->psk->session.state.secret) : ByteView()));
  auto& info = env_.channel.info();
  if (resumed_) {
    // RFC 8446 §2.2: the server is the one the session was made with; its chain was checked
    // then.
    const session::SessionState& resumed_from = offer_->psk->session.state;
    info.resumed = true;
    info.peer_chain = resumed_from.peer_chain;
    info.peer_verified = resumed_from.peer_verified;
  }
  info.group = group;
  offer_->shares.clear();  // the private keys are no longer needed

  // Keys: read the server's handshake flight; write under our handshake keys at once, so
  // that any alert we send from now on is encrypted (as the server expects).
  TK_ASSIGN(record::ProtectionKeys rk, keys_for(server_hs_));
  TK_TRY(env_.channel.set_read_keys(std::move(rk), s));
  env_.channel.decoder().set_version_rule(record::RecordVersionRule::tls13);
  // With 0-RTT data out, our writes stay under the early keys until EncryptedExtensions says
  // whether it was accepted (then EndOfEarlyData ends them, RFC 8446 §4.5).
  if (early_data_sent_) return ok();
  TK_ASSIGN(record::ProtectionKeys wk, keys_for(client_hs_));
  // RFC 8446 §D.4: the compatibility CCS goes before our first encrypted record.
  if (env_.config.middlebox_compat && !ccs_sent_) {
    env_.channel.stage_ccs();
    ccs_sent_ = true;
  }
  env_.channel.stage_write_keys(std::move(wk));
  return env_.channel.commit();
}

Result<void> ClientTls13::check_tls13_selected(ProtocolVersion version, Step step) const {
  if (version != ProtocolVersion::tls1_3)
    return make_error(ErrorCode::protocol_version, Alert::protocol_version, Party::peer, step,
                      "the server selected " + version_name(version) +
                          ", which this client does not implement");
  return ok();
}

Result<ClientTls13::ExpectServerHelloAfterRetry> ClientTls13::on_hello_retry_request(
    const record::HandshakeMessage& m, const ServerHello& hrr) {
  const Step s = Step::hello_retry_request;
  TK_TRY(check_common_hello(hrr, s));
  TK_TRY(check_extensions_offered(hrr.extensions, offered_types_,
                                  ExtensionContext::hello_retry_request, s));
  std::optional<NamedGroup> group;
  if (const Extension* e = hrr.extensions.find(ExtensionType::key_share)) {
    TK_ASSIGN(KeyShareHelloRetryRequest k, parse_key_share_hrr(e->body(), s));
    // RFC 8446 §4.2.8: the group must be in supported_groups and not one we sent a share for.
    if (!contains(offer_->groups, k.selected_group))
      return illegal(s, "the HelloRetryRequest asks for group " + group_name(k.selected_group) +
                            ", which we did not offer in supported_groups");
    if (offer_->share_for(k.selected_group))
      return illegal(s, "the HelloRetryRequest asks for group " + group_name(k.selected_group) +
                            ", for which we already sent a key share");
    group = k.selected_group;
  }
  std::optional<Bytes> cookie;
  if (const Extension* e = hrr.extensions.find(ExtensionType::cookie)) {
    TK_ASSIGN(Cookie c, parse_cookie(e->body(), s));
    cookie = std::move(c.cookie);
  }
  // RFC 8446 §4.1.4: an HRR that would not change the ClientHello -> illegal_parameter.
  if (!group && !cookie)
    return illegal(s, "the HelloRetryRequest asks for no change (no key_share group, no cookie)");

  TK_TRY(set_suite(hrr.cipher_suite));
  // RFC 8446 §4.4.1: ClientHello1 is replaced by message_hash before the HRR is added.
  TK_TRY(transcript_->replace_with_message_hash());
  transcript_->add(m.bytes);
  auto& info = env_.channel.info();
  info.hello_retry = true;
  info.hello_retry_group = group;

  TK_TRY(retry_client_offer(env_, *offer_, group, cookie ? &*cookie : nullptr));
  if (early_data_sent_) {
    // RFC 8446 §4.1.4 / §4.2.10: the early data is refused; the second ClientHello goes in
    // plaintext again and carries no early_data.
    early_data_sent_ = false;
    info.early_data.reason = EarlyDataReason::hello_retry;
    env_.channel.stage_write_keys(record::ProtectionKeys());
    env_.channel.note_event(EventKind::early_data, Direction::received);
  }
  offered_types_ = offer_->extensions.types();
  // RFC 8446 §D.4: the compatibility CCS may go right before the second ClientHello.
  if (env_.config.middlebox_compat && !ccs_sent_) {
    env_.channel.stage_ccs();
    ccs_sent_ = true;
  }
  // RFC 8446 §4.1.4 / §4.2.11: a PSK whose hash is not the retry's suite's cannot be used.
  if (offer_->psk && offer_->psk->hash != suite_->hash) {
    offer_->extensions.remove(ExtensionType::pre_shared_key);
    offer_->psk.reset();
    offered_types_ = offer_->extensions.types();
  }
  TK_TRY(stage_client_hello());
  TK_TRY(env_.channel.commit());
  return ExpectServerHelloAfterRetry{hrr.cipher_suite, group};
}

Result<Next<ClientTls13::ExpectEncryptedExtensions>> ClientTls13::handle(
    ExpectEncryptedExtensions& st, const record::HandshakeMessage& m) {
  const Step s = Step::encrypted_extensions;
  TK_ASSIGN(EncryptedExtensions ee, parse_encrypted_extensions(m.body()));
  TK_TRY(check_extensions_offered(ee.extensions, offered_types_,
                                  ExtensionContext::encrypted_extensions, s));
  auto& info = env_.channel.info();
  if (const Extension* e = ee.extensions.find(ExtensionType::application_layer_protocol_negotiation)) {
    TK_ASSIGN(std::string proto, parse_alpn_selected(e->body(), s));
    TK_TRY(check_server_alpn(offer_->alpn, proto));
    info.alpn = std::move(proto);
  }
  if (const Extension* e = ee.extensions.find(ExtensionType::server_name))
    TK_TRY(parse_empty_extension(ExtensionType::server_name, e->body(), s));
  if (const Extension* e = ee.extensions.find(ExtensionType::early_data))
    TK_TRY(parse_empty_extension(ExtensionType::early_data, e->body(), s));
  // RFC 8449 §4: the server's record_size_limit bounds our records; ours, its protected ones.
  if (const Extension* e = ee.extensions.find(ExtensionType::record_size_limit))
    TK_TRY(apply_record_size_limits(env_.channel, env_.config, ProtocolVersion::tls1_3, e->body(), s));
  TK_ASSIGN(bool early_accepted, early_data_answer(ee, s));
  transcript_->add(m.bytes);
  // RFC 8446 §4.3.2 / §2.2: a resumed handshake has no certificates; Finished comes next.
  if (st.resumed)
    return ExpectFinished{std::nullopt, PskResumed{},
                          early_accepted ? std::optional<EarlyDataAccepted>(EarlyDataAccepted{})
                                         : std::nullopt};
  return ExpectCertificateOrCertificateRequest{};
}

Result<Next<ClientTls13::ExpectCertificateOrCertificateRequest>> ClientTls13::handle(
    ExpectCertificateOrCertificateRequest&, const record::HandshakeMessage& m) {
  if (m.type == HandshakeType::certificate_request) {
    TK_ASSIGN(ExpectCertificate next, on_certificate_request(m));
    return next;
  }
  TK_ASSIGN(ExpectCertificateVerify next, on_certificate(m, std::nullopt));
  return next;
}

Result<Next<ClientTls13::ExpectCertificate>> ClientTls13::handle(
    ExpectCertificate& st, const record::HandshakeMessage& m) {
  TK_ASSIGN(ExpectCertificateVerify next, on_certificate(m, std::move(st.request)));
  return next;
}

Result<ClientTls13::ExpectCertificate> ClientTls13::on_certificate_request(
    const record::HandshakeMessage& m) {
  const Step s = Step::certificate_request;
  TK_ASSIGN(CertRequest request, parse_our_certificate_request(m, s));
  // RFC 8446 §4.3.2: during the handshake the context SHALL be zero length.
  if (!request.context.empty())
    return illegal(s, "the CertificateRequest has a non-empty certificate_request_context "
                      "during the handshake (RFC 8446 §4.3.2)");
  env_.channel.info().client_cert_requested = true;
  transcript_->add(m.bytes);
  return ExpectCertificate{std::move(request)};
}

Result<ClientTls13::CertRequest> ClientTls13::parse_our_certificate_request(
    const record::HandshakeMessage& m, Step s) const {
  TK_ASSIGN(CertificateRequest13 cr, parse_certificate_request13(m.body()));
  const Extension* sa = cr.extensions.find(ExtensionType::signature_algorithms);
  if (!sa)  // the parser enforces it; keep the check local too (RFC 8446 §4.3.2)
    return make_error(ErrorCode::missing_extension, Alert::missing_extension, Party::peer, s,
                      "the CertificateRequest has no signature_algorithms extension");
  TK_ASSIGN(SignatureAlgorithms schemes, parse_signature_algorithms(sa->body(), s));
  std::optional<Extension> compression;
  if (const Extension* e = cr.extensions.find(ExtensionType::compress_certificate)) {
    // RFC 8879 §3: the server can decompress these; checked now, used for our Certificate.
    TK_TRY(choose_cert_compression(env_.config, e, s));
    compression = Extension{e->type, {}, Bytes(e->body().begin(), e->body().end())};
  }
  return CertRequest{Bytes(cr.certificate_request_context.begin(),
                           cr.certificate_request_context.end()),
                     std::move(schemes.schemes), std::move(compression)};
}

Result<ClientTls13::ExpectCertificateVerify> ClientTls13::on_certificate(
    const record::HandshakeMessage& m, std::optional<CertRequest> cr) {
  const Step s = Step::server_certificate;
  auto& info = env_.channel.info();
  ByteView body = m.body();
  Bytes decompressed;
  if (m.type == HandshakeType::compressed_certificate) {
    // RFC 8879 §4: the Certificate inside, after the algorithm and length checks; what we
    // offered is in our ClientHello (nothing when compress_certificate was not sent).
    const bool offered = contains(offered_types_, ExtensionType::compress_certificate);
    TK_ASSIGN(decompressed,
              open_compressed_certificate(
                  env_.config,
                  offered ? offered_cert_compression(env_.config)
                          : std::span<const CertCompressionAlgorithm>(),
                  m.body(), s, info));
    body = decompressed;
  }
  TK_ASSIGN(Certificate13 cert, parse_certificate13(body, s));
  // RFC 8446 §4.4.2: for server authentication the context SHALL be zero length.
  if (!cert.certificate_request_context.empty())
    return illegal(s, "the server's Certificate has a non-empty certificate_request_context");
  // RFC 8446 §4.4.2.4: an empty server Certificate -> decode_error.
  if (cert.entries.empty())
    return make_error(ErrorCode::decode_error, Alert::decode_error, Party::peer, s,
                      "the server sent an empty Certificate message (RFC 8446 §4.4.2.4)");
  info.peer_chain.clear();
  info.ocsp_response.clear();
  for (size_t i = 0; i < cert.entries.size(); ++i) {
    const CertificateEntry& e = cert.entries[i];
    // RFC 8446 §4.4.2: entry extensions must answer ClientHello extensions.
    TK_TRY(check_extensions_offered(e.extensions, offered_types_, ExtensionContext::certificate, s));
    if (const Extension* st = e.extensions.find(ExtensionType::status_request); st && i == 0) {
      TK_ASSIGN(CertificateStatus status, parse_certificate_status(st->body(), s));
      info.ocsp_response.assign(status.ocsp_response.begin(), status.ocsp_response.end());
    }
    info.peer_chain.emplace_back(e.cert_data.begin(), e.cert_data.end());
  }
  TK_ASSIGN(ChainChecked chain,
            check_peer_chain(env_.config, info.peer_chain, env_.config.server_name,
                             CertPurpose::server, info.ocsp_response,
                             env_.clock.unix_seconds(), info));
  transcript_->add(m.bytes);
  return ExpectCertificateVerify{std::move(cr), chain};
}

Result<Next<ClientTls13::ExpectCertificateVerify>> ClientTls13::handle(
    ExpectCertificateVerify& st, const record::HandshakeMessage& m) {
  const Step s = Step::server_certificate_verify;
  TK_ASSIGN(CertificateVerify cv, parse_certificate_verify(m.body(), s));
  // RFC 8446 §4.4.3: the algorithm must be one we offered in signature_algorithms.
  if (!contains(offer_->signature_algorithms, cv.algorithm) || !tls13_handshake_scheme(cv.algorithm))
    return illegal(s, "the server signed with " + signature_scheme_name(cv.algorithm) +
                          ", which we did not offer in signature_algorithms for TLS 1.3");
  auto& info = env_.channel.info();
  TK_ASSIGN(ByteView spki, extract_spki(info.peer_chain.front()));
  TK_ASSIGN(Digest h, transcript_->current());
  TK_ASSIGN(SignatureVerified sig, verify_certificate_verify(env_.provider, cv.algorithm, spki,
                                                              true, h, cv.signature, s));
  info.peer_signature_scheme = cv.algorithm;
  transcript_->add(m.bytes);
  return ExpectFinished{std::move(st.request), ServerAuthenticated{st.chain, sig}};
}

Result<Next<ClientTls13::ExpectFinished>> ClientTls13::handle(
    ExpectFinished& st, const record::HandshakeMessage& m) {
  const Step s = Step::server_finished;
  TK_ASSIGN(Digest h, transcript_->current());
  TK_ASSIGN(FinishedVerified fin,
            verify_peer_finished(env_.provider, hash(), server_hs_, h, m.body(), s));
  transcript_->add(m.bytes);
  TK_TRY(derive_application_secrets());
  TK_ASSIGN(record::ProtectionKeys rk, keys_for(server_app_));
  TK_TRY(env_.channel.set_read_keys(std::move(rk), s));

  auto& info = env_.channel.info();
  const bool cert_requested = st.request.has_value();
  if (st.early_data) {
    // RFC 8446 §4.5: EndOfEarlyData, the last record under the early keys; then our
    // handshake keys.
    stage_message(HandshakeType::end_of_early_data, [](ByteWriter& w) { write_end_of_early_data(w); });
    TK_ASSIGN(record::ProtectionKeys wk, keys_for(client_hs_));
    env_.channel.stage_write_keys(std::move(wk));
  }
  if (st.request) {
    TK_ASSIGN(bool sent, stage_our_certificate(*st.request, Step::client_certificate,
                                               Step::client_certificate_verify));
    info.client_cert_sent = sent;
  }
  TK_ASSIGN(Digest fh, transcript_->current());
  Result<void> fr = ok();
  stage_message(HandshakeType::finished, [&](ByteWriter& w) {
    fr = write_our_finished(env_.provider, hash(), client_hs_, fh, w);
  });
  TK_TRY(fr);
  TK_ASSIGN(record::ProtectionKeys wk, keys_for(client_app_));
  env_.channel.stage_write_keys(std::move(wk));
  TK_TRY(env_.channel.commit());
  // The transcript now ends with our Finished (RFC 8446 §7.1: resumption_master_secret).
  TK_ASSIGN(resumption_secret_, resumption_master_secret());
  env_.channel.encoder().set_key_update_threshold(env_.config.key_update_after_records);
  // RFC 8446 §4.4: each post-handshake authentication hashes on from here.
  if (info.post_handshake_auth.offered) {
    TK_ASSIGN(Transcript base, transcript_->fork());
    pha_base_.emplace(std::move(base));
  }
  release_handshake_state();
  offer_.reset();
  Bytes().swap(client_hello_);
  std::vector<ExtensionType>().swap(offered_types_);
  env_.channel.release_handshake_buffers();
  env_.channel.note_event(EventKind::handshake_complete, Direction::received);
  return Connected{std::move(st.proof), fin, cert_requested};
}

Result<Next<ClientTls13::Connected>> ClientTls13::handle(
    Connected& st, const record::HandshakeMessage& m) {
  if (m.type == HandshakeType::key_update) {
    TK_TRY(on_key_update(m));
    return std::move(st);
  }
  if (m.type == HandshakeType::certificate_request) {
    TK_TRY(answer_post_handshake_request(m));
    return std::move(st);
  }
  TK_TRY(keep_ticket(m));
  return std::move(st);
}

Result<bool> ClientTls13::stage_our_certificate(const CertRequest& request, Step cert_step,
                                                Step verify_step) {
  // RFC 8446 §4.4.2: answer a CertificateRequest with a Certificate (empty if we have no
  // certificate, or none our key can sign for the server's schemes), then CertificateVerify.
  auto& info = env_.channel.info();
  const auto& ck = env_.config.client_certificate;
  std::optional<SignatureScheme> scheme;
  if (ck) scheme = choose_client_scheme(*ck, request.schemes);
  Certificate13 c;
  c.certificate_request_context = request.context;
  if (scheme)
    for (const Bytes& der : ck->chain) c.entries.push_back(CertificateEntry{der, {}});
  // RFC 8879 §4: compressed with our first algorithm the server offered (a certificate only;
  // an empty Certificate goes as it is). The transcript takes the message as sent.
  std::optional<CertCompressionAlgorithm> alg;
  if (scheme && request.compression) {
    TK_ASSIGN(alg, choose_cert_compression(env_.config, &*request.compression, cert_step));
  }
  TK_ASSIGN(Bytes cert_msg, build_our_certificate(c, alg, info, cert_step));
  stage_message(alg ? HandshakeType::compressed_certificate : HandshakeType::certificate,
                [&](ByteWriter& w) { w.bytes(cert_msg); });
  if (!scheme) return false;
  TK_ASSIGN(Digest ch, transcript_->current());
  TK_ASSIGN(Bytes sig, sign_certificate_verify(*ck->key, *scheme, false, ch, verify_step));
  stage_message(HandshakeType::certificate_verify, [&](ByteWriter& w) {
    write_certificate_verify(CertificateVerify{*scheme, sig}, w);
  });
  info.local_signature_scheme = scheme;
  return true;
}

Result<void> ClientTls13::answer_post_handshake_request(const record::HandshakeMessage& m) {
  const Step s = Step::post_handshake;
  // RFC 8446 §4.6.2: "A client that receives a CertificateRequest message without having sent
  // the "post_handshake_auth" extension MUST send an "unexpected_message" fatal alert."
  if (!pha_base_)
    return make_error(ErrorCode::unexpected_message, Alert::unexpected_message, Party::peer, s,
                      "the server sent a CertificateRequest after the handshake, but we did not "
                      "offer post_handshake_auth (RFC 8446 §4.6.2)");
  TK_ASSIGN(CertRequest request, parse_our_certificate_request(m, s));
  auto& info = env_.channel.info();
  info.post_handshake_auth.requests++;
  info.client_cert_requested = true;
  // RFC 8446 §4.4: this authentication's transcript is the handshake's through our Finished
  // plus the request; its Finished is keyed with our current application traffic secret.
  TK_ASSIGN(Transcript t, pha_base_->fork());
  transcript_.emplace(std::move(t));
  transcript_->add(m.bytes);
  TK_ASSIGN(bool sent, stage_our_certificate(request, s, s));
  TK_ASSIGN(Digest fh, transcript_->current());
  Result<void> fr = ok();
  stage_message(HandshakeType::finished, [&](ByteWriter& w) {
    fr = write_our_finished(env_.provider, hash(), own_app_secret(), fh, w);
  });
  TK_TRY(fr);
  transcript_.reset();
  TK_TRY(env_.channel.commit());
  info.post_handshake_auth.completed++;
  info.post_handshake_auth.certificate = sent;
  if (sent) info.client_cert_sent = true;
  env_.channel.note_event(EventKind::post_handshake_auth, Direction::sent);
  return ok();
}

Result<void> ClientTls13::keep_ticket(const record::HandshakeMessage& m) {
  TK_ASSIGN(NewSessionTicket13 t, parse_new_session_ticket13(m.body()));
  auto& info = env_.channel.info();
  info.tickets_received++;
  // RFC 8446 §4.6.1: a lifetime of zero says the ticket must not be used.
  if (t.ticket_lifetime == 0 || resumption_secret_.empty()) return ok();
  const int64_t now = env_.clock.unix_seconds();
  session::ClientSession cs;
  cs.state.version = ProtocolVersion::tls1_3;
  cs.state.suite = suite_->suite;
  TK_ASSIGN(cs.state.secret, resumption_psk(env_.provider, hash(), resumption_secret_,
                                            t.ticket_nonce));
  cs.state.created = now;
  // RFC 8446 §4.6.1: never more than 7 days, whatever the server says.
  cs.state.lifetime = std::min(t.ticket_lifetime, session::kMaxSessionLifetime);
  cs.state.ticket_age_add = t.ticket_age_add;
  cs.state.server_name = info.server_name;
  cs.state.alpn = info.alpn;
  cs.state.peer_verified = info.peer_verified;
  cs.state.peer_chain = info.peer_chain;
  // RFC 8446 §4.2.10: the ticket says how much 0-RTT data it may carry.
  if (const Extension* e = t.extensions.find(ExtensionType::early_data)) {
    TK_ASSIGN(EarlyDataNst ed, parse_early_data_nst(e->body()));
    cs.state.max_early_data = ed.max_early_data_size;
  }
  cs.state.ticket_time_ms = env_.clock.unix_millis();
  cs.ticket.assign(t.ticket.begin(), t.ticket.end());
  cs.ticket_lifetime = cs.state.lifetime;
  cs.received = now;
  new_session_ = std::make_unique<const session::ClientSession>(std::move(cs));
  return ok();
}

Result<void> ClientTls13::stage_client_hello() {
  Bytes& buf = env_.channel.stage();
  const size_t start = buf.size();
  ByteWriter w(buf);
  write_client_offer(*offer_, w);
  if (offer_->psk) {
    // RFC 8446 §4.2.11.2: the binder covers the transcript so far and this ClientHello up to
    // its binders; the extension was written with zero binders of the right size.
    MutableByteView msg(buf.data() + start, buf.size() - start);
    const size_t cut = psk_binders_wire_size(offer_->psk->psks);
    TK_ASSIGN(Digest th, transcript_->hash_with(offer_->psk->hash,
                                                ByteView(msg).first(msg.size() - cut)));
    TK_ASSIGN(Bytes binder, psk_binder(env_.provider, offer_->psk->hash,
                                       offer_->psk->session.state.secret, th,
                                       offer_->psk->external));
    const Bytes binders[1] = {std::move(binder)};
    TK_TRY(patch_psk_binders(msg, binders));
  }
  transcript_->add(ByteView(buf).subspan(start));
  env_.channel.end_message(start, HandshakeType::client_hello);
  return ok();
}

Result<bool> ClientTls13::accepted_psk(const ServerHello& sh, Step s) const {
  const Extension* e = sh.extensions.find(ExtensionType::pre_shared_key);
  if (!e) return false;
  TK_ASSIGN(PreSharedKeyServer p, parse_pre_shared_key_server(e->body(), s));
  // RFC 8446 §4.2.11: an index outside what we offered -> illegal_parameter.
  const size_t offered = offer_->psk ? offer_->psk->psks.identities.size() : 0;
  if (p.selected_identity >= offered)
    return illegal(s, "the server selected PSK identity " + std::to_string(p.selected_identity) +
                          ", but we offered " + std::to_string(offered));
  // RFC 8446 §4.2.11: the selected suite must use the PSK's hash.
  const auto* suite = crypto::find_suite(sh.cipher_suite);
  if (!suite || suite->hash != offer_->psk->hash)
    return illegal(s, "the server resumed our session with " + cipher_suite_name(sh.cipher_suite) +
                          ", whose hash is not the session's");
  return true;
}

}  // namespace tlskit::handshake
