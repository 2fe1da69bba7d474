// Tests of `tlskit server --http` over HTTP/1.1 (tools/server/http1_session.h), driven with
// bytes: keep-alive and pipelining (RFC 9112 §9.3), bare LF (§2.2), the head and body bounds,
// malformed requests, RFC 8470 0-RTT rules, drain.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "server/http1_session.h"

namespace tlskit::tools::server {
namespace {

const HttpConnectionFacts kFacts{"TLSv1.3", "TLS_AES_128_GCM_SHA256", 0};
const std::string kHello = "Hello from tlskit server (TLSv1.3, TLS_AES_128_GCM_SHA256)\n";

// One response as read back from the handler's output.
struct Response {
  int status = 0;
  std::map<std::string, std::string> fields;  // lower-case names
  std::string body;
};

// Splits out into responses. Bodies are read by Content-Length, except for the responses whose
// index is in no_body (answers to HEAD). Fails the test on anything unreadable.
std::vector<Response> parse(const std::string& out, std::vector<size_t> no_body = {}) {
  std::vector<Response> rs;
  size_t pos = 0;
  while (pos < out.size()) {
    const size_t end = out.find("\r\n\r\n", pos);
    if (end == std::string::npos) {
      ADD_FAILURE() << "incomplete response head: " << out.substr(pos);
      break;
    }
    Response r;
    const std::string head = out.substr(pos, end - pos);
    EXPECT_EQ(head.rfind("HTTP/1.1 ", 0), 0u) << head;
    r.status = std::stoi(head.substr(9, 3));
    size_t line = head.find("\r\n");
    while (line != std::string::npos) {
      const size_t next = head.find("\r\n", line + 2);
      const std::string f =
          head.substr(line + 2, next == std::string::npos ? std::string::npos : next - line - 2);
      const size_t colon = f.find(": ");
      EXPECT_NE(colon, std::string::npos) << f;
      std::string name = f.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      r.fields[name] = f.substr(colon + 2);
      line = next;
    }
    pos = end + 4;
    const bool skip = std::find(no_body.begin(), no_body.end(), rs.size()) != no_body.end();
    if (!skip && r.fields.count("content-length")) {
      const size_t n = std::stoul(r.fields["content-length"]);
      EXPECT_LE(pos + n, out.size());
      r.body = out.substr(pos, n);
      pos += n;
    }
    rs.push_back(r);
  }
  return rs;
}

// A session opened with facts.
struct Harness {
  Http1Session session;
  std::string out;
  explicit Harness(const HttpConnectionFacts& facts = kFacts) { session.open(facts); }
  // Feeds text in one piece; returns on_data's answer.
  bool feed(const std::string& text) {
    Bytes o;
    const bool keep = session.on_data(as_bytes(text), o);
    out.append(o.begin(), o.end());
    return keep;
  }
  // Feeds text one byte at a time; returns the last answer (and stops at false).
  bool feed_bytewise(const std::string& text) {
    for (char c : text)
      if (!feed(std::string(1, c))) return false;
    return true;
  }
};

TEST(ServerHttp1, GetIsAnsweredWithTheGreetingAndStaysOpen) {
  Harness h;
  EXPECT_TRUE(h.feed("GET /anything?x=1 HTTP/1.1\r\nHost: example\r\n\r\n"));
  auto rs = parse(h.out);
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].status, 200);
  EXPECT_EQ(rs[0].body, kHello);
  EXPECT_EQ(rs[0].fields["content-length"], std::to_string(kHello.size()));
  EXPECT_EQ(rs[0].fields["content-type"], "text/plain; charset=utf-8");
  EXPECT_EQ(rs[0].fields["server"], "tlskit");
  EXPECT_EQ(rs[0].fields.count("connection"), 0u);
  EXPECT_EQ(h.session.summary(), "http/1.1 requests=1");
  EXPECT_FALSE(h.session.busy());
}

