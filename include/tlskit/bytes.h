/// @file
/// Byte containers of the public API: owned bytes, read-only and writable views, hex.
#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tlskit/export.h"
#include "tlskit/result.h"

namespace tlskit {

using Bytes = std::vector<uint8_t>;               ///< owned bytes
using ByteView = std::span<const uint8_t>;        ///< read-only view
using MutableByteView = std::span<uint8_t>;       ///< writable view

/// Returns lowercase hex of b ("0a1b").
TLSKIT_API std::string to_hex(ByteView b);

/// Parses hex (upper or lower case, no separators); fails on odd length or a non-hex digit.
TLSKIT_API Result<Bytes> from_hex(std::string_view hex);

/// Returns the bytes of a string (no terminator).
inline ByteView as_bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

}  // namespace tlskit
