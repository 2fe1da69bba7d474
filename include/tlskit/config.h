/// @file
/// Connection configuration: ClientSettings / ServerSettings (the fields of one role) built once
/// into an immutable ClientConfig / ServerConfig shared by many connections.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tlskit/bytes.h"
#include "tlskit/clock.h"
#include "tlskit/export.h"
#include "tlskit/result.h"
#include "tlskit/rng.h"
#include "tlskit/session.h"
#include "tlskit/types.h"
#include "tlskit/verifier.h"

namespace tlskit {

namespace crypto {
class Provider;    ///< the primitives (internal; the default is libcrypto)
class PrivateKey;  ///< a loaded private key (internal; made by CertifiedKey)
}  // namespace crypto

class ClientSessionCache;  ///< tlskit/resumption.h
class CertificateResolver;  ///< tlskit/certificate_resolver.h
namespace session {
class TicketKeys;          ///< made by make_ticket_keys() (tlskit/resumption.h)
class ServerSessionStore;  ///< made by make_server_session_cache() (tlskit/resumption.h)
class ReplayGuard;         ///< made by make_replay_guard() (tlskit/resumption.h)
}  // namespace session

/// An external pre-shared key (RFC 8446 §4.2.11): an identity both sides know and its key,
/// for the suites of its hash (SHA-256: TLS_AES_128_GCM_SHA256, TLS_CHACHA20_POLY1305_SHA256,
/// the CCM ones; SHA-384: TLS_AES_256_GCM_SHA384).
struct ExternalPsk {
  Bytes identity;         ///< 1..65535 bytes
  Bytes key;              ///< at least 16 bytes (RFC 9257 §6: high entropy)
  bool sha384 = false;    ///< the PSK's hash: false SHA-256, true SHA-384
};

/// A certificate chain (leaf first, DER) with its private key.
struct TLSKIT_API CertifiedKey {
  std::vector<Bytes> chain;                          ///< leaf, then intermediates
  std::shared_ptr<const crypto::PrivateKey> key;  ///< the leaf's private key (loaded by load_pem_files / from_pem)
  Bytes ocsp_response;                               ///< staple, if any (DER OCSPResponse)

