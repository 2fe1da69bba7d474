// Reads a server's answer to a crafted ClientHello without doing I/O: bytes in, and out the
// ServerHello (TLS 1.3: also a HelloRetryRequest), the first flight of TLS 1.2 and older
// (Certificate, CertificateStatus, ServerKeyExchange, CertificateRequest, ServerHelloDone),
// an alert, or an SSLv2 SERVER-HELLO / ERROR; it says when the answer is complete so the
// caller can close the connection.
#pragma once
#include <cstdint>
#include <optional>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "probe/key_exchange_params.h"
#include "probe/server_hello_parse.h"
#include "probe/sslv2.h"
#include "base/iana_registry.h"

namespace tlskit::probe {

// Limits on one answer (named bounds on peer data).
inline constexpr size_t kMaxAnswerBytes = 512 * 1024;  // all bytes read for one answer
inline constexpr size_t kMaxAnswerMessages = 16;       // handshake messages in the first flight
// Largest TLS plaintext record (RFC 5246 §6.2.1, RFC 8446 §5.1: 2^14).
inline constexpr size_t kMaxPlaintextRecord = 16384;
// Bytes of an unrecognized answer kept for the report.
inline constexpr size_t kMaxFirstBytes = 16;

// What the server answered (all owned).
struct ServerAnswer {
  std::optional<ProbeServerHello> server_hello;  // ServerHello or HelloRetryRequest
  std::vector<Bytes> certificates;               // TLS <= 1.2 Certificate, leaf first (DER)
  std::optional<KeyExchangeParams> key_exchange; // TLS <= 1.2 ServerKeyExchange
  bool server_key_exchange_unparsed = false;     // sent, for a suite this engine cannot read
  bool certificate_status = false;               // TLS <= 1.2 CertificateStatus (OCSP stapled)
  bool certificate_request = false;              // the server asks for a client certificate
  bool server_hello_done = false;
  std::optional<Alert> alert;                    // the first alert received
  uint8_t alert_level = 0;                       // 1 warning, 2 fatal
  std::optional<Sslv2Answer> sslv2;              // an SSLv2 SERVER-HELLO or ERROR
  std::vector<HandshakeType> messages;           // handshake messages, in order
  Bytes first_bytes;                             // the first bytes received (at most 16)
  size_t bytes_read = 0;
  bool complete = false;  // the answer is whole; nothing more to read

  // True when the server accepted the hello (a ServerHello, an HRR, or an SSLv2 SERVER-HELLO).
  bool accepted() const;
};

// Incremental reader of one answer.
class AnswerReader {
 public:
  // sslv2: the hello was an SSLv2 CLIENT-HELLO, so a record whose first byte has the high bit
  // set is read as SSLv2 (any other answer is still read as TLS).
  explicit AnswerReader(bool sslv2 = false) : sslv2_(sslv2) {}

  // Feeds received bytes. Returns true when the answer is complete (close the connection).
  // Errors (Party::peer): a first byte that is neither a TLS record type nor (for an SSLv2
  // hello) an SSLv2 header -> not_tls; a record version without major 3 (RFC 5246 §6.2.1) ->
  // decode_error; a record over 2^14 bytes (RFC 5246 §6.2.1) -> record_overflow; an empty
  // handshake or alert record (RFC 5246 §6.2.1 MUST NOT) -> decode_error; application data or
  // a message out of order (RFC 5246 §7.3: ServerHello first, each message once) ->
  // unexpected_message; over kMaxAnswerBytes or kMaxAnswerMessages, or a handshake message over
  // its wire/handshake_header.h bound -> limit_exceeded; and every error of the message parsers
  // (server_hello_parse.h, key_exchange_params.h, sslv2.h, parse_certificate12). After an
  // error, later calls return the same error.
  Result<bool> feed(ByteView data);

  // The answer so far.
  const ServerAnswer& answer() const { return answer_; }

 private:
  Result<bool> step();
  Result<bool> on_record(ContentType type, ByteView body);
  Result<bool> on_handshake_message(HandshakeType type, ByteView body);
  Result<bool> on_sslv2_record(ByteView body);

  bool sslv2_;
  ServerAnswer answer_;
  Bytes buf_;        // unparsed record bytes
  Bytes handshake_;  // handshake bytes not yet forming a whole message
  std::optional<Error> error_;
};

}  // namespace tlskit::probe
