// The TLS 1.2 client states (RFC 5246 §7.3): ServerHello checks, Certificate,
// CertificateStatus, ServerKeyExchange, CertificateRequest, ServerHelloDone, the client's
// second flight, NewSessionTicket, ChangeCipherSpec and Finished; the abbreviated handshake.
#include "handshake/client_tls12.h"

#include <algorithm>

#include "handshake/alpn.h"
#include "handshake/spki_extract.h"
#include "handshake/traffic_keys.h"
#include "wire/ext_alpn.h"
#include "wire/ext_ec_point_formats.h"
#include "wire/ext_extended_master_secret.h"
#include "wire/ext_renegotiation_info.h"
#include "handshake/record_size_limit.h"
#include "wire/ext_session_ticket.h"
#include "wire/extension_rules.h"
#include "wire/handshake_header.h"
#include "wire/msg_certificate.h"
#include "wire/msg_certificate_request.h"
#include "wire/msg_certificate_status.h"
#include "wire/msg_certificate_verify.h"
#include "wire/msg_client_key_exchange.h"
#include "wire/msg_new_session_ticket.h"
#include "wire/msg_server_hello_done.h"
#include "wire/msg_server_key_exchange.h"

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

// The ClientCertificateType a key signs as (RFC 5246 §7.4.4, RFC 8422 §5.5).
std::optional<ClientCertificateType> cert_type_of(crypto::KeyType t) {
  switch (t) {
    case crypto::KeyType::rsa: return ClientCertificateType::rsa_sign;
    case crypto::KeyType::ec_p256:
    case crypto::KeyType::ec_p384:
    case crypto::KeyType::ec_p521:
    case crypto::KeyType::ed25519: return ClientCertificateType::ecdsa_sign;
    default: return std::nullopt;
  }
}

}  // namespace

void add_tls12_offer(const EngineEnv& env, const Tls12Options& options, ClientOffer& offer) {
  if (!offer.tls12) return;
  ExtensionList& ext = offer.extensions;
  // pre_shared_key must stay last (RFC 8446 §4.2.11): insert our extensions before it.
  auto insert = [&](Extension e) {
    auto it = std::find_if(ext.items.begin(), ext.items.end(), [](const Extension& x) {
      return x.type == ExtensionType::pre_shared_key;
    });
    ext.items.insert(it, std::move(e));
  };
  auto add_if_absent = [&](Extension e) {
    if (!ext.contains(e.type)) insert(std::move(e));
  };
  // RFC 7627 §5.1: the client sends an empty extended_master_secret.
  add_if_absent(extended_master_secret_extension());
  // RFC 5746 §3.4: an empty renegotiation_info in the initial ClientHello.
  add_if_absent(to_extension(RenegotiationInfo{}));
  // RFC 8422 §5.1.2: "uncompressed" is the only point format; old servers still want the list.
  add_if_absent(to_extension(EcPointFormats{{kEcPointFormatUncompressed}}));

  const session::ClientSession* resume = nullptr;
  if (options.resume && options.resume->state.version == ProtocolVersion::tls1_2 &&
      !options.resume->expired(env.clock.unix_seconds()))
    resume = &*options.resume;
  // Only a session whose suite we still offer can be resumed (RFC 5246 §7.4.1.2).
  if (resume && !contains(offer.suites, resume->state.suite)) resume = nullptr;
  // RFC 7627 §5.3: never offer a session made without EMS (we keep none; one from elsewhere).
  if (resume && !resume->state.extended_master_secret) resume = nullptr;

  if (resume && !resume->ticket.empty()) {
    // RFC 5077 §3.4: the ticket, with a session ID the server echoes when it accepts it.
    add_if_absent(to_extension(SessionTicketExt{resume->ticket}));
    if (offer.session_id_size == 0) {
      offer.session_id_size = kMaxSessionIdSize;
      env.rng.fill(offer.session_id);
    }
  } else {
    if (options.request_ticket) add_if_absent(to_extension(SessionTicketExt{}));
    if (resume && !resume->session_id.empty() && resume->session_id.size() <= kMaxSessionIdSize) {
      // RFC 5246 §7.4.1.2 / RFC 8446 §4.1.2: the cached session ID.
      std::copy(resume->session_id.begin(), resume->session_id.end(), offer.session_id.begin());
      offer.session_id_size = resume->session_id.size();
    }
  }
}