  /// Loads a PEM chain file and a PEM key file; fails with file_error (unreadable / no
  /// certificate / bad PEM) or key_mismatch (the key is not the leaf's).
  static Result<CertifiedKey> load_pem_files(const std::string& chain_path,
                                             const std::string& key_path,
                                             const crypto::Provider& provider);
  /// The same from PEM text already in memory.
  static Result<CertifiedKey> from_pem(std::string_view chain_pem, std::string_view key_pem,
                                       const crypto::Provider& provider);
  /// load_pem_files() with the default provider (libcrypto).
  static Result<CertifiedKey> load_pem_files(const std::string& chain_path,
                                             const std::string& key_path);
  /// from_pem() with the default provider (libcrypto).
  static Result<CertifiedKey> from_pem(std::string_view chain_pem, std::string_view key_pem);
};

/// Whether a server asks for a client certificate.
enum class ClientAuth : uint8_t { none, request, require };

/// Settings both roles use. Defaults are a sound production choice.
struct TLSKIT_API CommonSettings {
  /// Versions accepted, inclusive. Only tls1_2 and tls1_3 are implemented.
  ProtocolVersion min_version = ProtocolVersion::tls1_2;  ///< lowest version accepted
  ProtocolVersion max_version = ProtocolVersion::tls1_3;  ///< highest version accepted
  /// Cipher suites in preference order (TLS 1.3 and TLS 1.2 suites may be mixed).
  std::vector<CipherSuite> cipher_suites = {
      CipherSuite::TLS_AES_128_GCM_SHA256, CipherSuite::TLS_AES_256_GCM_SHA384,
      CipherSuite::TLS_CHACHA20_POLY1305_SHA256,
      CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
      CipherSuite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
      CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
      CipherSuite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
      CipherSuite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
      CipherSuite::TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256};
  /// Key exchange groups in preference order: the post-quantum hybrid X25519MLKEM768 first
  /// (TLS 1.3 only; docs/post-quantum.md), then X25519, P-256, P-384.
  std::vector<NamedGroup> groups = {NamedGroup::X25519MLKEM768, NamedGroup::x25519,
                                    NamedGroup::secp256r1, NamedGroup::secp384r1};
  /// Signature schemes we accept from the peer, in preference order (empty = all we support).
  std::vector<SignatureScheme> signature_schemes;
  /// ALPN protocol names in preference order (empty = no ALPN).
  std::vector<std::string> alpn;
  /// Send a dummy ChangeCipherSpec and a legacy_session_id (RFC 8446 §D.4).
  bool middlebox_compat = true;
  /// Records sealed with one key before a KeyUpdate is sent automatically (RFC 8446 §5.5).
  uint64_t key_update_after_records = uint64_t{1} << 24;
  /// Largest plaintext fragment we send (at most 16384).
  size_t max_fragment = 16384;
  /// record_size_limit (RFC 8449): the largest record we accept (64 to 16385; TLS 1.3 counts
  /// the content type byte, TLS 1.2 uses at most 16384). Client: announced when not 0. Server:
  /// a client's announcement is always answered (with this value, or the protocol's maximum
  /// when 0). The peer's value limits the records we send.
  uint16_t record_size_limit = 0;
  /// Certificate compression (RFC 8879, TLS 1.3 only), in preference order; empty = off. A
  /// client offers these for the server's certificate (compress_certificate in the ClientHello),
  /// a server for the client's (in its CertificateRequest); each side compresses its own
  /// Certificate with its first algorithm the peer offered. Default brotli (what Chrome and
  /// Firefox offer, and the best ratio on certificates), then zstd, then zlib.
  std::vector<CertCompressionAlgorithm> certificate_compression = {
      CertCompressionAlgorithm::brotli, CertCompressionAlgorithm::zstd,
      CertCompressionAlgorithm::zlib};
  /// The largest Certificate a peer's CompressedCertificate may decompress to, in bytes (1 to
  /// 2^24-1); a larger uncompressed_length is refused with bad_certificate before anything is
  /// allocated (RFC 8879 §4). Default 256 KiB, the limit on an uncompressed Certificate.
  size_t max_decompressed_certificate = 256 * 1024;
  /// The verifier for the peer's chain: the server's chain (client) or client certificates
  /// (server, with client_auth). Null on a client with verify_peer = true is a config error.
  std::shared_ptr<const CertVerifier> verifier;
  /// Client: offer the first of these external PSKs (TLS 1.3, psk_dhe_ke) when no ticket is
  /// offered; the server then authenticates with the PSK alone. Server: the PSKs it accepts,
  /// by identity. Empty = none.
  std::vector<ExternalPsk> external_psks;
  /// Post-handshake client authentication (RFC 8446 §4.6.2, TLS 1.3 only). Client: offer
  /// post_handshake_auth, so the server may ask for our certificate (client_certificate, or
  /// an empty Certificate when we have none) at any time after the handshake; each request is
  /// answered as feed() reads it. Server: keep what it takes (one transcript hash per
  /// connection whose client offered it) so that Connection::request_client_certificate()
  /// can ask; the answer is checked with the verifier, and an empty Certificate is refused
  /// with certificate_required when client_auth is require.
  bool post_handshake_auth = false;
  /// TLS 1.3 resumption without a fresh (EC)DHE exchange (`psk_ke`, RFC 8446 §4.2.9): cheaper,
  /// but the resumed connection's keys come from the PSK alone, so it has no forward secrecy.
  /// Used only when both sides set it: a client then offers psk_ke besides psk_dhe_ke (and still
  /// sends key shares); a server prefers psk_ke when the client offers it. Off by default.
  bool psk_ke = false;
  /// Lifetime of the sessions and tickets we create, in seconds (at most 7 days).
  uint32_t session_lifetime = 7200;
  /// TLS 1.2 peers without the extended master secret (RFC 7627). true: refuse them
  /// (handshake_failure). false: allow a full handshake but never resume it: no session ID or
  /// ticket is issued or kept for it and none is resumed (RFC 7627 §5.3); the triple handshake
  /// attack needs resumption or renegotiation, which tlskit then never does. Unset: the role's
  /// default, false for a server (old clients and scanners get their TLS 1.2 handshake), true
  /// for a client (docs/tls12.md).
  std::optional<bool> require_extended_master_secret;

