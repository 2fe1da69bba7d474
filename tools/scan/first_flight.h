// What the scan's vulnerability probes share: one connection with a crafted hello sent and the
// server's first flight read (TLS <= 1.2, up to ServerHelloDone), and a bounded read of
// whatever the server sends next.
#pragma once
#include <functional>
#include <memory>
#include <optional>

#include "base/clock.h"
#include "base/rng.h"
#include "probe/answer_reader.h"
#include "probe/hello_builder.h"
#include "probe/prober.h"

namespace tlskit::tools::scan {

// A connection after the server's first flight.
struct OpenedFlight {
  std::unique_ptr<probe::ProbeStream> stream;
  probe::ServerAnswer answer;  // complete through ServerHelloDone
};

// Dials, sends the hello built from spec and reads the answer until the first flight is
// complete. Errors: the dialer's or the transport's, or io_error ("no complete first flight")
// when the server refused or stopped early.
Result<OpenedFlight> open_first_flight(const probe::Dialer& dial, const probe::HelloSpec& spec,
                                       Rng& rng, const Clock& clock, int timeout_ms);

// Reads what the server sends within wait_ms (at most max_bytes), stopping early when
// `enough` says so; a close or error ends it. Never fails.
Bytes read_for(probe::ProbeStream& s, const Clock& clock, int wait_ms, size_t max_bytes,
               const std::function<bool(ByteView)>& enough);

// The description of the first alert record in data (whole TLS records), if any.
std::optional<uint8_t> first_alert_in(ByteView data);

}  // namespace tlskit::tools::scan
