// The record channel of one connection: the record decoder/encoder and handshake deframer,
// the output buffer, staged flights (sealed only when a handshake step succeeds), the
// event trace and the HandshakeInfo. Handshake states talk to the peer only through it.
#pragma once
#include <cstddef>
#include <optional>
#include <vector>

#include "base/bytes.h"
#include "base/clock.h"
#include "base/result.h"
#include "record/handshake_deframer.h"
#include "record/record_decoder.h"
#include "record/record_encoder.h"
#include "tlskit/events.h"
#include "base/iana_registry.h"

namespace tlskit::handshake {

// Largest number of events kept when the user does not drain them (bounds memory).
inline constexpr size_t kMaxQueuedEvents = 4096;

class RecordChannel {
 public:
  // clock stamps events; record_events turns the trace on.
  RecordChannel(const Clock& clock, bool record_events, size_t max_fragment);

  // ---- Outgoing handshake flights -------------------------------------------------------
  // A flight is staged (plaintext, key changes as markers) and sealed by commit(); when a
  // step fails, discard() drops it so only an alert goes out.

  // The staging buffer: append one whole handshake message, then call end_message(start).
  Bytes& stage() { return stage_; }
  // Marks stage()[start, end) as one handshake message of type t.
  void end_message(size_t start, HandshakeType t);
  // Stages a ChangeCipherSpec record (TLS 1.3 middlebox compatibility, RFC 8446 §D.4).
  void stage_ccs();
  // Stages a write key change: everything staged after it is sealed under keys.
  void stage_write_keys(record::ProtectionKeys keys);
  // Seals everything staged into the output buffer, in order. Errors: crypto_failure /
  // limit_exceeded from the encoder (the connection must fail).
  Result<void> commit();
  // Drops everything staged (a failed step).
  void discard();
  // True when something is staged.
  bool has_staged() const { return !ops_.empty(); }

  // ---- Outgoing records outside flights --------------------------------------------------
  // Writes an alert record under the current write keys (level fatal unless close_notify or
  // user_canceled). Records alert_sent and an event.
  Result<void> send_alert(Alert a);
  // True once we sent close_notify or a fatal alert: nothing more may be written
  // (RFC 8446 §6.1).
  bool write_closed() const { return write_closed_; }
  // Writes application data (fragmented) under the current write keys.
  Result<void> send_application_data(ByteView data);
  // legacy_record_version of unprotected records (0x0301 for a client's first ClientHello).
  void set_plaintext_version(uint16_t v) {
    plaintext_version_ = v;
    encoder_.set_plaintext_version(v);
  }
  // Writes a ChangeCipherSpec now (not staged).
  Result<void> send_ccs();

  // ---- Incoming ------------------------------------------------------------------------
  record::RecordDecoder& decoder() { return decoder_; }
  record::RecordEncoder& encoder() { return encoder_; }
  record::HandshakeDeframer& deframer() { return deframer_; }
  // Installs read keys. RFC 8446 §5.1: handshake messages must not span a key change
  // (unexpected_message at step when bytes of a later message are already buffered).
  Result<void> set_read_keys(record::ProtectionKeys keys, Step step);
  // Notes a handshake record handed to the deframer (for the per-message wire size).
  void note_handshake_record(size_t plaintext, size_t wire, bool encrypted);
  // Records a received handshake message event (call for each message the deframer yields).
  void received_message(ByteView message, HandshakeType t);
  // Records a received CCS or alert record event.
  void received_record(ContentType t, ByteView payload, size_t wire, bool encrypted);

  // ---- Output buffer -------------------------------------------------------------------
  ByteView pending_output() const { return {out_.data() + out_start_, out_.size() - out_start_}; }
  void consume_output(size_t n);
  // Frees memory held for the handshake (staging, deframer slack) once it is over.
  void release_handshake_buffers();

  // ---- Trace and facts -----------------------------------------------------------------
  HandshakeInfo& info() { return info_; }
  const HandshakeInfo& info() const { return info_; }
  bool recording() const { return record_events_; }
  // Appends an event of kind (handshake_complete, key_update, ...); wire_bytes: what it took
  // on the wire (0-RTT data), if anything.
  void note_event(EventKind kind, Direction d, size_t wire_bytes = 0);
  // Takes the oldest queued event, if any.
  std::optional<Event> take_event();
  int64_t now_micros() const { return clock_.monotonic_micros(); }

 private:
  struct Op {
    enum class Kind : uint8_t { message, ccs, keys } kind;
    size_t begin = 0, end = 0;  // message: range in stage_
    HandshakeType type{};
    record::ProtectionKeys keys;  // kind == keys
  };
  void push_event(Event e);
  Result<void> write_run(size_t first_op, size_t last_op);

  const Clock& clock_;
  bool record_events_;
  record::RecordDecoder decoder_;
  record::RecordEncoder encoder_;
  record::HandshakeDeframer deframer_;
  WireBuffer out_;
  size_t out_start_ = 0;
  Bytes stage_;
  std::vector<Op> ops_;
  HandshakeInfo info_;
  std::vector<Event> events_;  // queued events from events_head_ on (no allocation when off)
  size_t events_head_ = 0;
  // Wire bytes / plaintext bytes of handshake records not yet attributed to a message.
  size_t in_wire_ = 0, in_plain_ = 0;
  bool in_encrypted_ = false;
  bool keep_output_ = false;
  bool write_closed_ = false;
  uint16_t plaintext_version_ = record::kRecordVersion12;
};

}  // namespace tlskit::handshake
