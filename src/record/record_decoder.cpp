// RecordDecoder: header parsing, in-place opening and the record-layer checks.
#include "record/record_decoder.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>

#include "record/peer_sniff.h"
#include "base/iana_registry.h"

namespace tlskit::record {
namespace {

Error record_error(ErrorCode code, Alert alert, std::string detail) {
  return make_error(code, alert, Party::peer, Step::record_layer, std::move(detail));
}

std::string hex16(uint16_t v) {
  char b[8];
  std::snprintf(b, sizeof b, "0x%04x", v);
  return b;
}

bool is_known_type(uint8_t t) {
  return t == static_cast<uint8_t>(ContentType::change_cipher_spec) ||
         t == static_cast<uint8_t>(ContentType::alert) ||
         t == static_cast<uint8_t>(ContentType::handshake) ||
         t == static_cast<uint8_t>(ContentType::application_data);
}

// Bytes at the start of a connection looked at to recognise peers that do not speak TLS.
constexpr size_t kSniffBytes = 64;

std::string type_text(uint8_t t) { return content_type_name(static_cast<ContentType>(t)); }

}  // namespace

RecordDecoder::RecordDecoder(size_t initial_capacity)
    : capacity_hint_(std::max(initial_capacity, kMaxRecordSize)) {}

bool RecordDecoder::release_buffer_if_empty() {
  if (start_ != end_ || buf_.empty()) return false;
  Bytes().swap(buf_);
  start_ = end_ = 0;
  return true;
}

void RecordDecoder::compact() {
  if (start_ == 0) return;
  const size_t n = end_ - start_;
  if (n) std::memmove(buf_.data(), buf_.data() + start_, n);
  start_ = 0;
  end_ = n;
}

MutableByteView RecordDecoder::prepare(size_t min_size) {
  if (start_ == end_) start_ = end_ = 0;
  if (buf_.empty()) buf_.resize(std::max(capacity_hint_, min_size));
  if (buf_.size() - end_ < min_size) {
    compact();
    if (buf_.size() - end_ < min_size) buf_.resize(end_ + min_size);
  }
  return {buf_.data() + end_, buf_.size() - end_};
}

void RecordDecoder::commit(size_t n) { end_ = std::min(end_ + n, buf_.size()); }

void RecordDecoder::append(ByteView data) {
  if (data.empty()) return;
  MutableByteView space = prepare(data.size());
  std::memcpy(space.data(), data.data(), data.size());
  end_ += data.size();
}

void RecordDecoder::begin_input(ByteView in) {
  input_ = in;
  input_pos_ = 0;
}

void RecordDecoder::end_input() {
  if (input_left()) append(input_.subspan(input_pos_));
  input_ = {};
  input_pos_ = 0;
}

void RecordDecoder::pull_input(size_t n) {
  n = std::min(n, input_left());
  if (n == 0) return;
  append(input_.subspan(input_pos_, n));
  input_pos_ += n;
}

std::optional<MutableByteView> RecordDecoder::open_payload(
    std::span<const uint8_t, kRecordNonceSize> nonce, ByteView aad, ByteView in, ByteView tag) {
  if (sink_ == nullptr) {
    // In place: without a sink, protected records are always read from the buffer.
    MutableByteView inout(const_cast<uint8_t*>(in.data()), in.size());
    if (!keys_.aead().open(nonce, aad, inout, tag)) return std::nullopt;
    return inout;
  }
  const size_t mark = sink_->size();
  sink_->resize(mark + in.size());
  MutableByteView out(sink_->data() + mark, in.size());
  if (!keys_.aead().open_to(nonce, aad, in, tag, out)) {
    sink_->resize(mark);
    return std::nullopt;
  }
  sink_mark_ = mark;
  return out;
}

void RecordDecoder::set_protection(ProtectionKeys keys) {
  keys_ = std::move(keys);
  seq_ = 0;  // RFC 8446 §5.3 / RFC 5246 §6.1: each new key starts at sequence number 0.
}

void RecordDecoder::clear_protection() {
  keys_ = ProtectionKeys();
  seq_ = 0;
}

void RecordDecoder::skip_early_data(uint32_t max_bytes) {
  skipping_ = true;
  skip_budget_ = max_bytes;
}

Result<DecodeStatus> RecordDecoder::fail(Error e) {
  // A record opened into the sink and then rejected leaves nothing behind there.
  if (sink_ && sink_mark_ != kNoSinkMark && sink_->size() > sink_mark_) sink_->resize(sink_mark_);
  failed_ = true;
  error_ = e;
  return e;
}

Result<void> RecordDecoder::check_first_bytes(ByteView first) const {
  auto what = describe_non_tls(first);
  if (!what) return ok();
  if (looks_like_sslv2_client_hello(first))
    return record_error(ErrorCode::protocol_version, Alert::protocol_version,
                        "the peer sent " + *what);
  // RFC 8446 §5: bytes that are no record of a known content type → unexpected_message
  // (harmless to a peer that does not speak TLS; what a TLS scanner expects to see).
  return record_error(ErrorCode::not_tls, Alert::unexpected_message,
                      "the peer does not speak TLS: it sent " + *what);
}

Result<void> RecordDecoder::check_header(uint8_t type, uint16_t version, size_t len,
                                         size_t max_len) const {
  // RFC 8446 §5: a record with an unknown content type → unexpected_message.
  if (!is_known_type(type))
    return record_error(ErrorCode::unexpected_message, Alert::unexpected_message,
                        "record with unknown content type " + std::to_string(type));
  // RFC 8446 §5.1: legacy_record_version is otherwise ignored, but a TLS record always
  // has major version 3. RFC 5246 §6.2.1 / E.1: after negotiating TLS 1.2 it must be 0x0303.
  if ((version >> 8) != 0x03)
    return record_error(ErrorCode::protocol_version, Alert::protocol_version,
                        "record version " + hex16(version) + " is not an SSL/TLS version");
  if (rule_ == RecordVersionRule::tls12 && version != kRecordVersion12)
    return record_error(
        ErrorCode::protocol_version, Alert::protocol_version,
        "record version " + hex16(version) + " after TLS 1.2 was negotiated (expected 0x0303)");
  // RFC 8446 §5.1/§5.2, RFC 5246 §6.2.1-6.2.3: length over the limit → record_overflow.
  if (len > max_len)
    return record_error(ErrorCode::record_overflow, Alert::record_overflow,
                        type_text(type) + " record of " + std::to_string(len) +
                            " bytes exceeds the limit of " + std::to_string(max_len));
  return ok();
}

Result<void> RecordDecoder::skip_rejected_early_data(size_t len) {
  // RFC 8446 §4.2.10: a server that rejected 0-RTT ignores such records up to
  // max_early_data_size; more → unexpected_message.
  if (skipped_bytes_ + len > skip_budget_)
    return record_error(ErrorCode::unexpected_message, Alert::unexpected_message,
                        "more rejected early data than max_early_data_size (" +
                            std::to_string(skip_budget_) + " bytes)");
  skipped_bytes_ += len;
  return ok();
}

Result<void> RecordDecoder::check_plaintext_size(size_t n, size_t protocol_max,
                                                 const char* protocol_limit) const {
  // RFC 8446 §5.4 (2^14 + 1 with the inner type) / RFC 5246 §6.2.3 (2^14) → record_overflow.
  if (n > protocol_max)
    return record_error(ErrorCode::record_overflow, Alert::record_overflow,
                        "decrypted record of " + std::to_string(n) + " bytes exceeds " +
                            protocol_limit);
  // RFC 8449 §4: over the record_size_limit we announced → record_overflow.
  if (protected_limit_ && n > protected_limit_)
    return record_error(ErrorCode::record_overflow, Alert::record_overflow,
                        "decrypted record of " + std::to_string(n) +
                            " bytes exceeds our record_size_limit of " +
                            std::to_string(protected_limit_) + " (RFC 8449)");
  return ok();
}

Result<bool> RecordDecoder::open_tls13(Record& rec, const uint8_t* hdr, size_t len) {
  const uint8_t* payload = hdr + kRecordHeaderSize;
  const uint8_t type = hdr[0];
  // RFC 8446 §5.2: every protected record has outer type application_data.
  if (type != static_cast<uint8_t>(ContentType::application_data))
    return record_error(
        ErrorCode::unexpected_message, Alert::unexpected_message,
        "unprotected " + type_text(type) + " record after TLS 1.3 keys were installed");
  // RFC 8446 §5.3: sequence numbers must not wrap.
  if (seq_ == std::numeric_limits<uint64_t>::max())
    return record_error(ErrorCode::limit_exceeded, Alert::internal_error,
                        "read sequence number space exhausted; the peer never updated keys");
  const size_t tag = keys_.tag_size();
  std::optional<MutableByteView> opened;
  size_t inner_len = 0;
  if (len >= tag + 1) {
    std::array<uint8_t, kRecordNonceSize> nonce;
    keys_.nonce(seq_, {}, nonce);
    inner_len = len - tag;
    // RFC 8446 §5.2: additional_data = the record header.
    opened = open_payload(nonce, ByteView(hdr, kRecordHeaderSize), ByteView(payload, inner_len),
                          ByteView(payload + inner_len, tag));
  }
  if (!opened) {
    // RFC 8446 §4.2.10: a server that rejected 0-RTT discards records that fail to open.
    if (skipping_) {
      TK_TRY(skip_rejected_early_data(len));
      return false;
    }
    // RFC 8446 §5.2: deprotection failure → bad_record_mac.
    return record_error(
        ErrorCode::bad_record_mac, Alert::bad_record_mac,
        len < tag + 1 ? "protected record of " + std::to_string(len) +
                            " bytes is too short for the " + crypto::aead_name(keys_.alg()) + " tag"
                      : std::string("record failed ") + crypto::aead_name(keys_.alg()) +
                            " authentication (sequence " + std::to_string(seq_) + ")");
  }
  const uint8_t* plain = opened->data();
  skipping_ = false;      // the first record that opens starts the real second flight
  plain_alerts_ = false;  // the peer has its keys: from now on everything is protected
  rec.sequence = seq_++;
  rec.was_protected = true;
  TK_TRY(check_plaintext_size(inner_len, kMaxInnerPlaintext13, "2^14 + 1"));
  // RFC 8446 §5.4: the inner type is the last non-zero byte; all zeros → unexpected_message.
  size_t i = inner_len;
  while (i > 0 && plain[i - 1] == 0) --i;
  if (i == 0)
    return record_error(ErrorCode::unexpected_message, Alert::unexpected_message,
                        "decrypted record holds only zero padding (no content type)");
  const uint8_t inner = plain[i - 1];
  // RFC 8446 §5: a protected change_cipher_spec → unexpected_message; unknown types too.
  if (!is_known_type(inner) || inner == static_cast<uint8_t>(ContentType::change_cipher_spec))
    return record_error(
        ErrorCode::unexpected_message, Alert::unexpected_message,
        inner == static_cast<uint8_t>(ContentType::change_cipher_spec)
            ? std::string("protected change_cipher_spec record")
            : "protected record with unknown inner content type " + std::to_string(inner));
  rec.type = static_cast<ContentType>(inner);
  rec.fragment = ByteView(plain, i - 1);
  if (sink_) {
    // Only the content stays in the sink: drop the inner type and the padding.
    sink_->resize(sink_->size() - (inner_len - (i - 1)));
    rec.in_sink = true;
  }
  return true;
}

Result<void> RecordDecoder::open_tls12(Record& rec, const uint8_t* hdr, size_t len) {
  // TLS 1.2 AEAD (RFC 5246 §6.2.3.3, RFC 5288, RFC 7905).
  const uint8_t* payload = hdr + kRecordHeaderSize;
  if (seq_ == std::numeric_limits<uint64_t>::max())
    return record_error(ErrorCode::limit_exceeded, Alert::internal_error,
                        "read sequence number space exhausted");
  const size_t tag = keys_.tag_size();
  const size_t explicit_len = keys_.mode() == NonceMode::tls12_explicit ? kExplicitNonceSize12 : 0;
  if (len < explicit_len + tag)
    return record_error(ErrorCode::bad_record_mac, Alert::bad_record_mac,
                        "protected record of " + std::to_string(len) +
                            " bytes is too short for the nonce and tag");
  const size_t pt_len = len - explicit_len - tag;
  TK_TRY(check_plaintext_size(pt_len, kMaxPlaintext, "2^14"));
  std::array<uint8_t, kRecordNonceSize> nonce;
  keys_.nonce(seq_, ByteView(payload, explicit_len), nonce);
  std::array<uint8_t, 13> aad;
  tls12_aad(seq_, hdr[0], rec.legacy_version, static_cast<uint16_t>(pt_len), aad);
  const uint8_t* ct = payload + explicit_len;
  auto opened = open_payload(nonce, aad, ByteView(ct, pt_len), ByteView(ct + pt_len, tag));
  if (!opened)
    return record_error(ErrorCode::bad_record_mac, Alert::bad_record_mac,
                        std::string("record failed ") + crypto::aead_name(keys_.alg()) +
                            " authentication (sequence " + std::to_string(seq_) + ")");
  rec.sequence = seq_++;
  rec.was_protected = true;
  rec.fragment = *opened;
  rec.in_sink = sink_ != nullptr;
  return ok();
}

Result<void> RecordDecoder::check_fragment(const Record& rec) {
  const size_t n = rec.fragment.size();
  switch (rec.type) {
    case ContentType::change_cipher_spec:
      // RFC 8446 §5: a CCS is the single byte 0x01, anything else → unexpected_message.
      // RFC 5246 §7.1 defines the same single byte and names no alert for another; we answer
      // unexpected_message in both versions, as OpenSSL's record layer and tlsfuzzer's
      // test-ccs ("two bytes long CCS") do.
      if (n != 1 || rec.fragment[0] != 0x01)
        return record_error(ErrorCode::unexpected_message, Alert::unexpected_message,
                            "change_cipher_spec record of " + std::to_string(n) +
                                " bytes is not the single byte 0x01");
      break;
    case ContentType::handshake:
      // RFC 8446 §5.1 / RFC 5246 §6.2.1: no zero-length handshake fragments.
      if (n == 0)
        return record_error(ErrorCode::unexpected_message, Alert::unexpected_message,
                            "zero-length handshake record");
      break;
    case ContentType::alert:
      // RFC 8446 §5.4: an alert record with zero-length content → unexpected_message (RFC
      // 5246 §6.2.1 forbids them too).
      if (n == 0)
        return record_error(ErrorCode::unexpected_message, Alert::unexpected_message,
                            "zero-length alert record");
      // RFC 8446 §5.1: an alert record holds exactly one alert (2 bytes); alerts are not
      // fragmented or coalesced (we apply the same to TLS 1.2, as BoringSSL does).
      if (n != 2)
        return record_error(
            ErrorCode::decode_error, Alert::decode_error,
            "alert record of " + std::to_string(n) + " bytes (an alert is exactly 2 bytes)");
      break;
    default:
      break;
  }
  if (n == 0) {
    // Zero-length application data is allowed, but not a flood of it.
    if (++empty_in_a_row_ > kMaxConsecutiveEmptyRecords)
      return record_error(ErrorCode::unexpected_message, Alert::unexpected_message,
                          "more than " + std::to_string(kMaxConsecutiveEmptyRecords) +
                              " empty records in a row");
  } else {
    empty_in_a_row_ = 0;
  }
  return ok();
}

Result<DecodeStatus> RecordDecoder::next() {
  if (failed_) return error_;
  // Each pass consumes one record or returns, so the loop ends with the buffered bytes.
  for (;;) {
    sink_mark_ = kNoSinkMark;
    // The start of a connection is gathered in the buffer, so the sniffing below sees up to
    // kSniffBytes of it.
    const bool sniffing = records_ == 0 && skipped_bytes_ == 0 && !keys_.valid() &&
                          rule_ == RecordVersionRule::unknown;
    // With nothing buffered, records are read straight from the caller's input; protected
    // ones then need the sink to be opened into (the input is read-only).
    const bool direct = end_ == start_ && input_left() >= kRecordHeaderSize && !sniffing &&
                        (sink_ != nullptr || !keys_.valid());
    if (sniffing && end_ - start_ < kSniffBytes)
      pull_input(kSniffBytes - (end_ - start_));
    else if (!direct && end_ - start_ < kRecordHeaderSize)
      pull_input(kRecordHeaderSize - (end_ - start_));
    const uint8_t* hdr = direct ? input_.data() + input_pos_ : buf_.data() + start_;
    size_t avail = direct ? input_left() : end_ - start_;
    if (avail < kRecordHeaderSize) return DecodeStatus{false, kRecordHeaderSize - avail, {}};
    const uint8_t type = hdr[0];
    const uint16_t version = static_cast<uint16_t>(hdr[1] << 8 | hdr[2]);
    const size_t len = static_cast<size_t>(hdr[3] << 8 | hdr[4]);

    // The first bytes of a connection: recognise peers that do not speak TLS at all.
    if (sniffing) {
      if (auto r = check_first_bytes(ByteView(hdr, std::min(avail, kSniffBytes))); !r)
        return fail(r.error());
    }

    const bool is_ccs = type == static_cast<uint8_t>(ContentType::change_cipher_spec);
    const bool is_appdata = type == static_cast<uint8_t>(ContentType::application_data);
    const bool is_alert = type == static_cast<uint8_t>(ContentType::alert);
    const bool tls13_keys = keys_.valid() && keys_.mode() == NonceMode::tls13;
    // A TLS 1.3 CCS is never protected (RFC 8446 §5); nor is an alert from a client that could
    // not process our ServerHello (allow_plaintext_alerts); everything else under keys is.
    const bool protected_record =
        keys_.valid() && !(tls13_keys && (is_ccs || (is_alert && plain_alerts_)));
    size_t max_len = kMaxPlaintext;
    if (protected_record)
      max_len = keys_.mode() == NonceMode::tls13 ? kMaxCiphertext13 : kMaxCiphertext12;
    else if (skipping_ && is_appdata)
      max_len = kMaxCiphertext13;  // rejected 0-RTT records after a HelloRetryRequest
    if (auto r = check_header(type, version, len, max_len); !r) return fail(r.error());
    if (avail < kRecordHeaderSize + len) {
      if (direct) {
        // The input ends inside this record: keep what there is for the next feed.
        pull_input(input_left());
        return DecodeStatus{false, kRecordHeaderSize + len - avail, {}};
      }
      pull_input(kRecordHeaderSize + len - avail);
      hdr = buf_.data() + start_;  // pulling may have moved the buffer
      avail = end_ - start_;
      if (avail < kRecordHeaderSize + len)
        return DecodeStatus{false, kRecordHeaderSize + len - avail, {}};
    }
    if (direct)
      input_pos_ += kRecordHeaderSize + len;
    else
      start_ += kRecordHeaderSize + len;

    DecodeStatus st;
    st.has_record = true;
    Record& rec = st.record;
    rec.outer_type = static_cast<ContentType>(type);
    rec.type = rec.outer_type;
    rec.legacy_version = version;
    rec.wire_size = kRecordHeaderSize + len;

    if (!protected_record) {
      if (skipping_ && is_appdata && !keys_.valid()) {
        // After a HelloRetryRequest, the rejected 0-RTT records come in the clear framing.
        if (auto r = skip_rejected_early_data(len); !r) return fail(r.error());
        continue;
      }
      rec.fragment = ByteView(hdr + kRecordHeaderSize, len);
    } else if (keys_.mode() == NonceMode::tls13) {
      auto opened = open_tls13(rec, hdr, len);
      if (!opened) return fail(opened.error());
      if (!*opened) continue;  // a rejected 0-RTT record, skipped
    } else if (auto r = open_tls12(rec, hdr, len); !r) {
      return fail(r.error());
    }

    if (auto r = check_fragment(rec); !r) return fail(r.error());
    ++records_;
    return st;
  }
}

}  // namespace tlskit::record
