// Tests of `tlskit server --http` over HTTP/2 (tools/server/http2_session.h). The peer is
// nghttp2's client session, in memory: it builds the frames and reads the answers. Only the
// malformed-frame tests write frames by hand.
#include <gtest/gtest.h>
#include <nghttp2/nghttp2.h>

#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "server/http2_session.h"

namespace tlskit::tools::server {
namespace {

const HttpConnectionFacts kFacts{"TLSv1.3", "TLS_AES_256_GCM_SHA384", 0};
const std::string kHello = "Hello from tlskit server (TLSv1.3, TLS_AES_256_GCM_SHA384)\n";

// A request body the client sends: `size` bytes, or held back (deferred) while `hold` is set.
struct Upload {
  size_t size = 0;
  size_t sent = 0;
  bool hold = false;
};

// What the client saw of one stream.
struct Seen {
  std::map<std::string, std::string> fields;
  std::string body;
  bool closed = false;
  uint32_t error = 0;  // RST_STREAM code, 0: none
};

// An HTTP/2 client (nghttp2) talking to an Http2Session in memory.
class Client {
 public:
  explicit Client(const HttpConnectionFacts& facts = kFacts, bool open = true) {
    nghttp2_session_callbacks* cb;
    nghttp2_session_callbacks_new(&cb);
    nghttp2_session_callbacks_set_on_header_callback(cb, on_header);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cb, on_data);
    nghttp2_session_callbacks_set_on_stream_close_callback(cb, on_close);
    nghttp2_session_callbacks_set_on_frame_recv_callback(cb, on_frame);
    nghttp2_option* opt;
    nghttp2_option_new(&opt);
    nghttp2_option_set_max_send_header_block_length(opt, 1 << 20);
    nghttp2_option_set_peer_max_concurrent_streams(opt, 1000);  // until the server's SETTINGS
    nghttp2_session_client_new2(&client_, cb, this, opt);
    nghttp2_option_del(opt);
    nghttp2_session_callbacks_del(cb);
    nghttp2_submit_settings(client_, NGHTTP2_FLAG_NONE, nullptr, 0);
    if (open) server.open(facts, from_server);
  }
  ~Client() { nghttp2_session_del(client_); }

  // Queues a request; returns its stream id.
  int32_t request(const std::string& method,
                  std::vector<std::pair<std::string, std::string>> extra = {},
                  Upload* upload = nullptr) {
    std::vector<std::pair<std::string, std::string>> h = {
        {":method", method}, {":scheme", "https"}, {":authority", "example"}, {":path", "/x"}};
    h.insert(h.end(), extra.begin(), extra.end());
    std::vector<nghttp2_nv> nva;
    for (auto& [n, v] : h)
      nva.push_back({reinterpret_cast<uint8_t*>(n.data()), reinterpret_cast<uint8_t*>(v.data()),
                     n.size(), v.size(), NGHTTP2_NV_FLAG_NONE});
    nghttp2_data_provider prd{};
    prd.source.ptr = upload;
    prd.read_callback = read_upload;
    const int32_t id = nghttp2_submit_request(client_, nullptr, nva.data(), nva.size(),
                                              upload ? &prd : nullptr, nullptr);
    EXPECT_GT(id, 0);
    return id;
  }

  // The client's pending frames.
  Bytes client_output() {
    Bytes b;
    for (;;) {
      const uint8_t* p;
      const ssize_t n = nghttp2_session_mem_send(client_, &p);
      EXPECT_GE(n, 0);
      if (n <= 0) break;
      b.insert(b.end(), p, p + n);
    }
    return b;
  }

  // Gives bytes to the server (recording its answer) and then the server's output to the client.
  bool deliver(const Bytes& bytes) {
    keep_open = server.on_data(bytes, from_server);
    to_client();
    return keep_open;
  }

  // Gives the server's output so far to the client.
  void to_client() {
    if (from_server.empty()) return;
    const ssize_t r = nghttp2_session_mem_recv(client_, from_server.data(), from_server.size());
    EXPECT_EQ(r, static_cast<ssize_t>(from_server.size())) << nghttp2_strerror(static_cast<int>(r));
    server_bytes += from_server.size();
    from_server.clear();
  }

  // Exchanges frames until neither side has anything to say (or the server closes).
  bool run(int rounds = 1000) {
    for (int i = 0; i < rounds && keep_open; ++i) {
      to_client();
      Bytes b = client_output();
      if (b.empty()) break;
      deliver(b);
    }
    return keep_open;
  }