TEST(ServerHttp1, BareLfLinesAreAccepted) {
  // RFC 9112 §2.2: a recipient MAY recognize a single LF as a line terminator.
  Harness h;
  EXPECT_TRUE(h.feed("GET / HTTP/1.1\nHost: a\n\nGET /2 HTTP/1.1\nHost: a\r\n\n"));
  auto rs = parse(h.out);
  ASSERT_EQ(rs.size(), 2u);
  EXPECT_EQ(rs[0].status, 200);
  EXPECT_EQ(rs[0].body, kHello);
  EXPECT_EQ(rs[1].status, 200);
  Harness bytewise;
  EXPECT_TRUE(bytewise.feed_bytewise("GET / HTTP/1.1\nHost: a\n\n"));
  EXPECT_EQ(parse(bytewise.out).size(), 1u);
}

TEST(ServerHttp1, HeadHasTheGetLengthButNoBody) {
  Harness h;
  EXPECT_TRUE(h.feed("HEAD / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"));
  auto rs = parse(h.out, {0});
  ASSERT_EQ(rs.size(), 2u);  // the GET response follows the HEAD head directly
  EXPECT_EQ(rs[0].status, 200);
  EXPECT_EQ(rs[0].fields["content-length"], std::to_string(kHello.size()));
  EXPECT_EQ(rs[0].body, "");
  EXPECT_EQ(rs[1].body, kHello);
}

TEST(ServerHttp1, OtherMethodsGet405WithAllowAndOptionsGets204) {
  Harness h;
  EXPECT_TRUE(
      h.feed("POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"
             "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n"
             "DELETE /x HTTP/1.1\r\nHost: a\r\n\r\n"));
  auto rs = parse(h.out);
  ASSERT_EQ(rs.size(), 3u);
  EXPECT_EQ(rs[0].status, 405);
  EXPECT_EQ(rs[0].fields["allow"], "GET, HEAD, OPTIONS");
  EXPECT_EQ(rs[1].status, 204);
  EXPECT_EQ(rs[1].fields["allow"], "GET, HEAD, OPTIONS");
  EXPECT_EQ(rs[1].fields.count("content-length"), 0u);  // RFC 9110 §8.6
  EXPECT_EQ(rs[2].status, 405);
}

TEST(ServerHttp1, PipelinedRequestsAreAnsweredInOrderWhateverTheSplit) {
  const std::string reqs =
      "GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
      "POST /2 HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
      "HEAD /3 HTTP/1.1\r\nHost: a\r\n\r\n"
      "OPTIONS /4 HTTP/1.1\r\nHost: a\r\n\r\n"
      "GET /5 HTTP/1.1\r\nHost: a\r\n\r\n";
  Harness whole;
  EXPECT_TRUE(whole.feed(reqs));
  auto rs = parse(whole.out, {2});
  ASSERT_EQ(rs.size(), 5u);
  const int want[] = {200, 405, 200, 204, 200};
  for (size_t i = 0; i < 5; ++i) EXPECT_EQ(rs[i].status, want[i]) << i;
  EXPECT_EQ(whole.session.summary(), "http/1.1 requests=5");
  Harness bytewise;
  EXPECT_TRUE(bytewise.feed_bytewise(reqs));
  EXPECT_EQ(bytewise.out, whole.out);
}

TEST(ServerHttp1, ConnectionCloseClosesAfterTheResponseAndIgnoresWhatFollows) {
  Harness h;
  EXPECT_FALSE(
      h.feed("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\nGET /again HTTP/1.1\r\nHost: "
             "a\r\n\r\n"));
  auto rs = parse(h.out);
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].status, 200);
  EXPECT_EQ(rs[0].fields["connection"], "close");
  const size_t before = h.out.size();
  EXPECT_FALSE(h.feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
  EXPECT_EQ(h.out.size(), before);
}

