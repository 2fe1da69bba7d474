// The payload of an alert record (RFC 8446 §6, RFC 5246 §7.2): level + description.
#pragma once
#include <cstdint>

#include "base/alert.h"
#include "base/bytes.h"
#include "base/result.h"
#include "codec/byte_writer.h"

namespace tlskit {

// AlertLevel.
enum class AlertLevel : uint8_t {
  warning = 1,
  fatal = 2,
};

// Size of an alert payload.
inline constexpr size_t kAlertRecordSize = 2;

// A parsed alert.
struct AlertRecord {
  AlertLevel level = AlertLevel::fatal;
  Alert description = Alert::close_notify;
};

// Returns "warning", "fatal" or "unknown(N)".
const char* alert_level_name(AlertLevel l);

// Parses exactly 2 bytes. A length other than 2 -> decode_error; a level other than 1 or 2 ->
// illegal_parameter. Any description value is accepted (unknown alerts are treated as errors by
// the caller, RFC 8446 §6). Errors carry Party::peer and `step`.
Result<AlertRecord> parse_alert_record(ByteView payload, Step step = Step::none);

// Writes the 2-byte payload.
void write_alert_record(const AlertRecord& a, ByteWriter& w);

}  // namespace tlskit
