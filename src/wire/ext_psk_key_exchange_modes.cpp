// psk_key_exchange_modes codec.
#include "wire/ext_psk_key_exchange_modes.h"

#include <algorithm>
#include <string>

namespace tlskit {

bool PskKeyExchangeModes::contains(PskKeyExchangeMode m) const {
  return std::find(modes.begin(), modes.end(), m) != modes.end();
}

Result<PskKeyExchangeModes> parse_psk_key_exchange_modes(ByteView data, Step step) {
  if (data.empty()) return wire_decode_error(step, "psk_key_exchange_modes: truncated length");
  size_t len = data[0];
  if (len != data.size() - 1)
    return wire_decode_error(step, "psk_key_exchange_modes: length " + std::to_string(len) +
                                       " but " + std::to_string(data.size() - 1) + " bytes follow");
  // RFC 8446 §4.2.9: PskKeyExchangeMode ke_modes<1..255>.
  if (len == 0) return wire_decode_error(step, "psk_key_exchange_modes: empty ke_modes");
  PskKeyExchangeModes out;
  for (size_t i = 1; i < data.size(); ++i)
    out.modes.push_back(static_cast<PskKeyExchangeMode>(data[i]));
  return out;
}

void write_psk_key_exchange_modes(const PskKeyExchangeModes& v, ByteWriter& w) {
  auto list = w.open8();
  for (auto m : v.modes) w.u8(static_cast<uint8_t>(m));
  w.close(list);
}

Extension to_extension(const PskKeyExchangeModes& v) {
  return make_owned_extension(ExtensionType::psk_key_exchange_modes, v,
                              write_psk_key_exchange_modes);
}

}  // namespace tlskit
