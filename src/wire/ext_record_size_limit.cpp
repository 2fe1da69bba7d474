// record_size_limit codec.
#include "wire/ext_record_size_limit.h"

#include <string>

namespace tlskit {

Result<RecordSizeLimit> parse_record_size_limit(ByteView data, Step step) {
  if (data.size() != 2)
    return wire_decode_error(
        step, "record_size_limit: value is " + std::to_string(data.size()) + " bytes, expected 2");
  auto v = static_cast<uint16_t>(data[0] << 8 | data[1]);
  // RFC 8449 §4: "Endpoints MUST NOT send a value smaller than 64. An endpoint MUST treat
  // receipt of a smaller value as a fatal error and generate an "illegal_parameter" alert."
  if (v < kMinRecordSizeLimit)
    return wire_illegal_parameter(
        step, "record_size_limit: " + std::to_string(v) + " is below the minimum of 64");
  return RecordSizeLimit{v};
}

void write_record_size_limit(const RecordSizeLimit& v, ByteWriter& w) { w.u16(v.limit); }

Extension to_extension(const RecordSizeLimit& v) {
  return make_owned_extension(ExtensionType::record_size_limit, v, write_record_size_limit);
}

}  // namespace tlskit
