/// @file
/// Saved sessions: what a client keeps to resume with the same server later (TLS 1.2 session
/// ID or ticket; TLS 1.3 tickets later), in a versioned binary and PEM form (--sess-out /
/// --sess-in).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "tlskit/bytes.h"
#include "tlskit/export.h"
#include "tlskit/result.h"
#include "tlskit/types.h"

namespace tlskit {

class Session;
namespace session {
struct ClientSession;  ///< the internal form: secrets, ticket, session ID (src/session/)
/// Internal: the state inside a Session, for the handshake (src/session/session_access.h).
const ClientSession& client_session_of(const Session& s);
}  // namespace session

/// A resumable client session. Get one from Connection::session() after a handshake; give it to
/// a later client through Config::resume_session. It holds the session's master secret: keep it
/// as secret as a private key. Copies share one immutable state.
class TLSKIT_API Session {
 public:
  /// Wraps the internal form (the library makes Sessions; applications get them from
  /// Connection::session(), parse() or from_pem()).
  explicit Session(session::ClientSession s);

  /// Parses serialize() output. decode_error (Party::config) on anything malformed or of an
  /// unknown format version.
  static Result<Session> parse(ByteView bytes);
  /// Reads the first "-----BEGIN TLSKIT SESSION-----" block of text; file_error when there is
  /// none, decode_error when it does not parse.
  static Result<Session> from_pem(std::string_view text);

  /// The versioned binary form.
  Result<Bytes> serialize() const;
  /// The PEM form ("TLSKIT SESSION").
  Result<std::string> to_pem() const;

  /// The protocol version the session was established with.
  ProtocolVersion version() const;
  /// The cipher suite the session was established with.
  CipherSuite cipher_suite() const;
  /// The server name (SNI) the session belongs to.
  const std::string& server_name() const;
  /// The ALPN protocol negotiated, empty if none.
  const std::string& alpn() const;
  /// Whether the session used the extended master secret (TLS 1.2, RFC 7627).
  bool extended_master_secret() const;
  /// True when the server gave a ticket (else the session is resumed by session ID).
  bool has_ticket() const;
  /// The TLS 1.2 session ID (may be empty with a ticket).
  ByteView session_id() const;
  /// Unix seconds when the session was first established.
  int64_t created() const;
  /// True when it can no longer be offered at `now` (Unix seconds).
  bool expired(int64_t now) const;

 private:
  friend const session::ClientSession& session::client_session_of(const Session& s);
  std::shared_ptr<const session::ClientSession> s_;
};

}  // namespace tlskit
