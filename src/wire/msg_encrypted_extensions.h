// EncryptedExtensions (RFC 8446 §4.3.1).
#pragma once
#include "base/bytes.h"
#include "base/result.h"
#include "codec/byte_writer.h"
#include "wire/extensions.h"

namespace tlskit {

// EncryptedExtensions: only an extension list.
struct EncryptedExtensions {
  ExtensionList extensions;
};

// Parses the body: decode_error for bad lengths/trailing bytes; extension rules for context
// encrypted_extensions (duplicates / misplaced known -> illegal_parameter, unknown ->
// unsupported_extension). Step::encrypted_extensions, Party::peer.
Result<EncryptedExtensions> parse_encrypted_extensions(ByteView body);

// Writes the whole handshake message (header + body).
void write_encrypted_extensions(const EncryptedExtensions& ee, ByteWriter& w);

}  // namespace tlskit
