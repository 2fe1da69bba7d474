// SessionState / ClientSession serialization (versioned, bounded, no trailing bytes).
#include "session/session_state.h"

#include <string_view>

#include "codec/byte_reader.h"
#include "codec/byte_writer.h"

namespace tlskit::session {
namespace {

// Flag bits of the serialized state.
constexpr uint8_t kFlagEms = 0x01;
constexpr uint8_t kFlagPeerVerified = 0x02;
constexpr uint8_t kKnownFlags = kFlagEms | kFlagPeerVerified;

// Magic of a serialized ClientSession ("TKCS"), so a bare SessionState is not taken for one.
constexpr uint8_t kClientMagic[4] = {'T', 'K', 'C', 'S'};

Error bad_state(std::string detail) {
  return make_error(ErrorCode::internal_error, Alert::internal_error, Party::us, Step::none,
                    "cannot serialize session: " + std::move(detail));
}

Error bad_input(std::string detail) {
  return make_error(ErrorCode::decode_error, Alert::none, Party::config, Step::none,
                    "malformed session: " + std::move(detail));
}

bool is_tls12_or_13(ProtocolVersion v) {
  return v == ProtocolVersion::tls1_2 || v == ProtocolVersion::tls1_3;
}

}  // namespace

bool SessionState::expired(int64_t now) const {
  if (now < created) return true;
  return now - created > static_cast<int64_t>(lifetime);
}

uint32_t SessionState::remaining_lifetime(int64_t now) const {
  if (expired(now)) return 0;
  return static_cast<uint32_t>(static_cast<int64_t>(lifetime) - (now - created));
}

Result<Bytes> serialize_session(const SessionState& s) {
  if (!is_tls12_or_13(s.version)) return bad_state("version is neither TLS 1.2 nor TLS 1.3");
  if (s.secret.empty() || s.secret.size() > kMaxSessionSecret)
    return bad_state("secret of " + std::to_string(s.secret.size()) + " bytes");
  if (s.version == ProtocolVersion::tls1_2 && s.secret.size() != kTls12MasterSecretSize)
    return bad_state("TLS 1.2 master secret is not 48 bytes");
  if (s.lifetime > kMaxSessionLifetime) return bad_state("lifetime over 7 days");
  if (s.server_name.size() > kMaxSessionServerName) return bad_state("server name too long");
  if (s.alpn.size() > kMaxSessionAlpn) return bad_state("ALPN protocol too long");
  if (s.peer_chain_hash.size() > kMaxPeerChainHash) return bad_state("chain hash too long");
  if (s.peer_chain.size() > kMaxPeerChainCerts) return bad_state("too many peer certificates");
  for (const auto& c : s.peer_chain)
    if (c.empty() || c.size() > kMaxPeerCertSize) return bad_state("peer certificate size");

  Bytes out;
  ByteWriter w(out);
  w.u8(kSessionFormatVersion);
  w.u16(static_cast<uint16_t>(s.version));
  w.u16(static_cast<uint16_t>(s.suite));
  uint8_t flags = 0;
  if (s.extended_master_secret) flags |= kFlagEms;
  if (s.peer_verified) flags |= kFlagPeerVerified;
  w.u8(flags);
  w.vec8(s.secret.view());
  w.u64(static_cast<uint64_t>(s.created));
  w.u32(s.lifetime);
  w.u32(s.ticket_age_add);
  w.u32(s.max_early_data);
  w.u64(static_cast<uint64_t>(s.ticket_time_ms));
  w.vec8(as_bytes(s.server_name));
  w.vec8(as_bytes(s.alpn));
  w.vec8(s.peer_chain_hash);
  w.u8(static_cast<uint8_t>(s.peer_chain.size()));
  for (const auto& c : s.peer_chain) w.vec24(c);
  if (w.failed() || out.size() > kMaxSessionStateSize) {
    secure_zero(out.data(), out.size());
    return bad_state("state too large");
  }
  return out;
}

Result<SessionState> parse_session(ByteView in) {
  if (in.size() > kMaxSessionStateSize) return bad_input("state too large");
  ByteReader r(in);
  SessionState s;
  uint8_t format = r.u8();
  if (r.failed()) return bad_input("empty");
  if (format != kSessionFormatVersion)
    return bad_input("unknown format version " + std::to_string(format));
  s.version = static_cast<ProtocolVersion>(r.u16());
  s.suite = static_cast<CipherSuite>(r.u16());
  uint8_t flags = r.u8();
  ByteView secret = r.vec8();
  s.created = static_cast<int64_t>(r.u64());
  s.lifetime = r.u32();
  s.ticket_age_add = r.u32();
  s.max_early_data = r.u32();
  const uint64_t ticket_time = r.u64();
  ByteView sni = r.vec8();
  ByteView alpn = r.vec8();
  ByteView chain_hash = r.vec8();
  size_t count = r.u8();
  if (r.failed()) return bad_input("truncated");
  if (!is_tls12_or_13(s.version)) return bad_input("version is neither TLS 1.2 nor TLS 1.3");
  if (flags & ~kKnownFlags) return bad_input("unknown flags");
  if (secret.empty() || secret.size() > kMaxSessionSecret) return bad_input("secret length");
  if (s.version == ProtocolVersion::tls1_2 && secret.size() != kTls12MasterSecretSize)
    return bad_input("TLS 1.2 master secret is not 48 bytes");
  if (s.created < 0) return bad_input("creation time");
  if (ticket_time > static_cast<uint64_t>(INT64_MAX)) return bad_input("ticket time");
  s.ticket_time_ms = static_cast<int64_t>(ticket_time);
  if (s.lifetime > kMaxSessionLifetime) return bad_input("lifetime over 7 days");
  if (chain_hash.size() > kMaxPeerChainHash) return bad_input("chain hash length");
  if (count > kMaxPeerChainCerts) return bad_input("too many peer certificates");
  s.extended_master_secret = (flags & kFlagEms) != 0;
  s.peer_verified = (flags & kFlagPeerVerified) != 0;
  s.secret = SecretBytes(secret);
  s.server_name.assign(sni.begin(), sni.end());
  s.alpn.assign(alpn.begin(), alpn.end());
  s.peer_chain_hash.assign(chain_hash.begin(), chain_hash.end());
  s.peer_chain.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    ByteView c = r.vec24();
    if (r.failed()) return bad_input("truncated peer certificate");
    if (c.empty() || c.size() > kMaxPeerCertSize) return bad_input("peer certificate size");
    s.peer_chain.emplace_back(c.begin(), c.end());
  }
  if (!r.done()) return bad_input("trailing bytes");
  return s;
}

