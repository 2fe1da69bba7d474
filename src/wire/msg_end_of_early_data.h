// EndOfEarlyData (RFC 8446 §4.5) and TLS 1.2 ServerHelloDone (RFC 5246 §7.4.5): empty bodies.
#pragma once
#include "base/bytes.h"
#include "base/result.h"
#include "codec/byte_writer.h"

namespace tlskit {

// EndOfEarlyData has an empty body.
struct EndOfEarlyData {};

// Parses the body: non-empty -> decode_error (Step::end_of_early_data).
Result<EndOfEarlyData> parse_end_of_early_data(ByteView body);

// Writes the whole message (header with length 0).
void write_end_of_early_data(ByteWriter& w);

}  // namespace tlskit
