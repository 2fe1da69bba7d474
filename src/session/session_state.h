// The state of a resumable session and its versioned binary format. The same format is the
// plaintext of server tickets (TLS 1.2 RFC 5077 and, later, TLS 1.3 RFC 8446 §4.6.1), the value
// of the server's session-ID store, and the core of a client's saved session (--sess-out).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "base/iana_registry.h"

namespace tlskit::session {

// Format version written first in every serialized SessionState. A parser refuses any other
// value, so a format change never resumes with misread state.
inline constexpr uint8_t kSessionFormatVersion = 2;

// Bounds applied when parsing (and checked when serializing).
inline constexpr size_t kMaxSessionSecret = 64;         // master secret (48) or a 1.3 PSK (<= 64)
inline constexpr size_t kTls12MasterSecretSize = 48;    // RFC 5246 §8.1
inline constexpr size_t kMaxSessionServerName = 255;    // SNI host name (RFC 6066 §3 allows more;
                                                        // we never resume longer names)
inline constexpr size_t kMaxSessionAlpn = 255;          // RFC 7301 §3.1: ProtocolName<1..2^8-1>
inline constexpr size_t kMaxPeerChainHash = 64;         // SHA-256/384/512 of the peer chain
inline constexpr size_t kMaxPeerChainCerts = 16;        // certificates kept per session
inline constexpr size_t kMaxPeerCertSize = 1 << 16;     // bytes per certificate kept
inline constexpr size_t kMaxSessionStateSize = 1 << 18; // whole serialized state
// RFC 8446 §4.6.1: ticket lifetimes MUST NOT exceed 7 days; we apply the same bound to TLS 1.2
// sessions and tickets.
inline constexpr uint32_t kMaxSessionLifetime = 7 * 24 * 3600;
// Lifetime used when a configuration does not set one (OpenSSL's default as well).
inline constexpr uint32_t kDefaultSessionLifetime = 7200;

// Everything needed to resume a session (either side), and to report on it.
struct SessionState {
  ProtocolVersion version = ProtocolVersion::tls1_2;
  CipherSuite suite = CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256;
  // TLS 1.2: the 48-byte master secret. TLS 1.3: the PSK derived from the resumption secret
  // and the ticket nonce (RFC 8446 §4.6.1).
  SecretBytes secret;
  // RFC 7627: the master secret was computed with the session hash. Sessions without it are
  // never resumed into a connection that uses it, and vice versa (RFC 7627 §5.3).
  bool extended_master_secret = false;
  // The peer's certificate chain was verified (chain and, on a client, host name) when the
  // session was established.
  bool peer_verified = false;
  // TLS 1.3: 0-RTT may be offered/accepted with this ticket (max_early_data > 0).
  uint32_t max_early_data = 0;
  // Unix seconds when the session was established (full handshake time, kept across resumes).
  int64_t created = 0;
  // Seconds after `created` during which the session may be resumed.
  uint32_t lifetime = kDefaultSessionLifetime;
  // TLS 1.3: the ticket_age_add the server chose (RFC 8446 §4.6.1).
  uint32_t ticket_age_add = 0;
  // TLS 1.3: Unix milliseconds when the ticket was issued (server) or received (client); the
  // ticket age is measured from it (RFC 8446 §4.2.11.1) and checked for 0-RTT (§8.3).
  int64_t ticket_time_ms = 0;
  // SNI of the original connection (RFC 6066 §3: a server MUST NOT resume under another name).
  std::string server_name;
  // Negotiated ALPN protocol, empty if none.
  std::string alpn;
  // Hash of the peer's chain (e.g. SHA-256 over the DER certificates) when the chain itself is
  // not kept (server tickets with client certificates, to keep tickets small). May be empty.
  Bytes peer_chain_hash;
  // The peer's chain, DER, leaf first; empty when not kept or when the peer sent none.
  std::vector<Bytes> peer_chain;

  // True when now (Unix seconds) is outside [created, created + lifetime]. A session whose
  // creation time is in the future (clock change) also counts as expired.
  bool expired(int64_t now) const;
  // Seconds of life left at `now` (0 when expired).
  uint32_t remaining_lifetime(int64_t now) const;
};

// Serializes a session in the versioned format. Fails with internal_error (Party::us) when a
// field exceeds its bound (e.g. a secret over 64 bytes), so an unparsable state is never made.
Result<Bytes> serialize_session(const SessionState& s);

// Parses a serialized session. Fails with decode_error (Party::config, detail naming the field)
// on an unknown format version, a field over its bound, a TLS 1.2 secret that is not 48 bytes,
// a lifetime over 7 days, or trailing bytes.
Result<SessionState> parse_session(ByteView in);

// What a client keeps to resume with a server: the session plus how to name it to the server.
struct ClientSession {
  SessionState state;
  // TLS 1.2: the session ID the server gave (0..32 bytes; empty when the server sent none).
  Bytes session_id;
  // The opaque ticket from NewSessionTicket (RFC 5077 §3.3 / RFC 8446 §4.6.1); may be empty.
  Bytes ticket;
  // ticket_lifetime_hint / ticket_lifetime from the server (0 = unspecified in TLS 1.2).
  uint32_t ticket_lifetime = 0;
  // Unix seconds when the ticket (or the session) was received.
  int64_t received = 0;

  // True when the session can no longer be offered at `now`: the session lifetime is over, or
  // a ticket's lifetime from the server is over.
  bool expired(int64_t now) const;
};

// Bounds for the client-side wrapper.
inline constexpr size_t kMaxSessionIdSize = 32;         // RFC 5246 §7.4.1.2: SessionID<0..32>
inline constexpr size_t kMaxTicketSize = 0xFFFF;        // RFC 5077 §3.3 / RFC 8446 §4.6.1

// The PEM label tools use for saved client sessions (--sess-out / --sess-in), around
// serialize_client_session output.
inline constexpr const char* kSessionPemLabel = "TLSKIT SESSION";

// Serializes a client session (format version, state, session ID, ticket, lifetime, received).
// Fails like serialize_session, or when the session ID or ticket is over its bound.
Result<Bytes> serialize_client_session(const ClientSession& s);

// Parses serialize_client_session output; decode_error (Party::config) on any malformation.
Result<ClientSession> parse_client_session(ByteView in);

}  // namespace tlskit::session
