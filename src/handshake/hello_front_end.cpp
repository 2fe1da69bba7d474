// The hello front end: our ClientHello, and version selection on both sides (RFC 8446 §4.1.2,
// §4.1.3, §4.2.1).
#include "handshake/hello_front_end.h"

#include <algorithm>

#include "crypto/registry.h"
#include "handshake/client_tls12.h"
#include "handshake/server_tls12.h"
#include "handshake/server_tls13.h"
#include "handshake/signature_selection.h"
#include "wire/ext_alpn.h"
#include "wire/ext_cookie.h"
#include "wire/ext_key_share.h"
#include "wire/ext_psk_key_exchange_modes.h"
#include "handshake/early_data.h"
#include "handshake/cert_compression.h"
#include "handshake/record_size_limit.h"
#include "wire/ext_server_name.h"
#include "wire/ext_signature_algorithms.h"
#include "wire/ext_status_request.h"
#include "wire/ext_supported_groups.h"
#include "wire/ext_supported_versions.h"
#include "wire/handshake_header.h"

namespace tlskit::handshake {
namespace {

bool version_enabled(const Config& c, ProtocolVersion v) {
  auto x = static_cast<uint16_t>(v);
  return x >= static_cast<uint16_t>(c.min_version) && x <= static_cast<uint16_t>(c.max_version);
}

Result<Extension> key_share_extension(const ClientOffer& offer) {
  KeyShareClient ks;
  for (const auto& s : offer.shares) {
    ByteView pub = s->public_share();
    ks.shares.push_back(KeyShareEntry{s->group(), Bytes(pub.begin(), pub.end())});
  }
  return to_extension(ks);
}

}  // namespace

crypto::KeyShare* ClientOffer::share_for(NamedGroup g) const {
  for (const auto& s : shares)
    if (s->group() == g) return s.get();
  return nullptr;
}

bool is_ip_literal(std::string_view host) {
  if (host.find(':') != std::string_view::npos) return true;  // IPv6
  if (host.empty()) return false;
  int dots = 0;
  for (char c : host) {
    if (c == '.') ++dots;
    else if (c < '0' || c > '9') return false;
  }
  return dots == 3;
}

Result<ClientOffer> make_client_offer(const EngineEnv& env, size_t early_data_size) {
  const Config& c = env.config;
  ClientOffer o;
  o.tls13 = version_enabled(c, ProtocolVersion::tls1_3);
  o.tls12 = kTls12Implemented && version_enabled(c, ProtocolVersion::tls1_2);
  if (!o.tls13 && !o.tls12)
    return make_error(ErrorCode::config_invalid, Alert::none, Party::config, Step::client_hello,
                      "the configuration allows only TLS 1.2, which tlskit does not implement yet");
  env.rng.fill(o.random);
  if (c.middlebox_compat && o.tls13) {
    // RFC 8446 §D.4: a non-empty legacy_session_id makes the handshake look like resumption.
    o.session_id_size = kMaxSessionIdSize;
    env.rng.fill(o.session_id);
  }
  for (CipherSuite s : c.cipher_suites) {
    const auto* info = crypto::find_suite(s);
    if (!info) continue;
    if ((info->version == ProtocolVersion::tls1_3 && o.tls13) ||
        (info->version == ProtocolVersion::tls1_2 && o.tls12))
      o.suites.push_back(s);
  }
  if (o.suites.empty())
    return make_error(ErrorCode::config_invalid, Alert::none, Party::config, Step::client_hello,
                      "no configured cipher suite belongs to a version we offer");
  for (NamedGroup g : c.groups)
    // draft-ietf-tls-ecdhe-mlkem §3: hybrids are TLS 1.3 only; never offered to TLS 1.2 alone.
    if (env.provider.supports_group(g) && (o.tls13 || crypto::is_tls12_group(g)))
      o.groups.push_back(g);
  if (o.groups.empty())
    return make_error(ErrorCode::config_invalid, Alert::none, Party::config, Step::client_hello,
                      "no configured key exchange group is supported by the crypto provider");
  const size_t nshares =
      std::clamp<size_t>(c.key_share_count == 0 ? crypto::automatic_key_share_count(o.groups)
                                                : c.key_share_count,
                         1, o.groups.size());
  if (o.tls13) {
    for (size_t i = 0; i < nshares; ++i) {
      auto share = env.provider.generate_key_share(o.groups[i], env.rng);
      if (!share) return std::move(share).error();
      o.shares.push_back(std::move(*share));
    }
  }
  o.signature_algorithms = client_signature_algorithms(c.signature_schemes, o.tls12);
  o.alpn = c.alpn;

  // Extensions, in a conventional order (pre_shared_key would have to be last).
  ExtensionList& x = o.extensions;
  if (!c.server_name.empty() && !is_ip_literal(c.server_name)) {
    std::string host = c.server_name;
    if (host.back() == '.') host.pop_back();  // RFC 6066 §3: no trailing dot
    o.sni = host;
    x.add(to_extension(ServerNameList{host}));
  }
  x.add(to_extension(SupportedGroups{o.groups}));
  x.add(to_extension(SignatureAlgorithms{o.signature_algorithms}));
  x.add(to_extension(SignatureAlgorithmsCert{accepted_schemes(c.signature_schemes)}));
  if (!o.alpn.empty()) x.add(to_extension(AlpnProtocols{o.alpn}));
  // RFC 8449: announce the largest record we accept, when configured.
  if (c.record_size_limit != 0)
    x.add(our_record_size_limit_extension(
        c, o.tls13 ? ProtocolVersion::tls1_3 : ProtocolVersion::tls1_2));
  // RFC 8879 §3: the certificate compression algorithms we can decompress (TLS 1.3 only).
  if (auto cc = our_compress_certificate_extension(c); cc && o.tls13) x.add(std::move(*cc));
  // RFC 8446 §4.2.6: we will answer a CertificateRequest after the handshake.
  if (c.post_handshake_auth && o.tls13) x.add(empty_extension(ExtensionType::post_handshake_auth));
  // Ask for a stapled OCSP response (RFC 6066 §8, RFC 8446 §4.4.2.1); the verifier gets it.
  x.add(to_extension(StatusRequest{}));
  if (o.tls13) {
    TK_ASSIGN(Extension ks, key_share_extension(o));
    x.add(std::move(ks));
  }
  SupportedVersionsClient sv;
  if (o.tls13) sv.versions.push_back(ProtocolVersion::tls1_3);
  if (o.tls12) sv.versions.push_back(ProtocolVersion::tls1_2);
  x.add(to_extension(sv));
  // What a TLS 1.2 server needs (EMS, renegotiation_info, point formats, tickets).
  if (o.tls12) add_tls12_offer(env, tls12_options(c, /*is_server=*/false), o);
  // RFC 8446 §4.2.11: pre_shared_key goes last; its binder is patched in once the ClientHello
  // is written (ClientTls13). psk_dhe_ke keeps forward secrecy; psk_ke only when configured.
  const int64_t now = env.clock.unix_seconds();
  std::optional<ResumptionOffer> r;
  if (o.tls13) r = choose_resumption(c, o.sni, o.suites, now);
  if (early_data_size > 0) {
    o.early_data_reason = client_early_data_decision(r, early_data_size);
    o.early_data = o.early_data_reason == EarlyDataReason::none;
    // RFC 8446 §4.2.10: an empty early_data extension announces 0-RTT data.
    if (o.early_data) x.add_empty(ExtensionType::early_data);
  }
  if (r) {
    PskKeyExchangeModes modes{{PskKeyExchangeMode::psk_dhe_ke}};
    if (c.psk_ke) modes.modes.insert(modes.modes.begin(), PskKeyExchangeMode::psk_ke);
    x.add(to_extension(modes));
    r->psks.identities.push_back(PskIdentity{
        r->session.ticket, obfuscated_ticket_age(r->session, env.clock.unix_millis())});
    r->psks.binders.push_back(Bytes(crypto::hash_size(r->hash), 0));
    x.add(to_extension(r->psks));
    o.psk = std::move(*r);
  }
  return o;
}

void write_client_offer(const ClientOffer& offer, ByteWriter& w) {
  ClientHello ch;
  ch.legacy_version = 0x0303;  // RFC 8446 §4.1.2: TLS 1.2 for compatibility
  ch.random = offer.random;
  ch.legacy_session_id = offer.session_id_view();
  ch.cipher_suites = offer.suites;
  ch.extensions.items.reserve(offer.extensions.size());
  for (const auto& e : offer.extensions.items) ch.extensions.add(Extension{e.type, e.body(), {}});
  write_client_hello(ch, w);
}

Result<void> retry_client_offer(const EngineEnv& env, ClientOffer& offer,
                                std::optional<NamedGroup> new_group, const Bytes* cookie) {
  if (new_group) {
    offer.shares.clear();
    auto share = env.provider.generate_key_share(*new_group, env.rng);
    if (!share) return std::move(share).error();
    offer.shares.push_back(std::move(*share));
  }
  TK_ASSIGN(Extension ks, key_share_extension(offer));
  ExtensionList next;
  for (auto& e : offer.extensions.items) {
    // RFC 8446 §4.1.2: remove early_data; replace key_share; add cookie.
    if (e.type == ExtensionType::early_data || e.type == ExtensionType::cookie) continue;
    if (e.type == ExtensionType::key_share) {
      next.add(std::move(ks));
      if (cookie) next.add(to_extension(Cookie{*cookie}));
      continue;
    }
    next.add(std::move(e));
  }
  offer.extensions = std::move(next);
  return ok();
}

Result<ProtocolVersion> client_version_from_server_hello(const ClientOffer& offer,
                                                         const ServerHello& sh, Step step) {
  if (const Extension* e = sh.extensions.find(ExtensionType::supported_versions)) {
    TK_ASSIGN(SupportedVersionsServer sv, parse_supported_versions_server(e->body(), step));
    // RFC 8446 §4.2.1: the selected version must be one we offered; TLS 1.2 or lower is never
    // negotiated through supported_versions.
    if (sv.selected == ProtocolVersion::tls1_3 && offer.tls13) return ProtocolVersion::tls1_3;
    return make_error(ErrorCode::illegal_parameter, Alert::illegal_parameter, Party::peer, step,
                      "the server selected " + version_name(sv.selected) +
                          " in supported_versions, which we did not offer");
  }
  if (sh.legacy_version == 0x0303 && offer.tls12) {
    // RFC 8446 §4.1.3: a TLS 1.3 client that sees the downgrade sentinel must abort.
    if (offer.tls13 && downgrade_sentinel(sh) != DowngradeSentinel::none)
      return make_error(ErrorCode::downgrade_detected, Alert::illegal_parameter, Party::peer,
                        step,
                        "the server negotiated TLS 1.2 although it supports TLS 1.3 (downgrade "
                        "sentinel in ServerHello.random): an attacker may be interfering");
    return ProtocolVersion::tls1_2;
  }
  return make_error(ErrorCode::protocol_version, Alert::protocol_version, Party::peer, step,
                    "the server answered with " +
                        version_name(static_cast<ProtocolVersion>(sh.legacy_version)) +
                        " and no supported_versions extension; we offered only " +
                        std::string(offer.tls12 ? "TLS 1.3 and TLS 1.2" : "TLS 1.3"));
}

Result<ProtocolVersion> server_choose_version(const Config& config, const ClientHello& ch) {
  // RFC 8446 §4.2.1 (supported_versions decides; without it, legacy_version >= TLS 1.2 means
  // TLS 1.2), RFC 8996 (SSL 3.0 / TLS 1.0 / 1.1 refused with protocol_version, the detail
  // naming the client's best version) and RFC 7507 (TLS_FALLBACK_SCSV): tls12_common.h.
  return server_select_version(ch, config.min_version, config.max_version);
}

Result<void> ServerHelloFrontEnd::on_handshake(const record::HandshakeMessage& m) {
  if (m.type != HandshakeType::client_hello)
    return make_error(ErrorCode::unexpected_message, Alert::unexpected_message, Party::peer,
                      Step::client_hello,
                      "expected ClientHello, got " + handshake_type_name(m.type));
  TK_ASSIGN(ClientHello ch, parse_client_hello(m.body()));
  TK_ASSIGN(ProtocolVersion v, server_choose_version(env_.config, ch));
  if (v == ProtocolVersion::tls1_3) {
    auto server = std::make_unique<ServerTls13>(env_);
    TK_TRY(server->on_first_client_hello(m, ch));
    next_ = std::move(server);
    return ok();
  }
  // TLS 1.2 (selected only once kTls12Implemented): the TLS 1.2 engine takes over.
  TK_ASSIGN(auto server12, ServerTls12::start(env_, tls12_options(env_.config, /*is_server=*/true), m, ch));
  next_ = std::move(server12);
  return ok();
}

Result<void> ServerHelloFrontEnd::send_key_update(bool) {
  return make_error(ErrorCode::unexpected_message, Alert::none, Party::us, Step::client_hello,
                    "a KeyUpdate can only be sent after the handshake completed");
}

}  // namespace tlskit::handshake
