// renegotiation_info codec.
#include "wire/ext_renegotiation_info.h"

#include <string>

namespace tlskit {

Result<RenegotiationInfo> parse_renegotiation_info(ByteView data, Step step) {
  if (data.empty()) return wire_decode_error(step, "renegotiation_info: truncated length");
  size_t len = data[0];
  if (len != data.size() - 1)
    return wire_decode_error(step, "renegotiation_info: length " + std::to_string(len) + " but " +
                                       std::to_string(data.size() - 1) + " bytes follow");
  return RenegotiationInfo{Bytes(data.begin() + 1, data.end())};
}

void write_renegotiation_info(const RenegotiationInfo& v, ByteWriter& w) {
  w.vec8(v.renegotiated_connection);
}

Extension to_extension(const RenegotiationInfo& v) {
  return make_owned_extension(ExtensionType::renegotiation_info, v, write_renegotiation_info);
}

}  // namespace tlskit
