// Report helpers: flights, timings, exit codes.
#include "inspector/report.h"

#include <cstdio>

#include "commands.h"

namespace tlskit::tools {
namespace {

bool is_message(const Event& e) {
  return e.kind == EventKind::handshake_message || e.kind == EventKind::change_cipher_spec ||
         e.kind == EventKind::alert ||
         (e.kind == EventKind::early_data && e.direction == Direction::sent);  // 0-RTT data
}

}  // namespace

void compute_flights(Report& report) {
  report.flights.clear();
  Timings& t = report.timings;
  t.handshake_us.reset();
  t.server_flight_wait_us.clear();
  t.round_trips = 0;
  t.handshake_bytes_read = 0;
  t.handshake_bytes_written = 0;

  bool post = false;
  std::optional<int64_t> first_sent_us;
  for (size_t i = 0; i < report.events.size(); ++i) {
    const Event& e = report.events[i].event;
    int64_t at = e.micros - report.origin_us;
    if (e.kind == EventKind::handshake_complete) {
      post = true;
      if (first_sent_us) t.handshake_us = at - *first_sent_us;
      continue;
    }
    if (!is_message(e)) continue;
    if (!post) (e.direction == Direction::sent ? t.handshake_bytes_written : t.handshake_bytes_read) += e.wire_bytes;
    if (e.direction == Direction::sent && !first_sent_us) first_sent_us = at;
    bool extend = !report.flights.empty() && report.flights.back().direction == e.direction &&
                  report.flights.back().post_handshake == post;
    if (!extend && !report.flights.empty() && report.flights.back().post_handshake == post &&
        e.kind == EventKind::change_cipher_spec) {
      // A ChangeCipherSpec sent in the middle of the peer's flight (the TLS 1.3 compatibility
      // CCS goes out as soon as the ServerHello arrives) does not end that flight: it stays
      // inside when the next message after it continues the current flight.
      for (size_t j = i + 1; j < report.events.size(); ++j) {
        const Event& n = report.events[j].event;
        if (n.kind == EventKind::change_cipher_spec) continue;
        if (!is_message(n)) break;
        extend = n.direction == report.flights.back().direction;
        break;
      }
    }
    if (!extend) {
      FlightInfo f;
      f.direction = e.direction;
      f.first_event = i;
      f.start_us = at;
      f.post_handshake = post;
      report.flights.push_back(f);
    }
    FlightInfo& f = report.flights.back();
    f.last_event = i;
    if (e.direction == f.direction) {
      f.end_us = at;
      f.wire_bytes += e.wire_bytes;
    }
  }

  // Round trips: every server flight during the handshake answers a client flight.
  const FlightInfo* last_client = nullptr;
  for (const FlightInfo& f : report.flights) {
    if (f.post_handshake) break;
    if (f.direction == Direction::sent) {
      last_client = &f;
      continue;
    }
    ++t.round_trips;
    if (last_client == nullptr) continue;
    // The wait ends with the flight's first real message: a ChangeCipherSpec that was already
    // queued behind the previous flight (sent with a HelloRetryRequest) says nothing about
    // how long the server took.
    int64_t first = f.start_us;
    for (size_t i = f.first_event; i <= f.last_event && i < report.events.size(); ++i) {
      const Event& e = report.events[i].event;
      if (e.direction == f.direction && e.kind != EventKind::change_cipher_spec) {
        first = e.micros - report.origin_us;
        break;
      }
    }
    t.server_flight_wait_us.push_back(first - last_client->end_us);
  }
}

int exit_code_for(const Report& report) {
  // A completed handshake whose diagnosis still names a cause (the server refused our HTTP
  // request for want of a client certificate) is a failure too.
  if (!report.error) return report.diagnosis.cause == "none" ? kExitOk : kExitHandshakeFailed;
  switch (report.error->code) {
    case ErrorCode::connection_refused:
    case ErrorCode::timeout:
    case ErrorCode::connection_reset:
    case ErrorCode::io_error:
      return kExitConnectFailed;
    case ErrorCode::certificate_invalid:
      return kExitVerifyFailed;
    case ErrorCode::config_invalid:
    case ErrorCode::file_error:
    case ErrorCode::key_mismatch:
      return kExitUsage;
    default:
      return kExitHandshakeFailed;
  }
}

std::string format_ms(int64_t micros) {
  bool neg = micros < 0;
  uint64_t m = static_cast<uint64_t>(neg ? -micros : micros);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%s%llu.%03llu", neg ? "-" : "",
                static_cast<unsigned long long>(m / 1000),
                static_cast<unsigned long long>(m % 1000));
  return buf;
}

std::string round_trip_text(const Report& report, bool brief) {
  int n = report.timings.round_trips;
  std::string s = std::to_string(n) + "-RTT";
  if (report.info.hello_retry)
    s += brief ? " (HelloRetryRequest)" : " (a HelloRetryRequest added one round trip)";
  // 0-RTT: the application's first data went with the ClientHello, a round trip before the
  // handshake completed (RFC 8446 §2.3).
  if (report.info.early_data.accepted)
    s += brief ? ", data sent at 0-RTT" : "; the first application data went at 0-RTT, with the "
                                          "ClientHello (one round trip saved)";
  return s;
}

}  // namespace tlskit::tools
