// The interface between a connection and its handshake engine (the states of one protocol
// version and side), and what every engine is given.
#pragma once
#include <memory>
#include <optional>
#include <string_view>

#include "base/clock.h"
#include "base/result.h"
#include "base/rng.h"
#include "crypto/provider.h"
#include "handshake/keylog.h"
#include "handshake/record_channel.h"
#include "record/handshake_deframer.h"
#include "session/session_state.h"
#include "tlskit/config.h"

namespace tlskit::handshake {

// The environment of an engine: configuration, injected primitives and the record channel.
// Everything outlives the engine (the connection owns them).
struct EngineEnv {
  const Config& config;
  const crypto::Provider& provider;
  Rng& rng;
  const Clock& clock;
  RecordChannel& channel;
  KeyLogger keylog;
};

// A handshake engine: consumes the peer's handshake messages, stages replies in the channel
// and commits them when a step succeeds. Any error is fatal for the connection.
class Engine {
 public:
  virtual ~Engine() = default;

  // Handles one whole handshake message (header included). Errors carry the alert to send.
  virtual Result<void> on_handshake(const record::HandshakeMessage& m) = 0;
  // A successor that replaces this engine after on_handshake (the hello front end hands over
  // to a version-specific engine); nullptr when none.
  virtual std::unique_ptr<Engine> take_successor() { return nullptr; }

  // The step we are in: the message we wait for (used for errors and received alerts).
  virtual Step step() const = 0;
  // True once both Finished messages were exchanged (from our point of view).
  virtual bool handshake_complete() const = 0;
  // Whether a ChangeCipherSpec may arrive now (RFC 8446 §5: TLS 1.3 tolerates one between
  // the first ClientHello and the peer's Finished; TLS 1.2 expects it before Finished).
  virtual bool ccs_allowed() const = 0;
  // Handles a ChangeCipherSpec the engine allowed (TLS 1.2 switches read keys here; TLS 1.3
  // ignores the compatibility CCS).
  virtual Result<void> on_change_cipher_spec() { return ok(); }
  // Whether protected application data may arrive now.
  virtual bool application_data_allowed() const = 0;
  // Called before each application data write: sends a KeyUpdate when the write key is near
  // its usage limit (RFC 8446 §5.5) or one is owed to the peer (§4.6.3).
  virtual Result<void> before_application_write() { return ok(); }
  // Called after each application data record received, with its plaintext size (resets
  // KeyUpdate flood counting; a 0-RTT server counts early data against its limit).
  virtual Result<void> on_application_data(size_t bytes) { return ok(); }
  // Keying material exporter (RFC 8446 §7.5 / RFC 5705). Errors: unexpected_message before
  // the handshake completed.
  virtual Result<Bytes> export_keying_material(std::string_view label, ByteView context,
                                               size_t length) const {
    return make_error(ErrorCode::unexpected_message, Alert::none, Party::us, step(),
                      "keying material can only be exported after the handshake completed");
  }
  // Sends a KeyUpdate (RFC 8446 §4.6.3); request_peer asks the peer to update too.
  // Errors: unexpected_message (before the handshake completed, or not TLS 1.3).
  virtual Result<void> send_key_update(bool request_peer) = 0;
  // Server, TLS 1.3: why a post-handshake CertificateRequest cannot be sent now (RFC 8446
  // §4.6.2), or nullopt. Such an error is not fatal.
  virtual std::optional<Error> cannot_request_client_certificate() const {
    return make_error(ErrorCode::unexpected_message, Alert::none, Party::us, step(),
                      "post-handshake authentication is for a TLS 1.3 server connection "
                      "(RFC 8446 §4.6.2)");
  }
  // Sends the post-handshake CertificateRequest (only when the check above passed). Errors
  // are fatal (crypto_failure).
  virtual Result<void> request_client_certificate() {
    return make_error(ErrorCode::internal_error, Alert::internal_error, Party::us, step(),
                      "this engine cannot ask for a certificate after the handshake");
  }
  // Client: the session to resume with later (TLS 1.2 session ID or ticket), once the
  // handshake completed and the server made one; nullopt otherwise.
  virtual std::optional<session::ClientSession> resumable_session() const { return std::nullopt; }
};

}  // namespace tlskit::handshake
