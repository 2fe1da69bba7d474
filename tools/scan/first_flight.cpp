// The probes' shared connection handling.
#include "scan/first_flight.h"

#include <array>

namespace tlskit::tools::scan {

Result<OpenedFlight> open_first_flight(const probe::Dialer& dial, const probe::HelloSpec& spec,
                                       Rng& rng, const Clock& clock, int timeout_ms) {
  TK_ASSIGN(probe::BuiltHello hello, probe::build_client_hello(spec, rng));
  TK_ASSIGN(auto stream, dial());
  TK_TRY(stream->write(hello.records, timeout_ms));
  probe::AnswerReader reader;
  std::array<uint8_t, 16384> buf{};
  const int64_t deadline = clock.monotonic_micros() + int64_t{timeout_ms} * 1000;
  bool complete = false;
  for (size_t round = 0; round < 1024 && !complete; ++round) {
    const int64_t left = (deadline - clock.monotonic_micros()) / 1000;
    if (left <= 0) break;
    auto n = stream->read(buf, static_cast<int>(left));
    if (!n || *n == 0) break;
    auto fed = reader.feed(ByteView(buf.data(), *n));
    if (!fed) break;
    complete = *fed;
  }
  const probe::ServerAnswer& a = reader.answer();
  if (!a.server_hello || !a.server_hello_done)
    return make_error(ErrorCode::io_error, Alert::none, Party::peer, Step::server_hello_done,
                      "no complete first flight to send the probe after");
  return OpenedFlight{std::move(stream), a};
}

Bytes read_for(probe::ProbeStream& s, const Clock& clock, int wait_ms, size_t max_bytes,
               const std::function<bool(ByteView)>& enough) {
  Bytes got;
  std::array<uint8_t, 16384> buf{};
  const int64_t until = clock.monotonic_micros() + int64_t{wait_ms} * 1000;
  for (size_t round = 0; round < 1024 && got.size() < max_bytes; ++round) {
    const int64_t left = (until - clock.monotonic_micros()) / 1000;
    if (left <= 0) break;
    auto n = s.read(buf, static_cast<int>(left));
    if (!n || *n == 0) break;
    got.insert(got.end(), buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(*n));
    if (enough && enough(got)) break;
  }
  return got;
}

std::optional<uint8_t> first_alert_in(ByteView d) {
  size_t pos = 0;
  for (size_t guard = 0; guard < 4096 && pos + 5 <= d.size(); ++guard) {
    const size_t len = static_cast<size_t>(d[pos + 3]) << 8 | d[pos + 4];
    if (d[pos] == 21 && len >= 2 && pos + 5 + 2 <= d.size()) return d[pos + 6];
    pos += 5 + len;
  }
  return std::nullopt;
}

}  // namespace tlskit::tools::scan
