// The implementation behind tlskit::Connection: routes records between the record channel
// and the handshake engine, buffers application data, and keeps the sticky error.
#pragma once
#include <memory>
#include <optional>

#include "handshake/engine.h"
#include "handshake/record_channel.h"
#include "tlskit/config.h"
#include "tlskit/connection.h"

namespace tlskit {

// Records per write() chunk between checks for an automatic KeyUpdate.
inline constexpr size_t kWriteChunkRecords = 16;
// TLS 1.2 warning alerts accepted on one connection before it is failed.
inline constexpr uint32_t kMaxWarningAlerts = 16;

class ConnectionImpl {
 public:
  ConnectionImpl(std::shared_ptr<const Config> config, bool is_server);

  // Starts the handshake: a client queues its ClientHello (and its 0-RTT data, when options
  // has some); a server waits.
  Result<void> start(const ConnectOptions* options = nullptr);

  Result<void> feed(ByteView in);
  Result<void> feed_eof();
  ByteView pending_output() const { return channel_.pending_output(); }
  void consume_output(size_t n) { channel_.consume_output(n); }
  Result<void> write(ByteView plaintext);
  size_t read(MutableByteView out);
  size_t readable() const { return app_in_.size() - app_start_; }
  ByteView readable_view() const { return {app_in_.data() + app_start_, readable()}; }
  void consume_read(size_t n);
  Result<void> key_update(bool request_peer);
  // Connection::request_client_certificate (RFC 8446 §4.6.2): a refusal leaves the connection
  // as it was; a failure to send is fatal.
  Result<void> request_client_certificate();
  void close();
  bool handshake_complete() const { return engine_ && engine_->handshake_complete(); }
  bool peer_closed() const { return peer_closed_; }
  bool is_server() const { return is_server_; }
  const std::optional<Error>& error() const { return error_; }
  const HandshakeInfo& info() const { return channel_.info(); }
  std::optional<Event> next_event();
  // The session a client can resume later (TLS 1.2 session ID or ticket).
  std::optional<Session> session() const;
  // The step the handshake is in (for the inspector and errors).
  Step step() const { return engine_ ? engine_->step() : Step::none; }
  Result<Bytes> export_keying_material(std::string_view label, ByteView context,
                                       size_t length) const {
    if (error_) return *error_;
    return engine_->export_keying_material(label, context, length);
  }

 private:
  Result<void> pump();
  // Drops read application data from the front of the buffer when that is cheap, so a
  // reader that never quite catches up does not make it grow.
  void compact_read_buffer();
  Result<void> handle_record(const record::Record& rec);
  Result<void> handle_handshake(const record::Record& rec);
  Result<void> handle_alert(const record::Record& rec);
  // Makes e the sticky error: drops any staged flight and queues e.alert (unless the peer
  // sent the alert). Returns e.
  Error fail(Error e);

  std::shared_ptr<const Config> config_;
  const crypto::Provider& provider_;
  Rng& rng_;
  const Clock& clock_;
  bool is_server_;
  handshake::RecordChannel channel_;
  std::unique_ptr<handshake::Engine> engine_;
  // Decrypted application data, from app_start_ on. Protected records are opened straight
  // into it (the decoder's plaintext sink) once the handshake completed.
  WireBuffer app_in_;
  size_t app_start_ = 0;
  std::optional<Error> error_;
  bool peer_closed_ = false;
  bool closed_ = false;
  uint32_t warning_alerts_ = 0;  // TLS 1.2 warning alerts received
  // Client: writes the early data again after the handshake when it was not accepted and the
  // options asked for that.
  Result<void> resend_early_data();
  Bytes early_data_to_resend_;  // kept only when resend_rejected_early_data is set
  // Client with Config::client_session_cache: puts each new session into it.
  void remember_session();
  Bytes remembered_ticket_;      // the ticket (or session ID) last put into the cache
  bool remember_checked_ = false;  // the session was looked at once after the handshake
  uint32_t remembered_tickets_ = 0;  // tickets_received when last looked at
};

}  // namespace tlskit