ClientTls12::ClientTls12(EngineEnv env, Tls12Options options)
    : Tls12Base(std::move(env), std::move(options), false), state_(Start{}) {}

Result<std::unique_ptr<ClientTls12>> ClientTls12::start(
    EngineEnv env, Tls12Options options, const ClientOffer& offer, ByteView client_hello,
    const record::HandshakeMessage& server_hello, const ServerHello& sh) {
  std::unique_ptr<ClientTls12> c(new ClientTls12(std::move(env), std::move(options)));
  TK_ASSIGN(Next<Start> next, c->on_server_hello(offer, client_hello, server_hello, sh));
  enter(c->state_, std::move(next));
  return c;
}

Step ClientTls12::step() const { return state_step(state_); }

Result<Next<ClientTls12::Start>> ClientTls12::on_server_hello(const ClientOffer& offer,
                                                             ByteView client_hello,
                                                             const record::HandshakeMessage& m,
                                                             const ServerHello& sh) {
  const Step s = Step::server_hello;
  const Config& config = env_.config;
  offered_groups_ = offer.groups;
  offered_schemes_ = offer.signature_algorithms;
  offered_alpn_ = offer.alpn;
  sent_session_id_.assign(offer.session_id_view().begin(), offer.session_id_view().end());
  host_ = config.server_name;
  client_random_ = offer.random;
  server_random_ = sh.random;
  auto& info = env_.channel.info();
  info.server_name = offer.sni;

  // RFC 8446 §4.1.3 (again here, so this engine never runs without the check).
  TK_TRY(check_downgrade_sentinel(sh.random, ProtocolVersion::tls1_2, config.max_version));
  // RFC 5246 §7.4.1.3: the suite is one the client offered; ours are TLS 1.2 suites only.
  const crypto::SuiteInfo* suite = tls12_suite(sh.cipher_suite);
  if (!suite || !contains(offer.suites, sh.cipher_suite))
    return illegal(s, "the server selected cipher suite " + cipher_suite_name(sh.cipher_suite) +
                          ", which we did not offer for TLS 1.2");
  // We offer only the null compression method (RFC 5246 §7.4.1.3: one the client offered).
  if (sh.legacy_compression_method != 0)
    return illegal(s, "the server selected compression method " +
                          std::to_string(sh.legacy_compression_method) +
                          "; we offered none (RFC 5246 §7.4.1.3; compression enables CRIME)");
  // RFC 5246 §7.4.1.4: only extensions we offered may come back.
  TK_TRY(check_extensions_offered(sh.extensions, offer.extensions.types(),
                                  ExtensionContext::server_hello_tls12, s));

  // Resumption: the server echoes the session ID we offered (RFC 5246 §7.4.1.3; for a
  // ticket, RFC 5077 §3.4).
  const session::ClientSession* offered_session =
      options_.resume && options_.resume->state.version == ProtocolVersion::tls1_2
          ? &*options_.resume
          : nullptr;
  ByteView echo = sh.legacy_session_id_echo;
  bool offered_ticket = offered_session && !offered_session->ticket.empty() &&
                        offer.extensions.contains(ExtensionType::session_ticket);
  bool offered_id = offered_session && !offered_session->session_id.empty();
  resumed_ = (offered_ticket || offered_id) && !echo.empty() &&
             std::equal(echo.begin(), echo.end(), sent_session_id_.begin(), sent_session_id_.end());
  // With a ticket we sent a random session ID only to detect acceptance (RFC 5077 §3.4): it
  // names nothing on the server. Otherwise the echo is the server's session ID.
  if (!(offered_ticket && resumed_)) session_id_.assign(echo.begin(), echo.end());
  if (resumed_) {
    // RFC 5246 §7.4.1.3: a resumed session keeps its cipher suite.
    if (sh.cipher_suite != offered_session->state.suite)
      return illegal(s, "the server resumed our session with cipher suite " +
                            cipher_suite_name(sh.cipher_suite) + " instead of the session's " +
                            cipher_suite_name(offered_session->state.suite));
  }

  // RFC 7627: extended master secret.
  bool ems = false;
  if (const Extension* e = sh.extensions.find(ExtensionType::extended_master_secret)) {
    TK_TRY(parse_extended_master_secret(e->body(), s));
    ems = true;
  }
  TK_TRY(client_check_ems(ems, options_.require_extended_master_secret,
                          resumed_ ? std::optional<bool>(offered_session->state.extended_master_secret)
                                   : std::nullopt));
  // RFC 5746 §3.4.
  TK_TRY(client_check_renegotiation_info(sh, options_.require_secure_renegotiation));
  // RFC 7301 §3.1: the selected protocol must be one we offered.
  if (const Extension* e = sh.extensions.find(ExtensionType::application_layer_protocol_negotiation)) {
    TK_ASSIGN(std::string selected, parse_alpn_selected(e->body(), s));
    TK_TRY(check_server_alpn(offered_alpn_, selected));
    info.alpn = selected;
  }
  // RFC 8422 §5.2: the server's point formats must include uncompressed.
  if (const Extension* e = sh.extensions.find(ExtensionType::ec_point_formats)) {
    TK_ASSIGN(EcPointFormats pf, parse_ec_point_formats(e->body(), s));
    if (!pf.has_uncompressed())
      return illegal(s, "the server's ec_point_formats lacks the uncompressed format "
                        "(RFC 8422 §5.1.2)");
  }
  // RFC 5077 §3.2: an empty session_ticket means a NewSessionTicket will follow.
  if (const Extension* e = sh.extensions.find(ExtensionType::session_ticket)) {
    TK_TRY(parse_empty_extension(ExtensionType::session_ticket, e->body(), s));
    expect_ticket_ = true;
  }
  bool status = false;
  // RFC 8449 §4: the server's record_size_limit bounds our records; ours, its protected ones.
  if (const Extension* e = sh.extensions.find(ExtensionType::record_size_limit))
    TK_TRY(apply_record_size_limits(env_.channel, env_.config, ProtocolVersion::tls1_2, e->body(), s));
  if (const Extension* e = sh.extensions.find(ExtensionType::status_request)) {
    TK_TRY(parse_empty_extension(ExtensionType::status_request, e->body(), s));
    status = true;
  }
  if (const Extension* e = sh.extensions.find(ExtensionType::server_name))
    TK_TRY(parse_empty_extension(ExtensionType::server_name, e->body(), s));

  // The transcript: ClientHello, ServerHello under the suite's PRF hash. With a client
  // certificate we keep the messages for CertificateVerify (RFC 5246 §7.4.8).
  if (config.client_certificate) transcript_->retain_messages(true);
  transcript_->add(client_hello);
  TK_TRY(set_suite(*suite));
  transcript_->add(m.bytes);
  env_.channel.decoder().set_version_rule(record::RecordVersionRule::tls12);
  info.resumed = resumed_;
  info.extended_master_secret = ems;
  ems_ = ems;

  if (resumed_) {
    const session::SessionState& st = offered_session->state;
    session_created_ = st.created;
    peer_chain_ = st.peer_chain;
    peer_verified_ = st.peer_verified;
    info.peer_chain = st.peer_chain;
    info.peer_verified = st.peer_verified;
    // ALPN is negotiated anew in every handshake (RFC 7301 §3.1): only the ServerHello counts.
    use_master_secret(st.secret);
    TK_TRY(derive_keys());
    // The resumed session keeps its ticket unless the server sends a new one.
    ticket_ = offered_session->ticket;
    ticket_lifetime_ = offered_session->ticket_lifetime;
    return after_server_flight<Next<Start>>(SessionResumed{});
  }
  expect_status_after_cert_ = status;
  return ExpectCertificate{};
}

