// application_layer_protocol_negotiation codec.
#include "wire/ext_alpn.h"

#include <string>

#include "codec/byte_reader.h"

namespace tlskit {

Result<AlpnProtocols> parse_alpn(ByteView data, Step step) {
  auto decode = [&](std::string d) {
    return wire_decode_error(step, "application_layer_protocol_negotiation: " + std::move(d));
  };
  ByteReader r(data);
  if (r.remaining() < 2) return decode("truncated list length");
  uint16_t len = r.u16();
  if (len != r.remaining())
    return decode("list length " + std::to_string(len) + " but " + std::to_string(r.remaining()) +
                  " bytes follow");
  // RFC 7301 §3.1: ProtocolName protocol_name_list<2..2^16-1>.
  if (len == 0) return decode("empty protocol_name_list");
  AlpnProtocols out;
  while (!r.empty()) {
    uint8_t n = r.u8();
    // RFC 7301 §3.1: "Empty strings MUST NOT be included".
    if (n == 0) return decode("empty protocol name");
    if (n > r.remaining()) return decode("truncated protocol name");
    ByteView name = r.bytes(n);
    out.protocols.emplace_back(reinterpret_cast<const char*>(name.data()), name.size());
  }
  return out;
}

Result<std::string> parse_alpn_selected(ByteView data, Step step) {
  TK_ASSIGN(AlpnProtocols p, parse_alpn(data, step));
  // RFC 7301 §3.1: the server's "ProtocolNameList MUST contain exactly one "ProtocolName"".
  if (p.protocols.size() != 1)
    return wire_decode_error(step, "application_layer_protocol_negotiation: server selected " +
                                       std::to_string(p.protocols.size()) +
                                       " protocols, must be exactly one");
  return std::move(p.protocols[0]);
}

void write_alpn(const AlpnProtocols& v, ByteWriter& w) {
  auto list = w.open16();
  for (const auto& p : v.protocols) w.vec8(as_bytes(p));
  w.close(list);
}

Extension to_extension(const AlpnProtocols& v) {
  return make_owned_extension(ExtensionType::application_layer_protocol_negotiation, v, write_alpn);
}

}  // namespace tlskit
