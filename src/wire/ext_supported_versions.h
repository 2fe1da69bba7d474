// supported_versions (RFC 8446 §4.2.1).
#pragma once
#include <vector>

#include "base/result.h"
#include "codec/byte_writer.h"
#include "wire/extensions.h"
#include "base/iana_registry.h"

namespace tlskit {

// ClientHello form: ProtocolVersion versions<2..254>.
struct SupportedVersionsClient {
  std::vector<ProtocolVersion> versions;  // preference order; GREASE dropped on parse

  bool operator==(const SupportedVersionsClient&) const = default;
};

// ServerHello / HelloRetryRequest form: the selected version.
struct SupportedVersionsServer {
  ProtocolVersion selected = ProtocolVersion::tls1_3;

  bool operator==(const SupportedVersionsServer&) const = default;
};

// Parses the ClientHello form: empty / odd / over-long list, bad lengths, trailing bytes ->
// decode_error. Unknown versions are kept (the server ignores them).
Result<SupportedVersionsClient> parse_supported_versions_client(ByteView data,
                                                                Step step = Step::client_hello);

// Parses the server form: exactly 2 bytes, else decode_error.
Result<SupportedVersionsServer> parse_supported_versions_server(ByteView data,
                                                                Step step = Step::server_hello);

// Writes the extension_data.
void write_supported_versions_client(const SupportedVersionsClient& v, ByteWriter& w);
void write_supported_versions_server(const SupportedVersionsServer& v, ByteWriter& w);

// Builds the extensions.
Extension to_extension(const SupportedVersionsClient& v);
Extension to_extension(const SupportedVersionsServer& v);

}  // namespace tlskit
