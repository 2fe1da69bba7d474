// psk_key_exchange_modes (RFC 8446 §4.2.9).
#pragma once
#include <cstdint>
#include <vector>

#include "base/result.h"
#include "codec/byte_writer.h"
#include "wire/extensions.h"

namespace tlskit {

// PskKeyExchangeMode values.
enum class PskKeyExchangeMode : uint8_t {
  psk_ke = 0,
  psk_dhe_ke = 1,
};

// PskKeyExchangeMode ke_modes<1..255>.
struct PskKeyExchangeModes {
  std::vector<PskKeyExchangeMode> modes;  // unknown values kept (the server ignores them)

  // True when mode m is listed.
  bool contains(PskKeyExchangeMode m) const;

  bool operator==(const PskKeyExchangeModes&) const = default;
};

// Parses extension_data: an empty list, bad length, trailing bytes -> decode_error.
Result<PskKeyExchangeModes> parse_psk_key_exchange_modes(ByteView data,
                                                         Step step = Step::client_hello);

// Writes the extension_data.
void write_psk_key_exchange_modes(const PskKeyExchangeModes& v, ByteWriter& w);

// Builds the extension.
Extension to_extension(const PskKeyExchangeModes& v);

}  // namespace tlskit
