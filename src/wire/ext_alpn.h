// application_layer_protocol_negotiation (RFC 7301 §3.1).
#pragma once
#include <string>
#include <vector>

#include "base/result.h"
#include "codec/byte_writer.h"
#include "wire/extensions.h"

namespace tlskit {

// ProtocolNameList: ProtocolName protocol_name_list<2..2^16-1>, ProtocolName <1..2^8-1>.
struct AlpnProtocols {
  std::vector<std::string> protocols;  // client: preference order; server: exactly one

  bool operator==(const AlpnProtocols&) const = default;
};

// Parses the ClientHello form. Bad lengths, an empty list, an empty protocol name ("Empty
// strings MUST NOT be included", RFC 7301 §3.1), trailing bytes -> decode_error.
Result<AlpnProtocols> parse_alpn(ByteView data, Step step = Step::client_hello);

// Parses the server form (ServerHello / EncryptedExtensions): as parse_alpn, and RFC 7301 §3.1
// "the ProtocolNameList MUST contain exactly one" name -> decode_error otherwise.
Result<std::string> parse_alpn_selected(ByteView data, Step step = Step::encrypted_extensions);

// Writes the extension_data.
void write_alpn(const AlpnProtocols& v, ByteWriter& w);

// Builds the extension (server: a list of one).
Extension to_extension(const AlpnProtocols& v);

}  // namespace tlskit
