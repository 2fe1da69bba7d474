// supported_versions codec.
#include "wire/ext_supported_versions.h"

#include <string>

#include "codec/byte_reader.h"

namespace tlskit {

Result<SupportedVersionsClient> parse_supported_versions_client(ByteView data, Step step) {
  auto decode = [&](std::string d) {
    return wire_decode_error(step, "supported_versions: " + std::move(d));
  };
  ByteReader r(data);
  if (r.remaining() < 1) return decode("truncated list length");
  uint8_t len = r.u8();
  if (len != r.remaining())
    return decode("list length " + std::to_string(len) + " but " + std::to_string(r.remaining()) +
                  " bytes follow");
  // RFC 8446 §4.2.1: ProtocolVersion versions<2..254>.
  if (len < 2) return decode("empty versions list");
  if (len % 2) return decode("versions length " + std::to_string(len) + " is odd");
  if (len > 254) return decode("versions length 255 exceeds 254");
  SupportedVersionsClient out;
  while (!r.empty()) {
    uint16_t v = r.u16();
    if (is_grease(v)) continue;  // RFC 8701 §3
    out.versions.push_back(static_cast<ProtocolVersion>(v));
  }
  return out;
}

Result<SupportedVersionsServer> parse_supported_versions_server(ByteView data, Step step) {
  if (data.size() != 2)
    return wire_decode_error(step, "supported_versions: selected_version is " +
                                       std::to_string(data.size()) + " bytes, expected 2");
  return SupportedVersionsServer{static_cast<ProtocolVersion>(data[0] << 8 | data[1])};
}

void write_supported_versions_client(const SupportedVersionsClient& v, ByteWriter& w) {
  auto list = w.open8();
  for (ProtocolVersion p : v.versions) w.u16(static_cast<uint16_t>(p));
  w.close(list);
}

void write_supported_versions_server(const SupportedVersionsServer& v, ByteWriter& w) {
  w.u16(static_cast<uint16_t>(v.selected));
}

Extension to_extension(const SupportedVersionsClient& v) {
  return make_owned_extension(ExtensionType::supported_versions, v,
                              write_supported_versions_client);
}

Extension to_extension(const SupportedVersionsServer& v) {
  return make_owned_extension(ExtensionType::supported_versions, v,
                              write_supported_versions_server);
}

}  // namespace tlskit
