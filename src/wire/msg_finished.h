// Finished (RFC 8446 §4.4.4; RFC 5246 §7.4.9).
#pragma once
#include "base/bytes.h"
#include "base/result.h"
#include "codec/byte_writer.h"

namespace tlskit {

// TLS 1.2 verify_data length for all our suites (RFC 5246 §7.4.9).
inline constexpr size_t kTls12VerifyDataSize = 12;

// Finished: verify_data is the whole body.
struct Finished {
  ByteView verify_data;
};

// Parses the body; its length must equal expected_length (Hash.length in TLS 1.3, 12 in
// TLS 1.2), else decode_error. step: Step::server_finished or Step::client_finished.
// The value itself is compared (in constant time) by the handshake, not here.
Result<Finished> parse_finished(ByteView body, size_t expected_length,
                                Step step = Step::server_finished);

// Writes the whole message (header + body).
void write_finished(const Finished& f, ByteWriter& w);

}  // namespace tlskit
