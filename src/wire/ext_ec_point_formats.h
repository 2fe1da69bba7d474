// ec_point_formats (RFC 8422 §5.1.2), TLS 1.2.
#pragma once
#include <cstdint>
#include <vector>

#include "base/result.h"
#include "codec/byte_writer.h"
#include "wire/extensions.h"

namespace tlskit {

// ECPointFormat uncompressed.
inline constexpr uint8_t kEcPointFormatUncompressed = 0;

// ECPointFormat ec_point_format_list<1..2^8-1>.
struct EcPointFormats {
  std::vector<uint8_t> formats;

  // True when uncompressed (0) is listed.
  bool has_uncompressed() const;

  bool operator==(const EcPointFormats&) const = default;
};

// Parses extension_data: an empty list, bad length, trailing bytes -> decode_error.
// RFC 8422 §5.1.2: a list without "uncompressed" is illegal_parameter, checked by the caller
// (the rule depends on whether ECDHE is negotiated).
Result<EcPointFormats> parse_ec_point_formats(ByteView data, Step step = Step::client_hello);

// Writes the extension_data.
void write_ec_point_formats(const EcPointFormats& v, ByteWriter& w);

// Builds the extension.
Extension to_extension(const EcPointFormats& v);

}  // namespace tlskit
