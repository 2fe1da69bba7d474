// padding (RFC 7685): zero bytes that make a ClientHello a chosen size.
#pragma once
#include <cstddef>

#include "base/result.h"
#include "codec/byte_writer.h"
#include "wire/extensions.h"

namespace tlskit {

// Padding: `length` zero bytes.
struct Padding {
  size_t length = 0;

  bool operator==(const Padding&) const = default;
};

// What parse_padding reports.
struct ParsedPadding {
  size_t length = 0;
  bool all_zero = true;  // RFC 7685 §3: "The client MUST fill the padding extension completely
                         // with zero bytes"; a server has no reason to reject others

  bool operator==(const ParsedPadding&) const = default;
};

// Parses extension_data; never fails (any bytes are padding; all_zero tells whether they were
// zeros).
Result<ParsedPadding> parse_padding(ByteView data, Step step = Step::client_hello);

// Writes `length` zeros.
void write_padding(const Padding& v, ByteWriter& w);

// Builds the extension.
Extension to_extension(const Padding& v);

// The padding extension_data length that brings a ClientHello message of
// `client_hello_message_size` bytes (4-byte header included, padding extension not yet added)
// out of the 256..511 byte range some middleboxes hang on, by padding it to 512 bytes. Returns 0
// when no padding is needed; the 4-byte extension header is already subtracted.
size_t padding_length_for(size_t client_hello_message_size);

}  // namespace tlskit
