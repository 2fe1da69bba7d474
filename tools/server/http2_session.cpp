// HTTP/2 for `tlskit server --http`, over libnghttp2's server session (sans-I/O).
#include "server/http2_session.h"

#include <nghttp2/nghttp2.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <string_view>
#include <vector>

#include "cli/http_early_data.h"

namespace tlskit::tools::server {
namespace {

// nghttp2's protections, set explicitly (RFC 9113 §10.5: an endpoint MAY treat floods of
// SETTINGS, PING, RST_STREAM, CONTINUATION as a connection error of type ENHANCE_YOUR_CALM).
constexpr size_t kMaxOutboundAck = 100;     // SETTINGS / PING acks queued, beyond: GOAWAY
constexpr size_t kMaxSettingsEntries = 32;  // entries in one SETTINGS frame
constexpr size_t kMaxContinuations = 8;     // CONTINUATION frames after one HEADERS
constexpr uint64_t kResetBurst = 200;       // incoming RST_STREAM: a token bucket of this size
constexpr uint64_t kResetRate = 33;         // refilled this many per second ("rapid reset")
constexpr size_t kMaxSendRounds = size_t{1} << 20;  // guard on the mem_send loop

// The size of a field in a header list (RFC 9113 §6.5.2: name, value and 32 octets).
constexpr size_t kFieldOverhead = 32;

// Turns a string into a header field for nghttp2 (which copies it on submit).
nghttp2_nv field(std::string_view name, std::string_view value) {
  return nghttp2_nv{reinterpret_cast<uint8_t*>(const_cast<char*>(name.data())),
                    reinterpret_cast<uint8_t*>(const_cast<char*>(value.data())), name.size(),
                    value.size(), NGHTTP2_NV_FLAG_NONE};
}

}  // namespace

struct Http2Session::State {
  // What one request stream has shown so far.
  struct Stream {
    std::string method;         // :method
    size_t head_bytes = 0;      // header list size so far
    bool too_large = false;     // the header list passed kMaxRequestHead
    bool marked_early = false;  // early-data: 1 (RFC 8470 §5.1)
    bool began_early = false;   // its HEADERS came in the 0-RTT part of the stream
    uint64_t body_bytes = 0;
    bool answered = false;
    HttpAnswer answer;
    size_t sent = 0;  // body bytes given to nghttp2
  };

  nghttp2_session* session = nullptr;
  HttpConnectionFacts facts;
  std::map<int32_t, Stream> streams;  // open request streams (bounded by nghttp2's stream limit)
  uint64_t stream_offset = 0;         // bytes received before this on_data
  bool early_phase = false;           // mem_recv is reading the 0-RTT part of the stream
  bool closed = false;
  bool draining = false;
  uint64_t seen = 0;

  State() {
    nghttp2_session_callbacks* cb = nullptr;
    nghttp2_option* opt = nullptr;
    if (nghttp2_session_callbacks_new(&cb) != 0 || nghttp2_option_new(&opt) != 0) {
      nghttp2_session_callbacks_del(cb);
      closed = true;
      return;
    }
    nghttp2_session_callbacks_set_on_begin_headers_callback(cb, on_begin_headers);
    nghttp2_session_callbacks_set_on_header_callback(cb, on_header);
    nghttp2_session_callbacks_set_on_frame_recv_callback(cb, on_frame_recv);
    nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cb, on_data_chunk);
    nghttp2_session_callbacks_set_on_stream_close_callback(cb, on_stream_close);
    nghttp2_option_set_max_outbound_ack(opt, kMaxOutboundAck);
    nghttp2_option_set_max_settings(opt, kMaxSettingsEntries);
    nghttp2_option_set_max_continuations(opt, kMaxContinuations);
    nghttp2_option_set_stream_reset_rate_limit(opt, kResetBurst, kResetRate);
    if (nghttp2_session_server_new2(&session, cb, this, opt) != 0) {
      session = nullptr;
      closed = true;
    }
    nghttp2_option_del(opt);
    nghttp2_session_callbacks_del(cb);
  }

  ~State() { nghttp2_session_del(session); }

  static State& of(void* user) { return *static_cast<State*>(user); }

  Stream* find(int32_t id) {
    auto it = streams.find(id);
    return it == streams.end() ? nullptr : &it->second;
  }

