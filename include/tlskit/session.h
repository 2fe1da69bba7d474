// Saved sessions: what a client keeps to resume with the same server later (TLS 1.2 session
// ID or ticket; TLS 1.3 tickets later), in a versioned binary and PEM form (--sess-out /
// --sess-in).
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/result.h"
#include "session/session_state.h"
#include "wire/types.h"

namespace tlskit {

// A resumable client session. Get one from Connection::session() after a handshake; give it to
// a later client through Config::resume. It holds the session's master secret: keep it as
// secret as a private key.
class Session {
 public:
  explicit Session(session::ClientSession s) : s_(std::move(s)) {}

  // Parses serialize() output. decode_error (Party::config) on anything malformed or of an
  // unknown format version.
  static Result<Session> parse(ByteView bytes);
  // Reads the first "-----BEGIN TLSKIT SESSION-----" block of text; file_error when there is
  // none, decode_error when it does not parse.
  static Result<Session> from_pem(std::string_view text);

  // The versioned binary form.
  Result<Bytes> serialize() const;
  // The PEM form ("TLSKIT SESSION").
  Result<std::string> to_pem() const;

  ProtocolVersion version() const { return s_.state.version; }
  CipherSuite cipher_suite() const { return s_.state.suite; }
  const std::string& server_name() const { return s_.state.server_name; }
  const std::string& alpn() const { return s_.state.alpn; }
  bool extended_master_secret() const { return s_.state.extended_master_secret; }
  bool has_ticket() const { return !s_.ticket.empty(); }
  ByteView session_id() const { return s_.session_id; }
  // Unix seconds when the session was first established.
  int64_t created() const { return s_.state.created; }
  // True when it can no longer be offered at `now` (Unix seconds).
  bool expired(int64_t now) const { return s_.expired(now); }

  // The internal form (for the handshake).
  const session::ClientSession& state() const { return s_; }

 private:
  session::ClientSession s_;
};

}  // namespace tlskit