TEST(ServerHttp1, Http10ClosesUnlessKeepAliveIsAsked) {
  Harness plain;
  EXPECT_FALSE(plain.feed("GET / HTTP/1.0\r\n\r\n"));  // no Host needed in HTTP/1.0
  auto rs = parse(plain.out);
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].status, 200);
  EXPECT_EQ(rs[0].fields["connection"], "close");
  Harness ka;
  EXPECT_TRUE(ka.feed("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  rs = parse(ka.out);
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].fields["connection"], "keep-alive");
}

TEST(ServerHttp1, AHeadOver64KiBGets431AndCloses) {
  const std::string big =
      "GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + std::string(70 * 1024, 'a') + "\r\n\r\n";
  Harness pieces;  // in 1000-byte pieces: the bound is seen before the head ends
  bool keep = true;
  for (size_t i = 0; i < big.size() && keep; i += 1000) keep = pieces.feed(big.substr(i, 1000));
  EXPECT_FALSE(keep);
  auto rs = parse(pieces.out);
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].status, 431);
  EXPECT_EQ(rs[0].fields["connection"], "close");
  Harness whole;  // in one piece: the bound is seen when the head ends
  EXPECT_FALSE(whole.feed(big));
  rs = parse(whole.out);
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].status, 431);
  Harness many;  // many small fields
  std::string fields;
  for (int i = 0; i < 3000; ++i)
    fields += "X-F" + std::to_string(i) + ": " + std::string(20, 'b') + "\r\n";
  EXPECT_FALSE(many.feed("GET / HTTP/1.1\r\nHost: a\r\n" + fields + "\r\n"));
  rs = parse(many.out);
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].status, 431);
  Harness fine;  // just under the bound: served
  EXPECT_TRUE(
      fine.feed("GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + std::string(60 * 1024, 'a') + "\r\n\r\n"));
  EXPECT_EQ(parse(fine.out).at(0).status, 200);
}

TEST(ServerHttp1, BodiesAreDiscardedUpTo1MiBAndLargerGet413) {
  const std::string mib(1024 * 1024, 'z');
  Harness ok;
  EXPECT_TRUE(
      ok.feed("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: " + std::to_string(mib.size()) +
              "\r\n\r\n" + mib + "GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
  auto rs = parse(ok.out);
  ASSERT_EQ(rs.size(), 2u);
  EXPECT_EQ(rs[0].status, 405);
  EXPECT_EQ(rs[1].status, 200);
  Harness declared;  // Content-Length over the bound: refused before any body byte
  EXPECT_FALSE(declared.feed("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1048577\r\n\r\n"));
  rs = parse(declared.out);
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].status, 413);
  EXPECT_EQ(rs[0].fields["connection"], "close");
  Harness chunked;  // chunked: refused when the bound is passed
  bool keep = chunked.feed("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");
  const std::string chunk = "10000\r\n" + std::string(0x10000, 'y') + "\r\n";
  for (int i = 0; i < 20 && keep; ++i) keep = chunked.feed(chunk);
  EXPECT_FALSE(keep);
  rs = parse(chunked.out);
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].status, 413);
  EXPECT_EQ(chunked.session.requests(), 0u);
}

