// The responses of `tlskit server --http`, shared by HTTP/1.1 and HTTP/2.
#include "server/http_answer.h"

#include "cli/http_early_data.h"
#include "tlskit/types.h"

namespace tlskit::tools::server {

HttpConnectionFacts http_connection_facts(const Connection& connection) {
  const HandshakeInfo& info = connection.info();
  HttpConnectionFacts f;
  f.version = info.version ? version_name(*info.version) : "?";
  f.suite = info.cipher_suite ? cipher_suite_name(*info.cipher_suite) : "?";
  f.early_data_bytes = info.early_data.bytes;
  return f;
}

HttpAnswer answer_request(std::string_view method, bool too_early,
                          const HttpConnectionFacts& facts) {
  HttpAnswer a;
  if (too_early) {
    // RFC 8470 §5.2: the request is not processed; the client may retry after the handshake.
    a.status = 425;
    a.body = http_too_early_body();
    return a;
  }
  if (method == "GET" || method == "HEAD") {
    a.body = "Hello from tlskit server (" + facts.version + ", " + facts.suite + ")\n";
    // RFC 9110 §9.3.2: HEAD is GET without content; Content-Length is the GET body's.
    a.send_body = method == "GET";
    return a;
  }
  if (method == "OPTIONS") {
    a.status = 204;
    a.send_body = false;
    a.content_length = false;  // RFC 9110 §8.6: MUST NOT send Content-Length in a 204
    a.allow = std::string(kAllowedMethods);
    return a;
  }
  // RFC 9110 §15.5.6: a 405 MUST carry Allow with the target's methods.
  a = error_answer(405, "method " + std::string(method.substr(0, 64)) + " is not allowed here");
  a.allow = std::string(kAllowedMethods);
  return a;
}

HttpAnswer error_answer(int status, std::string_view text) {
  HttpAnswer a;
  a.status = status;
  a.body = std::to_string(status) + " " + http_reason(status) + ": " + std::string(text) + "\n";
  return a;
}

const char* http_reason(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 204:
      return "No Content";
    case 400:
      return "Bad Request";
    case 405:
      return "Method Not Allowed";
    case 413:
      return "Content Too Large";
    case 425:
      return "Too Early";
    case 431:
      return "Request Header Fields Too Large";
    default:
      return "Unknown";
  }
}

}  // namespace tlskit::tools::server
