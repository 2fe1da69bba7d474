// RFC 8470 handling of early requests for `tlskit server --http`.
#include "cli/http_early_data.h"

#include <algorithm>
#include <cctype>

namespace tlskit::tools {
namespace {

// The request line's method: the bytes before the first space.
std::string_view method_of(std::string_view head) {
  const size_t sp = head.find(' ');
  return sp == std::string_view::npos ? head : head.substr(0, sp);
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

bool http_method_is_safe(std::string_view head) {
  const std::string_view m = method_of(head);
  return m == "GET" || m == "HEAD" || m == "OPTIONS";
}

bool http_marked_early(std::string_view head) {
  // Header lines end in CRLF or a bare LF (RFC 9112 §2.2); names are case-insensitive.
  size_t pos = head.find('\n');
  while (pos != std::string_view::npos && pos + 1 < head.size()) {
    const size_t end = head.find('\n', pos + 1);
    std::string_view line = head.substr(pos + 1, end == std::string_view::npos ? head.size() - pos - 1
                                                                               : end - pos - 1);
    const size_t colon = line.find(':');
    if (colon != std::string_view::npos && iequals(trim(line.substr(0, colon)), "Early-Data") &&
        trim(line.substr(colon + 1)) == "1")
      return true;
    pos = end;
  }
  return false;
}

bool http_too_early(std::string_view head, bool began_in_early_data) {
  return (began_in_early_data || http_marked_early(head)) && !http_method_is_safe(head);
}

std::string http_too_early_response() {
  const std::string body =
      "425 Too Early: this request arrived in TLS 0-RTT early data, which an attacker can "
      "replay, and its method is not safe to repeat. Send it again after the handshake.\n";
  return "HTTP/1.1 425 Too Early\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " +
         std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
}

}  // namespace tlskit::tools
