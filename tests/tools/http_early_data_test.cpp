// RFC 8470 handling of early requests in `tlskit server --http` (tools/cli/http_early_data.h),
// the end of a request head with CRLF or bare LF (RFC 9112 §2.2), and the ALPN --http speaks.
#include <gtest/gtest.h>

#include "cli/http_early_data.h"
#include "cli/server_options.h"

namespace tlskit::tools {
namespace {

TEST(HttpEarlyData, OnlySafeMethodsAreServedFromEarlyData) {
  const std::string get = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
  const std::string post = "POST /pay HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n";
  EXPECT_FALSE(http_too_early(get, true));
  EXPECT_FALSE(http_too_early("HEAD / HTTP/1.1\r\n\r\n", true));
  EXPECT_FALSE(http_too_early("OPTIONS * HTTP/1.1\r\n\r\n", true));
  EXPECT_TRUE(http_too_early(post, true));
  EXPECT_TRUE(http_too_early("DELETE /x HTTP/1.1\r\n\r\n", true));
  EXPECT_FALSE(http_too_early(post, false));  // after the handshake: not replayable
  // A lower-case method is another (unsafe) method.
  EXPECT_TRUE(http_too_early("get / HTTP/1.1\r\n\r\n", true));
}

TEST(HttpEarlyData, AProxysEarlyDataHeaderCountsAsEarly) {
  EXPECT_TRUE(http_marked_early("POST / HTTP/1.1\r\nHost: a\r\nearly-data:  1 \r\n\r\n"));
  EXPECT_TRUE(http_marked_early("POST / HTTP/1.1\nEarly-Data: 1\n\n"));  // bare LF
  EXPECT_FALSE(http_marked_early("POST / HTTP/1.1\r\nEarly-Data: 0\r\n\r\n"));
  EXPECT_FALSE(http_marked_early("POST / HTTP/1.1\r\nX-Early-Data: 1\r\n\r\n"));
  EXPECT_TRUE(http_too_early("PUT / HTTP/1.1\r\nEarly-Data: 1\r\n\r\n", false));
  EXPECT_FALSE(http_too_early("GET / HTTP/1.1\r\nEarly-Data: 1\r\n\r\n", false));
}

TEST(HttpEarlyData, TheTooEarlyAnswerIs425) {
  const std::string r = http_too_early_response();
  EXPECT_EQ(r.rfind("HTTP/1.1 425 Too Early\r\n", 0), 0u);
  const size_t body = r.find("\r\n\r\n");
  ASSERT_NE(body, std::string::npos);
  EXPECT_NE(r.find("Content-Length: " + std::to_string(r.size() - body - 4)), std::string::npos);
}

TEST(HttpHead, EndsWithCrlfOrBareLf) {
  EXPECT_TRUE(http_head_complete("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
  EXPECT_TRUE(http_head_complete("GET / HTTP/1.1\nHost: a\n\n"));
  EXPECT_TRUE(http_head_complete("GET / HTTP/1.1\nHost: a\n\r\n"));
  EXPECT_FALSE(http_head_complete("GET / HTTP/1.1\r\nHost: a\r\n"));
  EXPECT_FALSE(http_head_complete("GET / HTTP/1.1\nHost: a\n"));
}

TEST(HttpServerAlpn, HttpModeAdvertisesOnlyWhatItSpeaks) {
  ServerOptions o;
  o.certs = {"/nonexistent/cert.pem"};
  o.keys = {"/nonexistent/key.pem"};
  o.http = true;
  o.alpn = "h2,http/1.1";
  auto cfg = build_server_config(o);
  ASSERT_FALSE(cfg.ok());
  EXPECT_NE(cfg.error().detail.find("HTTP/1.1 only"), std::string::npos) << cfg.error().detail;
  o.alpn = "http/1.1";
  auto again = build_server_config(o);  // now only the missing certificate is wrong
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.error().detail.find("/nonexistent/cert.pem"), std::string::npos);
}

}  // namespace
}  // namespace tlskit::tools
