// HTTP response parsing, HSTS and URLs (the scan's security headers and AIA fetches).
#include <gtest/gtest.h>

#include "scan/http_fetch.h"

namespace tlskit::tools::scan {
namespace {

Result<HttpResponse> parse(const std::string& s) { return parse_http_response(as_bytes(s)); }

TEST(ScanHttp, ParsesStatusHeadersAndBody) {
  auto r = parse("HTTP/1.1 200 OK\r\nStrict-Transport-Security: max-age=31536000; includeSubDomains\r\n"
                 "Content-Length: 5\r\nX-Frame-Options: DENY\r\n\r\nhello");
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(r->status, 200);
  EXPECT_TRUE(r->complete);
  EXPECT_EQ(r->header("x-frame-options"), "DENY");
  EXPECT_EQ(std::string(r->body.begin(), r->body.end()), "hello");
}

TEST(ScanHttp, ChunkedAndEofDelimited) {
  auto r = parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body.size(), 3u);
  r = parse("HTTP/1.0 404 Not Found\r\n\r\nno length, ends at EOF");
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(r->status, 404);
}

TEST(ScanHttp, RefusesGarbageAndTruncation) {
  EXPECT_FALSE(parse("SSH-2.0-OpenSSH_9.2\r\n"));
  EXPECT_FALSE(parse(""));
  EXPECT_FALSE(parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"));
  std::string many = "HTTP/1.1 200 OK\r\n";
  for (int i = 0; i < 300; ++i) many += "X-" + std::to_string(i) + ": y\r\n";
  many += "\r\n";
  auto r = parse(many);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::limit_exceeded);
  std::string big = "HTTP/1.1 200 OK\r\nContent-Length: 999999\r\n\r\n" + std::string(kMaxHttpResponseBytes, 'x');
  r = parse(big);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::limit_exceeded);
}

TEST(ScanHttp, Hsts) {
  Hsts h = parse_hsts("max-age=31536000; includeSubDomains; preload");
  EXPECT_TRUE(h.valid);
  EXPECT_EQ(h.max_age, 31536000);
  EXPECT_TRUE(h.include_subdomains);
  EXPECT_TRUE(h.preload);
  h = parse_hsts("max-age=\"600\"");
  EXPECT_TRUE(h.valid);
  EXPECT_EQ(h.max_age, 600);
  EXPECT_FALSE(parse_hsts("includeSubDomains").valid);
  EXPECT_FALSE(parse_hsts("max-age=abc").valid);
  EXPECT_FALSE(parse_hsts("max-age=1; max-age=2").valid);
  EXPECT_FALSE(parse_hsts("max-age=99999999999999999999").valid);
  EXPECT_FALSE(parse_hsts("").valid);
}

TEST(ScanHttp, Urls) {
  auto u = parse_http_url("http://127.0.0.1:8080/ca/int.der");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->host, "127.0.0.1");
  EXPECT_EQ(u->port, 8080);
  EXPECT_EQ(u->path, "/ca/int.der");
  u = parse_http_url("HTTP://ca.example");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->port, 80);
  EXPECT_EQ(u->path, "/");
  for (const char* bad : {"https://ca.example/x", "ldap://x", "http://user@host/", "http:///x", "http://h/a b"})
    EXPECT_FALSE(parse_http_url(bad)) << bad;
}

}  // namespace
}  // namespace tlskit::tools::scan
