// RecordChannel: staged flights, sealing, alerts, events and output buffer management.
#include "handshake/record_channel.h"

#include <algorithm>

#include "wire/alert_record.h"

namespace tlskit::handshake {
namespace {

// Output buffer capacity kept after it drains once application data flows (reused, so the
// data path does not allocate); larger buffers, and any buffer before application data, are
// returned to keep idle connections small.
constexpr size_t kKeptOutputCapacity = 64 * 1024;

}  // namespace

RecordChannel::RecordChannel(const Clock& clock, bool record_events, size_t max_fragment)
    : clock_(clock), record_events_(record_events), decoder_(0) {
  encoder_.set_max_fragment(max_fragment);
}

void RecordChannel::end_message(size_t start, HandshakeType t) {
  Op op{Op::Kind::message};
  op.begin = start;
  op.end = stage_.size();
  op.type = t;
  ops_.push_back(std::move(op));
}

void RecordChannel::stage_ccs() { ops_.push_back(Op{Op::Kind::ccs}); }

void RecordChannel::stage_write_keys(record::ProtectionKeys keys) {
  Op op{Op::Kind::keys};
  op.keys = std::move(keys);
  ops_.push_back(std::move(op));
}

Result<void> RecordChannel::write_run(size_t first, size_t last) {
  // Messages [first, last) are contiguous in stage_: seal them as one run of records.
  const size_t begin = ops_[first].begin, end = ops_[last - 1].end;
  const size_t before = out_.size();
  const bool enc = encoder_.is_protected();
  TK_TRY(encoder_.write(ContentType::handshake, ByteView(stage_).subspan(begin, end - begin), out_));
  const size_t wire = out_.size() - before;
  info_.bytes_written += wire;
  if (!record_events_) return ok();
  // Attribute the run's wire bytes to its messages in proportion to their sizes.
  size_t left_wire = wire, left_plain = end - begin;
  for (size_t i = first; i < last; ++i) {
    const size_t n = ops_[i].end - ops_[i].begin;
    const size_t share = i + 1 == last ? left_wire : left_plain ? left_wire * n / left_plain : 0;
    left_wire -= share;
    left_plain -= n;
    Event e;
    e.kind = EventKind::handshake_message;
    e.direction = Direction::sent;
    e.content_type = ContentType::handshake;
    e.handshake_type = ops_[i].type;
    e.message.assign(stage_.begin() + static_cast<ptrdiff_t>(ops_[i].begin),
                     stage_.begin() + static_cast<ptrdiff_t>(ops_[i].end));
    e.encrypted = enc;
    e.wire_bytes = share;
    e.micros = clock_.monotonic_micros();
    e.record_version = static_cast<ProtocolVersion>(enc ? record::kRecordVersion12 : plaintext_version_);
    push_event(std::move(e));
  }
  return ok();
}

Result<void> RecordChannel::commit() {
  size_t i = 0;
  Result<void> r;
  while (i < ops_.size() && r) {
    Op& op = ops_[i];
    if (op.kind == Op::Kind::message) {
      size_t j = i + 1;
      while (j < ops_.size() && ops_[j].kind == Op::Kind::message) ++j;
      r = write_run(i, j);
      i = j;
      continue;
    }
    if (op.kind == Op::Kind::ccs) {
      r = send_ccs();
    } else {
      encoder_.set_protection(std::move(op.keys));
    }
    ++i;
  }
  ops_.clear();
  stage_.clear();
  return r;
}

void RecordChannel::discard() {
  ops_.clear();
  stage_.clear();
}

Result<void> RecordChannel::send_ccs() {
  const size_t before = out_.size();
  TK_TRY(encoder_.write_change_cipher_spec(out_));
  info_.bytes_written += out_.size() - before;
  if (record_events_) {
    Event e;
    e.kind = EventKind::change_cipher_spec;
    e.direction = Direction::sent;
    e.content_type = ContentType::change_cipher_spec;
    e.message = {0x01};
    e.wire_bytes = out_.size() - before;
    e.micros = clock_.monotonic_micros();
    push_event(std::move(e));
  }
  return ok();
}

Result<void> RecordChannel::send_alert(Alert a) {
  // RFC 8446 §6: close_notify and user_canceled are warnings; error alerts are fatal.
  // RFC 5246 §7.2.2: no_renegotiation (TLS 1.2 only) "is always a warning".
  const bool warning =
      a == Alert::close_notify || a == Alert::user_canceled || a == Alert::no_renegotiation;
  uint8_t payload[2] = {static_cast<uint8_t>(warning ? AlertLevel::warning : AlertLevel::fatal),
                        static_cast<uint8_t>(a)};
  const size_t before = out_.size();
  const bool enc = encoder_.is_protected();
  TK_TRY(encoder_.write(ContentType::alert, payload, out_));
  info_.bytes_written += out_.size() - before;
  if (a != Alert::user_canceled) write_closed_ = true;
  if (!warning || a == Alert::user_canceled) info_.alert_sent = a;
  if (record_events_) {
    Event e;
    e.kind = EventKind::alert;
    e.direction = Direction::sent;
    e.content_type = ContentType::alert;
    e.message.assign(payload, payload + 2);
    e.encrypted = enc;
    e.wire_bytes = out_.size() - before;
    e.micros = clock_.monotonic_micros();
    push_event(std::move(e));
  }
  return ok();
}

Result<void> RecordChannel::send_application_data(ByteView data) {
  keep_output_ = true;
  const size_t before = out_.size();
  TK_TRY(encoder_.write(ContentType::application_data, data, out_));
  info_.bytes_written += out_.size() - before;
  return ok();
}

Result<void> RecordChannel::set_read_keys(record::ProtectionKeys keys, Step step) {
  // RFC 8446 §5.1: handshake messages MUST NOT span key changes; a message boundary must
  // coincide with the record boundary before the change.
  if (deframer_.has_pending())
    return make_error(ErrorCode::unexpected_message, Alert::unexpected_message, Party::peer, step,
                      "the peer put data of a later handshake message in the same record as "
                      "the message before a key change (RFC 8446 §5.1)");
  decoder_.set_protection(std::move(keys));
  return ok();
}

void RecordChannel::note_handshake_record(size_t plaintext, size_t wire, bool encrypted) {
  info_.bytes_read += wire;
  in_plain_ += plaintext;
  in_wire_ += wire;
  in_encrypted_ = encrypted;
}

void RecordChannel::received_message(ByteView message, HandshakeType t) {
  const size_t n = message.size();
  const size_t share = in_plain_ ? std::min(in_wire_, in_wire_ * std::min(n, in_plain_) / in_plain_) : 0;
  in_wire_ -= share;
  in_plain_ -= std::min(n, in_plain_);
  if (in_plain_ == 0) in_wire_ = 0;
  if (!record_events_) return;
  Event e;
  e.kind = EventKind::handshake_message;
  e.direction = Direction::received;
  e.content_type = ContentType::handshake;
  e.handshake_type = t;
  e.message.assign(message.begin(), message.end());
  e.encrypted = in_encrypted_;
  e.wire_bytes = share;
  e.micros = clock_.monotonic_micros();
  push_event(std::move(e));
}

void RecordChannel::received_record(ContentType t, ByteView payload, size_t wire, bool encrypted) {
  info_.bytes_read += wire;
  if (!record_events_) return;
  Event e;
  e.kind = t == ContentType::alert ? EventKind::alert : EventKind::change_cipher_spec;
  e.direction = Direction::received;
  e.content_type = t;
  e.message.assign(payload.begin(), payload.end());
  e.encrypted = encrypted;
  e.wire_bytes = wire;
  e.micros = clock_.monotonic_micros();
  push_event(std::move(e));
}

void RecordChannel::note_event(EventKind kind, Direction d, size_t wire_bytes) {
  if (!record_events_) return;
  Event e;
  e.kind = kind;
  e.direction = d;
  e.wire_bytes = wire_bytes;
  e.encrypted = kind == EventKind::early_data && wire_bytes > 0;
  e.content_type = kind == EventKind::key_update ? ContentType::handshake : ContentType::invalid;
  if (kind == EventKind::key_update) e.handshake_type = HandshakeType::key_update;
  e.micros = clock_.monotonic_micros();
  push_event(std::move(e));
}

void RecordChannel::push_event(Event e) {
  if (events_.size() - events_head_ >= kMaxQueuedEvents) ++events_head_;  // drop the oldest
  if (events_head_ > 0 && events_head_ * 2 >= events_.size()) {
    events_.erase(events_.begin(), events_.begin() + static_cast<ptrdiff_t>(events_head_));
    events_head_ = 0;
  }
  events_.push_back(std::move(e));
}

std::optional<Event> RecordChannel::take_event() {
  if (events_head_ >= events_.size()) return std::nullopt;
  Event e = std::move(events_[events_head_++]);
  if (events_head_ == events_.size()) {
    events_.clear();
    events_head_ = 0;
  }
  return e;
}

void RecordChannel::consume_output(size_t n) {
  out_start_ += std::min(n, out_.size() - out_start_);
  if (out_start_ == out_.size()) {
    out_.clear();
    out_start_ = 0;
    if (!keep_output_ || out_.capacity() > kKeptOutputCapacity) WireBuffer().swap(out_);
  } else if (out_start_ > out_.size() / 2 && out_start_ > 4096) {
    out_.erase(out_.begin(), out_.begin() + static_cast<ptrdiff_t>(out_start_));
    out_start_ = 0;
  }
}

void RecordChannel::release_handshake_buffers() {
  Bytes().swap(stage_);
  std::vector<Op>().swap(ops_);
  // The deframer grew to the largest handshake message (the certificate chain); start over
  // small. Post-handshake messages (KeyUpdate, tickets) are tiny.
  if (!deframer_.has_pending()) deframer_ = record::HandshakeDeframer(deframer_.max_message());
  // The receive buffer (one maximal record) is allocated again when data arrives.
  decoder_.release_buffer_if_empty();
}

}  // namespace tlskit::handshake
