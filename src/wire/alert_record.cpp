// Alert record payload parse and serialize.
#include "wire/alert_record.h"

#include <string>

#include "wire/extensions.h"

namespace tlskit {

const char* alert_level_name(AlertLevel l) {
  switch (l) {
    case AlertLevel::warning:
      return "warning";
    case AlertLevel::fatal:
      return "fatal";
  }
  return "unknown";
}

Result<AlertRecord> parse_alert_record(ByteView payload, Step step) {
  if (payload.size() != kAlertRecordSize)
    return wire_decode_error(
        step, "alert record is " + std::to_string(payload.size()) + " bytes, expected 2");
  if (payload[0] != 1 && payload[0] != 2)
    return wire_illegal_parameter(step, "alert level " + std::to_string(payload[0]) +
                                            " is neither warning (1) nor fatal (2)");
  return AlertRecord{static_cast<AlertLevel>(payload[0]), static_cast<Alert>(payload[1])};
}

void write_alert_record(const AlertRecord& a, ByteWriter& w) {
  w.u8(static_cast<uint8_t>(a.level));
  w.u8(static_cast<uint8_t>(a.description));
}

}  // namespace tlskit
