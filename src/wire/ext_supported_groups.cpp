// supported_groups codec.
#include "wire/ext_supported_groups.h"

#include <string>

#include "codec/byte_reader.h"

namespace tlskit {

Result<SupportedGroups> parse_supported_groups(ByteView data, Step step) {
  auto decode = [&](std::string d) {
    return wire_decode_error(step, "supported_groups: " + std::move(d));
  };
  ByteReader r(data);
  if (r.remaining() < 2) return decode("truncated list length");
  uint16_t len = r.u16();
  if (len != r.remaining())
    return decode("list length " + std::to_string(len) + " but " + std::to_string(r.remaining()) +
                  " bytes follow");
  // RFC 8446 §4.2.7: NamedGroup named_group_list<2..2^16-1>.
  if (len == 0) return decode("empty named_group_list");
  if (len % 2) return decode("named_group_list length " + std::to_string(len) + " is odd");
  SupportedGroups out;
  out.groups.reserve(len / 2);
  while (!r.empty()) {
    uint16_t g = r.u16();
    if (is_grease(g)) continue;  // RFC 8701 §3: GREASE values are ignored
    out.groups.push_back(static_cast<NamedGroup>(g));
  }
  return out;
}

void write_supported_groups(const SupportedGroups& v, ByteWriter& w) {
  auto list = w.open16();
  for (NamedGroup g : v.groups) w.u16(static_cast<uint16_t>(g));
  w.close(list);
}

Extension to_extension(const SupportedGroups& v) {
  return make_owned_extension(ExtensionType::supported_groups, v, write_supported_groups);
}

}  // namespace tlskit
