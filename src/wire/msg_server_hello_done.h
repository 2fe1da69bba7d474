// ServerHelloDone (RFC 5246 §7.4.5): an empty TLS 1.2 message.
#pragma once
#include "base/bytes.h"
#include "base/result.h"
#include "codec/byte_writer.h"

namespace tlskit {

// ServerHelloDone has an empty body.
struct ServerHelloDone {};

// Parses the body: non-empty -> decode_error (Step::server_hello_done).
Result<ServerHelloDone> parse_server_hello_done(ByteView body);

// Writes the whole message (header with length 0).
void write_server_hello_done(ByteWriter& w);

}  // namespace tlskit