Result<void> ClientTls12::on_handshake(const record::HandshakeMessage& m) {
  // RFC 5246 §7.4.1.1: a HelloRequest during the handshake is ignored (not in the transcript).
  if (!complete_) {
    TK_ASSIGN(bool ignore, is_ignorable_hello_request(m.type, m.body()));
    if (ignore) return ok();
  }
  return dispatch(*this, state_, m, step());
}

Result<void> ClientTls12::on_change_cipher_spec() { return dispatch_ccs(*this, state_, step()); }

Result<Next<ClientTls12::ExpectChangeCipherSpec>> ClientTls12::handle_ccs(
    ExpectChangeCipherSpec& st) {
  TK_TRY(install_peer_keys());
  return ExpectFinished{std::move(st.proof)};
}

Result<Next<ClientTls12::ExpectCertificate>> ClientTls12::handle(
    ExpectCertificate&, const record::HandshakeMessage& m) {
  const Step s = Step::server_certificate;
  TK_ASSIGN(Certificate12 cert, parse_certificate12(m.body(), s));
  if (cert.certificates.empty())
    // RFC 5246 §7.4.2: our suites all authenticate the server with a certificate.
    return make_error(ErrorCode::decode_error, Alert::decode_error, Party::peer, s,
                      "the server sent an empty certificate list, but every ECDHE_ECDSA / "
                      "ECDHE_RSA suite needs a server certificate");
  peer_chain_.clear();
  for (ByteView c : cert.certificates) peer_chain_.emplace_back(c.begin(), c.end());
  TK_ASSIGN(ByteView spki, extract_spki(peer_chain_.front()));
  leaf_spki_.assign(spki.begin(), spki.end());
  env_.channel.info().peer_chain = peer_chain_;
  transcript_->add(m.bytes);
  if (expect_status_after_cert_) return ExpectCertificateStatusOrServerKeyExchange{};
  return ExpectServerKeyExchange{};
}

