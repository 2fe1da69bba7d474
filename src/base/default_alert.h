// The alert a failure gets when the code that failed named none: the crypto layer never picks a
// TLS alert (it does not know which message it was working for), and a connection's fatal
// error is completed here, in one place (conn/connection.cpp, ConnectionImpl::fail), by the
// kind of failure (RFC 8446 §6.2, RFC 5246 §7.2.2).
#pragma once
#include "base/result.h"
#include "tlskit/alert.h"

namespace tlskit {

// decode_error -> decode_error, illegal_parameter -> illegal_parameter, bad_signature and
// bad_finished -> decrypt_error, no_common_* -> handshake_failure, crypto_failure and
// internal_error -> internal_error, ...; Alert::none for the failures that send no alert: the
// peer's own alert or close, transport errors, and configuration errors (nothing was sent).
Alert default_alert(ErrorCode code);

}  // namespace tlskit
