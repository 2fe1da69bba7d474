// RFC 8470 for `tlskit server --http`: a request that arrived in 0-RTT early data (or that a
// proxy marked with `Early-Data: 1`) could be a replay, so it is served only when its method
// is safe (GET, HEAD, OPTIONS); any other gets 425 Too Early and is not processed.
#pragma once
#include <string>
#include <string_view>

namespace tlskit::tools {

// The request head's method is safe and idempotent (RFC 9110 §9.2.1: GET, HEAD, OPTIONS).
bool http_method_is_safe(std::string_view request_head);

// The request head carries `Early-Data: 1` (RFC 8470 §5.1: a proxy forwarded it from 0-RTT).
bool http_marked_early(std::string_view request_head);

// Whether to answer 425 Too Early: the request is early (it began in our 0-RTT data, or a
// proxy marked it) and its method is not safe (RFC 8470 §5.2).
bool http_too_early(std::string_view request_head, bool began_in_early_data);

// The 425 Too Early response (RFC 8470 §5.2), with Connection: close.
std::string http_too_early_response();

}  // namespace tlskit::tools
