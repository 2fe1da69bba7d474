// ALPN (RFC 7301): the server's choice and the client's check of the answer.
#pragma once
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"

namespace tlskit::handshake {

// Longest protocol name (RFC 7301 §3.1: ProtocolName<1..2^8-1>).
inline constexpr size_t kMaxAlpnNameSize = 255;

// Server: picks the first of our protocols (server preference) that the client offered.
// Returns nullopt when we have no ALPN configured or the client offered none (no ALPN then).
// Fails with no_application_protocol (alert no_application_protocol, RFC 7301 §3.2) when both
// sides have lists and share no protocol.
Result<std::optional<std::string>> select_alpn(std::span<const std::string> ours,
                                               std::span<const std::string> offered);

// Client: checks the server's selected protocol; it must be one we offered (RFC 7301 §3.1;
// illegal_parameter otherwise; unsupported_extension when we offered none).
Result<void> check_server_alpn(std::span<const std::string> offered, const std::string& selected);

// Joins names for an error detail: "h2, http/1.1".
std::string join_names(std::span<const std::string> names);

}  // namespace tlskit::handshake
