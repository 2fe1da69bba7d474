// extended_master_secret (RFC 7627 §5.1) and post_handshake_auth (RFC 8446 §4.2.6): extensions
// whose extension_data is always empty.
#pragma once
#include "base/result.h"
#include "wire/extensions.h"

namespace tlskit {

// Parses extended_master_secret: "The extension_data field of this extension is empty" ->
// decode_error when it is not.
Result<void> parse_extended_master_secret(ByteView data, Step step = Step::client_hello);

// Builds the extension.
inline Extension extended_master_secret_extension() {
  return empty_extension(ExtensionType::extended_master_secret);
}

// Parses post_handshake_auth (RFC 8446 §4.2.6: "The extension_data field ... is zero length").
Result<void> parse_post_handshake_auth(ByteView data, Step step = Step::client_hello);

}  // namespace tlskit
