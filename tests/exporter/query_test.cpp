// Query strings and HTTP request parsing (http-parser) of the exporter's endpoints.
#include <gtest/gtest.h>

#include "exporter/http_server.h"
#include "exporter/query.h"

namespace tlskit::tools::exporter {
namespace {

TEST(Query, DecodesParameters) {
  auto q = parse_query("target=127.0.0.1%3A8443&module=tls+13&servername=a%2eb&flag&&x=");
  ASSERT_TRUE(q) << q.error().detail;
  EXPECT_EQ(q->get("target"), "127.0.0.1:8443");
  EXPECT_EQ(q->get("module"), "tls 13");
  EXPECT_EQ(q->get("servername"), "a.b");
  EXPECT_EQ(q->get("flag"), "");
  EXPECT_EQ(q->get("x"), "");
  EXPECT_EQ(q->get("missing"), std::nullopt);
  EXPECT_EQ(parse_query("a=1&a=2")->get("a"), "2");  // the last one wins
  EXPECT_TRUE(parse_query("")->items.empty());
}

TEST(Query, RefusesBadEscapesAndOversize) {
  for (const char* bad : {"a=%", "a=%4", "a=%zz", "%g0=1", "a=%00"}) {
    auto q = parse_query(bad);
    EXPECT_FALSE(q) << bad;
    if (!q) {
      EXPECT_NE(q.error().detail.find("byte"), std::string::npos) << q.error().detail;
    }
  }
  EXPECT_FALSE(parse_query(std::string("a=b\0c", 5)));  // a raw NUL, as %00
  EXPECT_FALSE(parse_query(std::string(kMaxQueryBytes + 1, 'a')));
  std::string many;
  for (size_t i = 0; i <= kMaxQueryParams; ++i) many += "p" + std::to_string(i) + "=1&";
  auto q = parse_query(many);
  ASSERT_FALSE(q);
  EXPECT_NE(q.error().detail.find("more than"), std::string::npos);
}

TEST(HttpRequest, ParsesGetWithQuery) {
  auto st = parse_http_request("GET /probe?target=a%3A1&module=m HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_TRUE(st.complete);
  EXPECT_FALSE(st.error);
  EXPECT_EQ(st.request.method, "GET");
  EXPECT_EQ(st.request.path, "/probe");
  EXPECT_EQ(st.request.query.get("target"), "a:1");
  EXPECT_EQ(st.request.query.get("module"), "m");
  auto head = parse_http_request("HEAD /metrics HTTP/1.0\r\n\r\n");
  ASSERT_TRUE(head.complete);
  EXPECT_EQ(head.request.method, "HEAD");
  EXPECT_EQ(head.request.path, "/metrics");
}

TEST(HttpRequest, IncompleteAndErrors) {
  auto part = parse_http_request("GET /metrics HTTP/1.1\r\nHost: x\r\n");
  EXPECT_FALSE(part.complete);
  EXPECT_FALSE(part.error);
  auto garbage = parse_http_request("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03");
  ASSERT_TRUE(garbage.error);
  EXPECT_EQ(garbage.error->status, 400);
  EXPECT_NE(garbage.error->body.find("bad HTTP request"), std::string::npos);
  auto badq = parse_http_request("GET /probe?target=%zz HTTP/1.1\r\n\r\n");
  ASSERT_TRUE(badq.error);
  EXPECT_EQ(badq.error->status, 400);
  EXPECT_NE(badq.error->body.find("query"), std::string::npos);
  std::string huge = "GET /metrics HTTP/1.1\r\nX-Long: " + std::string(kMaxRequestBytes, 'a');
  auto big = parse_http_request(huge);
  ASSERT_TRUE(big.error);
  EXPECT_EQ(big.error->status, 431);
  // A body that never ends within the bound: 413.
  std::string body = "POST /x HTTP/1.1\r\nContent-Length: 100000\r\n\r\n" + std::string(kMaxRequestBytes, 'b');
  auto b = parse_http_request(body);
  ASSERT_TRUE(b.error);
  EXPECT_EQ(b.error->status, 413);
}

TEST(HttpRequest, SerializesResponses) {
  HttpResponse r;
  r.status = 405;
  r.body = "no\n";
  r.allow = "GET, HEAD";
  EXPECT_EQ(serialize_response(r, false),
            "HTTP/1.1 405 Method Not Allowed\r\nContent-Type: text/plain; charset=utf-8\r\n"
            "Content-Length: 3\r\nAllow: GET, HEAD\r\nConnection: close\r\n\r\nno\n");
  std::string head = serialize_response(r, true);
  EXPECT_EQ(head.substr(head.size() - 4), "\r\n\r\n");  // HEAD: headers only, same length
  EXPECT_NE(head.find("Content-Length: 3"), std::string::npos);
}

}  // namespace
}  // namespace tlskit::tools::exporter