Result<Next<ClientTls12::ExpectCertificateStatusOrServerKeyExchange>> ClientTls12::handle(
    ExpectCertificateStatusOrServerKeyExchange&, const record::HandshakeMessage& m) {
  if (m.type == HandshakeType::server_key_exchange) {
    TK_ASSIGN(ExpectCertificateRequestOrDone next, on_server_key_exchange(m));
    return next;
  }
  TK_ASSIGN(CertificateStatus cs, parse_certificate_status(m.body(), Step::server_certificate));
  env_.channel.info().ocsp_response.assign(cs.ocsp_response.begin(), cs.ocsp_response.end());
  transcript_->add(m.bytes);
  return ExpectServerKeyExchange{};
}

Result<Next<ClientTls12::ExpectServerKeyExchange>> ClientTls12::handle(
    ExpectServerKeyExchange&, const record::HandshakeMessage& m) {
  TK_ASSIGN(ExpectCertificateRequestOrDone next, on_server_key_exchange(m));
  return next;
}

Result<ClientTls12::ExpectCertificateRequestOrDone> ClientTls12::on_server_key_exchange(
    const record::HandshakeMessage& m) {
  auto& info = env_.channel.info();
  // The chain (with any stapled OCSP response) is checked before anything it signed is used.
  TK_ASSIGN(ChainChecked chain, check_peer_chain(env_.config, peer_chain_, host_,
                                                 CertPurpose::server, info.ocsp_response, now(),
                                                 info));
  peer_verified_ = chain.verified();
  TK_ASSIGN(ServerKeyExchange ske, parse_server_key_exchange(m.body()));
  TK_ASSIGN(ServerKeyExchangeVerified proof,
            verify_server_key_exchange(env_.provider, *suite_, leaf_spki_, offered_groups_,
                                       offered_schemes_, client_random_, server_random_, ske));
  server_point_.assign(ske.public_point.begin(), ske.public_point.end());
  group_ = proof.group();
  info.group = proof.group();
  info.peer_signature_scheme = proof.scheme();
  transcript_->add(m.bytes);
  return ExpectCertificateRequestOrDone{ServerAuthenticated{chain, proof}};
}

Result<Next<ClientTls12::ExpectCertificateRequestOrDone>> ClientTls12::handle(
    ExpectCertificateRequestOrDone& st, const record::HandshakeMessage& m) {
  if (m.type == HandshakeType::server_hello_done) {
    TK_TRY(on_server_hello_done(m, std::nullopt));
    return after_server_flight<Next<ExpectCertificateRequestOrDone>>(std::move(st.auth));
  }
  TK_ASSIGN(CertificateRequest12 cr, parse_certificate_request12(m.body()));
  CertRequest req{cr.certificate_types, cr.signature_algorithms};
  env_.channel.info().client_cert_requested = true;
  transcript_->add(m.bytes);
  return ExpectServerHelloDone{std::move(st.auth), std::move(req)};
}

Result<Next<ClientTls12::ExpectServerHelloDone>> ClientTls12::handle(
    ExpectServerHelloDone& st, const record::HandshakeMessage& m) {
  TK_TRY(on_server_hello_done(m, st.request));
  return after_server_flight<Next<ExpectServerHelloDone>>(std::move(st.auth));
}

