// The record writer: fragments data, frames records and seals them in place in the caller's
// output buffer (RFC 8446 §5.1-5.4, RFC 5246 §6.2, RFC 5288, RFC 7905), counting records per
// key against the AEAD usage limits (RFC 8446 §5.5). No heap allocation per record once the
// caller's output buffer has grown to its working size.
#pragma once
#include <cstddef>
#include <cstdint>

#include "base/bytes.h"
#include "base/result.h"
#include "record/record_limits.h"
#include "record/record_protection.h"
#include "base/iana_registry.h"

namespace tlskit::record {

// TLS 1.3 record padding (RFC 8446 §5.4). Ignored for TLS 1.2 and unprotected records.
struct PaddingPolicy {
  enum class Kind : uint8_t {
    none,          // no padding (default)
    pad_to_block,  // pad TLSInnerPlaintext (content + type) up to a multiple of block bytes
  };
  Kind kind = Kind::none;
  size_t block = 0;  // for pad_to_block; 0 or 1 means no padding
};

// Frames and protects outgoing records of one connection.
class RecordEncoder {
 public:
  RecordEncoder() = default;

  // Largest plaintext per record (1..16384; also for record_size_limit, RFC 8449: in TLS 1.3
  // pass limit - 1, as the limit counts the inner type byte). Out-of-range values are clamped.
  // TLS 1.3 padding never makes TLSInnerPlaintext exceed max_fragment + 1.
  void set_max_fragment(size_t n);
  size_t max_fragment() const { return max_fragment_; }
  // legacy_record_version of unprotected records: 0x0301 for a client's first ClientHello
  // (RFC 8446 §5.1 allows it), 0x0303 otherwise (the default). Protected records always
  // use 0x0303.
  void set_plaintext_version(uint16_t v) { plaintext_version_ = v; }
  void set_padding(PaddingPolicy p) { padding_ = p; }

  // Installs write keys; the sequence number and the usage count restart at 0.
  void set_protection(ProtectionKeys keys);
  void clear_protection();
  bool is_protected() const { return keys_.valid(); }

  // Records per key after which key_update_needed() turns true (Config::key_update_after_records).
  // The effective threshold is min(n, hard limit - kKeyUpdateMargin).
  void set_key_update_threshold(uint64_t n) { key_update_threshold_ = n; }
  // True once the records sealed under the current key reached the key-update threshold
  // (TLS 1.3: send KeyUpdate; TLS 1.2: the connection should be closed and re-established).
  bool key_update_needed() const;
  // Records sealed under the current key; sequence number of the next record.
  uint64_t sequence() const { return seq_; }
  uint64_t records_written() const { return records_; }
  // Test hook: sets the sequence number of the current key (to exercise the limits).
  void set_sequence_for_testing(uint64_t seq) { seq_ = seq; }

  // Appends data as one or more records of type to out (data must not alias out).
  // TLS 1.3 protected: outer type application_data, version 0x0303, inner type + padding.
  // TLS 1.2 protected: explicit nonce = seq for GCM/CCM. Empty data writes one empty record
  // for application_data and nothing is written for other types.
  // A change_cipher_spec write must be the byte 0x01 and goes through write_change_cipher_spec.
  // Errors: internal_error (empty handshake/alert data; the alert record must be 2 bytes),
  //   limit_exceeded (the key's AEAD usage limit or the sequence space is exhausted: the
  //   engine must have updated keys), crypto_failure (the provider failed).
  // On error out is left as it was. Data is sealed straight from data into out (no copy).
  Result<void> write(ContentType type, ByteView data, Bytes& out);
  Result<void> write(ContentType type, ByteView data, WireBuffer& out);
  // Appends a ChangeCipherSpec record (the single byte 0x01). In TLS 1.3 it is never
  // protected (RFC 8446 §5, D.4); in TLS 1.2 it goes under the current write state.
  Result<void> write_change_cipher_spec(Bytes& out);
  Result<void> write_change_cipher_spec(WireBuffer& out);
  // Bytes a write of n plaintext bytes will append (headers, nonces, inner types, padding, tags).
  size_t wire_size(ContentType type, size_t n) const;

 private:
  // write() for either buffer type.
  template <class Buffer>
  Result<void> write_to(ContentType type, ByteView data, Buffer& out);
  template <class Buffer>
  Result<void> write_ccs_to(Buffer& out);
  // Checks a write of data as type (empty, CCS and alert rules; the AEAD usage limit) and
  // returns the records it takes.
  Result<uint64_t> check_write(ContentType type, ByteView data) const;
  // Frames (and seals) one record of at most max_fragment() bytes at dst, which has room for
  // record_size(type, data.size()) bytes; returns the bytes written.
  Result<size_t> write_one(ContentType type, ByteView data, uint8_t* dst);
  // Wire bytes of one record carrying n plaintext bytes under the current state.
  size_t record_size(size_t n) const;
  size_t padded_inner_size(size_t n) const;

  ProtectionKeys keys_;
  uint64_t seq_ = 0;
  uint64_t records_ = 0;
  uint64_t key_update_threshold_ = uint64_t{1} << 24;
  size_t max_fragment_ = kMaxPlaintext;
  uint16_t plaintext_version_ = kRecordVersion12;
  PaddingPolicy padding_;
};

}  // namespace tlskit::record
