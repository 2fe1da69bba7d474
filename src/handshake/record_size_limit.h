// record_size_limit (RFC 8449): the largest record each side accepts, exchanged in the hellos
// (TLS 1.3: ClientHello and EncryptedExtensions; TLS 1.2: ClientHello and ServerHello).
#pragma once
#include <cstdint>

#include "base/result.h"
#include "handshake/record_channel.h"
#include "tlskit/config.h"
#include "wire/extensions.h"

namespace tlskit::handshake {

// The value we announce: Config::record_size_limit, or the protocol's largest record when it
// is 0 (a server still answers a client's offer, RFC 8449 §4: endpoints SHOULD send it). In
// TLS 1.3 the value counts the inner content type (2^14 + 1 at most), in TLS 1.2 it does not
// (2^14 at most, §4).
uint16_t our_record_size_limit(const Config& config, ProtocolVersion version);

// Our record_size_limit extension for version.
Extension our_record_size_limit_extension(const Config& config, ProtocolVersion version);

// Applies an exchange: the peer's value (its extension_data, parsed here: below 64 is
// illegal_parameter, §4) limits the records we send from now on; ours limits the protected
// records we accept (record_overflow above it, §4; unprotected records are not subject to it).
// Records the peer's value in info().peer_record_size_limit.
Result<void> apply_record_size_limits(RecordChannel& channel, const Config& config,
                                      ProtocolVersion version, ByteView peer, Step step);

}  // namespace tlskit::handshake