  /// Keep an Event for every message, alert and key change (for the inspector); off by default.
  bool record_events = false;

  /// Called with each NSS key log line (no trailing newline), when set (SSLKEYLOGFILE).
  std::function<void(std::string_view line)> key_log;

  /// Injected primitives; nullptr means the defaults (libcrypto, system RNG, system clock).
  const crypto::Provider* provider = nullptr;
  Rng* rng = nullptr;  ///< random source (nullptr: the system RNG); must outlive the connections
  const Clock* clock = nullptr;  ///< clock (nullptr: SystemClock); must outlive the connections
};

/// Settings only a client uses (ClientSettings = CommonSettings + these).
struct TLSKIT_API ClientOnlySettings {
  /// How many of the first groups a client sends key shares for. 0 = automatic: 2 when the
  /// first group is a hybrid followed by a classical one (X25519MLKEM768 and X25519, as
  /// browsers send), else 1.
  size_t key_share_count = 0;

  /// Client: the name for SNI and the host check (an IP literal is checked but not sent).
  std::string server_name;
  /// Client: verify the server's chain and host name (fail closed). false = --insecure.
  bool verify_peer = true;
  /// Client: our certificate for mTLS, if any.
  std::shared_ptr<const CertifiedKey> client_certificate;

  /// Resumption (docs/tls12.md). Client: a session saved from an earlier connection
  /// (Connection::session(), or Session::from_pem for --sess-in) to offer; nullptr = none.
  std::shared_ptr<const Session> resume_session;
  /// Client: a session cache used automatically: when resume_session is empty, the newest
  /// session for server_name:server_port is taken from it and offered, and every session the
  /// server gives (tickets, session IDs) is put back. nullptr = none.
  std::shared_ptr<ClientSessionCache> client_session_cache;
  /// Client: the server's port, which with server_name keys client_session_cache.
  uint16_t server_port = 443;
};

/// Settings only a server uses (ServerSettings = CommonSettings + these).
struct TLSKIT_API ServerOnlySettings {
  /// Server: certificates, chosen by SNI (leaf SAN names) and the client's signature schemes.
  std::vector<std::shared_ptr<const CertifiedKey>> certificates;
  /// Server: chooses the candidate certificates per ClientHello instead of `certificates`
  /// (tlskit/certificate_resolver.h: make_sni_resolver(), or your own, e.g. loading
  /// certificates on demand). Null: `certificates` by SNI.
  std::shared_ptr<const CertificateResolver> certificate_resolver;
  /// Server: whether to request a client certificate.
  ClientAuth client_auth = ClientAuth::none;
  /// Server: keys that seal session tickets (RFC 5077, RFC 8446 §4.6.1); shared by the
  /// connections of this config; nullptr = no tickets. Make with session::TicketKeys::create.
  std::shared_ptr<session::TicketKeys> ticket_keys;
  /// Server: TLS 1.3 NewSessionTickets sent after each handshake when ticket_keys is set
  /// (RFC 8446 §4.6.1; at most 16); 0 = none.
  uint32_t tls13_tickets = 2;
  /// Server: TLS 1.3 tickets are random 32-byte ids into session_cache (stateful: the state
  /// never leaves the server, and a single-use cache makes each ticket resume once) instead of
  /// state sealed with ticket_keys. Needs session_cache.
  bool tls13_stateful_tickets = false;
  /// Server: 0-RTT (RFC 8446 §4.2.10): the early data bytes a client may send with a resumed
  /// ClientHello, announced in our tickets; 0 = 0-RTT off (the default). Early data can be
  /// replayed by an attacker: accept it only for requests that are safe to repeat
  /// (docs/resumption.md, RFC 8470). When on, anti-replay is always on: each ticket carries
  /// early data once (replay_guard), and a ClientHello whose ticket age is off by more than
  /// early_data_window_ms is answered without 0-RTT (RFC 8446 §8).
  uint32_t max_early_data_size = 0;
  /// Server: the single-use store that lets each ticket carry early data once (RFC 8446 §8.1),
  /// shared by every server that accepts the same tickets (make_replay_guard(), or a Redis one
  /// for a fleet). nullptr = one in-memory store for the whole process.
  std::shared_ptr<session::ReplayGuard> replay_guard;
  /// Server: the largest difference, in milliseconds, between the client's and the server's
  /// view of a ticket's age for 0-RTT (RFC 8446 §8.3).
  uint32_t early_data_window_ms = 10000;
  /// Server: the TLS 1.2 session-ID cache; nullptr = no session IDs.
  std::shared_ptr<session::ServerSessionStore> session_cache;
};

/// A client's settings, given to ClientConfig::build(): the server-only fields do not exist here.
struct TLSKIT_API ClientSettings : CommonSettings, ClientOnlySettings {};

/// A server's settings, given to ServerConfig::build(): the client-only fields do not exist here.
struct TLSKIT_API ServerSettings : CommonSettings, ServerOnlySettings {};

/// Every setting of both roles in one struct: what connections read internally, and the older
/// way to configure (Connection::client(Config) / server(Config), which validate it for the
/// role). Prefer ClientSettings / ServerSettings with ClientConfig / ServerConfig::build().
struct TLSKIT_API Config : CommonSettings, ClientOnlySettings, ServerOnlySettings {
  Config() = default;
  /// A client's settings (the server-only fields keep their defaults).
  explicit Config(const ClientSettings& s) : CommonSettings(s), ClientOnlySettings(s) {}
  /// A server's settings (the client-only fields keep their defaults).
  explicit Config(const ServerSettings& s) : CommonSettings(s), ServerOnlySettings(s) {}

