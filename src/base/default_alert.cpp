// The default alert of each kind of failure.
#include "base/default_alert.h"

namespace tlskit {

Alert default_alert(ErrorCode code) {
  switch (code) {
    case ErrorCode::decode_error: return Alert::decode_error;
    case ErrorCode::unexpected_message: return Alert::unexpected_message;
    case ErrorCode::illegal_parameter: return Alert::illegal_parameter;
    case ErrorCode::bad_record_mac: return Alert::bad_record_mac;
    case ErrorCode::record_overflow: return Alert::record_overflow;
    case ErrorCode::protocol_version: return Alert::protocol_version;
    // RFC 8446 §4.1.1: no common parameters -> handshake_failure.
    case ErrorCode::no_common_cipher:
    case ErrorCode::no_common_group:
    case ErrorCode::no_common_signature: return Alert::handshake_failure;
    case ErrorCode::no_application_protocol: return Alert::no_application_protocol;
    case ErrorCode::unrecognized_name: return Alert::unrecognized_name;
    case ErrorCode::certificate_required: return Alert::certificate_required;
    case ErrorCode::certificate_invalid: return Alert::bad_certificate;
    // RFC 8446 §4.4.3, §4.4.4: a signature or Finished that does not verify -> decrypt_error.
    case ErrorCode::bad_signature:
    case ErrorCode::bad_finished: return Alert::decrypt_error;
    case ErrorCode::missing_extension: return Alert::missing_extension;
    case ErrorCode::unsupported_extension: return Alert::unsupported_extension;
    case ErrorCode::downgrade_detected: return Alert::illegal_parameter;
    case ErrorCode::insufficient_security: return Alert::insufficient_security;
    case ErrorCode::renegotiation_refused: return Alert::no_renegotiation;
    case ErrorCode::not_tls: return Alert::unexpected_message;
    case ErrorCode::limit_exceeded:
    case ErrorCode::crypto_failure:
    case ErrorCode::internal_error: return Alert::internal_error;
    case ErrorCode::peer_alert:
    case ErrorCode::peer_closed:
    case ErrorCode::config_invalid:
    case ErrorCode::file_error:
    case ErrorCode::key_mismatch:
    case ErrorCode::io_error:
    case ErrorCode::connection_refused:
    case ErrorCode::timeout:
    case ErrorCode::connection_reset: return Alert::none;
  }
  return Alert::internal_error;
}

}  // namespace tlskit
