// Names of the 0-RTT outcomes (include/tlskit/events.h), for logs, reports and JSON.
#include "tlskit/events.h"

namespace tlskit {

const char* early_data_reason_name(EarlyDataReason r) {
  switch (r) {
    case EarlyDataReason::none: return "none";
    case EarlyDataReason::disabled: return "disabled";
    case EarlyDataReason::not_resumed: return "not_resumed";
    case EarlyDataReason::external_psk: return "external_psk";
    case EarlyDataReason::ticket_forbids: return "ticket_forbids";
    case EarlyDataReason::replay: return "replay";
    case EarlyDataReason::too_old: return "too_old";
    case EarlyDataReason::parameters_changed: return "parameters_changed";
    case EarlyDataReason::hello_retry: return "hello_retry";
    case EarlyDataReason::rejected: return "rejected";
    case EarlyDataReason::no_session: return "no_session";
    case EarlyDataReason::too_large: return "too_large";
  }
  return "unknown";
}

}  // namespace tlskit