bool ClientSession::expired(int64_t now) const {
  if (state.expired(now)) return true;
  if (ticket.empty() || ticket_lifetime == 0) return false;
  if (now < received) return true;
  return now - received > static_cast<int64_t>(ticket_lifetime);
}

Result<Bytes> serialize_client_session(const ClientSession& s) {
  if (s.session_id.size() > kMaxSessionIdSize) return bad_state("session ID over 32 bytes");
  if (s.ticket.size() > kMaxTicketSize) return bad_state("ticket over 65535 bytes");
  TK_ASSIGN(Bytes inner, serialize_session(s.state));
  Bytes out;
  ByteWriter w(out);
  w.bytes(ByteView(kClientMagic, sizeof kClientMagic));
  w.u8(kSessionFormatVersion);
  w.vec24(inner);
  w.vec8(s.session_id);
  w.vec16(s.ticket);
  w.u32(s.ticket_lifetime);
  w.u64(static_cast<uint64_t>(s.received));
  secure_zero(inner.data(), inner.size());
  if (w.failed()) {
    secure_zero(out.data(), out.size());
    return bad_state("client session too large");
  }
  return out;
}

Result<ClientSession> parse_client_session(ByteView in) {
  if (in.size() > kMaxSessionStateSize + 4 + 1 + 3 + 1 + kMaxSessionIdSize + 2 + kMaxTicketSize + 12)
    return bad_input("client session too large");
  ByteReader r(in);
  ByteView magic = r.bytes(sizeof kClientMagic);
  uint8_t format = r.u8();
  if (r.failed() || !constant_time_equal(magic, ByteView(kClientMagic, sizeof kClientMagic)))
    return bad_input("not a tlskit client session");
  if (format != kSessionFormatVersion)
    return bad_input("unknown client session format " + std::to_string(format));
  ByteView inner = r.vec24();
  ByteView id = r.vec8();
  ByteView ticket = r.vec16();
  uint32_t lifetime = r.u32();
  uint64_t received = r.u64();
  if (r.failed()) return bad_input("truncated client session");
  if (!r.done()) return bad_input("trailing bytes after client session");
  if (id.size() > kMaxSessionIdSize) return bad_input("session ID over 32 bytes");
  if (lifetime > kMaxSessionLifetime) return bad_input("ticket lifetime over 7 days");
  if (received > static_cast<uint64_t>(INT64_MAX)) return bad_input("receive time");
  TK_ASSIGN(SessionState state, parse_session(inner));
  ClientSession s;
  s.state = std::move(state);
  s.session_id.assign(id.begin(), id.end());
  s.ticket.assign(ticket.begin(), ticket.end());
  s.ticket_lifetime = lifetime;
  s.received = static_cast<int64_t>(received);
  return s;
}

}  // namespace tlskit::session