  static int on_begin_headers(nghttp2_session*, const nghttp2_frame* frame, void* user) {
    State& s = of(user);
    if (frame->hd.type != NGHTTP2_HEADERS || frame->headers.cat != NGHTTP2_HCAT_REQUEST) return 0;
    Stream& st = s.streams[frame->hd.stream_id];
    st.began_early = s.early_phase;
    ++s.seen;
    return 0;
  }

  static int on_header(nghttp2_session*, const nghttp2_frame* frame, const uint8_t* name,
                       size_t namelen, const uint8_t* value, size_t valuelen, uint8_t, void* user) {
    State& s = of(user);
    Stream* st = s.find(frame->hd.stream_id);
    if (st == nullptr || st->answered) return 0;  // trailers after an early answer: ignored
    st->head_bytes += namelen + valuelen + kFieldOverhead;
    if (st->head_bytes > kMaxRequestHead) st->too_large = true;
    if (st->too_large) return 0;
    const std::string_view n(reinterpret_cast<const char*>(name), namelen);
    const std::string_view v(reinterpret_cast<const char*>(value), valuelen);
    if (n == ":method") st->method = v;
    // Field names are lower case in HTTP/2 (RFC 9113 §8.2.1; nghttp2 checks it).
    if (n == "early-data" && http_early_data_value_marks(v)) st->marked_early = true;
    return 0;
  }

  static ssize_t read_body(nghttp2_session*, int32_t, uint8_t* buf, size_t length, uint32_t* flags,
                           nghttp2_data_source* source, void*) {
    Stream& st = *static_cast<Stream*>(source->ptr);
    const size_t n = std::min(length, st.answer.body.size() - st.sent);
    if (n > 0) std::memcpy(buf, st.answer.body.data() + st.sent, n);
    st.sent += n;
    if (st.sent == st.answer.body.size()) *flags |= NGHTTP2_DATA_FLAG_EOF;
    return static_cast<ssize_t>(n);
  }

  // Submits the stream's answer (HEADERS, then DATA unless there is no body).
  void respond(int32_t id, Stream& st, HttpAnswer answer) {
    st.answered = true;
    st.answer = std::move(answer);
    const std::string status = std::to_string(st.answer.status);
    const std::string length = std::to_string(st.answer.body.size());
    std::vector<nghttp2_nv> nva = {field(":status", status), field("server", kServerName)};
    if (st.answer.content_length) {
      nva.push_back(field("content-type", "text/plain; charset=utf-8"));
      nva.push_back(field("content-length", length));
    }
    if (!st.answer.allow.empty()) nva.push_back(field("allow", st.answer.allow));
    nghttp2_data_provider body{};
    body.source.ptr = &st;
    body.read_callback = read_body;
    const bool with_body =
        st.answer.send_body && st.answer.content_length && !st.answer.body.empty();
    // A failure here (the stream is already closed or reset) leaves nothing to answer.
    (void)nghttp2_submit_response(session, id, nva.data(), nva.size(), with_body ? &body : nullptr);
  }

  static int on_frame_recv(nghttp2_session*, const nghttp2_frame* frame, void* user) {
    State& s = of(user);
    if (frame->hd.type != NGHTTP2_HEADERS && frame->hd.type != NGHTTP2_DATA) return 0;
    const int32_t id = frame->hd.stream_id;
    Stream* st = s.find(id);
    if (st == nullptr || st->answered) return 0;
    const bool end = (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) != 0;
    const bool request_headers =
        frame->hd.type == NGHTTP2_HEADERS && frame->headers.cat == NGHTTP2_HCAT_REQUEST;
    const bool too_early = http_request_too_early(st->method, st->marked_early, st->began_early);
    if (request_headers && st->too_large) {
      // RFC 9113 §10.5.1: a server that receives a larger header section than it will handle
      // can answer 431.
      s.respond(id, *st,
                error_answer(431, "the header list is larger than " +
                                      std::to_string(kMaxRequestHead) + " bytes"));
    } else if (request_headers && too_early) {
      // RFC 8470 §5.2: not processed, answered 425 without waiting for the body.
      s.respond(id, *st, answer_request(st->method, true, s.facts));
    } else if (end) {
      s.respond(id, *st, answer_request(st->method, false, s.facts));
    }
    return 0;
  }

