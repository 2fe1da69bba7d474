// One probe as the enumeration strategies ask for it and as a runner reports it back. The
// runner (tools/probe/) builds the bytes, connects, sends, reads with an AnswerReader and closes.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "probe/answer_reader.h"
#include "probe/hello_builder.h"

namespace tlskit::probe {

// What to send on one connection: a TLS/SSL 3.0 ClientHello, or an SSLv2 CLIENT-HELLO.
struct ProbeRequest {
  std::string label;   // "tls1_2_suites_3", for logs and reports
  HelloSpec hello;     // used unless sslv2
  bool sslv2 = false;  // send an SSLv2 CLIENT-HELLO with sslv2_ciphers instead
  std::vector<uint32_t> sslv2_ciphers;
};

// What came back.
struct ProbeOutcome {
  ServerAnswer answer;         // what was read (possibly partial when error is set)
  std::optional<Error> error;  // why the exchange ended early: network, parse or limit errors
  int connections = 0;         // TCP connections used (retries included)
  int64_t elapsed_us = 0;      // from the first connect to the close

  // True when the server answered with a ServerHello (or HRR, or SSLv2 SERVER-HELLO).
  bool accepted() const { return answer.accepted(); }
  // The ServerHello, if any.
  const ProbeServerHello* server_hello() const {
    return answer.server_hello ? &*answer.server_hello : nullptr;
  }
};

// Runs probes, up to its own concurrency bound at once; returns one outcome per request, in the
// order of the requests. Must not throw; a request that cannot be built gets an outcome whose
// error has Party::config.
using BatchRunner = std::function<std::vector<ProbeOutcome>(const std::vector<ProbeRequest>&)>;

}  // namespace tlskit::probe