TEST(ServerHttp1, MalformedRequestsGet400AndClose) {
  const std::vector<std::string> bad = {
      "GARBAGE\r\n\r\n",
      "GET /\r\n\r\n",  // HTTP/0.9
      "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n",
      "GET / HTTP/1.1\r\n\r\n",                        // RFC 9112 §3.2: no Host
      "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",  // two Hosts
      "GET / HTTP/1.1\r\nHost: a\r\nBad Field: x\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: a\r\nX-Space : x\r\n\r\n",  // RFC 9112 §5.1
      "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: x\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: a\r\n\r\n\x01\x02",  // a good request, then garbage
  };
  for (const auto& req : bad) {
    Harness h;
    EXPECT_FALSE(h.feed(req)) << req;
    auto rs = parse(h.out);
    ASSERT_FALSE(rs.empty()) << req;
    EXPECT_EQ(rs.back().status, 400) << req;
    EXPECT_EQ(rs.back().fields["connection"], "close") << req;
    EXPECT_FALSE(h.session.busy());
    const size_t before = h.out.size();
    EXPECT_FALSE(h.feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
    EXPECT_EQ(h.out.size(), before);
  }
}

TEST(ServerHttp1, UnsafeRequestsInEarlyDataGet425) {
  const std::string post = "POST /pay HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi";
  const std::string get = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
  HttpConnectionFacts f = kFacts;
  f.early_data_bytes = post.size() + get.size();  // both arrived as 0-RTT data
  Harness h(f);
  EXPECT_TRUE(h.feed(get + post + post));
  auto rs = parse(h.out);
  ASSERT_EQ(rs.size(), 3u);
  EXPECT_EQ(rs[0].status, 200);  // safe: served
  EXPECT_EQ(rs[1].status, 425);  // unsafe and early
  EXPECT_NE(rs[1].body.find("Too Early"), std::string::npos);
  EXPECT_EQ(rs[2].status, 405);  // after the early data: processed normally
  Harness marked;                // RFC 8470 §5.1: a proxy's Early-Data: 1
  EXPECT_TRUE(
      marked.feed("PUT / HTTP/1.1\r\nHost: a\r\nearly-data: 1\r\n\r\n"
                  "GET / HTTP/1.1\r\nHost: a\r\nEarly-Data: 1\r\n\r\n"
                  "PUT / HTTP/1.1\r\nHost: a\r\nEarly-Data: 0\r\n\r\n"));
  rs = parse(marked.out);
  ASSERT_EQ(rs.size(), 3u);
  EXPECT_EQ(rs[0].status, 425);
  EXPECT_EQ(rs[1].status, 200);
  EXPECT_EQ(rs[2].status, 405);
}

TEST(ServerHttp1, DrainClosesAtOnceWhenIdleOrAfterTheRequestInProgress) {
  Harness idle;
  EXPECT_TRUE(idle.feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
  Bytes goodbye;
  EXPECT_FALSE(idle.session.on_drain(goodbye));
  EXPECT_TRUE(goodbye.empty());
  EXPECT_FALSE(idle.feed("GET / HTTP/1.1\r\nHost: a\r\n\r\n"));
  Harness midway;
  EXPECT_TRUE(midway.feed("GET / HTTP/1.1\r\nHo"));
  EXPECT_TRUE(midway.session.busy());
  EXPECT_TRUE(midway.session.on_drain(goodbye));
  EXPECT_FALSE(midway.feed("st: a\r\n\r\nGET /next HTTP/1.1\r\nHost: a\r\n\r\n"));
  auto rs = parse(midway.out);
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].status, 200);
  EXPECT_EQ(rs[0].fields["connection"], "close");
  EXPECT_FALSE(midway.session.busy());
}

TEST(ServerHttp1, BusyWhileARequestIsPartlyReceived) {
  Harness h;
  EXPECT_FALSE(h.session.busy());
  EXPECT_TRUE(h.feed("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nab"));
  EXPECT_TRUE(h.session.busy());
  EXPECT_TRUE(h.feed("cd"));
  EXPECT_FALSE(h.session.busy());
}

TEST(ServerHttp1, UpgradeIsIgnoredAndConnectRefused) {
  Harness up;  // RFC 9110 §7.8: a server may ignore Upgrade
  EXPECT_TRUE(
      up.feed("GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n"
              "GET /2 HTTP/1.1\r\nHost: a\r\n\r\n"));
  auto rs = parse(up.out);
  ASSERT_EQ(rs.size(), 2u);
  EXPECT_EQ(rs[0].status, 200);
  EXPECT_EQ(rs[1].status, 200);
  Harness connect;
  EXPECT_FALSE(
      connect.feed("CONNECT example:443 HTTP/1.1\r\nHost: example:443\r\n\r\n\x16\x03\x01"));
  rs = parse(connect.out);
  ASSERT_EQ(rs.size(), 1u);
  EXPECT_EQ(rs[0].status, 405);
}

}  // namespace
}  // namespace tlskit::tools::server
