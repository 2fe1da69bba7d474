// early_data codec (NewSessionTicket form).
#include "wire/ext_early_data.h"

#include <string>

namespace tlskit {

Result<EarlyDataNst> parse_early_data_nst(ByteView data, Step step) {
  if (data.size() != 4)
    return wire_decode_error(step, "early_data: max_early_data_size is " +
                                       std::to_string(data.size()) + " bytes, expected 4");
  uint32_t v = uint32_t{data[0]} << 24 | uint32_t{data[1]} << 16 | uint32_t{data[2]} << 8 | data[3];
  return EarlyDataNst{v};
}

void write_early_data_nst(const EarlyDataNst& v, ByteWriter& w) { w.u32(v.max_early_data_size); }

Extension to_extension(const EarlyDataNst& v) {
  return make_owned_extension(ExtensionType::early_data, v, write_early_data_nst);
}

}  // namespace tlskit
