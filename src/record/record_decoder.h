// The record reader: buffers transport bytes in one reusable buffer, parses record headers,
// opens protected records in place and enforces the record-layer rules of RFC 8446 §5 and
// RFC 5246 §6 (each with its alert). No heap allocation per record after warm-up.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "base/bytes.h"
#include "base/result.h"
#include "record/record_limits.h"
#include "record/record_protection.h"
#include "base/iana_registry.h"

namespace tlskit::record {

// Which protocol's record rules apply (set by the engine once the version is known).
enum class RecordVersionRule : uint8_t {
  // Before ServerHello: legacy_record_version must look like 0x03xx; first-record sniffing for
  // non-TLS peers is on; a CCS must be the single byte 0x01.
  unknown,
  // TLS 1.3: legacy_record_version ignored except that it must be 0x03xx (RFC 8446 §5.1);
  // alerts are exactly 2 bytes; CCS only unprotected and exactly 0x01 (RFC 8446 §5).
  tls13,
  // TLS 1.2: legacy_record_version must be 0x0303 (RFC 5246 §6.2.1, as BoringSSL/OpenSSL).
  tls12,
};

// One record as returned by RecordDecoder::next().
struct Record {
  // The content type: for TLS 1.3 protected records the inner type (RFC 8446 §5.4),
  // otherwise the header's type.
  ContentType type = ContentType::invalid;
  // The header's type as on the wire (application_data for every protected 1.3 record).
  ContentType outer_type = ContentType::invalid;
  // legacy_record_version from the header.
  uint16_t legacy_version = 0;
  // True when the record was decrypted (and authenticated).
  bool was_protected = false;
  // The plaintext (padding and inner type stripped): a span into the decoder's buffer, the
  // input given to begin_input(), or the plaintext sink (see set_plaintext_sink). Valid until
  // the next call of next(), append(), prepare() or end_input(), or a change of the sink.
  ByteView fragment{};
  // True when fragment lies at the end of the plaintext sink (the caller keeps it there or
  // shrinks the sink back).
  bool in_sink = false;
  // Bytes the record took on the wire (header + payload).
  size_t wire_size = 0;
  // Sequence number under which it was opened (0 for unprotected records).
  uint64_t sequence = 0;
};

// What next() produced: a record, or how many more bytes are needed for the next one.
struct DecodeStatus {
  bool has_record = false;
  // When !has_record: at least this many more bytes must be appended before next() can
  // make progress (> 0).
  size_t need_bytes = 0;
  Record record;  // valid when has_record
};

// Parses and opens incoming records of one connection.
class RecordDecoder {
 public:
  // Allocates nothing yet: the first append()/prepare() reserves room for one maximal record
  // plus read-ahead, up to initial_capacity bytes.
  explicit RecordDecoder(size_t initial_capacity = 2 * kMaxRecordSize);

  // Frees the receive buffer when no bytes are buffered (an idle connection then holds no
  // record buffer; the next append() allocates it again). Returns true when it was freed.
  bool release_buffer_if_empty();

  // Copies transport bytes into the internal buffer (compacting consumed bytes first).
  // Invalidates spans of records returned earlier.
  void append(ByteView data);
  // Zero-copy alternative to append: returns writable space of at least min_size bytes at
  // the end of the buffered data; the caller reads into it and calls commit(n). Invalidates
  // spans of records returned earlier.
  MutableByteView prepare(size_t min_size);
  // Marks n bytes of the space returned by prepare() as received (n <= its size).
  void commit(size_t n);

  // Zero-copy alternative to append(): next() parses whole records straight from in, which
  // must stay valid until end_input(); only a record that in leaves incomplete is copied
  // into the buffer. Bytes already buffered are consumed first.
  void begin_input(ByteView in);
  // Copies the part of the input that next() did not consume into the buffer and forgets in.
  void end_input();

  // Where protected records are opened: with a sink, each record's plaintext is decrypted
  // out of place and appended to *sink (the Record says in_sink); without one (the default)
  // records are opened in place in the decoder's buffer. On a failed open the sink is left
  // as it was. The sink must outlive its use; pass nullptr to stop.
  void set_plaintext_sink(WireBuffer* sink) { sink_ = sink; }

  // Returns the next complete record (opened in place), or how many bytes are missing.
  // Errors (the connection must fail; every later call returns an error again):
  //   not_tls (first bytes are HTTP/SSH/SMTP/... text), protocol_version (bad record version,
  //   SSLv2 hello), record_overflow (length over the limit; plaintext over 2^14 after opening),
  //   unexpected_message (unknown type; protected CCS or CCS != 0x01 in TLS 1.3; zero-length
  //   handshake; all-zero TLS 1.3 plaintext; plaintext non-CCS in 1.3 after keys; too many
  //   empty records), decode_error (alert not 2 bytes), bad_record_mac (AEAD failure),
  //   limit_exceeded (sequence number exhausted).
  Result<DecodeStatus> next();

