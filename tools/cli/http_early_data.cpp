// RFC 8470 handling of early requests for `tlskit server --http`.
#include "cli/http_early_data.h"

namespace tlskit::tools {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

}  // namespace

bool http_method_is_safe(std::string_view method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

bool http_request_too_early(std::string_view method, bool marked_early, bool began_in_early_data) {
  // RFC 8470 §5.2: an early request whose method is not safe is answered 425, not processed.
  return (began_in_early_data || marked_early) && !http_method_is_safe(method);
}

bool http_early_data_value_marks(std::string_view value) { return trim(value) == "1"; }

std::string http_too_early_body() {
  return "425 Too Early: this request arrived in TLS 0-RTT early data, which an attacker can "
         "replay, and its method is not safe to repeat. Send it again after the handshake.\n";
}

}  // namespace tlskit::tools
