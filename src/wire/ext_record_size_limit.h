// record_size_limit (RFC 8449 §4).
#pragma once
#include <cstdint>

#include "base/result.h"
#include "codec/byte_writer.h"
#include "wire/extensions.h"

namespace tlskit {

// RFC 8449 §4: "Endpoints MUST NOT send a value smaller than 64."
inline constexpr uint16_t kMinRecordSizeLimit = 64;

// RecordSizeLimit: uint16.
struct RecordSizeLimit {
  uint16_t limit = 16385;

  bool operator==(const RecordSizeLimit&) const = default;
};

// Parses extension_data: not exactly 2 bytes -> decode_error; a value below 64 ->
// illegal_parameter (RFC 8449 §4).
Result<RecordSizeLimit> parse_record_size_limit(ByteView data, Step step = Step::client_hello);

// Writes the extension_data.
void write_record_size_limit(const RecordSizeLimit& v, ByteWriter& w);

// Builds the extension.
Extension to_extension(const RecordSizeLimit& v);

}  // namespace tlskit