  static int on_data_chunk(nghttp2_session*, uint8_t, int32_t id, const uint8_t*, size_t len,
                           void* user) {
    State& s = of(user);
    Stream* st = s.find(id);
    if (st == nullptr) return 0;
    st->body_bytes += len;  // read and discarded (nghttp2 returns the flow-control window)
    if (st->body_bytes > kMaxRequestBody && !st->answered)
      s.respond(id, *st,
                error_answer(413, "the request body is larger than " +
                                      std::to_string(kMaxRequestBody) + " bytes"));
    return 0;
  }

  static int on_stream_close(nghttp2_session*, int32_t id, uint32_t, void* user) {
    of(user).streams.erase(id);
    return 0;
  }

  // Appends everything nghttp2 has to send. False on a fatal error.
  bool flush(Bytes& out) {
    for (size_t round = 0; round < kMaxSendRounds; ++round) {
      const uint8_t* p = nullptr;
      const ssize_t n = nghttp2_session_mem_send(session, &p);
      if (n < 0) return false;
      if (n == 0) return true;
      out.insert(out.end(), p, p + n);
    }
    return true;
  }

  // Reads part of the stream; false on a fatal error (a GOAWAY is queued when possible).
  bool recv(ByteView part, bool early) {
    if (part.empty()) return true;
    early_phase = early;
    const ssize_t r = nghttp2_session_mem_recv(session, part.data(), part.size());
    early_phase = false;
    if (r >= 0) return true;
    // A bad preface, a flood, ...: RFC 9113 §5.4.1, connection error, GOAWAY then close. The
    // call fails harmlessly when nghttp2 already queued its own GOAWAY.
    (void)nghttp2_session_terminate_session(
        session, r == NGHTTP2_ERR_FLOODED ? NGHTTP2_ENHANCE_YOUR_CALM : NGHTTP2_PROTOCOL_ERROR);
    return false;
  }

  bool feed(ByteView data, Bytes& out) {
    if (closed || session == nullptr) return false;
    // The first early_data_bytes of the stream were 0-RTT data: read them apart, so that each
    // stream knows whether its HEADERS began there.
    const uint64_t early_end = facts.early_data_bytes;
    size_t early = 0;
    if (stream_offset < early_end)
      early = static_cast<size_t>(std::min<uint64_t>(data.size(), early_end - stream_offset));
    stream_offset += data.size();
    bool ok = recv(data.first(early), true) && recv(data.subspan(early), false);
    ok = flush(out) && ok;
    // The session ends when nghttp2 neither reads nor writes (after a GOAWAY either way).
    if (!ok ||
        (nghttp2_session_want_read(session) == 0 && nghttp2_session_want_write(session) == 0) ||
        (draining && streams.empty()))
      closed = true;
    return !closed;
  }
};

Http2Session::Http2Session() : s_(std::make_unique<State>()) {}
Http2Session::~Http2Session() = default;

void Http2Session::on_open(const Connection& connection, Bytes& out) {
  open(http_connection_facts(connection), out);
}

void Http2Session::open(const HttpConnectionFacts& facts, Bytes& out) {
  s_->facts = facts;
  if (s_->closed) return;
  // RFC 9113 §3.4: the server connection preface is a SETTINGS frame, sent first.
  const nghttp2_settings_entry settings[] = {
      {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, kH2MaxConcurrentStreams},
      {NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, static_cast<uint32_t>(kMaxRequestHead)},
  };
  if (nghttp2_submit_settings(s_->session, NGHTTP2_FLAG_NONE, settings, 2) != 0 || !s_->flush(out))
    s_->closed = true;
}

bool Http2Session::on_data(ByteView data, Bytes& out) { return s_->feed(data, out); }

bool Http2Session::busy() const { return !s_->closed && !s_->streams.empty(); }

bool Http2Session::on_drain(Bytes& out) {
  if (s_->closed) return false;
  s_->draining = true;
  // RFC 9113 §6.8: GOAWAY with the last stream processed; streams up to it are still served.
  const int32_t last = nghttp2_session_get_last_proc_stream_id(s_->session);
  if (nghttp2_submit_goaway(s_->session, NGHTTP2_FLAG_NONE, last, NGHTTP2_NO_ERROR, nullptr, 0) !=
          0 ||
      !s_->flush(out) || s_->streams.empty())
    s_->closed = true;
  return !s_->closed;
}

std::string Http2Session::summary() const { return "h2 streams=" + std::to_string(s_->seen); }

uint64_t Http2Session::streams() const { return s_->seen; }

}  // namespace tlskit::tools::server
