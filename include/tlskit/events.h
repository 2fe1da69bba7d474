/// @file
/// What a connection reports besides bytes: every message seen, and the negotiated parameters.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tlskit/alert.h"
#include "tlskit/bytes.h"
#include "tlskit/export.h"
#include "tlskit/result.h"
#include "tlskit/types.h"
#include "tlskit/verifier.h"

namespace tlskit {

/// Which way a message went, from this endpoint's point of view.
enum class Direction : uint8_t { sent, received };

/// Kinds of events.
enum class EventKind : uint8_t {
  handshake_message,  ///< a handshake message (plaintext form, even if it was encrypted)
  change_cipher_spec, ///< a ChangeCipherSpec record
  alert,              ///< an alert record (message = 2 bytes: level, description)
  handshake_complete, ///< both Finished exchanged; info() is final
  key_update,         ///< keys changed (sent or received KeyUpdate)
  early_data,         ///< 0-RTT accepted/rejected (detail in info())
  post_handshake_auth,  ///< a post-handshake client authentication ended (info().post_handshake_auth)
};

/// One event, stamped with the connection clock.
struct Event {
  EventKind kind = EventKind::handshake_message;  ///< what happened
  Direction direction = Direction::sent;  ///< sent by this endpoint or received from the peer
  ContentType content_type = ContentType::handshake;  ///< the record content type it travelled in
  HandshakeType handshake_type = HandshakeType::client_hello;  ///< for handshake_message
  Bytes message;           ///< handshake: header (4 bytes) + body; alert: 2 bytes; CCS: 1 byte
  bool encrypted = false;  ///< it travelled in protected records
  size_t wire_bytes = 0;   ///< bytes it took on the wire incl. record overhead (share of records)
  int64_t micros = 0;      ///< Clock::monotonic_micros() when it was sent or received
  ProtocolVersion record_version = ProtocolVersion::tls1_2;  ///< legacy_record_version of its record
};

/// Why 0-RTT early data was not accepted (RFC 8446 §4.2.10, §8), from this endpoint's view.
enum class EarlyDataReason : uint8_t {
  none,                ///< accepted, or not offered
  disabled,            ///< server: max_early_data_size is 0 (0-RTT off)
  not_resumed,         ///< no ticket was accepted (full handshake, or not the first identity)
  external_psk,        ///< server: the PSK is external (0-RTT only with tickets)
  ticket_forbids,      ///< the ticket was issued without early data (max_early_data 0)
  replay,              ///< server: the ticket was already used for 0-RTT, or the replay store
                       ///< could not record it (full, unreachable): refused, fail closed (§8.1)
  too_old,             ///< server: the ClientHello's ticket age is outside the freshness window (§8.3)
  parameters_changed,  ///< the suite or the ALPN differs from the ticket's (§4.2.10)
  hello_retry,         ///< a HelloRetryRequest happened (§4.1.4: no early data after one)
  rejected,            ///< client: the server did not accept it (its reason is not on the wire)
  no_session,          ///< client: no TLS 1.3 ticket to resume, so no 0-RTT was offered
  too_large,           ///< client: more early data than the ticket allows; none was offered
};

/// What became of 0-RTT early data on this connection.
struct EarlyDataInfo {
  bool offered = false;   ///< the ClientHello carried the early_data extension
  bool accepted = false;  ///< the server accepted it (EncryptedExtensions has early_data)
  /// Client: early data bytes sent. Server: early data bytes received; they are the first
  /// `bytes` bytes of the application data stream (read() returns them first), and they may
  /// be a replay the anti-replay checks could not see (RFC 8446 §8, RFC 8470).
  uint64_t bytes = 0;
  EarlyDataReason reason = EarlyDataReason::none;  ///< why it was not accepted
};

/// A short name for r ("replay", "too_old", ...), for logs and JSON.
TLSKIT_API const char* early_data_reason_name(EarlyDataReason r);

/// A certificate chain that travelled compressed (RFC 8879): the algorithm and both sizes.
struct CertCompressionInfo {
  CertCompressionAlgorithm algorithm = CertCompressionAlgorithm::brotli;  ///< the algorithm used
  uint32_t uncompressed_size = 0;  ///< the Certificate body (uncompressed_length)
  uint32_t compressed_size = 0;    ///< compressed_certificate_message as sent
};

/// Post-handshake client authentication (RFC 8446 §4.6.2), from this endpoint's view.
struct PostHandshakeAuthInfo {
  bool offered = false;    ///< the client offered post_handshake_auth (sent, or received)
  uint32_t requests = 0;   ///< CertificateRequests after the handshake (sent, or received)
  uint32_t completed = 0;  ///< of those: answered (client), or answered with a Finished that verified (server)
  bool certificate = false;  ///< the last answer carried a certificate (an empty one: false)
};

/// Negotiated parameters and facts about the handshake; filled as they become known.
struct HandshakeInfo {
  std::optional<ProtocolVersion> version;  ///< negotiated protocol version
  std::optional<CipherSuite> cipher_suite;  ///< negotiated cipher suite
  std::optional<NamedGroup> group;           ///< key exchange group (Server Temp Key)
  bool hello_retry = false;                   ///< a HelloRetryRequest happened
  std::optional<NamedGroup> hello_retry_group;  ///< the group the HelloRetryRequest asked for
  std::string alpn;                           ///< selected protocol, empty if none
  std::string server_name;                    ///< SNI sent (client) or received (server)
  std::vector<Bytes> peer_chain;              ///< DER, leaf first
  std::optional<SignatureScheme> peer_signature_scheme;  ///< scheme of the peer's CertificateVerify / ServerKeyExchange
  std::optional<SignatureScheme> local_signature_scheme;  ///< scheme of our own signature
  bool client_cert_requested = false;  ///< the server sent a CertificateRequest
  bool client_cert_sent = false;  ///< the client sent a certificate, in the handshake or after it (post-handshake auth); set on both sides
  PostHandshakeAuthInfo post_handshake_auth;  ///< certificate requests after the handshake
  std::optional<CertVerifyResult> peer_verify;  ///< absent when not verified (insecure)
  bool peer_verified = false;                 ///< chain (and host name) verified
  bool resumed = false;  ///< the session was resumed (no full handshake)
  EarlyDataInfo early_data;  ///< 0-RTT: offered, accepted, bytes, reason
  bool extended_master_secret = false;        ///< TLS 1.2
  std::optional<uint16_t> peer_record_size_limit;  ///< the peer's record_size_limit (RFC 8449)
  std::optional<CertCompressionInfo> peer_cert_compression;  ///< the peer's Certificate came compressed
  std::optional<CertCompressionInfo> local_cert_compression;  ///< we sent ours compressed
  Bytes ocsp_response;                        ///< stapled response received
  uint32_t tickets_received = 0;  ///< NewSessionTicket messages received
  uint64_t bytes_read = 0;                    ///< wire bytes read by the connection
  uint64_t bytes_written = 0;                 ///< wire bytes written
  uint32_t key_updates_sent = 0;  ///< KeyUpdate messages sent
  uint32_t key_updates_received = 0;  ///< KeyUpdate messages received
  std::optional<Alert> alert_received;  ///< the last alert the peer sent
  std::optional<Step> alert_received_step;  ///< the step in which it arrived
  std::optional<Alert> alert_sent;  ///< the fatal alert we sent
};

}  // namespace tlskit
