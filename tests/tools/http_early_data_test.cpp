// RFC 8470 handling of early requests in `tlskit server --http` (tools/cli/http_early_data.h)
// and the ALPN --http speaks. The HTTP sessions' own tests: server_http1_test, server_http2_test.
#include <gtest/gtest.h>

#include "cli/http_early_data.h"
#include "cli/server_options.h"

namespace tlskit::tools {
namespace {

TEST(HttpEarlyData, OnlySafeMethodsAreServedFromEarlyData) {
  EXPECT_FALSE(http_request_too_early("GET", false, true));
  EXPECT_FALSE(http_request_too_early("HEAD", false, true));
  EXPECT_FALSE(http_request_too_early("OPTIONS", false, true));
  EXPECT_TRUE(http_request_too_early("POST", false, true));
  EXPECT_TRUE(http_request_too_early("DELETE", false, true));
  EXPECT_FALSE(http_request_too_early("POST", false, false));  // after the handshake: not replayable
  // A lower-case method is another (unsafe) method.
  EXPECT_TRUE(http_request_too_early("get", false, true));
}

TEST(HttpEarlyData, AProxysEarlyDataHeaderCountsAsEarly) {
  EXPECT_TRUE(http_early_data_value_marks("1"));
  EXPECT_TRUE(http_early_data_value_marks("  1 \t"));
  EXPECT_FALSE(http_early_data_value_marks("0"));
  EXPECT_FALSE(http_early_data_value_marks("11"));
  EXPECT_TRUE(http_request_too_early("PUT", true, false));
  EXPECT_FALSE(http_request_too_early("GET", true, false));
}

TEST(HttpServerAlpn, HttpModeAdvertisesOnlyWhatItSpeaks) {
  ServerOptions o;
  o.certs = {"/nonexistent/cert.pem"};
  o.keys = {"/nonexistent/key.pem"};
  o.http = true;
  o.alpn = "h2,spdy/3.1,http/1.1";
  auto cfg = build_server_config(o);
  ASSERT_FALSE(cfg.ok());
  EXPECT_NE(cfg.error().detail.find("not 'spdy/3.1'"), std::string::npos) << cfg.error().detail;
  o.alpn = "h2,http/1.1";
  auto again = build_server_config(o);  // now only the missing certificate is wrong
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.error().detail.find("/nonexistent/cert.pem"), std::string::npos);
}

}  // namespace
}  // namespace tlskit::tools