  void cancel(int32_t id) {
    nghttp2_submit_rst_stream(client_, NGHTTP2_FLAG_NONE, id, NGHTTP2_CANCEL);
  }
  void resume(int32_t id) { nghttp2_session_resume_data(client_, id); }
  uint32_t remote_setting(nghttp2_settings_id id) {
    return nghttp2_session_get_remote_settings(client_, id);
  }

  Http2Session server;
  Bytes from_server;
  size_t server_bytes = 0;
  bool keep_open = true;
  std::map<int32_t, Seen> seen;
  bool goaway = false;
  uint32_t goaway_error = 0;
  int32_t goaway_last = -1;

 private:
  static Client& of(void* u) { return *static_cast<Client*>(u); }
  static int on_header(nghttp2_session*, const nghttp2_frame* f, const uint8_t* n, size_t nl,
                       const uint8_t* v, size_t vl, uint8_t, void* u) {
    of(u).seen[f->hd.stream_id].fields[std::string(reinterpret_cast<const char*>(n), nl)] =
        std::string(reinterpret_cast<const char*>(v), vl);
    return 0;
  }
  static int on_data(nghttp2_session*, uint8_t, int32_t id, const uint8_t* d, size_t n, void* u) {
    of(u).seen[id].body.append(reinterpret_cast<const char*>(d), n);
    return 0;
  }
  static int on_close(nghttp2_session*, int32_t id, uint32_t code, void* u) {
    of(u).seen[id].closed = true;
    of(u).seen[id].error = code;
    return 0;
  }
  static int on_frame(nghttp2_session*, const nghttp2_frame* f, void* u) {
    if (f->hd.type == NGHTTP2_GOAWAY) {
      of(u).goaway = true;
      of(u).goaway_error = f->goaway.error_code;
      of(u).goaway_last = f->goaway.last_stream_id;
    }
    return 0;
  }
  static ssize_t read_upload(nghttp2_session*, int32_t, uint8_t* buf, size_t len, uint32_t* flags,
                             nghttp2_data_source* src, void*) {
    Upload& up = *static_cast<Upload*>(src->ptr);
    if (up.hold) return NGHTTP2_ERR_DEFERRED;
    const size_t n = std::min(len, up.size - up.sent);
    std::memset(buf, 'u', n);
    up.sent += n;
    if (up.sent == up.size) *flags |= NGHTTP2_DATA_FLAG_EOF;
    return static_cast<ssize_t>(n);
  }

