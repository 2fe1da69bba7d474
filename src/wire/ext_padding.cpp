// padding codec.
#include "wire/ext_padding.h"

namespace tlskit {

Result<ParsedPadding> parse_padding(ByteView data, Step) {
  ParsedPadding p;
  p.length = data.size();
  for (uint8_t b : data) {
    if (b != 0) {
      p.all_zero = false;
      break;
    }
  }
  return p;
}

void write_padding(const Padding& v, ByteWriter& w) { (void)w.zeros(v.length); }

Extension to_extension(const Padding& v) {
  return make_owned_extension(ExtensionType::padding, v, write_padding);
}

size_t padding_length_for(size_t client_hello_message_size) {
  // Some middleboxes (F5) hang on ClientHello messages of 256..511 bytes (RFC 7685 §1); such
  // messages are padded to 512 bytes. The padding extension header (4 bytes) counts too.
  if (client_hello_message_size < 256 || client_hello_message_size >= 512) return 0;
  size_t pad = 512 - client_hello_message_size;
  // At least 1 byte of extension_data (some servers reject an empty padding extension).
  return pad >= 4 + 1 ? pad - 4 : 1;
}

}  // namespace tlskit
