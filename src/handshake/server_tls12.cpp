// The TLS 1.2 server states (RFC 5246 §7.3): negotiation, the server's first flight, client
// Certificate, ClientKeyExchange, CertificateVerify, ChangeCipherSpec and Finished, the
// NewSessionTicket (RFC 5077), and the abbreviated handshake.
#include "handshake/server_tls12.h"
#include "base/ascii.h"

#include "handshake/certificate_selection.h"

#include <algorithm>

#include "handshake/alpn.h"
#include "handshake/spki_extract.h"
#include "wire/ext_alpn.h"
#include "wire/ext_ec_point_formats.h"
#include "wire/ext_extended_master_secret.h"
#include "wire/ext_renegotiation_info.h"
#include "handshake/record_size_limit.h"
#include "wire/ext_server_name.h"
#include "wire/ext_session_ticket.h"
#include "wire/ext_signature_algorithms.h"
#include "wire/ext_status_request.h"
#include "wire/ext_supported_groups.h"
#include "wire/handshake_header.h"
#include "wire/msg_certificate.h"
#include "wire/msg_certificate_request.h"
#include "wire/msg_certificate_status.h"
#include "wire/msg_certificate_verify.h"
#include "wire/msg_client_key_exchange.h"
#include "wire/msg_new_session_ticket.h"
#include "wire/msg_server_hello.h"
#include "wire/msg_server_hello_done.h"
#include "wire/msg_server_key_exchange.h"

