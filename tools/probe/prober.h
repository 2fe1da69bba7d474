// The probe engine's socket side: runs crafted hellos against one target, each on its own
// connection (connect, send, read the answer with an AnswerReader until it is complete, close),
// with a bound on connections at once, a timeout per connection, a retry when the connection is
// reset, a rate limit between connection starts and a cap on connections in all.
#pragma once
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/rng.h"
#include "inspector/transport.h"
#include "probe/probe_request.h"

namespace tlskit::probe {

// A blocking byte stream for one probe connection: the tool's Transport (TCP in the tool, in
// memory in tests).
using ProbeStream = tools::Transport;

// Opens a new connection to the target. Called from several threads at once.
using Dialer = std::function<Result<std::unique_ptr<ProbeStream>>()>;

// A Dialer over TCP (src/io/tcp.h).
Dialer tcp_dialer(std::string host, uint16_t port, int connect_timeout_ms);

// Limits of one Prober.
struct ProberOptions {
  int max_parallel = 4;          // connections to the target at once (--parallel of issue 12)
  int io_timeout_ms = 5000;      // one read or write
  int answer_timeout_ms = 8000;  // from the write of the hello to a complete answer
  int retries = 1;               // extra attempts when the connection is reset or the connect fails
  int min_interval_ms = 5;       // rate limit: at least this long between two connection starts
  size_t max_connections = 2000; // connections in all; later probes fail with limit_exceeded
};

// Counters of one Prober.
struct ProberStats {
  size_t probes = 0;       // requests run
  size_t connections = 0;  // connections opened (retries included)
  size_t retries = 0;      // extra attempts
};

// Runs probes against one target. run() may be called from one thread at a time; it runs the
// batch on up to max_parallel threads of its own.
class Prober {
 public:
  // rng supplies ClientHello randoms and key shares (used only from the calling thread).
  Prober(Dialer dial, ProberOptions options, Rng& rng, const Clock& clock);

  // Runs every request (at most max_parallel at once) and returns their outcomes in order.
  std::vector<ProbeOutcome> run(const std::vector<ProbeRequest>& requests);

  // run() as a BatchRunner for the enumeration strategies (the Prober must outlive it).
  BatchRunner runner();

  ProberStats stats() const;

 private:
  // One request: build -> connect -> send -> read -> close, with retries.
  ProbeOutcome exchange(const Bytes& hello, bool sslv2);
  // Blocks until the rate limit allows another connection start; false when the cap is hit.
  bool admit();

  Dialer dial_;
  ProberOptions o_;
  Rng& rng_;
  const Clock& clock_;
  std::mutex rate_mu_;
  int64_t next_start_us_ = 0;
  std::atomic<size_t> probes_{0}, connections_{0}, retries_{0};
};

}  // namespace tlskit::probe
