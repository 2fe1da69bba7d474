// The TLS 1.3 server states (RFC 8446 §4): negotiation, HelloRetryRequest and the checks on
// the second ClientHello, the server flight, client Certificate / CertificateVerify / Finished.
#include "handshake/server_tls13.h"

#include <algorithm>
#include <vector>

#include "handshake/alpn.h"
#include "handshake/cert_compression.h"
#include "handshake/early_data.h"
#include "handshake/record_size_limit.h"
#include "handshake/name_list.h"
#include "handshake/signature_selection.h"
#include "handshake/spki_extract.h"
#include "wire/ext_alpn.h"
#include "wire/ext_cookie.h"
#include "wire/ext_early_data.h"
#include "wire/ext_extended_master_secret.h"
#include "wire/ext_key_share.h"
#include "wire/ext_server_name.h"
#include "wire/ext_signature_algorithms.h"
#include "wire/ext_status_request.h"
#include "wire/ext_supported_groups.h"
#include "wire/ext_supported_versions.h"
#include "wire/extension_rules.h"
#include "wire/handshake_header.h"
#include "wire/msg_certificate.h"
#include "wire/msg_certificate_request.h"
#include "wire/msg_certificate_verify.h"
#include "wire/msg_encrypted_extensions.h"
#include "wire/msg_end_of_early_data.h"
#include "session/server_session_store.h"
#include "session/ticket_keys.h"
#include "wire/msg_new_session_ticket.h"
#include "wire/msg_server_hello.h"