  /// Checks the settings for contradictions; config_invalid with a specific detail.
  Result<void> validate(bool is_server) const;
};

/// A client's configuration, validated once when built and immutable afterwards: share one
/// among any number of connections and threads. Connection::client() with it does not validate
/// again (per-connection ConnectOptions that change it are checked on their own).
class TLSKIT_API ClientConfig {
 public:
  /// Validates `settings` as a client's (Config::validate(false)): config_invalid naming the
  /// field, e.g. "verify_peer is on but no certificate verifier was given".
  static Result<std::shared_ptr<const ClientConfig>> build(Config settings);
  /// The same from a client's settings alone (the server-only fields stay at their defaults).
  static Result<std::shared_ptr<const ClientConfig>> build(const ClientSettings& settings) {
    return build(Config(settings));
  }
  /// The settings it was built from.
  const Config& settings() const { return settings_; }

 private:
  explicit ClientConfig(Config settings) : settings_(std::move(settings)) {}
  Config settings_;
};

/// A server's configuration, validated once when built (certificates and keys present, a
/// verifier when client certificates are asked for, ...) and immutable afterwards.
/// Connection::server() with it does not validate again.
class TLSKIT_API ServerConfig {
 public:
  /// Validates `settings` as a server's (Config::validate(true)); config_invalid naming the
  /// field, e.g. "a server needs at least one certificate (or a certificate_resolver)".
  static Result<std::shared_ptr<const ServerConfig>> build(Config settings);
  /// The same from a server's settings alone (the client-only fields stay at their defaults).
  static Result<std::shared_ptr<const ServerConfig>> build(const ServerSettings& settings) {
    return build(Config(settings));
  }
  /// The settings it was built from.
  const Config& settings() const { return settings_; }

 private:
  explicit ServerConfig(Config settings) : settings_(std::move(settings)) {}
  Config settings_;
};

}  // namespace tlskit
