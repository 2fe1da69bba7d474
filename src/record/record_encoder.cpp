// RecordEncoder: fragmentation, framing and in-place sealing into the caller's buffer.
#include "record/record_encoder.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <string>

#include "record/record_names.h"

namespace tlskit::record {
namespace {

Error writer_error(ErrorCode code, Alert alert, std::string detail) {
  return make_error(code, alert, Party::us, Step::record_layer, std::move(detail));
}

void put_header(uint8_t* p, uint8_t type, uint16_t version, size_t len) {
  p[0] = type;
  p[1] = static_cast<uint8_t>(version >> 8);
  p[2] = static_cast<uint8_t>(version);
  p[3] = static_cast<uint8_t>(len >> 8);
  p[4] = static_cast<uint8_t>(len);
}

}  // namespace

void RecordEncoder::set_max_fragment(size_t n) {
  max_fragment_ = std::clamp<size_t>(n, 1, kMaxPlaintext);
}

void RecordEncoder::set_protection(ProtectionKeys keys) {
  keys_ = std::move(keys);
  seq_ = 0;  // RFC 8446 §5.3 / RFC 5246 §6.1: a new key starts at sequence number 0.
}

void RecordEncoder::clear_protection() {
  keys_ = ProtectionKeys();
  seq_ = 0;
}

bool RecordEncoder::key_update_needed() const {
  if (!keys_.valid()) return false;
  const uint64_t hard = aead_record_limit(keys_.alg());
  uint64_t limit = key_update_threshold_;
  if (hard != std::numeric_limits<uint64_t>::max())
    limit = std::min(limit, hard > 2 * kKeyUpdateMargin ? hard - kKeyUpdateMargin : hard / 2);
  else
    limit = std::min(limit, hard - kKeyUpdateMargin);
  return seq_ >= limit;
}

size_t RecordEncoder::padded_inner_size(size_t n) const {
  size_t inner = n + 1;  // content + ContentType
  if (padding_.kind == PaddingPolicy::Kind::pad_to_block && padding_.block > 1) {
    const size_t b = padding_.block;
    size_t padded = (inner + b - 1) / b * b;
    // RFC 8446 §5.4: TLSInnerPlaintext must not exceed 2^14 + 1 (nor the peer's limit).
    padded = std::min(padded, max_fragment_ + 1);
    inner = std::max(inner, padded);
  }
  return inner;
}

size_t RecordEncoder::wire_size(ContentType type, size_t n) const {
  const size_t records = n == 0 ? (type == ContentType::application_data ? 1 : 0)
                                : (n + max_fragment_ - 1) / max_fragment_;
  size_t total = 0;
  size_t left = n;
  for (size_t i = 0; i < records; ++i) {
    const size_t frag = std::min(left, max_fragment_);
    left -= frag;
    total += kRecordHeaderSize;
    if (!keys_.valid()) {
      total += frag;
    } else if (keys_.mode() == NonceMode::tls13) {
      total += padded_inner_size(frag) + keys_.tag_size();
    } else {
      total += frag + keys_.tag_size() +
               (keys_.mode() == NonceMode::tls12_explicit ? kExplicitNonceSize12 : 0);
    }
  }
  return total;
}

Result<void> RecordEncoder::write(ContentType type, ByteView data, Bytes& out) {
  if (data.empty() && type != ContentType::application_data) {
    // RFC 8446 §5.1 / RFC 5246 §6.2.1: no zero-length handshake, alert or CCS fragments.
    return writer_error(ErrorCode::internal_error, Alert::internal_error,
                        "attempt to send an empty " + content_type_text(type) + " record");
  }
  if (type == ContentType::change_cipher_spec) {
    // RFC 8446 §5 / RFC 5246 §7.1: a ChangeCipherSpec is the single byte 0x01 (and in TLS 1.3
    // never protected): route it through write_change_cipher_spec.
    if (data.size() != 1 || data[0] != 0x01)
      return writer_error(ErrorCode::internal_error, Alert::internal_error,
                          "change_cipher_spec payload must be the single byte 0x01");
    return write_change_cipher_spec(out);
  }
  if (type == ContentType::alert && data.size() != 2) {
    // RFC 8446 §5.1: an alert record holds exactly one alert message.
    return writer_error(ErrorCode::internal_error, Alert::internal_error,
                        "alert of " + std::to_string(data.size()) + " bytes (must be 2)");
  }
  const uint64_t records = data.empty() ? 1 : (data.size() + max_fragment_ - 1) / max_fragment_;
  if (keys_.valid()) {
    // RFC 8446 §5.5: never exceed the AEAD's usage limit; RFC 8446 §5.3: never wrap the
    // sequence number.
    const uint64_t hard = aead_record_limit(keys_.alg());
    if (records > hard || seq_ > hard - records)
      return writer_error(ErrorCode::limit_exceeded, Alert::none,
                          std::string("the ") + crypto::aead_name(keys_.alg()) +
                              " key reached its usage limit of " + std::to_string(hard) +
                              " records; keys must be updated before sending more");
  }
  const size_t before = out.size();
  size_t off = 0;
  do {
    const size_t frag = std::min(data.size() - off, max_fragment_);
    auto r = write_one(type, data.subspan(off, frag), out);
    if (!r) {
      out.resize(before);
      return r;
    }
    off += frag;
  } while (off < data.size());
  return ok();
}

Result<void> RecordEncoder::write_change_cipher_spec(Bytes& out) {
  static constexpr uint8_t kCcs[1] = {0x01};
  if (keys_.valid() && keys_.mode() != NonceMode::tls13) {
    if (seq_ > aead_record_limit(keys_.alg()) - 1)
      return writer_error(ErrorCode::limit_exceeded, Alert::none,
                          "the write key reached its usage limit");
    const size_t before = out.size();
    auto r = write_one(ContentType::change_cipher_spec, kCcs, out);
    if (!r) out.resize(before);
    return r;
  }
  // RFC 8446 §5 / D.4: the compatibility CCS is always sent unprotected.
  const size_t at = out.size();
  out.resize(at + kRecordHeaderSize + 1);
  put_header(out.data() + at, static_cast<uint8_t>(ContentType::change_cipher_spec),
             kRecordVersion12, 1);
  out[at + kRecordHeaderSize] = 0x01;
  return ok();
}

Result<void> RecordEncoder::write_one(ContentType type, ByteView data, Bytes& out) {
  const size_t at = out.size();
  const size_t n = data.size();
  const uint8_t t = static_cast<uint8_t>(type);

  if (!keys_.valid()) {
    out.resize(at + kRecordHeaderSize + n);
    uint8_t* p = out.data() + at;
    put_header(p, t, plaintext_version_, n);
    if (n) std::memcpy(p + kRecordHeaderSize, data.data(), n);
    ++records_;
    return ok();
  }

  const size_t tag = keys_.tag_size();
  std::array<uint8_t, kRecordNonceSize> nonce;

  if (keys_.mode() == NonceMode::tls13) {
    // RFC 8446 §5.2: TLSCiphertext{application_data, 0x0303, len, AEAD(TLSInnerPlaintext)}.
    const size_t inner = padded_inner_size(n);
    out.resize(at + kRecordHeaderSize + inner + tag);
    uint8_t* p = out.data() + at;
    put_header(p, static_cast<uint8_t>(ContentType::application_data), kRecordVersion12,
               inner + tag);
    uint8_t* body = p + kRecordHeaderSize;
    if (n) std::memcpy(body, data.data(), n);
    body[n] = t;  // RFC 8446 §5.4: the real content type follows the content ...
    if (inner > n + 1) std::memset(body + n + 1, 0, inner - n - 1);  // ... then zero padding.
    keys_.nonce(seq_, {}, nonce);
    auto r = keys_.aead().seal(nonce, ByteView(p, kRecordHeaderSize), MutableByteView(body, inner),
                               MutableByteView(body + inner, tag));
    if (!r) return r;
  } else {
    const bool explicit_nonce = keys_.mode() == NonceMode::tls12_explicit;
    const size_t ex = explicit_nonce ? kExplicitNonceSize12 : 0;
    out.resize(at + kRecordHeaderSize + ex + n + tag);
    uint8_t* p = out.data() + at;
    put_header(p, t, kRecordVersion12, ex + n + tag);
    uint8_t* body = p + kRecordHeaderSize;
    if (explicit_nonce) {
      // RFC 5288 §3: the explicit nonce may be the sequence number (unique per key).
      for (size_t i = 0; i < 8; ++i) body[i] = static_cast<uint8_t>(seq_ >> (56 - 8 * i));
    }
    keys_.nonce(seq_, ByteView(body, ex), nonce);
    std::array<uint8_t, 13> aad;
    tls12_aad(seq_, t, kRecordVersion12, static_cast<uint16_t>(n), aad);
    uint8_t* ct = body + ex;
    if (n) std::memcpy(ct, data.data(), n);
    auto r = keys_.aead().seal(nonce, aad, MutableByteView(ct, n), MutableByteView(ct + n, tag));
    if (!r) return r;
  }
  ++seq_;
  ++records_;
  return ok();
}

}  // namespace tlskit::record
