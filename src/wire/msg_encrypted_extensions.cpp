// EncryptedExtensions parse and serialize.
#include "wire/msg_encrypted_extensions.h"

#include <string>

#include "codec/byte_reader.h"
#include "wire/extension_rules.h"
#include "wire/handshake_header.h"

namespace tlskit {

Result<EncryptedExtensions> parse_encrypted_extensions(ByteView body) {
  constexpr Step step = Step::encrypted_extensions;
  ByteReader r(body);
  EncryptedExtensions ee;
  TK_ASSIGN(ee.extensions, read_extension_block(r, step, "EncryptedExtensions"));
  if (!r.empty())
    return wire_decode_error(step, "EncryptedExtensions: " + std::to_string(r.remaining()) +
                                       " trailing bytes after the extensions");
  TK_TRY(check_extension_rules(ee.extensions, ExtensionContext::encrypted_extensions, step));
  return ee;
}

void write_encrypted_extensions(const EncryptedExtensions& ee, ByteWriter& w) {
  auto msg = open_handshake(w, HandshakeType::encrypted_extensions);
  write_extension_block(ee.extensions, w);
  close_handshake(w, msg);
}

}  // namespace tlskit
