// key_share (RFC 8446 §4.2.8): client shares, server share, HelloRetryRequest selected group.
#pragma once
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "codec/byte_writer.h"
#include "wire/extensions.h"
#include "base/iana_registry.h"

namespace tlskit {

// Largest key_exchange we accept (X25519MLKEM768 client share is 1216 bytes; P-521 is 133).
inline constexpr size_t kMaxKeyExchangeSize = 4096;

// KeyShareEntry: group + key_exchange<1..2^16-1> (owned).
struct KeyShareEntry {
  NamedGroup group{};
  Bytes key_exchange;

  bool operator==(const KeyShareEntry&) const = default;
};

// ClientHello form: KeyShareEntry client_shares<0..2^16-1>.
struct KeyShareClient {
  std::vector<KeyShareEntry> shares;  // GREASE groups dropped on parse

  bool operator==(const KeyShareClient&) const = default;
};

// ServerHello form: one entry.
struct KeyShareServer {
  KeyShareEntry share;

  bool operator==(const KeyShareServer&) const = default;
};

// HelloRetryRequest form: the group the server wants.
struct KeyShareHelloRetryRequest {
  NamedGroup selected_group{};

  bool operator==(const KeyShareHelloRetryRequest&) const = default;
};

// Parses the ClientHello form. Bad lengths, an empty or oversized key_exchange, trailing bytes
// -> decode_error; RFC 8446 §4.2.8 "Clients MUST NOT offer multiple KeyShareEntry values for the
// same group" -> illegal_parameter. An empty client_shares list is valid.
Result<KeyShareClient> parse_key_share_client(ByteView data, Step step = Step::client_hello);

// Parses the ServerHello form: one entry and nothing else, else decode_error.
Result<KeyShareServer> parse_key_share_server(ByteView data, Step step = Step::server_hello);

// Parses the HelloRetryRequest form: exactly 2 bytes, else decode_error.
Result<KeyShareHelloRetryRequest> parse_key_share_hrr(ByteView data,
                                                      Step step = Step::hello_retry_request);

// Writes the extension_data.
void write_key_share_client(const KeyShareClient& v, ByteWriter& w);
void write_key_share_server(const KeyShareServer& v, ByteWriter& w);
void write_key_share_hrr(const KeyShareHelloRetryRequest& v, ByteWriter& w);

// Builds the extensions.
Extension to_extension(const KeyShareClient& v);
Extension to_extension(const KeyShareServer& v);
Extension to_extension(const KeyShareHelloRetryRequest& v);

}  // namespace tlskit
