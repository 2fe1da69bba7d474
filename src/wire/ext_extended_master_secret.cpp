// extended_master_secret and post_handshake_auth (empty extension_data).
#include "wire/ext_extended_master_secret.h"

namespace tlskit {

Result<void> parse_extended_master_secret(ByteView data, Step step) {
  // RFC 7627 §5.1: "The "extension_data" field of this extension is empty."
  return parse_empty_extension(ExtensionType::extended_master_secret, data, step);
}

Result<void> parse_post_handshake_auth(ByteView data, Step step) {
  // RFC 8446 §4.2.6: "The "extension_data" field of the "post_handshake_auth" extension is
  // zero length."
  return parse_empty_extension(ExtensionType::post_handshake_auth, data, step);
}

}  // namespace tlskit