Result<void> ClientTls12::on_server_hello_done(const record::HandshakeMessage& m,
                                               const std::optional<CertRequest>& request) {
  TK_TRY(parse_server_hello_done(m.body()));
  transcript_->add(m.bytes);
  auto& info = env_.channel.info();
  const Config& config = env_.config;

  // Our certificate, if asked and we have one that fits (RFC 5246 §7.4.6: otherwise an empty
  // Certificate message; the server decides whether that is acceptable).
  const CertifiedKey* ours = nullptr;
  std::optional<SignatureScheme> scheme;
  if (request && config.client_certificate && config.client_certificate->key &&
      !config.client_certificate->chain.empty()) {
    const CertifiedKey& ck = *config.client_certificate;
    auto type = cert_type_of(ck.key->type());
    bool type_ok = type && contains(request->types, static_cast<uint8_t>(*type));
    if (type_ok) scheme = choose_tls12_scheme(*ck.key, request->schemes);
    if (scheme) ours = &ck;
  }
  if (request) {
    Certificate12 c;
    if (ours)
      for (const auto& der : ours->chain) c.certificates.push_back(der);
    stage_message(HandshakeType::certificate, [&](ByteWriter& w) { write_certificate12(c, w); });
    info.client_cert_sent = ours != nullptr;
  }

  // ClientKeyExchange: our ephemeral share for the server's group (RFC 8422 §5.7).
  TK_ASSIGN(auto share, env_.provider.generate_key_share(group_, env_.rng));
  auto pms = share->decapsulate(server_point_);
  if (!pms) {
    Error e = std::move(pms).error();
    e.party = Party::peer;
    e.step = Step::server_key_exchange;
    e.detail = "the server's ECDHE public key is invalid: " + e.detail;
    return e;
  }
  ByteView pub = share->public_share();
  stage_message(HandshakeType::client_key_exchange,
                [&](ByteWriter& w) { write_client_key_exchange(ClientKeyExchange{pub}, w); });
  TK_TRY(derive_master_secret(*pms, ems_));

  // CertificateVerify over every handshake message so far (RFC 5246 §7.4.8).
  if (ours) {
    TK_ASSIGN(Bytes sig, sign_certificate_verify12(*ours->key, *scheme, transcript_->messages()));
    stage_message(HandshakeType::certificate_verify, [&](ByteWriter& w) {
      write_certificate_verify(CertificateVerify{*scheme, sig}, w);
    });
    info.local_signature_scheme = *scheme;
    transcript_->retain_messages(false);
  }
  TK_TRY(derive_keys());
  TK_TRY(stage_ccs_and_finished());
  return env_.channel.commit();
}

Result<Next<ClientTls12::ExpectNewSessionTicket>> ClientTls12::handle(
    ExpectNewSessionTicket& st, const record::HandshakeMessage& m) {
  TK_ASSIGN(NewSessionTicket12 t, parse_new_session_ticket12(m.body()));
  // RFC 5077 §3.3: an empty ticket means "no ticket this time" (any old one is dropped).
  ticket_.assign(t.ticket.begin(), t.ticket.end());
  ticket_lifetime_ = std::min(t.ticket_lifetime_hint, session::kMaxSessionLifetime);
  ticket_received_ = true;
  env_.channel.info().tickets_received++;
  transcript_->add(m.bytes);
  return ExpectChangeCipherSpec{std::move(st.proof)};
}

Result<Next<ClientTls12::ExpectFinished>> ClientTls12::handle(ExpectFinished& st,
                                                             const record::HandshakeMessage& m) {
  TK_ASSIGN(FinishedVerified fin, check_peer_finished(m));
  if (resumed_) {
    // Abbreviated handshake (RFC 5246 §7.3): our CCS and Finished come after the server's.
    TK_TRY(stage_ccs_and_finished());
    TK_TRY(env_.channel.commit());
  }
  remember_session();
  finish_handshake();
  return Connected{std::move(st.proof), fin};
}

Result<Next<ClientTls12::Connected>> ClientTls12::handle(Connected& st,
                                                        const record::HandshakeMessage& m) {
  TK_TRY(on_post_handshake(m));
  return std::move(st);
}

void ClientTls12::remember_session() {
  // Resumable by ticket or by a non-empty session ID (RFC 5246 §7.4.1.3: an empty one means
  // the session will not be cached); never a session without EMS (RFC 7627 §5.3).
  if (ticket_.empty() && session_id_.empty()) return;
  if (!ems_) return;
  session::ClientSession cs;
  cs.state = make_session_state();
  cs.session_id = ticket_.empty() ? session_id_ : Bytes{};
  cs.ticket = ticket_;
  cs.ticket_lifetime = ticket_lifetime_;
  cs.received = now();
  if (cs.session_id.size() > session::kMaxSessionIdSize) return;
  new_session_ = std::move(cs);
}

}  // namespace tlskit::handshake