namespace tlskit::handshake {
namespace {

template <typename T>
bool contains(const std::vector<T>& v, T x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}


}  // namespace

ServerTls12::ServerTls12(EngineEnv env, Tls12Options options)
    : Tls12Base(std::move(env), std::move(options), true), state_(Start{}) {}

Result<std::unique_ptr<ServerTls12>> ServerTls12::start(EngineEnv env, Tls12Options options,
                                                        const record::HandshakeMessage& m,
                                                        const ClientHello& ch) {
  std::unique_ptr<ServerTls12> s(new ServerTls12(std::move(env), std::move(options)));
  TK_ASSIGN(Next<Start> next, s->on_client_hello(m, ch));
  enter(s->state_, std::move(next));
  return s;
}

Step ServerTls12::step() const { return state_step(state_); }

Result<ServerTls12::Offer> ServerTls12::read_offer(const ClientHello& ch) const {
  const Step s = Step::client_hello;
  Offer o;
  o.session_id.assign(ch.legacy_session_id.begin(), ch.legacy_session_id.end());
  if (const Extension* e = ch.extensions.find(ExtensionType::server_name)) {
    TK_ASSIGN(ServerNameList sn, parse_server_name(e->body(), s));
    o.sni = sn.host_name;
  }
  if (const Extension* e = ch.extensions.find(ExtensionType::supported_groups)) {
    TK_ASSIGN(SupportedGroups g, parse_supported_groups(e->body(), s));
    o.groups = std::move(g.groups);
  }
  if (const Extension* e = ch.extensions.find(ExtensionType::signature_algorithms)) {
    TK_ASSIGN(SignatureAlgorithms sa, parse_signature_algorithms(e->body(), s));
    o.schemes = std::move(sa.schemes);
  }
  if (const Extension* e = ch.extensions.find(ExtensionType::application_layer_protocol_negotiation)) {
    TK_ASSIGN(AlpnProtocols a, parse_alpn(e->body(), s));
    o.alpn = std::move(a.protocols);
  }
  if (const Extension* e = ch.extensions.find(ExtensionType::extended_master_secret)) {
    TK_TRY(parse_extended_master_secret(e->body(), s));
    o.ems = true;
  }
  TK_ASSIGN(o.secure_renegotiation, server_check_renegotiation_info(ch));
  if (const Extension* e = ch.extensions.find(ExtensionType::ec_point_formats)) {
    TK_ASSIGN(EcPointFormats pf, parse_ec_point_formats(e->body(), s));
    // RFC 8422 §5.1.2: a list without "uncompressed" from a client that listed curves ->
    // illegal_parameter.
    if (!pf.has_uncompressed() && o.groups)
      return make_error(ErrorCode::illegal_parameter, Alert::illegal_parameter, Party::peer, s,
                        "the client's ec_point_formats lacks the uncompressed format "
                        "(RFC 8422 §5.1.2)");
    o.point_formats = true;
  }
  if (const Extension* e = ch.extensions.find(ExtensionType::session_ticket)) {
    TK_ASSIGN(SessionTicketExt t, parse_session_ticket(e->body(), s));
    o.tickets = true;
    o.ticket = std::move(t.ticket);
  }
  if (const Extension* e = ch.extensions.find(ExtensionType::record_size_limit))
    o.record_size_limit = Bytes(e->body().begin(), e->body().end());
  if (const Extension* e = ch.extensions.find(ExtensionType::status_request)) {
    TK_ASSIGN(StatusRequest sr, parse_status_request(e->body(), s));
    o.status_request = sr.status_type == kStatusTypeOcsp;
  }
  return o;
}

Result<Next<ServerTls12::Start>> ServerTls12::on_client_hello(const record::HandshakeMessage& m,
                                                              const ClientHello& ch) {
  // RFC 5246 §7.4.1.2: the null compression method MUST be offered; we select it.
  TK_TRY(check_client_hello_compression(ch, false));
  TK_ASSIGN(Offer o, read_offer(ch));
  // RFC 7627 §5.2 (a handshake_failure when EMS is required and missing).
  TK_TRY(server_check_ems(o.ems, options_.require_extended_master_secret));
  client_random_ = ch.random;
  auto& info = env_.channel.info();
  info.server_name = o.sni;
  env_.channel.decoder().set_version_rule(record::RecordVersionRule::tls12);
  // Client certificates are signed over all handshake messages (RFC 5246 §7.4.8).
  if (env_.config.client_auth != ClientAuth::none) transcript_->retain_messages(true);

  bool renew = false;
  TK_ASSIGN(std::optional<session::SessionState> st, [&]() -> Result<std::optional<session::SessionState>> {
    auto found = find_session(ch, o, renew);
    if (!found) return std::optional<session::SessionState>();
    // RFC 7627 §5.3: a session made with EMS offered without EMS is fatal.
    if (found->extended_master_secret && !o.ems)
      return make_error(ErrorCode::insufficient_security, Alert::handshake_failure, Party::peer,
                        Step::client_hello,
                        "the client tried to resume a session made with the extended master "
                        "secret without offering the extension (RFC 7627 §5.3)");
    // RFC 7627 §5.3: a session without EMS is never resumed (we issue none; one from an
    // older version or another server gets a full handshake).
    if (!found->extended_master_secret) return std::optional<session::SessionState>();
    return found;
  }());
  if (st) {
    TK_ASSIGN(ExpectChangeCipherSpec next, resume(m, ch, o, std::move(*st), renew));
    return next;
  }
  return full_handshake(m, ch, o);
}

std::optional<session::SessionState> ServerTls12::find_session(const ClientHello& ch,
                                                               const Offer& o,
                                                               bool& renew_ticket) const {
  const int64_t t = now();
  std::optional<session::SessionState> st;
  renew_ticket = false;
  // RFC 5077 §3.4: a ticket first; when it cannot be used, the session ID may be.
  if (!o.ticket.empty() && options_.ticket_keys) {
    if (auto opened = options_.ticket_keys->open_session(o.ticket, t)) {
      st = std::move(opened->first);
      renew_ticket = opened->second;
    }
  }
  if (!st && !o.session_id.empty() && options_.session_store)
    st = options_.session_store->get(o.session_id, t);
  if (!st) return std::nullopt;
  // Only a TLS 1.2 session, with a suite the client offers now and we still allow
  // (RFC 5246 §7.4.1.2: the ClientHello MUST include the session's suite).
  if (st->version != ProtocolVersion::tls1_2 || !tls12_suite(st->suite) ||
      !contains(ch.cipher_suites, st->suite) || !contains(env_.config.cipher_suites, st->suite))
    return std::nullopt;
  // RFC 6066 §3: never resume under another server name.
  if (!ascii_iequals(st->server_name, o.sni)) return std::nullopt;
  // A required client certificate must have been part of the session.
  if (env_.config.client_auth == ClientAuth::require && st->peer_chain.empty())
    return std::nullopt;
  return st;
}

void ServerTls12::add_common_extensions(const Offer& o, ExtensionList& ext) const {
  // RFC 5746 §3.6: answer the client's signal with an empty renegotiation_info.
  if (o.secure_renegotiation) ext.add(to_extension(RenegotiationInfo{}));
  // RFC 8422 §5.2: only when the client sent the extension.
  if (o.point_formats) ext.add(to_extension(EcPointFormats{{kEcPointFormatUncompressed}}));
  // RFC 8449 §4: answer the client's record_size_limit with ours.
  if (o.record_size_limit)
    ext.add(our_record_size_limit_extension(env_.config, ProtocolVersion::tls1_2));
}

Result<ServerTls12::ExpectChangeCipherSpec> ServerTls12::resume(const record::HandshakeMessage& m, const ClientHello& ch,
                                 const Offer& o, session::SessionState st, bool renew_ticket) {
  const Config& config = env_.config;
  auto& info = env_.channel.info();
  const crypto::SuiteInfo* suite = tls12_suite(st.suite);
  // ALPN is negotiated again in every handshake (RFC 7301 §3.1).
  std::optional<std::string> alpn;
  if (o.alpn) {
    TK_ASSIGN(alpn, select_alpn(config.alpn, *o.alpn));
  }
  env_.rng.fill(server_random_);
  set_downgrade_sentinel(server_random_, ProtocolVersion::tls1_2, config.max_version);
  // RFC 5077 §3.4: accepting a ticket, echo the client's session ID; for a session ID, the same.
  session_id_ = o.session_id;
  issue_ticket_ = renew_ticket && o.tickets && options_.ticket_keys;
  ems_ = st.extended_master_secret;

  ServerHello sh;
  sh.legacy_version = 0x0303;
  sh.random = server_random_;
  sh.legacy_session_id_echo = session_id_;
  sh.cipher_suite = st.suite;
  add_common_extensions(o, sh.extensions);
  if (o.record_size_limit)
    TK_TRY(apply_record_size_limits(env_.channel, env_.config, ProtocolVersion::tls1_2,
                                    *o.record_size_limit, Step::client_hello));
  if (ems_) sh.extensions.add(extended_master_secret_extension());
  if (issue_ticket_) sh.extensions.add(empty_extension(ExtensionType::session_ticket));
  if (alpn) sh.extensions.add(to_extension(AlpnProtocols{{*alpn}}));
  // RFC 6066 §3: "When resuming a session, the server MUST NOT include a server_name
  // extension in the server hello."
  sh.has_extension_block = !sh.extensions.empty();

  transcript_->add(m.bytes);
  TK_TRY(set_suite(*suite));
  stage_message(HandshakeType::server_hello, [&](ByteWriter& w) { write_server_hello(sh, w); });

  resumed_ = true;
  info.resumed = true;
  info.extended_master_secret = ems_;
  if (alpn) info.alpn = *alpn;
  session_created_ = st.created;
  peer_chain_ = st.peer_chain;
  peer_verified_ = st.peer_verified;
  info.peer_chain = st.peer_chain;
  info.peer_verified = st.peer_verified;
  use_master_secret(st.secret);
  TK_TRY(derive_keys());
  if (issue_ticket_) stage_new_session_ticket();
  TK_TRY(stage_ccs_and_finished());
  TK_TRY(env_.channel.commit());
  (void)ch;
  // The client certificate of a resumed session was checked in its original handshake.
  return ExpectChangeCipherSpec{};
}

Result<Next<ServerTls12::Start>> ServerTls12::full_handshake(const record::HandshakeMessage& m, const ClientHello& ch,
                                         const Offer& o) {
  const Config& config = env_.config;
  auto& info = env_.channel.info();
  const std::span<const SignatureScheme> offered_schemes =
      o.schemes ? std::span<const SignatureScheme>(*o.schemes) : std::span<const SignatureScheme>();
  const ClientHelloInfo hello{o.sni, offered_schemes, ProtocolVersion::tls1_2};
  TK_ASSIGN(auto candidates, certificate_candidates(config, hello, Step::client_hello));
  TK_ASSIGN(Tls12Choice choice, select_tls12_suite(ch.cipher_suites, config.cipher_suites,
                                                   candidates, o.schemes, o.groups));
  TK_ASSIGN(NamedGroup group, select_tls12_group(o.groups, config.groups, env_.provider));
  std::optional<std::string> alpn;
  if (o.alpn) {
    TK_ASSIGN(alpn, select_alpn(config.alpn, *o.alpn));
  }
  TK_ASSIGN(share_, env_.provider.generate_key_share(group, env_.rng));

  env_.rng.fill(server_random_);
  // RFC 8446 §4.1.3: a server that could do TLS 1.3 marks its TLS 1.2 random.
  set_downgrade_sentinel(server_random_, ProtocolVersion::tls1_2, config.max_version);
  // RFC 7627 §5.3: a session without EMS gets no session ID and no ticket, so it is never
  // resumed (the triple handshake attack needs a resumption or a renegotiation).
  if (options_.session_store && o.ems) {
    session_id_.resize(session::kMaxSessionIdSize);
    env_.rng.fill(session_id_);
  }
  issue_ticket_ = o.tickets && options_.ticket_keys && o.ems;
  ems_ = o.ems;
  const CertifiedKey& cert = *choice.cert;
  bool staple = o.status_request && !cert.ocsp_response.empty();

  ServerHello sh;
  sh.legacy_version = 0x0303;
  sh.random = server_random_;
  sh.legacy_session_id_echo = session_id_;
  sh.cipher_suite = choice.suite->suite;
  add_common_extensions(o, sh.extensions);
  if (o.record_size_limit)
    TK_TRY(apply_record_size_limits(env_.channel, env_.config, ProtocolVersion::tls1_2,
                                    *o.record_size_limit, Step::client_hello));
  if (ems_) sh.extensions.add(extended_master_secret_extension());
  if (issue_ticket_) sh.extensions.add(empty_extension(ExtensionType::session_ticket));
  if (alpn) sh.extensions.add(to_extension(AlpnProtocols{{*alpn}}));
  // RFC 6066 §3: an empty server_name tells the client its name was used.
  if (!o.sni.empty()) sh.extensions.add(empty_extension(ExtensionType::server_name));
  if (staple) sh.extensions.add(empty_extension(ExtensionType::status_request));
  sh.has_extension_block = !sh.extensions.empty();

  transcript_->add(m.bytes);
  TK_TRY(set_suite(*choice.suite));
  stage_message(HandshakeType::server_hello, [&](ByteWriter& w) { write_server_hello(sh, w); });

  Certificate12 c;
  for (const auto& der : cert.chain) c.certificates.push_back(der);
  stage_message(HandshakeType::certificate, [&](ByteWriter& w) { write_certificate12(c, w); });
  if (staple)
    stage_message(HandshakeType::certificate_status, [&](ByteWriter& w) {
      write_certificate_status(CertificateStatus{kStatusTypeOcsp, cert.ocsp_response}, w);
    });

  ServerKeyExchange ske;
  ske.group = group;
  ske.public_point = share_->public_share();
  ske.scheme = choice.scheme;
  TK_ASSIGN(Bytes sig, sign_server_key_exchange(*cert.key, choice.scheme, client_random_,
                                                server_random_, ske));
  ske.signature = sig;
  stage_message(HandshakeType::server_key_exchange,
                [&](ByteWriter& w) { write_server_key_exchange(ske, w); });

  if (config.client_auth != ClientAuth::none) {
    CertificateRequest12 cr;
    cr.certificate_types = {static_cast<uint8_t>(ClientCertificateType::ecdsa_sign),
                            static_cast<uint8_t>(ClientCertificateType::rsa_sign)};
    cr_schemes_ = tls12_accepted_schemes(config.signature_schemes);
    cr.signature_algorithms = cr_schemes_;
    stage_message(HandshakeType::certificate_request,
                  [&](ByteWriter& w) { write_certificate_request12(cr, w); });
    info.client_cert_requested = true;
  }
  stage_message(HandshakeType::server_hello_done, [&](ByteWriter& w) { write_server_hello_done(w); });
  TK_TRY(env_.channel.commit());

  info.group = group;
  info.local_signature_scheme = choice.scheme;
  info.extended_master_secret = ems_;
  if (alpn) info.alpn = *alpn;
  if (config.client_auth != ClientAuth::none) return ExpectCertificate{};
  return ExpectClientKeyExchange{};
}

Result<void> ServerTls12::on_handshake(const record::HandshakeMessage& m) {
  return dispatch(*this, state_, m, step());
}

Result<void> ServerTls12::on_change_cipher_spec() { return dispatch_ccs(*this, state_, step()); }

Result<Next<ServerTls12::ExpectChangeCipherSpec>> ServerTls12::handle_ccs(
    ExpectChangeCipherSpec& st) {
  TK_TRY(install_peer_keys());
  return ExpectFinished{std::move(st.client)};
}

Result<Next<ServerTls12::ExpectCertificate>> ServerTls12::handle(
    ExpectCertificate&, const record::HandshakeMessage& m) {
  const Step s = Step::client_certificate;
  TK_ASSIGN(Certificate12 cert, parse_certificate12(m.body(), s));
  auto& info = env_.channel.info();
  transcript_->add(m.bytes);
  if (cert.certificates.empty()) {
    if (env_.config.client_auth == ClientAuth::require)
      // RFC 5246 §7.4.6: the server may "respond with a fatal handshake_failure alert".
      return make_error(ErrorCode::certificate_required, Alert::handshake_failure, Party::peer, s,
                        "the client sent no certificate, and this server requires one");
    return ExpectClientKeyExchange{std::nullopt};
  }
  info.client_cert_sent = true;
  peer_chain_.clear();
  for (ByteView c : cert.certificates) peer_chain_.emplace_back(c.begin(), c.end());
  info.peer_chain = peer_chain_;
  TK_ASSIGN(ByteView spki, extract_spki(peer_chain_.front()));
  client_spki_.assign(spki.begin(), spki.end());
  TK_ASSIGN(ChainChecked chain, check_peer_chain(env_.config, peer_chain_, "", CertPurpose::client,
                                                 {}, now(), info));
  peer_verified_ = chain.verified();
  return ExpectClientKeyExchange{chain};
}

Result<Next<ServerTls12::ExpectClientKeyExchange>> ServerTls12::handle(
    ExpectClientKeyExchange& st, const record::HandshakeMessage& m) {
  const Step s = Step::client_key_exchange;
  TK_ASSIGN(ClientKeyExchange cke, parse_client_key_exchange(m.body()));
  auto pms = share_->decapsulate(cke.public_point);
  if (!pms) {
    // RFC 8422 §5.7 / §5.11: an invalid point -> illegal_parameter (the provider's alert).
    Error e = std::move(pms).error();
    e.party = Party::peer;
    e.step = s;
    e.detail = "the client's ECDHE public key is invalid: " + e.detail;
    return e;
  }
  share_.reset();
  transcript_->add(m.bytes);
  TK_TRY(derive_master_secret(*pms, ems_));
  TK_TRY(derive_keys());
  if (st.chain) return ExpectCertificateVerify{*st.chain};
  return ExpectChangeCipherSpec{};
}

Result<Next<ServerTls12::ExpectCertificateVerify>> ServerTls12::handle(
    ExpectCertificateVerify& st, const record::HandshakeMessage& m) {
  TK_ASSIGN(CertificateVerify cv, parse_certificate_verify(m.body(), Step::client_certificate_verify));
  TK_ASSIGN(SignatureVerified sig,
            verify_certificate_verify12(env_.provider, cv.algorithm, cr_schemes_, client_spki_,
                                        transcript_->messages(), cv.signature));
  env_.channel.info().peer_signature_scheme = cv.algorithm;
  transcript_->add(m.bytes);
  transcript_->retain_messages(false);
  return ExpectChangeCipherSpec{ClientAuthenticated{st.chain, sig}};
}

void ServerTls12::stage_new_session_ticket() {
  session::SessionState st = make_session_state();
  Bytes ticket;
  auto sealed = options_.ticket_keys->seal_session_compact(st, env_.rng, now());
  if (sealed) ticket = std::move(*sealed);
  uint32_t hint = std::min(st.remaining_lifetime(now()), options_.ticket_keys->options().ticket_lifetime);
  // RFC 5077 §3.3: an empty ticket when we could not make one; the client will not resume.
  stage_message(HandshakeType::new_session_ticket, [&](ByteWriter& w) {
    write_new_session_ticket12(NewSessionTicket12{ticket.empty() ? 0 : hint, ticket}, w);
  });
}

Result<Next<ServerTls12::ExpectFinished>> ServerTls12::handle(ExpectFinished& st,
                                                             const record::HandshakeMessage& m) {
  TK_ASSIGN(FinishedVerified fin, check_peer_finished(m));
  if (!resumed_) {
    if (issue_ticket_) stage_new_session_ticket();
    TK_TRY(stage_ccs_and_finished());
    TK_TRY(env_.channel.commit());
    if (options_.session_store && !session_id_.empty())
      options_.session_store->put(session_id_, make_session_state());
  }
  finish_handshake();
  return Connected{std::move(st.client), fin};
}

Result<Next<ServerTls12::Connected>> ServerTls12::handle(Connected& st,
                                                        const record::HandshakeMessage& m) {
  TK_TRY(on_post_handshake(m));
  return std::move(st);
}

}  // namespace tlskit::handshake
