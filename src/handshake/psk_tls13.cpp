// TLS 1.3 resumption: the client's offer, binders, the server's choice (RFC 8446 §4.2.11).
#include "handshake/psk_tls13.h"

#include <algorithm>

#include "crypto/registry.h"
#include "handshake/key_schedule_tls13.h"
#include "session/server_session_store.h"
#include "session/session_access.h"
#include "session/ticket_keys.h"
#include "tlskit/session.h"
#include "wire/ext_alpn.h"
#include "wire/ext_psk_key_exchange_modes.h"

namespace tlskit::handshake {

namespace {

// The external PSK to offer: the first whose hash an offered TLS 1.3 suite uses.
std::optional<ResumptionOffer> external_offer(const Config& config,
                                              std::span<const CipherSuite> offered_suites,
                                              int64_t now) {
  for (const ExternalPsk& p : config.external_psks) {
    const crypto::HashAlg h = p.sha384 ? crypto::HashAlg::sha384 : crypto::HashAlg::sha256;
    for (CipherSuite s : offered_suites) {
      const auto* suite = crypto::find_suite(s);
      if (!suite || suite->version != ProtocolVersion::tls1_3 || suite->hash != h) continue;
      ResumptionOffer r;
      r.external = true;
      r.hash = h;
      r.session.state.version = ProtocolVersion::tls1_3;
      r.session.state.suite = s;
      r.session.state.secret = SecretBytes(ByteView(p.key));
      r.session.state.created = now;
      r.session.state.peer_verified = true;  // the PSK authenticates the server
      r.session.ticket = p.identity;
      r.session.received = now;  // RFC 8446 §4.2.11: obfuscated_ticket_age 0 for external PSKs
      return r;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<ResumptionOffer> choose_resumption(const Config& config, std::string_view sni,
                                                 std::span<const CipherSuite> offered_suites,
                                                 int64_t now) {
  if (!config.resume_session) return external_offer(config, offered_suites, now);
  const session::ClientSession& s = session::client_session_of(*config.resume_session);
  if (s.state.version != ProtocolVersion::tls1_3 || s.ticket.empty() || s.expired(now))
    return external_offer(config, offered_suites, now);
  if (s.state.server_name != sni) return external_offer(config, offered_suites, now);
  const auto* suite = crypto::find_suite(s.state.suite);
  if (!suite || suite->version != ProtocolVersion::tls1_3)
    return external_offer(config, offered_suites, now);
  if (std::find(offered_suites.begin(), offered_suites.end(), s.state.suite) ==
      offered_suites.end())
    return external_offer(config, offered_suites, now);
  ResumptionOffer r;
  r.session = s;
  r.hash = suite->hash;
  return r;
}

bool psk_ke_possible(const Config& config, const ClientHello& ch) {
  if (!config.psk_ke || !ch.extensions.contains(ExtensionType::pre_shared_key)) return false;
  const Extension* e = ch.extensions.find(ExtensionType::psk_key_exchange_modes);
  if (!e) return false;
  auto modes = parse_psk_key_exchange_modes(e->body(), Step::client_hello);
  return modes && modes->contains(PskKeyExchangeMode::psk_ke);
}

uint32_t obfuscated_ticket_age(const session::ClientSession& s, int64_t now_ms) {
  const int64_t received_ms = s.state.ticket_time_ms ? s.state.ticket_time_ms : s.received * 1000;
  // One millisecond less: our age must not exceed the server's, which started when it sealed
  // the ticket, before we received it; millisecond truncation of the two clock reads can
  // otherwise make it 1 ms larger, and GnuTLS then rejects 0-RTT as a replay.
  const int64_t age_ms = std::max<int64_t>(0, now_ms - received_ms - 1);
  return static_cast<uint32_t>(static_cast<uint64_t>(age_ms) + s.state.ticket_age_add);
}

Result<Bytes> psk_binder(const crypto::Provider& p, crypto::HashAlg h, ByteView psk,
                         ByteView truncated_transcript_hash, bool external) {
  KeySchedule13 ks(p, h);
  TK_TRY(ks.init_early(psk));
  TK_ASSIGN(SecretBytes key, ks.binder_key(external));
  return finished_verify_data(p, h, key, truncated_transcript_hash);
}

namespace {

// Our external PSK with this identity and hash, or nullptr.
const ExternalPsk* find_external(const Config& c, ByteView id, crypto::HashAlg hash) {
  for (const ExternalPsk& p : c.external_psks)
    if ((p.sha384 ? crypto::HashAlg::sha384 : crypto::HashAlg::sha256) == hash &&
        std::equal(p.identity.begin(), p.identity.end(), id.begin(), id.end()))
      return &p;
  return nullptr;
}

// Why an offered identity cannot resume here (empty: it can).
std::string unusable(const session::SessionState& st, crypto::HashAlg hash, std::string_view sni,
                     std::string_view alpn) {
  if (st.version != ProtocolVersion::tls1_3) return "not a TLS 1.3 session";
  const auto* suite = crypto::find_suite(st.suite);
  // RFC 8446 §4.2.11: the PSK's hash must be the one of the selected suite.
  if (!suite || suite->hash != hash) return "made with another hash";
  // RFC 8446 §4.2.11 / RFC 6066 §3: never resume under another server name.
  if (st.server_name != sni) return "made for another server name";
  // RFC 8446 §4.6.1: the ticket carries the ALPN; another one means a full handshake.
  if (st.alpn != alpn) return "made for another application protocol";
  return {};
}

}  // namespace

Result<std::optional<AcceptedPsk>> server_accept_psk(const EngineEnv& env,
                                                     const ClientHello& ch,
                                                     ByteView client_hello_message,
                                                     const Transcript& transcript,
                                                     crypto::HashAlg hash,
                                                     std::string_view sni,
                                                     std::string_view alpn, bool have_share) {
  const Step s = Step::client_hello;
  const Extension* psk_ext = ch.extensions.find(ExtensionType::pre_shared_key);
  const Config& c = env.config;
  const bool stateful = c.tls13_stateful_tickets && c.session_cache;
  if (!psk_ext || (!stateful && !c.ticket_keys && c.external_psks.empty()))
    return std::optional<AcceptedPsk>();
  const Extension* modes_ext = ch.extensions.find(ExtensionType::psk_key_exchange_modes);
  if (!modes_ext)  // RFC 8446 §4.2.9 (checked earlier too)
    return make_error(ErrorCode::missing_extension, Alert::missing_extension, Party::peer, s,
                      "the ClientHello offers a PSK without psk_key_exchange_modes");
  TK_ASSIGN(PskKeyExchangeModes modes, parse_psk_key_exchange_modes(modes_ext->body(), s));
  TK_ASSIGN(OfferedPsks offered, parse_pre_shared_key_client(psk_ext->body(), s));
  // RFC 8446 §4.2.9: only a mode the client listed; psk_ke only when we allow it (preferred
  // then: the operator chose the cheaper handshake); psk_dhe_ke needs a key share.
  const bool ke = c.psk_ke && modes.contains(PskKeyExchangeMode::psk_ke);
  if (!ke && !(have_share && modes.contains(PskKeyExchangeMode::psk_dhe_ke)))
    return std::optional<AcceptedPsk>();
  const int64_t now = env.clock.unix_seconds();
  for (size_t i = 0; i < offered.identities.size(); ++i) {
    const ByteView id = offered.identities[i].identity;
    std::optional<session::SessionState> opened;
    bool external = false;
    if (const ExternalPsk* p = find_external(c, id, hash)) {
      external = true;
      opened.emplace();
      opened->version = ProtocolVersion::tls1_3;
      opened->suite = hash == crypto::HashAlg::sha384 ? CipherSuite::TLS_AES_256_GCM_SHA384
                                                      : CipherSuite::TLS_AES_128_GCM_SHA256;
      opened->secret = SecretBytes(ByteView(p->key));
      opened->created = now;
      opened->lifetime = session::kMaxSessionLifetime;
      opened->server_name = std::string(sni);  // an external PSK is not bound to a name
      opened->alpn = std::string(alpn);
      opened->peer_verified = true;            // the PSK authenticates the client
    } else if (stateful) {
      // A single-use cache forgets the session here: it resumes at most once (RFC 8446 §8.1).
      opened = c.session_cache->get(id, now);
    } else if (c.ticket_keys) {
      if (auto o = c.ticket_keys->open_session(id, now)) opened = std::move(o->first);
    }
    if (!opened) continue;
    if (!unusable(*opened, hash, sni, alpn).empty()) continue;
    // RFC 8446 §4.2.11.2: the binder covers the ClientHello up to (not including) the binders.
    const size_t cut = psk_binders_wire_size(offered);
    if (cut > client_hello_message.size())
      return make_error(ErrorCode::decode_error, Alert::decode_error, Party::peer, s,
                        "the pre_shared_key binders do not end the ClientHello");
    TK_ASSIGN(Digest th, transcript.hash_with(
                             hash, client_hello_message.first(client_hello_message.size() - cut)));
    TK_ASSIGN(Bytes want, psk_binder(env.provider, hash, opened->secret, th, external));
    // RFC 8446 §4.2.11: a binder that does not verify -> decrypt_error (compared in constant
    // time).
    if (!constant_time_equal(want, offered.binders[i]))
      return make_error(ErrorCode::bad_finished, Alert::decrypt_error, Party::peer, s,
                        "the binder of PSK identity " + std::to_string(i) +
                            " does not match the ClientHello (RFC 8446 §4.2.11.2)");
    AcceptedPsk accepted{static_cast<uint16_t>(i), std::move(*opened), external,
                         Bytes(id.begin(), id.end()),
                         offered.identities[i].obfuscated_ticket_age, ke};
    return std::optional<AcceptedPsk>(std::move(accepted));
  }
  return std::optional<AcceptedPsk>();
}

}  // namespace tlskit::handshake