  nghttp2_session* client_ = nullptr;
};

TEST(ServerHttp2, ThePrefaceLimitsStreamsAndHeaderLists) {
  Client c;
  EXPECT_FALSE(c.from_server.empty());
  c.to_client();
  EXPECT_EQ(c.remote_setting(NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS), 100u);
  EXPECT_EQ(c.remote_setting(NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE), kMaxRequestHead);
}

TEST(ServerHttp2, GetHeadOptionsAndOtherMethods) {
  Client c;
  const int32_t get = c.request("GET");
  const int32_t head = c.request("HEAD");
  const int32_t options = c.request("OPTIONS");
  Upload up{10};
  const int32_t post = c.request("POST", {}, &up);
  EXPECT_TRUE(c.run());
  EXPECT_EQ(c.seen[get].fields[":status"], "200");
  EXPECT_EQ(c.seen[get].body, kHello);
  EXPECT_EQ(c.seen[get].fields["content-length"], std::to_string(kHello.size()));
  EXPECT_EQ(c.seen[get].fields["content-type"], "text/plain; charset=utf-8");
  EXPECT_EQ(c.seen[get].fields["server"], "tlskit");
  EXPECT_TRUE(c.seen[get].closed);
  EXPECT_EQ(c.seen[get].error, 0u);
  EXPECT_EQ(c.seen[head].fields[":status"], "200");
  EXPECT_EQ(c.seen[head].fields["content-length"], std::to_string(kHello.size()));
  EXPECT_EQ(c.seen[head].body, "");
  EXPECT_EQ(c.seen[options].fields[":status"], "204");
  EXPECT_EQ(c.seen[options].fields["allow"], "GET, HEAD, OPTIONS");
  EXPECT_EQ(c.seen[post].fields[":status"], "405");
  EXPECT_EQ(c.seen[post].fields["allow"], "GET, HEAD, OPTIONS");
  EXPECT_TRUE(c.seen[post].closed);
  EXPECT_EQ(c.server.summary(), "h2 streams=4");
  EXPECT_FALSE(c.server.busy());
}

TEST(ServerHttp2, ManyRequestsOnOneConnection) {
  Client c;
  std::vector<int32_t> ids;
  for (int i = 0; i < 250; ++i) {
    ids.push_back(c.request("GET"));
    if (i % 50 == 49) {
      EXPECT_TRUE(c.run());
    }
  }
  EXPECT_TRUE(c.run());
  for (int32_t id : ids) EXPECT_EQ(c.seen[id].body, kHello) << id;
  EXPECT_EQ(c.server.streams(), 250u);
}

TEST(ServerHttp2, UnsafeRequestsInEarlyDataGet425) {
  // Measure the bytes of preface + SETTINGS + the first two requests, as a 0-RTT client sends them.
  Client probe(kFacts, false);
  probe.request("POST");
  probe.request("GET");
  const size_t early = probe.client_output().size();
  HttpConnectionFacts f = kFacts;
  f.early_data_bytes = early;
  Client c(f);
  const int32_t post = c.request("POST");
  const int32_t get = c.request("GET");
  Bytes first = c.client_output();
  ASSERT_EQ(first.size(), early);
  EXPECT_TRUE(c.deliver(first));
  const int32_t later = c.request("POST");  // after the handshake: not replayable
  const int32_t marked = c.request("DELETE", {{"early-data", "1"}});
  const int32_t marked_get = c.request("GET", {{"early-data", "1"}});
  EXPECT_TRUE(c.run());
  EXPECT_EQ(c.seen[post].fields[":status"], "425");
  EXPECT_NE(c.seen[post].body.find("Too Early"), std::string::npos);
  EXPECT_EQ(c.seen[get].fields[":status"], "200");
  EXPECT_EQ(c.seen[later].fields[":status"], "405");
  EXPECT_EQ(c.seen[marked].fields[":status"], "425");
  EXPECT_EQ(c.seen[marked_get].fields[":status"], "200");
}

TEST(ServerHttp2, AHeaderListOver64KiBGets431) {
  Client c;
  c.to_client();
  std::vector<std::pair<std::string, std::string>> big;
  for (int i = 0; i < 8; ++i)
    big.push_back({"x-big-" + std::to_string(i), std::string(9000, 'a' + i)});
  const int32_t id = c.request("GET", big);
  const int32_t after = c.request("GET");
  EXPECT_TRUE(c.run());
  EXPECT_EQ(c.seen[id].fields[":status"], "431");
  EXPECT_EQ(c.seen[after].fields[":status"], "200");
}

TEST(ServerHttp2, BodiesAreDiscardedUpTo1MiBAndLargerGet413) {
  Client c;
  Upload fits{1024 * 1024};
  Upload too_big{1024 * 1024 + 1};
  const int32_t a = c.request("PUT", {}, &fits);
  const int32_t b = c.request("PUT", {}, &too_big);
  EXPECT_TRUE(c.run(100000));
  EXPECT_EQ(c.seen[a].fields[":status"], "405");
  EXPECT_EQ(c.seen[b].fields[":status"], "413");
  EXPECT_EQ(fits.sent, fits.size);
}

TEST(ServerHttp2, ABadPrefaceGetsGoawayAndCloses) {
  Client c;
  const std::string http1 = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
  EXPECT_FALSE(c.deliver(Bytes(http1.begin(), http1.end())));
  EXPECT_TRUE(c.goaway);
  EXPECT_EQ(c.goaway_error, static_cast<uint32_t>(NGHTTP2_PROTOCOL_ERROR));
  Bytes more;
  const std::string again = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
  EXPECT_FALSE(c.server.on_data(as_bytes(again), more));
  EXPECT_TRUE(more.empty());
}

TEST(ServerHttp2, AForbiddenFrameGetsGoawayAndCloses) {
  Client c;
  Bytes b = c.client_output();  // preface and SETTINGS
  // RFC 9113 §6.1: DATA on stream 0 is a connection error of type PROTOCOL_ERROR.
  const uint8_t data0[] = {0, 0, 1, 0x0, 0x1, 0, 0, 0, 0, 'x'};
  b.insert(b.end(), std::begin(data0), std::end(data0));
  EXPECT_FALSE(c.deliver(b));
  EXPECT_TRUE(c.goaway);
  EXPECT_EQ(c.goaway_error, static_cast<uint32_t>(NGHTTP2_PROTOCOL_ERROR));
  Bytes more;
  EXPECT_FALSE(c.server.on_data(data0, more));
  EXPECT_TRUE(more.empty());
}

TEST(ServerHttp2, AnOversizedFrameGetsGoaway) {
  Client c;
  Bytes b = c.client_output();
  // A PING frame whose length is not 8 (RFC 9113 §6.7: FRAME_SIZE_ERROR).
  const uint8_t ping[] = {0, 0, 9, 0x6, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  b.insert(b.end(), std::begin(ping), std::end(ping));
  EXPECT_FALSE(c.deliver(b));
  EXPECT_TRUE(c.goaway);
  EXPECT_EQ(c.goaway_error, static_cast<uint32_t>(NGHTTP2_FRAME_SIZE_ERROR));
}

TEST(ServerHttp2, StreamsBeyondTheLimitAreRefused) {
  Client c;  // the client has not read the server's SETTINGS yet, so it opens too many
  std::vector<Upload> ups(101, Upload{1, 0, true});
  std::vector<int32_t> ids;
  for (auto& up : ups) ids.push_back(c.request("POST", {}, &up));
  EXPECT_TRUE(c.deliver(c.client_output()));
  EXPECT_TRUE(c.server.busy());
  EXPECT_TRUE(c.seen[ids.back()].closed);
  EXPECT_EQ(c.seen[ids.back()].error, static_cast<uint32_t>(NGHTTP2_REFUSED_STREAM));
  EXPECT_FALSE(c.seen[ids.front()].closed);
  for (size_t i = 0; i + 1 < ups.size(); ++i) {
    ups[i].hold = false;
    c.resume(ids[i]);
  }
  EXPECT_TRUE(c.run());
  EXPECT_EQ(c.seen[ids.front()].fields[":status"], "405");
  EXPECT_EQ(c.seen[ids[99]].fields[":status"], "405");
  EXPECT_FALSE(c.server.busy());  // the refused stream left nothing behind
}

TEST(ServerHttp2, RapidResetIsCutOff) {
  // Requests cancelled at once by the client, over and over (CVE-2023-44487): nghttp2's reset
  // rate limit ends the connection.
  Client c;
  c.to_client();
  std::vector<Upload> ups(1000, Upload{1, 0, true});
  size_t i = 0;
  for (; i < ups.size() && c.keep_open; ++i) {
    const int32_t id = c.request("POST", {}, &ups[i]);
    Bytes b = c.client_output();  // HEADERS
    c.cancel(id);
    const Bytes rst = c.client_output();
    b.insert(b.end(), rst.begin(), rst.end());
    c.deliver(b);
  }
  EXPECT_FALSE(c.keep_open);
  EXPECT_LE(i, 250u);  // a burst of 200 resets, then GOAWAY
  EXPECT_TRUE(c.goaway);
  EXPECT_NE(c.goaway_error, static_cast<uint32_t>(NGHTTP2_NO_ERROR));
}

TEST(ServerHttp2, DrainSendsGoawayAndFinishesOpenStreams) {
  Client idle;
  idle.run();
  Bytes goodbye;
  EXPECT_FALSE(idle.server.on_drain(goodbye));
  idle.from_server = goodbye;
  idle.to_client();
  EXPECT_TRUE(idle.goaway);
  EXPECT_EQ(idle.goaway_error, static_cast<uint32_t>(NGHTTP2_NO_ERROR));

  Client c;
  Upload up{100, 0, true};
  const int32_t id = c.request("POST", {}, &up);
  EXPECT_TRUE(c.run());
  EXPECT_TRUE(c.server.busy());
  Bytes out;
  EXPECT_TRUE(c.server.on_drain(out));
  c.from_server = out;
  c.to_client();
  EXPECT_TRUE(c.goaway);
  EXPECT_EQ(c.goaway_error, static_cast<uint32_t>(NGHTTP2_NO_ERROR));
  EXPECT_EQ(c.goaway_last, id);
  up.hold = false;
  c.resume(id);
  EXPECT_FALSE(c.run());  // answered, then the session ends
  EXPECT_EQ(c.seen[id].fields[":status"], "405");
  EXPECT_FALSE(c.server.busy());
}

}  // namespace
}  // namespace tlskit::tools::server
