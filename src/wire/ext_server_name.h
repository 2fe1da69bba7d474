// server_name (RFC 6066 §3).
#pragma once
#include <string>

#include "base/result.h"
#include "codec/byte_writer.h"
#include "wire/extensions.h"

namespace tlskit {

// Largest HostName we accept (a DNS name is at most 253 characters; the field is <1..2^16-1>).
inline constexpr size_t kMaxHostNameSize = 255;
// NameType host_name.
inline constexpr uint8_t kServerNameTypeHostName = 0;

// The ClientHello form: the host_name entry of the ServerNameList. (The server's
// acknowledgement in ServerHello / EncryptedExtensions is empty: parse_empty_extension.)
struct ServerNameList {
  std::string host_name;  // ASCII, no trailing dot (RFC 6066 §3)

  bool operator==(const ServerNameList&) const = default;
};

// Parses the ClientHello extension_data. Errors (Party::peer, `step`): bad lengths, an empty
// list, an empty name -> decode_error; RFC 6066 §3 "MUST NOT contain more than one name of the
// same name_type" -> illegal_parameter; a name longer than kMaxHostNameSize or containing a NUL
// byte -> unrecognized_name (as OpenSSL). Entries of other name types are skipped; a list
// without host_name yields an empty host_name.
Result<ServerNameList> parse_server_name(ByteView data, Step step = Step::client_hello);

// Writes the extension_data (a list with one host_name).
void write_server_name(const ServerNameList& v, ByteWriter& w);

// Builds the server_name extension.
Extension to_extension(const ServerNameList& v);

}  // namespace tlskit
