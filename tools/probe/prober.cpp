// Prober: crafted hellos over real connections, bounded in parallelism, time, retries and rate.
#include "probe/prober.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <thread>

#include "io/tcp.h"
#include "probe/sslv2.h"

namespace tlskit::probe {
namespace {

constexpr size_t kReadChunk = 16 * 1024;
// Upper bound on reads for one answer (each read returns at least one byte or ends the loop).
constexpr int kMaxReads = 4096;

// A failure worth one more attempt: the connection was reset (before any answer) or the connect
// itself failed in a way that may pass.
bool retryable(const Error& e) {
  return e.code == ErrorCode::connection_reset || e.code == ErrorCode::io_error ||
         (e.code == ErrorCode::timeout && e.step == Step::connect);
}

}  // namespace

Dialer tcp_dialer(std::string host, uint16_t port, int connect_timeout_ms) {
  return [host = std::move(host), port, connect_timeout_ms]() -> Result<std::unique_ptr<ProbeStream>> {
    auto s = io::TcpStream::connect(host, port, connect_timeout_ms);
    if (!s) return s.error();
    return std::unique_ptr<ProbeStream>(new tools::OwnedTcpTransport(std::move(*s)));
  };
}

Prober::Prober(Dialer dial, ProberOptions options, Rng& rng, const Clock& clock)
    : dial_(std::move(dial)), o_(options), rng_(rng), clock_(clock) {
  o_.max_parallel = std::clamp(o_.max_parallel, 1, 64);
  o_.retries = std::clamp(o_.retries, 0, 5);
  o_.min_interval_ms = std::clamp(o_.min_interval_ms, 0, 60000);
}

ProberStats Prober::stats() const {
  ProberStats s;
  s.probes = probes_.load();
  s.connections = connections_.load();
  s.retries = retries_.load();
  return s;
}

BatchRunner Prober::runner() {
  return [this](const std::vector<ProbeRequest>& r) { return run(r); };
}

bool Prober::admit() {
  if (connections_.fetch_add(1) >= o_.max_connections) {
    connections_.fetch_sub(1);
    return false;
  }
  int64_t wait_us = 0;
  {
    std::lock_guard<std::mutex> lock(rate_mu_);
    int64_t now = clock_.monotonic_micros();
    int64_t start = std::max(now, next_start_us_);
    next_start_us_ = start + int64_t{o_.min_interval_ms} * 1000;
    wait_us = start - now;
  }
  if (wait_us > 0) std::this_thread::sleep_for(std::chrono::microseconds(wait_us));
  return true;
}

ProbeOutcome Prober::exchange(const Bytes& hello, bool sslv2) {
  ProbeOutcome out;
  int64_t t0 = clock_.monotonic_micros();
  for (int attempt = 0; attempt <= o_.retries; ++attempt) {
    if (attempt > 0) retries_.fetch_add(1);
    out = ProbeOutcome{};
    if (!admit()) {
      out.error = make_error(ErrorCode::limit_exceeded, Alert::none, Party::us, Step::connect,
                             "the probe limit of " + std::to_string(o_.max_connections) +
                                 " connections to this target was reached");
      break;
    }
    out.connections = attempt + 1;
    auto stream = dial_();
    if (!stream) {
      out.error = stream.error();
      if (retryable(out.error.value())) continue;
      break;
    }
    auto w = (*stream)->write(hello, o_.io_timeout_ms);
    AnswerReader reader(sslv2);
    std::array<uint8_t, kReadChunk> buf;
    if (!w) {
      out.error = w.error();
    } else {
      int64_t deadline = clock_.monotonic_micros() + int64_t{o_.answer_timeout_ms} * 1000;
      for (int reads = 0; reads < kMaxReads; ++reads) {
        int64_t left_ms = (deadline - clock_.monotonic_micros()) / 1000;
        if (left_ms <= 0) {
          out.error = make_error(ErrorCode::timeout, Alert::none, Party::network, Step::server_hello,
                                 "no complete answer within " + std::to_string(o_.answer_timeout_ms) + " ms");
          break;
        }
        auto n = (*stream)->read(buf, static_cast<int>(std::min<int64_t>(left_ms, o_.io_timeout_ms)));
        if (!n) {
          out.error = n.error();
          out.error->step = Step::server_hello;
          break;
        }
        if (*n == 0) {
          out.error = make_error(ErrorCode::peer_closed, Alert::none, Party::network, Step::server_hello,
                                 reader.answer().bytes_read == 0
                                     ? "the server closed the connection without answering"
                                     : "the server closed the connection before its first flight ended");
          break;
        }
        auto done = reader.feed(ByteView(buf.data(), *n));
        if (!done) {
          out.error = done.error();
          break;
        }
        if (*done) break;
      }
    }
    out.answer = reader.answer();
    // An alert or a complete answer ends the probe; a reset before any byte is worth a retry.
    if (out.error && out.answer.bytes_read == 0 && retryable(*out.error)) continue;
    break;
  }
  out.elapsed_us = clock_.monotonic_micros() - t0;
  return out;
}

std::vector<ProbeOutcome> Prober::run(const std::vector<ProbeRequest>& requests) {
  std::vector<ProbeOutcome> outcomes(requests.size());
  std::vector<std::optional<Bytes>> hellos(requests.size());
  // Build every hello here: the Rng is used from this thread only.
  for (size_t i = 0; i < requests.size(); ++i) {
    const ProbeRequest& r = requests[i];
    if (r.sslv2) {
      Bytes challenge(16);
      rng_.fill(challenge);
      auto b = build_sslv2_client_hello(r.sslv2_ciphers, challenge);
      if (b) hellos[i] = std::move(*b); else outcomes[i].error = b.error();
    } else {
      auto b = build_client_hello(r.hello, rng_);
      if (b) hellos[i] = std::move(b->records); else outcomes[i].error = b.error();
    }
  }
  probes_.fetch_add(requests.size());
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next.fetch_add(1); i < requests.size(); i = next.fetch_add(1))
      if (hellos[i]) outcomes[i] = exchange(*hellos[i], requests[i].sslv2);
  };
  size_t threads = std::min<size_t>(static_cast<size_t>(o_.max_parallel), requests.size());
  if (threads <= 1) {
    work();
  } else {
    std::vector<std::thread> pool;
    pool.reserve(threads);
    for (size_t t = 0; t < threads; ++t) pool.emplace_back(work);
    for (auto& th : pool) th.join();
  }
  return outcomes;
}

}  // namespace tlskit::probe
