// RFC 8470 for `tlskit server --http`: a request that arrived in 0-RTT early data (or that a
// proxy marked with `Early-Data: 1`) could be a replay, so it is served only when its method
// is safe (GET, HEAD, OPTIONS); any other gets 425 Too Early and is not processed.
#pragma once
#include <string>
#include <string_view>

namespace tlskit::tools {

// The method is safe and idempotent (RFC 9110 §9.2.1: GET, HEAD, OPTIONS; methods are
// case-sensitive, so "get" is another, unsafe, method).
bool http_method_is_safe(std::string_view method);

// The decision for a request already parsed (HTTP/1.1 by http-parser, HTTP/2 by nghttp2): its
// method, whether one of its fields was `Early-Data: 1`, and whether it began in our 0-RTT
// data. True: answer 425 Too Early (RFC 8470 §5.2).
bool http_request_too_early(std::string_view method, bool marked_early, bool began_in_early_data);

// Whether an Early-Data field with this value marks the request early (RFC 8470 §5.1: the
// value is "1"; surrounding spaces and tabs are ignored).
bool http_early_data_value_marks(std::string_view value);

// The text of the 425 Too Early answer (its body), shared by HTTP/1.1 and HTTP/2.
std::string http_too_early_body();

}  // namespace tlskit::tools