  // Installs read keys; the sequence number restarts at 0 (RFC 8446 §5.3, RFC 5246 §6.1).
  void set_protection(ProtectionKeys keys);
  // Back to unprotected records (only at the start of a connection).
  void clear_protection();
  bool is_protected() const { return keys_.valid(); }
  // Selects the protocol rules (see RecordVersionRule).
  void set_version_rule(RecordVersionRule rule) { rule_ = rule; }
  // record_size_limit (RFC 8449 §4): protected records larger than this (TLS 1.3: the inner
  // plaintext with its content type; TLS 1.2: the plaintext) are record_overflow. 0 = the
  // protocol's limit.
  void set_protected_limit(size_t limit) { protected_limit_ = limit; }
  RecordVersionRule version_rule() const { return rule_; }

  // TLS 1.3 server after sending ServerHello: the client may not have its handshake keys yet
  // when it rejects the ServerHello, so it sends a plaintext alert. While on, unprotected
  // alert records are accepted under TLS 1.3 read keys (was_protected = false), so the
  // client's real alert is reported instead of unexpected_message (OpenSSL does the same).
  // Turned off automatically by the first protected record that opens.
  void allow_plaintext_alerts(bool on) { plain_alerts_ = on; }

  // Server that rejected 0-RTT (RFC 8446 §4.2.10): protected records that fail to open, and
  // (while unprotected, after a HelloRetryRequest) application_data records, are skipped,
  // up to max_bytes of ciphertext in total; beyond that next() fails (unexpected_message /
  // bad_record_mac). The first record that opens ends skipping.
  void skip_early_data(uint32_t max_bytes);
  // Stops skipping (e.g. the second ClientHello arrived).
  void stop_skipping_early_data() {
    skip_budget_ = 0;
    skipping_ = false;
  }
  // Bytes of early data skipped so far.
  uint64_t skipped_early_data() const { return skipped_bytes_; }

  // Sequence number of the next record to open under the current keys.
  uint64_t sequence() const { return seq_; }
  // Test hook: sets the sequence number of the current key (to exercise the limits).
  void set_sequence_for_testing(uint64_t seq) { seq_ = seq; }
  // Records opened so far (all keys).
  uint64_t records_read() const { return records_; }
  // Bytes buffered (or left in the current input) and not yet returned as records.
  size_t buffered() const { return end_ - start_ + input_left(); }

 private:
  Result<DecodeStatus> fail(Error e);
  // next()'s steps, each with the rules of its RFC sections:
  // The first bytes of a connection are TLS (else not_tls, or protocol_version for SSLv2).
  Result<void> check_first_bytes(ByteView first) const;
  // A record header: known content type, version, length at most max_len.
  Result<void> check_header(uint8_t type, uint16_t version, size_t len, size_t max_len) const;
  // Counts a record of rejected 0-RTT data against the skip budget (over it: an error).
  Result<void> skip_rejected_early_data(size_t len);
  // A decrypted plaintext's size against the protocol's limit and our record_size_limit.
  Result<void> check_plaintext_size(size_t n, size_t protocol_max,
                                    const char* protocol_limit) const;
  // Opens a TLS 1.3 protected record (hdr: its header, then len bytes) into rec; false when
  // it was rejected 0-RTT data, skipped.
  Result<bool> open_tls13(Record& rec, const uint8_t* hdr, size_t len);
  // Opens a TLS 1.2 AEAD record into rec.
  Result<void> open_tls12(Record& rec, const uint8_t* hdr, size_t len);
  // The per-type fragment rules (CCS byte, no empty handshake or alert records, a bound on
  // empty records in a row).
  Result<void> check_fragment(const Record& rec);
  void compact();
  size_t input_left() const { return input_.size() - input_pos_; }
  // Moves up to n bytes from the front of the current input into the buffer.
  void pull_input(size_t n);
  // Opens a protected record's payload (nonce and tag handled by the caller) from in into
  // the sink when there is one, else in place (in is then writable buffer memory). Returns
  // where the plaintext is, or an empty optional when authentication failed.
  std::optional<MutableByteView> open_payload(std::span<const uint8_t, kRecordNonceSize> nonce,
                                              ByteView aad, ByteView in, ByteView tag);

  Bytes buf_;
  size_t capacity_hint_;  // size of the buffer when it is (re)allocated
  size_t start_ = 0;  // first unconsumed byte
  size_t end_ = 0;    // one past the last received byte
  ProtectionKeys keys_;
  uint64_t seq_ = 0;
  uint64_t records_ = 0;
  RecordVersionRule rule_ = RecordVersionRule::unknown;
  uint32_t empty_in_a_row_ = 0;
  bool plain_alerts_ = false;
  size_t protected_limit_ = 0;  // record_size_limit we announced (0: none)
  bool skipping_ = false;
  uint32_t skip_budget_ = 0;
  uint64_t skipped_bytes_ = 0;
  ByteView input_{};      // the caller's bytes between begin_input() and end_input()
  size_t input_pos_ = 0;  // first unconsumed byte of input_
  WireBuffer* sink_ = nullptr;
  // Sink size before the record being decoded was opened into it (kNoSinkMark: none was).
  static constexpr size_t kNoSinkMark = ~size_t{0};
  size_t sink_mark_ = kNoSinkMark;
  bool failed_ = false;
  Error error_;
};

}  // namespace tlskit::record
