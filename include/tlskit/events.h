/// @file
/// What a connection reports besides bytes: every message seen, and the negotiated parameters.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tlskit/alert.h"
#include "tlskit/bytes.h"
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
  bool client_cert_sent = false;  ///< the client sent a certificate
  std::optional<CertVerifyResult> peer_verify;  ///< absent when not verified (insecure)
  bool peer_verified = false;                 ///< chain (and host name) verified
  bool resumed = false;  ///< the session was resumed (no full handshake)
  bool extended_master_secret = false;        ///< TLS 1.2
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
