// RecordEncoder: fragmentation, framing and in-place sealing into the caller's buffer.
#include "record/record_encoder.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <string>

#include "base/iana_registry.h"

namespace tlskit::record {
namespace {

// Largest TLS 1.3 inner-plaintext trailer (content type + padding) sealed from a stack buffer;
// longer padding is assembled in the record instead.
constexpr size_t kMaxInnerTrailer = 256;

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

size_t RecordEncoder::record_size(size_t n) const {
  if (!keys_.valid()) return kRecordHeaderSize + n;
  if (keys_.mode() == NonceMode::tls13)
    return kRecordHeaderSize + padded_inner_size(n) + keys_.tag_size();
  return kRecordHeaderSize + n + keys_.tag_size() +
         (keys_.mode() == NonceMode::tls12_explicit ? kExplicitNonceSize12 : 0);
}

size_t RecordEncoder::wire_size(ContentType type, size_t n) const {
  if (n == 0) return type == ContentType::application_data ? record_size(0) : 0;
  const size_t full = n / max_fragment_;
  const size_t rest = n % max_fragment_;
  return full * record_size(max_fragment_) + (rest ? record_size(rest) : 0);
}

Result<uint64_t> RecordEncoder::check_write(ContentType type, ByteView data) const {
  if (data.empty() && type != ContentType::application_data) {
    // RFC 8446 §5.1 / RFC 5246 §6.2.1: no zero-length handshake, alert or CCS fragments.
    return writer_error(ErrorCode::internal_error, Alert::internal_error,
                        "attempt to send an empty " + content_type_name(type) + " record");
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
  return records;
}

template <class Buffer>
Result<void> RecordEncoder::write_to(ContentType type, ByteView data, Buffer& out) {
  if (type == ContentType::change_cipher_spec) {
    // RFC 8446 §5 / RFC 5246 §7.1: a ChangeCipherSpec is the single byte 0x01 (and in TLS 1.3
    // never protected): route it through write_change_cipher_spec.
    if (data.size() != 1 || data[0] != 0x01)
      return writer_error(ErrorCode::internal_error, Alert::internal_error,
                          "change_cipher_spec payload must be the single byte 0x01");
    return write_ccs_to(out);
  }
  TK_TRY(check_write(type, data));
  // One resize for all records, so the buffer grows (and is checked) once per write.
  const size_t before = out.size();
  out.resize(before + wire_size(type, data.size()));
  uint8_t* dst = out.data() + before;
  size_t off = 0;
  do {
    const size_t frag = std::min(data.size() - off, max_fragment_);
    auto r = write_one(type, data.subspan(off, frag), dst);
    if (!r) {
      out.resize(before);
      return std::move(r).error();
    }
    dst += *r;
    off += frag;
  } while (off < data.size());
  return ok();
}

Result<void> RecordEncoder::write(ContentType type, ByteView data, Bytes& out) {
  return write_to(type, data, out);
}

Result<void> RecordEncoder::write(ContentType type, ByteView data, WireBuffer& out) {
  return write_to(type, data, out);
}

template <class Buffer>
Result<void> RecordEncoder::write_ccs_to(Buffer& out) {
  static constexpr uint8_t kCcs[1] = {0x01};
  const size_t at = out.size();
  if (keys_.valid() && keys_.mode() != NonceMode::tls13) {
    if (seq_ > aead_record_limit(keys_.alg()) - 1)
      return writer_error(ErrorCode::limit_exceeded, Alert::none,
                          "the write key reached its usage limit");
    out.resize(at + record_size(1));
    auto r = write_one(ContentType::change_cipher_spec, kCcs, out.data() + at);
    if (!r) {
      out.resize(at);
      return std::move(r).error();
    }
    return ok();
  }
  // RFC 8446 §5 / D.4: the compatibility CCS is always sent unprotected.
  out.resize(at + kRecordHeaderSize + 1);
  put_header(out.data() + at, static_cast<uint8_t>(ContentType::change_cipher_spec),
             kRecordVersion12, 1);
  out[at + kRecordHeaderSize] = 0x01;
  return ok();
}

Result<void> RecordEncoder::write_change_cipher_spec(Bytes& out) { return write_ccs_to(out); }

Result<void> RecordEncoder::write_change_cipher_spec(WireBuffer& out) {
  return write_ccs_to(out);
}

Result<size_t> RecordEncoder::write_one(ContentType type, ByteView data, uint8_t* p) {
  const size_t n = data.size();
  const uint8_t t = static_cast<uint8_t>(type);

  if (!keys_.valid()) {
    put_header(p, t, plaintext_version_, n);
    if (n) std::memcpy(p + kRecordHeaderSize, data.data(), n);
    ++records_;
    return kRecordHeaderSize + n;
  }

  const size_t tag = keys_.tag_size();
  std::array<uint8_t, kRecordNonceSize> nonce;
  size_t body_size = 0;

  if (keys_.mode() == NonceMode::tls13) {
    // RFC 8446 §5.2: TLSCiphertext{application_data, 0x0303, len, AEAD(TLSInnerPlaintext)}.
    const size_t inner = padded_inner_size(n);
    body_size = inner + tag;
    put_header(p, static_cast<uint8_t>(ContentType::application_data), kRecordVersion12,
               body_size);
    uint8_t* body = p + kRecordHeaderSize;
    keys_.nonce(seq_, {}, nonce);
    // RFC 8446 §5.4: TLSInnerPlaintext = content || real content type || zero padding. The
    // content is sealed straight from the caller's bytes; type and padding follow it.
    std::array<uint8_t, kMaxInnerTrailer> trailer;
    const size_t trailer_size = inner - n;
    if (trailer_size > trailer.size()) {
      // Padding longer than the trailer buffer: assemble the inner plaintext in place.
      if (n) std::memcpy(body, data.data(), n);
      body[n] = t;
      std::memset(body + n + 1, 0, inner - n - 1);
      auto r = keys_.aead().seal(nonce, ByteView(p, kRecordHeaderSize),
                                 MutableByteView(body, inner), MutableByteView(body + inner, tag));
      if (!r) return std::move(r).error();
    } else {
      trailer[0] = t;
      std::memset(trailer.data() + 1, 0, trailer_size - 1);
      auto r = keys_.aead().seal_to(nonce, ByteView(p, kRecordHeaderSize), data,
                                    ByteView(trailer.data(), trailer_size),
                                    MutableByteView(body, inner), MutableByteView(body + inner, tag));
      if (!r) return std::move(r).error();
    }
  } else {
    const bool explicit_nonce = keys_.mode() == NonceMode::tls12_explicit;
    const size_t ex = explicit_nonce ? kExplicitNonceSize12 : 0;
    body_size = ex + n + tag;
    put_header(p, t, kRecordVersion12, body_size);
    uint8_t* body = p + kRecordHeaderSize;
    if (explicit_nonce) {
      // RFC 5288 §3: the explicit nonce may be the sequence number (unique per key).
      for (size_t i = 0; i < 8; ++i) body[i] = static_cast<uint8_t>(seq_ >> (56 - 8 * i));
    }
    keys_.nonce(seq_, ByteView(body, ex), nonce);
    std::array<uint8_t, 13> aad;
    tls12_aad(seq_, t, kRecordVersion12, static_cast<uint16_t>(n), aad);
    uint8_t* ct = body + ex;
    // Sealed straight from the caller's bytes into the record: no plaintext copy.
    auto r = keys_.aead().seal_to(nonce, aad, data, {}, MutableByteView(ct, n),
                                  MutableByteView(ct + n, tag));
    if (!r) return std::move(r).error();
  }
  ++seq_;
  ++records_;
  return kRecordHeaderSize + body_size;
}

}  // namespace tlskit::record
