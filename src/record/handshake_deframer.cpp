// HandshakeDeframer: reassembly of handshake messages from record fragments.
#include "record/handshake_deframer.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "record/handshake_size_bounds.h"
#include "base/iana_registry.h"

namespace tlskit::record {

HandshakeDeframer::HandshakeDeframer(size_t max_message) { set_max_message(max_message); }

void HandshakeDeframer::set_max_message(size_t max_message) {
  max_message_ = std::min(max_message, kMaxHandshakeMessageLimit);
}

void HandshakeDeframer::reset() { start_ = end_ = 0; }

Result<void> HandshakeDeframer::add(ByteView fragment) {
  if (fragment.empty())
    // RFC 8446 §5.1: zero-length handshake fragments are forbidden.
    return make_error(ErrorCode::unexpected_message, Alert::unexpected_message, Party::peer,
                      Step::record_layer, "zero-length handshake fragment");
  // Drop what was already returned, then append (the buffer keeps its capacity).
  if (start_ > 0) {
    const size_t n = end_ - start_;
    if (n) std::memmove(buf_.data(), buf_.data() + start_, n);
    start_ = 0;
    end_ = n;
  }
  if (buf_.size() < end_ + fragment.size()) buf_.resize(end_ + fragment.size());
  std::memcpy(buf_.data() + end_, fragment.data(), fragment.size());
  end_ += fragment.size();
  return ok();
}

bool HandshakeDeframer::has_partial() const {
  size_t pos = start_;
  // Walk complete messages; anything left over is partial.
  while (end_ - pos >= kHandshakeHeaderSize) {
    const size_t len = static_cast<size_t>(buf_[pos + 1]) << 16 |
                       static_cast<size_t>(buf_[pos + 2]) << 8 | buf_[pos + 3];
    if (end_ - pos - kHandshakeHeaderSize < len) return true;
    pos += kHandshakeHeaderSize + len;
  }
  return pos != end_;
}

Result<std::optional<HandshakeMessage>> HandshakeDeframer::next() {
  const size_t avail = end_ - start_;
  if (avail < kHandshakeHeaderSize) return std::optional<HandshakeMessage>();
  const uint8_t* p = buf_.data() + start_;
  const size_t len = static_cast<size_t>(p[1]) << 16 | static_cast<size_t>(p[2]) << 8 | p[3];
  const auto type = static_cast<HandshakeType>(p[0]);
  // RFC 8446 §6.2: a length the message's syntax cannot have is a decode_error.
  if (auto syntax_max = syntactic_max_body(type); syntax_max && len > *syntax_max)
    return make_error(ErrorCode::decode_error, Alert::decode_error, Party::peer,
                      Step::record_layer,
                      "handshake message (type " + std::to_string(p[0]) + ") announces " +
                          std::to_string(len) + " bytes; its syntax allows at most " +
                          std::to_string(*syntax_max));
  // Our configured bound (for certificate chains); every well-formed ClientHello is still
  // accepted (RFC 8446 §4.1.2).
  const size_t limit =
      type == HandshakeType::client_hello ? std::max(max_message_, kMaxClientHelloBody)
                                          : max_message_;
  if (len > limit)
    return make_error(
        ErrorCode::illegal_parameter, Alert::illegal_parameter, Party::peer, Step::record_layer,
        "handshake message (type " + std::to_string(p[0]) + ") of " + std::to_string(len) +
            " bytes exceeds our limit of " + std::to_string(limit) + " bytes");
  if (avail - kHandshakeHeaderSize < len) return std::optional<HandshakeMessage>();
  HandshakeMessage m;
  m.type = type;
  m.bytes = ByteView(p, kHandshakeHeaderSize + len);
  start_ += kHandshakeHeaderSize + len;
  if (start_ == end_) start_ = end_ = 0;  // keep the span valid: no data is moved here
  return std::optional<HandshakeMessage>(m);
}

Result<void> HandshakeDeframer::check_key_change() const {
  if (has_pending())
    // RFC 8446 §5.1: handshake messages MUST NOT span key changes, and a message that
    // precedes a key change must end at a record boundary.
    return make_error(ErrorCode::unexpected_message, Alert::unexpected_message, Party::peer,
                      Step::record_layer,
                      std::to_string(end_ - start_) +
                          " bytes of handshake data were still buffered at a key change "
                          "(handshake messages must not span key changes)");
  return ok();
}

Result<void> HandshakeDeframer::check_interleave(ContentType other) const {
  if (has_partial())
    // RFC 8446 §5.1: handshake messages MUST NOT be interleaved with other record types.
    return make_error(ErrorCode::unexpected_message, Alert::unexpected_message, Party::peer,
                      Step::record_layer,
                      "a " + content_type_name(other) +
                          " record arrived in the middle of a fragmented handshake message");
  return ok();
}

}  // namespace tlskit::record
