// ec_point_formats codec.
#include "wire/ext_ec_point_formats.h"

#include <algorithm>
#include <string>

namespace tlskit {

bool EcPointFormats::has_uncompressed() const {
  return std::find(formats.begin(), formats.end(), kEcPointFormatUncompressed) != formats.end();
}

Result<EcPointFormats> parse_ec_point_formats(ByteView data, Step step) {
  if (data.empty()) return wire_decode_error(step, "ec_point_formats: truncated length");
  size_t len = data[0];
  if (len != data.size() - 1)
    return wire_decode_error(step, "ec_point_formats: length " + std::to_string(len) + " but " +
                                       std::to_string(data.size() - 1) + " bytes follow");
  // RFC 8422 §5.1.2: ECPointFormat ec_point_format_list<1..2^8-1>.
  if (len == 0) return wire_decode_error(step, "ec_point_formats: empty list");
  return EcPointFormats{std::vector<uint8_t>(data.begin() + 1, data.end())};
}

void write_ec_point_formats(const EcPointFormats& v, ByteWriter& w) { w.vec8(ByteView(v.formats)); }

Extension to_extension(const EcPointFormats& v) {
  return make_owned_extension(ExtensionType::ec_point_formats, v, write_ec_point_formats);
}

}  // namespace tlskit