namespace tlskit::handshake {
namespace {

// Size of the cookie we put in a HelloRetryRequest (RFC 8446 §4.2.2).
constexpr size_t kCookieSize = 32;

Error illegal(Step step, std::string detail) {
  return make_error(ErrorCode::illegal_parameter, Alert::illegal_parameter, Party::peer, step,
                    std::move(detail));
}

Error missing(Step step, std::string detail) {
  return make_error(ErrorCode::missing_extension, Alert::missing_extension, Party::peer, step,
                    std::move(detail));
}

template <typename T>
bool contains(const std::vector<T>& v, T x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// RFC 8446 §4.2.7: the obsolete_RESERVED ranges of NamedGroup (0x0001..0x0016,
// 0x001A..0x001C, 0xFF01..0xFF02) "MUST NOT be offered or negotiated by TLS 1.3
// implementations".
bool obsolete_in_tls13(NamedGroup g) {
  const auto v = static_cast<uint16_t>(g);
  return (v >= 0x0001 && v <= 0x0016) || (v >= 0x001A && v <= 0x001C) ||
         (v >= 0xFF01 && v <= 0xFF02);
}

// True when the ClientHello's supported_versions offers TLS 1.2 or lower besides TLS 1.3, so
// its supported_groups may legitimately list groups for the older version.
Result<bool> offers_pre_tls13(const ExtensionList& x, Step s) {
  const Extension* e = x.find(ExtensionType::supported_versions);
  if (!e) return true;
  TK_ASSIGN(SupportedVersionsClient sv, parse_supported_versions_client(e->body(), s));
  for (ProtocolVersion v : sv.versions)
    if (static_cast<uint16_t>(v) < static_cast<uint16_t>(ProtocolVersion::tls1_3)) return true;
  return false;
}

// A key share for an obsolete group is always wrong in TLS 1.3; an obsolete group in
// supported_groups is wrong when the client offers TLS 1.3 alone (RFC 8446 §4.2.7).
Result<void> check_no_obsolete_groups(const SupportedGroups& groups, const KeyShareClient& shares,
                                      const ExtensionList& x, Step s) {
  for (const auto& e : shares.shares)
    if (obsolete_in_tls13(e.group))
      return illegal(s, "the client sent a TLS 1.3 key share for " + group_name(e.group) +
                            ", a group TLS 1.3 made obsolete (RFC 8446 §4.2.7)");
  TK_ASSIGN(bool older_too, offers_pre_tls13(x, s));
  if (older_too) return ok();
  for (NamedGroup g : groups.groups)
    if (obsolete_in_tls13(g))
      return illegal(s, "the client offers only TLS 1.3 but lists " + group_name(g) +
                            " in supported_groups, a group TLS 1.3 made obsolete "
                            "(RFC 8446 §4.2.7)");
  return ok();
}

std::string suite_list(std::span<const CipherSuite> s) {
  return name_list(s, [](CipherSuite x) { return cipher_suite_name(x); });
}

std::string group_list(std::span<const NamedGroup> g) {
  return name_list(g, [](NamedGroup x) { return group_name(x); });
}

// Extensions that may differ between ClientHello1 and ClientHello2 (RFC 8446 §4.1.2).
bool may_change_after_hrr(ExtensionType t) {
  return t == ExtensionType::key_share || t == ExtensionType::early_data ||
         t == ExtensionType::cookie || t == ExtensionType::pre_shared_key ||
         t == ExtensionType::padding;
}

}  // namespace

ServerTls13::ServerTls13(EngineEnv env) : Tls13Common(std::move(env), true) {}

Step ServerTls13::step() const { return state_step(state_); }

bool ServerTls13::after_handshake() const {
  return std::holds_alternative<Connected>(state_) ||
         std::holds_alternative<PhaExpectCertificate>(state_) ||
         std::holds_alternative<PhaExpectCertificateVerify>(state_) ||
         std::holds_alternative<PhaExpectFinished>(state_);
}

bool ServerTls13::handshake_complete() const { return after_handshake(); }

bool ServerTls13::ccs_allowed() const {
  // RFC 8446 §5: after the first ClientHello and before the client's Finished.
  return !after_handshake();
}

bool ServerTls13::application_data_allowed() const {
  // Early data is application data too, while 0-RTT is accepted (RFC 8446 §4.2.10).
  return after_handshake() || std::holds_alternative<ExpectEndOfEarlyData>(state_);
}

Result<void> ServerTls13::on_application_data(size_t bytes) {
  if (std::holds_alternative<ExpectEndOfEarlyData>(state_)) {
    EarlyDataInfo& early = env_.channel.info().early_data;
    early.bytes += bytes;
    // RFC 8446 §4.2.10: more than max_early_data_size -> unexpected_message.
    if (early.bytes > env_.config.max_early_data_size)
      return make_error(ErrorCode::unexpected_message, Alert::unexpected_message, Party::peer,
                        Step::end_of_early_data,
                        "the client sent " + std::to_string(early.bytes) +
                            " bytes of early data; our tickets allow " +
                            std::to_string(env_.config.max_early_data_size));
  }
  return Tls13Common::on_application_data(bytes);
}

Result<void> ServerTls13::on_handshake(const record::HandshakeMessage& m) {
  return dispatch(*this, state_, m, step());
}

Result<ServerTls13::Negotiated> ServerTls13::negotiate(const ClientHello& ch, Step s) {
  // RFC 8446 §4.1.2: legacy_compression_methods must be exactly {0} in TLS 1.3.
  TK_TRY(check_client_hello_compression(ch, true));
  const ExtensionList& x = ch.extensions;
  const Extension* sg_ext = x.find(ExtensionType::supported_groups);
  const Extension* ks_ext = x.find(ExtensionType::key_share);
  const Extension* sa_ext = x.find(ExtensionType::signature_algorithms);
  const bool psk_offered = x.contains(ExtensionType::pre_shared_key);
  // RFC 8446 §9.2: without pre_shared_key, a ClientHello must carry signature_algorithms and
  // supported_groups; supported_groups and key_share come together. A psk_ke client may send
  // none of them.
  if (!sa_ext && !psk_offered)
    return missing(s, "the ClientHello has no signature_algorithms extension");
  if (!sg_ext && !psk_offered) return missing(s, "the ClientHello has no supported_groups extension");
  if (sg_ext && !ks_ext) return missing(s, "the ClientHello has no key_share extension");
  if (ks_ext && !sg_ext) return missing(s, "the ClientHello has key_share but no supported_groups");
  // RFC 8446 §4.2.9: a PSK offer requires psk_key_exchange_modes.
  if (psk_offered && !x.contains(ExtensionType::psk_key_exchange_modes))
    return missing(s, "the ClientHello offers a PSK without psk_key_exchange_modes");
  SupportedGroups groups;
  KeyShareClient shares;
  SignatureAlgorithms schemes;
  if (sg_ext) {
    TK_ASSIGN(groups, parse_supported_groups(sg_ext->body(), s));
    TK_ASSIGN(shares, parse_key_share_client(ks_ext->body(), s));
  }
  if (sa_ext) {
    TK_ASSIGN(schemes, parse_signature_algorithms(sa_ext->body(), s));
  }
  // RFC 8446 §4.2.8: every KeyShareEntry must be for a group in supported_groups.
  for (const auto& e : shares.shares)
    if (!contains(groups.groups, e.group))
      return illegal(s, "the client sent a key share for " + group_name(e.group) +
                            ", which is not in its supported_groups");
  TK_TRY(check_no_obsolete_groups(groups, shares, x, s));

  Negotiated n;
  n.suite = first_tls13_suite(env_.config.cipher_suites, ch.cipher_suites);
  if (!n.suite)
    return make_error(ErrorCode::no_common_cipher, Alert::handshake_failure, Party::peer, s,
                      "the client offers cipher suites [" + suite_list(ch.cipher_suites) +
                          "]; this server accepts only [" + suite_list(env_.config.cipher_suites) +
                          "] for TLS 1.3");
  // Group: a share the client sent for our most preferred group it shared; otherwise ask
  // (HelloRetryRequest) for our most preferred group among its supported_groups.
  bool found = false;
  for (NamedGroup g : env_.config.groups) {
    for (const auto& e : shares.shares)
      if (e.group == g) {
        n.group = g;
        n.client_share = e.key_exchange;
        found = true;
        break;
      }
    if (found) break;
  }
  if (!found) {
    for (NamedGroup g : env_.config.groups)
      if (contains(groups.groups, g)) {
        n.group = g;
        found = true;
        break;
      }
  }
  // Without a common group only a psk_ke resumption can go on (decided once the PSK is known).
  if (!found && !psk_offered)
    return make_error(ErrorCode::no_common_group, Alert::handshake_failure, Party::peer, s,
                      "the client supports groups [" + group_list(groups.groups) +
                          "]; this server accepts only [" + group_list(env_.config.groups) + "]");
  n.group_chosen = found;

  auto& info = env_.channel.info();
  std::string sni;
  if (const Extension* e = x.find(ExtensionType::server_name)) {
    TK_ASSIGN(ServerNameList names, parse_server_name(e->body(), s));
    sni = names.host_name;
  }
  info.server_name = sni;
  // RFC 8446 §4.2.6: the client is willing to authenticate after the handshake.
  if (const Extension* e = x.find(ExtensionType::post_handshake_auth)) {
    TK_TRY(parse_post_handshake_auth(e->body(), s));
    info.post_handshake_auth.offered = true;
  }
  // A certificate for a full handshake; a psk_ke client that sent no signature_algorithms can
  // only resume (checked once the PSK is known).
  if (sa_ext) {
    const ClientHelloInfo hello{sni, schemes.schemes, ProtocolVersion::tls1_3};
    TK_ASSIGN(auto candidates, certificate_candidates(env_.config, hello, s));
    TK_ASSIGN(n.cert, choose_certificate(candidates, schemes.schemes));
  }
  if (!sni.empty() && n.cert.cert) {
    auto names = extract_dns_names(n.cert.cert->chain.front());
    if (names)
      for (const auto& pat : *names) n.sni_matched |= dns_name_matches(pat, sni);
  }
  if (const Extension* e = x.find(ExtensionType::application_layer_protocol_negotiation)) {
    TK_ASSIGN(AlpnProtocols protos, parse_alpn(e->body(), s));
    TK_ASSIGN(n.alpn, select_alpn(env_.config.alpn, protos.protocols));
  }
  if (const Extension* e = x.find(ExtensionType::status_request)) {
    TK_ASSIGN(StatusRequest sr, parse_status_request(e->body(), s));
    n.ocsp_requested = sr.status_type == kStatusTypeOcsp;
  }
  return n;
}

Result<void> ServerTls13::on_first_client_hello(const record::HandshakeMessage& m,
                                                const ClientHello& ch) {
  auto* start = std::get_if<Start>(&state_);
  if (!start)
    return unexpected_in_state(step(), "no first ClientHello", "a first ClientHello");
  TK_ASSIGN(Next<Start> next, first_client_hello(m, ch));
  enter(state_, std::move(next));
  return ok();
}

Result<Next<ServerTls13::Start>> ServerTls13::handle(Start&, const record::HandshakeMessage& m) {
  TK_ASSIGN(ClientHello ch, parse_client_hello(m.body()));
  return first_client_hello(m, ch);
}

Result<Next<ServerTls13::Start>> ServerTls13::first_client_hello(const record::HandshakeMessage& m,
                                                                 const ClientHello& ch) {
  const Step s = Step::client_hello;
  client_random_ = ch.random;
  session_id_size_ = ch.legacy_session_id.size();
  std::copy(ch.legacy_session_id.begin(), ch.legacy_session_id.end(), session_id_.begin());
  TK_ASSIGN(Negotiated n, negotiate(ch, s));
  // A PSK is considered only with a usable key share, or for psk_ke: after a HelloRetryRequest
  // the second ClientHello's binder covers the retry (RFC 8446 §4.2.11.2).
  if (!n.client_share.empty() || psk_ke_possible(env_.config, ch)) TK_TRY(choose_psk(n, ch, m));
  const bool psk_ke = n.psk && n.psk->psk_ke;
  decide_early_data(ch, n, n.client_share.empty() && !psk_ke);
  transcript_->add(m.bytes);
  if (!psk_ke) TK_TRY(check_full_key_exchange(n, s));
  if (n.client_share.empty() && !psk_ke) {
    TK_ASSIGN(ExpectClientHello2 next, send_hello_retry_request(ch, n, m));
    return next;
  }
  TK_TRY(send_server_flight(ch, n));
  if (n.early_data) return ExpectEndOfEarlyData{};
  return after_server_flight<Next<Start>>();
}

Result<void> ServerTls13::check_full_key_exchange(const Negotiated& n, Step s) const {
  // A ClientHello that could only be resumed with psk_ke (RFC 8446 §9.2 lets it omit these).
  if (!n.group_chosen)
    return make_error(ErrorCode::no_common_group, Alert::handshake_failure, Party::peer, s,
                      "the client offered a PSK this server cannot use for psk_ke and no key "
                      "exchange group it accepts");
  // RFC 8446 §9.2 / §4.2.3: signature_algorithms is needed only when the server authenticates
  // with a certificate, not when a PSK was accepted (psk_dhe_ke).
  if (!n.cert.cert && !n.psk)
    return missing(s, "the ClientHello has no signature_algorithms extension, which a "
                      "handshake that is not resumed needs (RFC 8446 §9.2)");
  return ok();
}

void ServerTls13::decide_early_data(const ClientHello& ch, Negotiated& n, bool hello_retry) {
  if (!ch.extensions.contains(ExtensionType::early_data)) return;
  EarlyDataInfo& early = env_.channel.info().early_data;
  early.offered = true;
  early.reason = server_early_data_decision(
      env_, EarlyDataOffer{n.psk ? &*n.psk : nullptr, hello_retry, n.suite->suite,
                           n.alpn ? std::string_view(*n.alpn) : std::string_view()});
  n.early_data = early.reason == EarlyDataReason::none;
  early.accepted = n.early_data;
  // RFC 8446 §4.2.10: a server that refuses 0-RTT skips the early data records (they do not
  // open with the handshake keys), up to what it could have allowed.
  if (!n.early_data)
    env_.channel.decoder().skip_early_data(early_data_skip_budget(env_.config));
  env_.channel.note_event(EventKind::early_data, Direction::received);
}

Result<ServerTls13::ExpectClientHello2> ServerTls13::send_hello_retry_request(const ClientHello& ch, const Negotiated& n,
                                                   const record::HandshakeMessage& m) {
  TK_TRY(set_suite(n.suite->suite));
  // RFC 8446 §4.4.1: ClientHello1 is replaced by message_hash(Hash(ClientHello1)).
  TK_TRY(transcript_->replace_with_message_hash());
  ExpectClientHello2 next;
  next.ch1_body.assign(m.body().begin(), m.body().end());
  next.group = n.group;
  next.cookie.resize(kCookieSize);
  env_.rng.fill(next.cookie);

  ServerHello hrr;
  hrr.random = kHelloRetryRequestRandom;
  hrr.legacy_session_id_echo = ByteView(session_id_.data(), session_id_size_);
  hrr.cipher_suite = n.suite->suite;
  hrr.extensions.add(to_extension(SupportedVersionsServer{ProtocolVersion::tls1_3}));
  hrr.extensions.add(to_extension(KeyShareHelloRetryRequest{n.group}));
  hrr.extensions.add(to_extension(Cookie{next.cookie}));
  stage_message(HandshakeType::server_hello, [&](ByteWriter& w) { write_server_hello(hrr, w); });
  // RFC 8446 §D.4: the compatibility CCS follows our first handshake message.
  if (env_.config.middlebox_compat && session_id_size_ > 0) {
    env_.channel.stage_ccs();
    ccs_sent_ = true;
  }
  TK_TRY(env_.channel.commit());
  auto& info = env_.channel.info();
  info.hello_retry = true;
  info.hello_retry_group = n.group;
  (void)ch;
  return next;
}

Result<Next<ServerTls13::ExpectClientHello2>> ServerTls13::handle(
    ExpectClientHello2& st, const record::HandshakeMessage& m) {
  const Step s = Step::client_hello;
  env_.channel.decoder().stop_skipping_early_data();
  TK_ASSIGN(ClientHello ch2, parse_client_hello(m.body()));
  TK_ASSIGN(ClientHello ch1, parse_client_hello(st.ch1_body));
  // RFC 8446 §4.1.2: the second ClientHello must repeat the first, except for key_share,
  // early_data (removed), cookie (added), pre_shared_key and padding.
  auto changed = [&](const char* what) {
    return illegal(s, std::string("the second ClientHello changed ") + what +
                          " (RFC 8446 §4.1.2 allows only key_share, cookie, early_data, "
                          "pre_shared_key and padding to change)");
  };
  if (ch1.legacy_version != ch2.legacy_version) return changed("legacy_version");
  if (ch1.random != ch2.random) return changed("random");
  if (!std::equal(ch1.legacy_session_id.begin(), ch1.legacy_session_id.end(),
                  ch2.legacy_session_id.begin(), ch2.legacy_session_id.end()))
    return changed("legacy_session_id");
  if (ch1.cipher_suites != ch2.cipher_suites) return changed("cipher_suites");
  if (!std::equal(ch1.legacy_compression_methods.begin(), ch1.legacy_compression_methods.end(),
                  ch2.legacy_compression_methods.begin(), ch2.legacy_compression_methods.end()))
    return changed("legacy_compression_methods");
  for (const Extension& e1 : ch1.extensions.items) {
    if (may_change_after_hrr(e1.type)) continue;
    const Extension* e2 = ch2.extensions.find(e1.type);
    if (!e2 || !std::equal(e1.body().begin(), e1.body().end(), e2->body().begin(), e2->body().end()))
      return changed(("the " + extension_name(e1.type) + " extension").c_str());
  }
  for (const Extension& e2 : ch2.extensions.items)
    if (!may_change_after_hrr(e2.type) && !ch1.extensions.contains(e2.type))
      return changed(("its extensions (added " + extension_name(e2.type) + ")").c_str());
  // "Without modification" covers the order too: the extensions that must stay must also
  // stay in the same order (clients that permute extensions keep one order per handshake).
  {
    auto kept = [](const ClientHello& ch) {
      std::vector<ExtensionType> order;
      for (const Extension& e : ch.extensions.items)
        if (!may_change_after_hrr(e.type)) order.push_back(e.type);
      return order;
    };
    if (kept(ch1) != kept(ch2)) return changed("the order of its extensions");
  }
  // RFC 8446 §4.2.10: no early data after a HelloRetryRequest.
  if (ch2.extensions.contains(ExtensionType::early_data))
    return illegal(s, "the second ClientHello offers early_data after a HelloRetryRequest");
  // RFC 8446 §4.2.2: the cookie must be echoed.
  const Extension* ck = ch2.extensions.find(ExtensionType::cookie);
  if (!ck) return missing(s, "the second ClientHello does not echo our cookie");
  TK_ASSIGN(Cookie cookie, parse_cookie(ck->body(), s));
  if (!constant_time_equal(cookie.cookie, st.cookie))
    return illegal(s, "the second ClientHello carries a cookie we did not send");
  // RFC 8446 §4.1.4 / §4.2.8: exactly one key share, for the group we asked for.
  if (const Extension* ks = ch2.extensions.find(ExtensionType::key_share)) {
    TK_ASSIGN(KeyShareClient shares, parse_key_share_client(ks->body(), s));
    if (shares.shares.size() != 1 || shares.shares[0].group != st.group)
      return illegal(s, "the second ClientHello must carry exactly one key share, for " +
                            group_name(st.group) + " (the group our HelloRetryRequest asked for)");
  }
  TK_ASSIGN(Negotiated n, negotiate(ch2, s));
  if (!n.client_share.empty() && n.suite->suite == suite_->suite) TK_TRY(choose_psk(n, ch2, m));
  transcript_->add(m.bytes);
  if (n.client_share.empty() || n.group != st.group)
    return illegal(s, "the second ClientHello has no key share for " + group_name(st.group));
  if (n.suite->suite != suite_->suite)
    return illegal(s, "the second ClientHello led to another cipher suite");
  TK_TRY(send_server_flight(ch2, n));
  return after_server_flight<Next<ExpectClientHello2>>();
}

Result<void> ServerTls13::choose_psk(Negotiated& n, const ClientHello& ch,
                                     const record::HandshakeMessage& m) {
  const bool have_share = !n.client_share.empty();
  TK_ASSIGN(n.psk, server_accept_psk(env_, ch, m.bytes, *transcript_, n.suite->hash,
                                     env_.channel.info().server_name, n.alpn.value_or(""),
                                     have_share));
  if (n.psk || suite_) return ok();  // after a HelloRetryRequest the suite is fixed
  // RFC 8446 §4.2.11: the suite must use the PSK's hash; try our next suite of another hash
  // the client offered, so a SHA-384 PSK still resumes when we prefer a SHA-256 suite.
  for (CipherSuite cs : env_.config.cipher_suites) {
    const auto* info = crypto::find_suite(cs);
    if (!info || info->version != ProtocolVersion::tls1_3 || info->hash == n.suite->hash ||
        !contains(ch.cipher_suites, cs))
      continue;
    TK_ASSIGN(n.psk, server_accept_psk(env_, ch, m.bytes, *transcript_, info->hash,
                                       env_.channel.info().server_name, n.alpn.value_or(""),
                                       have_share));
    if (n.psk) {
      n.suite = info;
      break;
    }
  }
  return ok();
}

Result<void> ServerTls13::send_server_flight(const ClientHello& ch, const Negotiated& n) {
  const Step s = Step::client_hello;
  auto& info = env_.channel.info();
  // psk_ke (RFC 8446 §4.2.9): no (EC)DHE; the handshake secret comes from the PSK alone.
  const bool psk_ke = n.psk && n.psk->psk_ke;
  crypto::Encapsulation encap;
  if (!psk_ke) {
    auto e = env_.provider.encapsulate(n.group, n.client_share, env_.rng);
    if (!e) {
      Error err = std::move(e).error();
      err.step = s;
      err.party = err.code == ErrorCode::crypto_failure ? Party::us : Party::peer;
      return err;
    }
    encap = std::move(*e);
  }
  if (!suite_) TK_TRY(set_suite(n.suite->suite));
  if (n.early_data) {
    // RFC 8446 §7.1: client_early_traffic_secret over the ClientHello alone.
    TK_ASSIGN(Digest ch_hash, transcript_->current());
    TK_TRY(derive_early_secrets(suite_->hash, n.psk->state.secret, ch_hash));
  }

  // ServerHello (RFC 8446 §4.1.3).
  ServerHello sh;
  env_.rng.fill(sh.random);
  sh.legacy_session_id_echo = ByteView(session_id_.data(), session_id_size_);
  sh.cipher_suite = n.suite->suite;
  sh.extensions.add(to_extension(SupportedVersionsServer{ProtocolVersion::tls1_3}));
  if (!psk_ke)
    sh.extensions.add(to_extension(KeyShareServer{KeyShareEntry{n.group, encap.server_share}}));
  if (n.psk) sh.extensions.add(to_extension(PreSharedKeyServer{n.psk->index}));
  stage_message(HandshakeType::server_hello, [&](ByteWriter& w) { write_server_hello(sh, w); });
  if (env_.config.middlebox_compat && session_id_size_ > 0 && !ccs_sent_) {
    env_.channel.stage_ccs();  // RFC 8446 §D.4
    ccs_sent_ = true;
  }
  resumed_ = n.psk.has_value();
  session_created_ = resumed_ ? n.psk->state.created : env_.clock.unix_seconds();
  TK_TRY(derive_handshake_secrets(encap.shared_secret,
                                  resumed_ ? ByteView(n.psk->state.secret) : ByteView()));
  if (resumed_) {
    // The peer's identity comes from the session (RFC 8446 §2.2).
    info.resumed = true;
    info.peer_chain = n.psk->state.peer_chain;
    info.peer_verified = n.psk->state.peer_verified;
  }
  TK_ASSIGN(record::ProtectionKeys hs_write, keys_for(server_hs_));
  env_.channel.stage_write_keys(std::move(hs_write));

  // EncryptedExtensions (RFC 8446 §4.3.1).
  EncryptedExtensions ee;
  if (n.alpn) ee.extensions.add(to_extension(AlpnProtocols{{*n.alpn}}));
  // RFC 6066 §3: acknowledge server_name when we used it to pick the certificate.
  if (n.sni_matched) ee.extensions.add_empty(ExtensionType::server_name);
  // RFC 8446 §4.2.10: an empty early_data extension says the early data is accepted.
  if (n.early_data) ee.extensions.add_empty(ExtensionType::early_data);
  // RFC 8449 §4: answer the client's record_size_limit with ours; its value bounds our records
  // from this flight on.
  if (const Extension* e = ch.extensions.find(ExtensionType::record_size_limit)) {
    ee.extensions.add(our_record_size_limit_extension(env_.config, ProtocolVersion::tls1_3));
    TK_TRY(apply_record_size_limits(env_.channel, env_.config, ProtocolVersion::tls1_3, e->body(), s));
  }
  stage_message(HandshakeType::encrypted_extensions,
                [&](ByteWriter& w) { write_encrypted_extensions(ee, w); });

  // CertificateRequest (RFC 8446 §4.3.2).
  // RFC 8446 §4.3.2, §2.2: a resumed handshake authenticates with the PSK, no certificates.
  const bool want_client_cert = !resumed_ && env_.config.client_auth != ClientAuth::none;
  if (want_client_cert) {
    CertificateRequest13 cr = our_certificate_request({});
    stage_message(HandshakeType::certificate_request,
                  [&](ByteWriter& w) { write_certificate_request13(cr, w); });
    info.client_cert_requested = true;
  }

  if (!resumed_) {
    // Certificate (RFC 8446 §4.4.2), with the OCSP staple on the leaf when asked (§4.4.2.1).
    const CertifiedKey& ck = *n.cert.cert;
    Certificate13 cert;
    for (size_t i = 0; i < ck.chain.size(); ++i) {
      CertificateEntry e{ck.chain[i], {}};
      if (i == 0 && n.ocsp_requested && !ck.ocsp_response.empty())
        e.extensions.add(to_extension(CertificateStatus{kStatusTypeOcsp, ck.ocsp_response}));
      cert.entries.push_back(std::move(e));
    }
    // RFC 8879 §4: compressed with our first algorithm the client offered; the transcript takes
    // the CompressedCertificate as sent.
    TK_ASSIGN(std::optional<CertCompressionAlgorithm> alg,
              choose_cert_compression(env_.config,
                                      ch.extensions.find(ExtensionType::compress_certificate), s));
    TK_ASSIGN(Bytes cert_msg, build_our_certificate(cert, alg, info, Step::server_certificate));
    stage_message(alg ? HandshakeType::compressed_certificate : HandshakeType::certificate,
                  [&](ByteWriter& w) { w.bytes(cert_msg); });

    // CertificateVerify (RFC 8446 §4.4.3).
    TK_ASSIGN(Digest cv_hash, transcript_->current());
    TK_ASSIGN(Bytes sig, sign_certificate_verify(*ck.key, n.cert.scheme, true, cv_hash,
                                                 Step::server_certificate_verify));
    stage_message(HandshakeType::certificate_verify, [&](ByteWriter& w) {
      write_certificate_verify(CertificateVerify{n.cert.scheme, sig}, w);
    });
    info.local_signature_scheme = n.cert.scheme;
  }

  // Finished (RFC 8446 §4.4.4).
  TK_ASSIGN(Digest fin_hash, transcript_->current());
  Result<void> fr = ok();
  stage_message(HandshakeType::finished, [&](ByteWriter& w) {
    fr = write_our_finished(env_.provider, hash(), server_hs_, fin_hash, w);
  });
  TK_TRY(fr);
  TK_TRY(derive_application_secrets());
  TK_ASSIGN(record::ProtectionKeys app_write, keys_for(server_app_));
  env_.channel.stage_write_keys(std::move(app_write));
  // Accepted 0-RTT data comes first under the early keys; the handshake keys after
  // EndOfEarlyData (RFC 8446 §2.3).
  TK_ASSIGN(record::ProtectionKeys first_read, keys_for(n.early_data ? client_early_ : client_hs_));
  // RFC 8446 §5.1: the ClientHello must end its record (checked before anything is sent).
  TK_TRY(env_.channel.set_read_keys(std::move(first_read), s));
  env_.channel.decoder().set_version_rule(record::RecordVersionRule::tls13);
  // A client that cannot process our ServerHello has no handshake keys and can only send its
  // alert in plaintext: take it (and report it) until the client's first protected record.
  env_.channel.decoder().allow_plaintext_alerts(true);

  TK_TRY(env_.channel.commit());
  env_.channel.encoder().set_key_update_threshold(env_.config.key_update_after_records);
  if (!psk_ke) info.group = n.group;
  info.alpn = n.alpn.value_or("");
  (void)ch;
  return ok();
}

Result<Next<ServerTls13::ExpectEndOfEarlyData>> ServerTls13::handle(
    ExpectEndOfEarlyData&, const record::HandshakeMessage& m) {
  const Step s = Step::end_of_early_data;
  TK_TRY(parse_end_of_early_data(m.body()));
  // RFC 8446 §4.5: EndOfEarlyData joins the transcript; then the client's handshake keys,
  // which it must not share a record with (§5.1).
  transcript_->add(m.bytes);
  TK_ASSIGN(record::ProtectionKeys hs_read, keys_for(client_hs_));
  TK_TRY(env_.channel.set_read_keys(std::move(hs_read), s));
  return ExpectFinished{};
}

CertificateRequest13 ServerTls13::our_certificate_request(ByteView context) {
  cr_schemes_ = client_signature_algorithms(env_.config.signature_schemes, false);
  CertificateRequest13 cr;
  cr.certificate_request_context = context;
  cr.extensions.add(to_extension(SignatureAlgorithms{cr_schemes_}));
  // RFC 8879 §3: the algorithms we can decompress the client's certificate with.
  cr_compression_.clear();
  if (auto cc = our_compress_certificate_extension(env_.config)) {
    cr.extensions.add(std::move(*cc));
    const auto offered = offered_cert_compression(env_.config);
    cr_compression_.assign(offered.begin(), offered.end());
  }
  return cr;
}

Result<std::optional<ChainChecked>> ServerTls13::accept_client_certificate(
    const record::HandshakeMessage& m, ByteView context, Step s) {
  auto& info = env_.channel.info();
  ByteView body = m.body();
  Bytes decompressed;
  if (m.type == HandshakeType::compressed_certificate) {
    // RFC 8879 §4: only with an algorithm our CertificateRequest offered, within our bound.
    TK_ASSIGN(decompressed,
              open_compressed_certificate(env_.config, cr_compression_, m.body(), s, info));
    body = decompressed;
  }
  TK_ASSIGN(Certificate13 cert, parse_certificate13(body, s));
  // RFC 8446 §4.4.2: the context echoes our CertificateRequest's (empty in the handshake).
  if (!std::ranges::equal(cert.certificate_request_context, context))
    return illegal(s, context.empty()
                          ? "the client's Certificate has a certificate_request_context we did "
                            "not send"
                          : "the client's Certificate does not echo the certificate_request_context "
                            "of our post-handshake CertificateRequest (RFC 8446 §4.4.2)");
  if (cert.entries.empty()) {
    // RFC 8446 §4.4.2.4: no client certificate; abort with certificate_required if we must.
    if (env_.config.client_auth == ClientAuth::require)
      return make_error(ErrorCode::certificate_required, Alert::certificate_required, Party::peer,
                        s, "the client sent no certificate, but this server requires one");
    transcript_->add(m.bytes);
    return std::optional<ChainChecked>();
  }
  static constexpr ExtensionType kOfferedInCr[] = {ExtensionType::signature_algorithms};
  info.client_cert_sent = true;
  info.peer_chain.clear();
  for (const CertificateEntry& e : cert.entries) {
    TK_TRY(check_extensions_offered(e.extensions, kOfferedInCr, ExtensionContext::certificate, s));
    info.peer_chain.emplace_back(e.cert_data.begin(), e.cert_data.end());
  }
  TK_ASSIGN(ChainChecked chain, check_peer_chain(env_.config, info.peer_chain, "",
                                                 CertPurpose::client, {},
                                                 env_.clock.unix_seconds(), info));
  transcript_->add(m.bytes);
  return std::optional<ChainChecked>(chain);
}

Result<SignatureVerified> ServerTls13::accept_client_certificate_verify(
    const record::HandshakeMessage& m, Step s) {
  TK_ASSIGN(CertificateVerify cv, parse_certificate_verify(m.body(), s));
  // RFC 8446 §4.4.3: the scheme must be one our CertificateRequest listed.
  if (!contains(cr_schemes_, cv.algorithm))
    return illegal(s, "the client signed with " + signature_scheme_name(cv.algorithm) +
                          ", which our CertificateRequest did not list");
  auto& info = env_.channel.info();
  TK_ASSIGN(ByteView spki, extract_spki(info.peer_chain.front()));
  TK_ASSIGN(Digest h, transcript_->current());
  TK_ASSIGN(SignatureVerified sig, verify_certificate_verify(env_.provider, cv.algorithm, spki,
                                                              false, h, cv.signature, s));
  info.peer_signature_scheme = cv.algorithm;
  transcript_->add(m.bytes);
  return sig;
}

Result<Next<ServerTls13::ExpectCertificate>> ServerTls13::handle(
    ExpectCertificate&, const record::HandshakeMessage& m) {
  TK_ASSIGN(std::optional<ChainChecked> chain,
            accept_client_certificate(m, {}, Step::client_certificate));
  if (!chain) return ExpectFinished{};
  return ExpectCertificateVerify{*chain};
}

Result<Next<ServerTls13::ExpectCertificateVerify>> ServerTls13::handle(
    ExpectCertificateVerify& st, const record::HandshakeMessage& m) {
  TK_ASSIGN(SignatureVerified sig,
            accept_client_certificate_verify(m, Step::client_certificate_verify));
  return ExpectFinished{ClientAuthenticated{st.chain, sig}};
}

Result<Next<ServerTls13::ExpectFinished>> ServerTls13::handle(ExpectFinished& st,
                                                             const record::HandshakeMessage& m) {
  const Step s = Step::client_finished;
  TK_ASSIGN(Digest h, transcript_->current());
  TK_ASSIGN(FinishedVerified fin,
            verify_peer_finished(env_.provider, hash(), client_hs_, h, m.body(), s));
  TK_ASSIGN(record::ProtectionKeys rk, keys_for(client_app_));
  TK_TRY(env_.channel.set_read_keys(std::move(rk), s));
  transcript_->add(m.bytes);
  TK_TRY(send_session_tickets());
  // RFC 8446 §4.4: a post-handshake authentication hashes from here on.
  if (env_.config.post_handshake_auth && env_.channel.info().post_handshake_auth.offered) {
    TK_ASSIGN(Transcript base, transcript_->fork());
    pha_base_.emplace(std::move(base));
  }
  release_handshake_state();
  env_.channel.release_handshake_buffers();
  env_.channel.note_event(EventKind::handshake_complete, Direction::received);
  return Connected{std::move(st.client), fin};
}

Result<void> ServerTls13::send_session_tickets() {
  const Config& c = env_.config;
  const bool stateful = c.tls13_stateful_tickets && c.session_cache;
  if ((!stateful && !c.ticket_keys) || c.tls13_tickets == 0) return ok();
  const HandshakeInfo& info = env_.channel.info();
  TK_ASSIGN(SecretBytes rms, resumption_master_secret());
  const int64_t now = env_.clock.unix_seconds();
  session::SessionState st;
  st.version = ProtocolVersion::tls1_3;
  st.suite = suite_->suite;
  st.created = session_created_;
  st.lifetime = std::min<uint32_t>(c.session_lifetime, session::kMaxSessionLifetime);
  if (!stateful) st.lifetime = std::min(st.lifetime, c.ticket_keys->options().ticket_lifetime);
  st.server_name = info.server_name;
  st.alpn = info.alpn;
  st.peer_verified = info.peer_verified;
  st.peer_chain = info.peer_chain;
  // RFC 8446 §4.2.10: the ticket says how much 0-RTT data it may carry (none when 0-RTT is off).
  st.max_early_data = c.max_early_data_size;
  st.ticket_time_ms = env_.clock.unix_millis();
  const uint32_t lifetime = st.remaining_lifetime(now);
  if (lifetime == 0) return ok();  // a resumed session at the end of its life gets no ticket
  const uint32_t count = std::min<uint32_t>(env_.config.tls13_tickets, 16);
  for (uint32_t i = 0; i < count; ++i) {
    // RFC 8446 §4.6.1: a distinct nonce per ticket of this connection; a fresh age_add each.
    const uint8_t nonce[1] = {static_cast<uint8_t>(i)};
    TK_ASSIGN(st.secret, resumption_psk(env_.provider, suite_->hash, rms, nonce));
    uint8_t add[4];
    env_.rng.fill(add);
    st.ticket_age_add = uint32_t{add[0]} << 24 | uint32_t{add[1]} << 16 | uint32_t{add[2]} << 8 |
                        uint32_t{add[3]};
    Result<Bytes> sealed = Bytes(kStatefulTicketSize);
    if (stateful) {
      // RFC 8446 §4.6.1: the ticket may be a database lookup key.
      env_.rng.fill(*sealed);
      c.session_cache->put(*sealed, st);
    } else {
      sealed = c.ticket_keys->seal_session_compact(st, env_.rng, now);
    }
    if (!sealed) continue;  // the client simply cannot resume with this one
    NewSessionTicket13 t;
    t.ticket_lifetime = lifetime;
    t.ticket_age_add = st.ticket_age_add;
    t.ticket_nonce = ByteView(nonce, 1);
    t.ticket = *sealed;
    if (st.max_early_data > 0)
      t.extensions.add(to_extension(EarlyDataNst{st.max_early_data}));
    // Post-handshake messages are not part of the transcript (RFC 8446 §4.4.1).
    Bytes& buf = env_.channel.stage();
    const size_t start = buf.size();
    ByteWriter w(buf);
    write_new_session_ticket13(t, w);
    env_.channel.end_message(start, HandshakeType::new_session_ticket);
  }
  return env_.channel.commit();
}

Result<Next<ServerTls13::Connected>> ServerTls13::handle(Connected& st,
                                                        const record::HandshakeMessage& m) {
  TK_TRY(on_key_update(m));
  return std::move(st);
}

// ---- Post-handshake authentication (RFC 8446 §4.6.2) ---------------------------------------

std::optional<Error> ServerTls13::cannot_request_client_certificate() const {
  auto refuse = [this](ErrorCode code, std::string detail) {
    return make_error(code, Alert::none, Party::us, step(), std::move(detail));
  };
  if (!env_.config.post_handshake_auth)
    return refuse(ErrorCode::config_invalid,
                  "post-handshake authentication is off (Config::post_handshake_auth)");
  if (std::holds_alternative<PhaExpectCertificate>(state_) ||
      std::holds_alternative<PhaExpectCertificateVerify>(state_) ||
      std::holds_alternative<PhaExpectFinished>(state_))
    return refuse(ErrorCode::unexpected_message,
                  "the client has not answered our last post-handshake CertificateRequest yet");
  if (!std::holds_alternative<Connected>(state_))
    return refuse(ErrorCode::unexpected_message,
                  "a certificate can be requested only after the handshake completed");
  // RFC 8446 §4.6.2: "Servers MUST NOT send a post-handshake CertificateRequest to clients
  // which do not offer this extension."
  if (!env_.channel.info().post_handshake_auth.offered || !pha_base_)
    return refuse(ErrorCode::missing_extension,
                  "the client did not offer post_handshake_auth, so it cannot be asked for a "
                  "certificate after the handshake (RFC 8446 §4.6.2)");
  return std::nullopt;
}

Result<void> ServerTls13::request_client_certificate() {
  if (auto why = cannot_request_client_certificate()) return *why;
  auto& info = env_.channel.info();
  // RFC 8446 §4.3.2: a context unique within the connection (random, 32 bytes, as OpenSSL).
  Bytes context(32);
  env_.rng.fill(context);
  CertificateRequest13 cr = our_certificate_request(context);
  TK_ASSIGN(Transcript t, pha_base_->fork());
  transcript_.emplace(std::move(t));
  // Post-handshake messages go under the current application keys; this one also starts
  // the transcript of this authentication (RFC 8446 §4.4).
  stage_message(HandshakeType::certificate_request,
                [&](ByteWriter& w) { write_certificate_request13(cr, w); });
  TK_TRY(env_.channel.commit());
  info.post_handshake_auth.requests++;
  Connected connected = std::move(std::get<Connected>(state_));
  state_ = PhaExpectCertificate{std::move(connected), std::move(context)};
  return ok();
}

Result<Next<ServerTls13::PhaExpectCertificate>> ServerTls13::handle(
    PhaExpectCertificate& st, const record::HandshakeMessage& m) {
  // A KeyUpdate the client sent before it saw our request.
  if (m.type == HandshakeType::key_update) {
    TK_TRY(on_key_update(m));
    return std::move(st);
  }
  const Step s = Step::post_handshake;
  TK_ASSIGN(std::optional<ChainChecked> chain, accept_client_certificate(m, st.context, s));
  env_.channel.info().post_handshake_auth.certificate = chain.has_value();
  if (!chain) return PhaExpectFinished{std::move(st.connected), std::nullopt};
  return PhaExpectCertificateVerify{std::move(st.connected), *chain};
}

Result<Next<ServerTls13::PhaExpectCertificateVerify>> ServerTls13::handle(
    PhaExpectCertificateVerify& st, const record::HandshakeMessage& m) {
  TK_ASSIGN(SignatureVerified sig, accept_client_certificate_verify(m, Step::post_handshake));
  return PhaExpectFinished{std::move(st.connected), ClientAuthenticated{st.chain, sig}};
}

Result<Next<ServerTls13::PhaExpectFinished>> ServerTls13::handle(
    PhaExpectFinished& st, const record::HandshakeMessage& m) {
  const Step s = Step::post_handshake;
  TK_ASSIGN(Digest h, transcript_->current());
  // RFC 8446 §4.4: keyed with the client's current application traffic secret.
  TK_ASSIGN(FinishedVerified fin,
            verify_peer_finished(env_.provider, hash(), peer_app_secret(), h, m.body(), s));
  (void)fin;
  transcript_.reset();
  auto& info = env_.channel.info();
  info.post_handshake_auth.completed++;
  env_.channel.note_event(EventKind::post_handshake_auth, Direction::received);
  Connected next = std::move(st.connected);
  if (st.client) next.client = std::move(st.client);
  return next;
}

}  // namespace tlskit::handshake
