// Unit tests of report helpers: flights, round trips, exit codes.
#include <gtest/gtest.h>

#include "commands.h"
#include "inspector/report.h"

namespace tlskit::tools {
namespace {

RecordedEvent msg(Direction d, HandshakeType t, int64_t us, size_t wire) {
  RecordedEvent e;
  e.event.kind = EventKind::handshake_message;
  e.event.direction = d;
  e.event.handshake_type = t;
  e.event.micros = us;
  e.event.wire_bytes = wire;
  return e;
}

RecordedEvent complete(int64_t us) {
  RecordedEvent e;
  e.event.kind = EventKind::handshake_complete;
  e.event.micros = us;
  return e;
}

TEST(Report, FlightsAndRoundTripsOfA13Handshake) {
  Report r;
  r.origin_us = 1000;
  r.events.push_back(msg(Direction::sent, HandshakeType::client_hello, 1100, 300));
  r.events.push_back(msg(Direction::received, HandshakeType::server_hello, 2100, 100));
  r.events.push_back(msg(Direction::received, HandshakeType::encrypted_extensions, 2150, 30));
  r.events.push_back(msg(Direction::received, HandshakeType::finished, 2200, 60));
  r.events.push_back(msg(Direction::sent, HandshakeType::finished, 2300, 60));
  r.events.push_back(complete(2300));
  r.events.push_back(msg(Direction::received, HandshakeType::new_session_ticket, 3000, 200));
  compute_flights(r);
  ASSERT_EQ(r.flights.size(), 4u);
  EXPECT_EQ(r.flights[0].direction, Direction::sent);
  EXPECT_EQ(r.flights[1].first_event, 1u);
  EXPECT_EQ(r.flights[1].last_event, 3u);
  EXPECT_EQ(r.flights[1].wire_bytes, 190u);
  EXPECT_EQ(r.flights[1].start_us, 1100);
  EXPECT_FALSE(r.flights[2].post_handshake);
  EXPECT_TRUE(r.flights[3].post_handshake);
  EXPECT_EQ(r.timings.round_trips, 1);
  ASSERT_EQ(r.timings.server_flight_wait_us.size(), 1u);
  EXPECT_EQ(r.timings.server_flight_wait_us[0], 1000);
  ASSERT_TRUE(r.timings.handshake_us.has_value());
  EXPECT_EQ(*r.timings.handshake_us, 1200);
  EXPECT_EQ(round_trip_text(r), "1-RTT");
}

RecordedEvent ccs(Direction d, int64_t us) {
  RecordedEvent e;
  e.event.kind = EventKind::change_cipher_spec;
  e.event.direction = d;
  e.event.micros = us;
  e.event.wire_bytes = 6;
  return e;
}

TEST(Report, CompatibilityCcsInsideTheServerFlightDoesNotSplitIt) {
  Report r;
  r.events.push_back(msg(Direction::sent, HandshakeType::client_hello, 0, 300));
  r.events.push_back(msg(Direction::received, HandshakeType::server_hello, 10, 100));
  r.events.push_back(ccs(Direction::sent, 11));
  r.events.push_back(ccs(Direction::received, 12));
  r.events.push_back(msg(Direction::received, HandshakeType::finished, 13, 60));
  r.events.push_back(msg(Direction::sent, HandshakeType::finished, 20, 60));
  r.events.push_back(complete(20));
  compute_flights(r);
  ASSERT_EQ(r.flights.size(), 3u);
  EXPECT_EQ(r.flights[1].first_event, 1u);
  EXPECT_EQ(r.flights[1].last_event, 4u);
  EXPECT_EQ(r.flights[1].wire_bytes, 166u);  // the client's CCS is not the server's
  EXPECT_EQ(r.timings.round_trips, 1);

  // TLS 1.2: the server's CCS after the client's CKE/CCS/Finished starts the server's flight.
  Report t;
  t.events.push_back(msg(Direction::sent, HandshakeType::client_key_exchange, 0, 40));
  t.events.push_back(ccs(Direction::sent, 1));
  t.events.push_back(msg(Direction::sent, HandshakeType::finished, 2, 45));
  t.events.push_back(ccs(Direction::received, 10));
  t.events.push_back(msg(Direction::received, HandshakeType::finished, 11, 45));
  compute_flights(t);
  ASSERT_EQ(t.flights.size(), 2u);
  EXPECT_EQ(t.flights[1].first_event, 3u);
}

TEST(Report, AQueuedCcsDoesNotShortenTheServersWait) {
  Report r;
  r.events.push_back(msg(Direction::sent, HandshakeType::client_hello, 0, 300));
  r.events.push_back(msg(Direction::received, HandshakeType::server_hello, 1000, 90));  // HRR
  r.events.push_back(msg(Direction::sent, HandshakeType::client_hello, 1100, 300));
  r.events.push_back(ccs(Direction::received, 1101));  // sent with the HRR, read late
  r.events.push_back(msg(Direction::received, HandshakeType::server_hello, 5100, 120));
  compute_flights(r);
  ASSERT_EQ(r.timings.server_flight_wait_us.size(), 2u);
  EXPECT_EQ(r.timings.server_flight_wait_us[0], 1000);
  EXPECT_EQ(r.timings.server_flight_wait_us[1], 4000);
}

TEST(Report, HelloRetryAddsARoundTrip) {
  Report r;
  r.events.push_back(msg(Direction::sent, HandshakeType::client_hello, 0, 300));
  r.events.push_back(msg(Direction::received, HandshakeType::server_hello, 10, 100));
  r.events.push_back(msg(Direction::sent, HandshakeType::client_hello, 20, 300));
  r.events.push_back(msg(Direction::received, HandshakeType::server_hello, 30, 100));
  r.events.push_back(msg(Direction::sent, HandshakeType::finished, 40, 60));
  r.events.push_back(complete(40));
  r.info.hello_retry = true;
  compute_flights(r);
  EXPECT_EQ(r.timings.round_trips, 2);
  EXPECT_EQ(round_trip_text(r), "2-RTT (a HelloRetryRequest added one round trip)");
  compute_flights(r);  // idempotent
  EXPECT_EQ(r.flights.size(), 5u);
}

TEST(Report, ExitCodes) {
  Report r;
  EXPECT_EQ(exit_code_for(r), kExitOk);
  r.error = make_error(ErrorCode::connection_refused, Alert::none, Party::network, Step::connect, "x");
  EXPECT_EQ(exit_code_for(r), kExitConnectFailed);
  r.error->code = ErrorCode::timeout;
  EXPECT_EQ(exit_code_for(r), kExitConnectFailed);
  r.error->code = ErrorCode::certificate_invalid;
  EXPECT_EQ(exit_code_for(r), kExitVerifyFailed);
  r.error->code = ErrorCode::peer_alert;
  EXPECT_EQ(exit_code_for(r), kExitHandshakeFailed);
  r.error->code = ErrorCode::not_tls;
  EXPECT_EQ(exit_code_for(r), kExitHandshakeFailed);
}

TEST(Report, FormatMs) {
  EXPECT_EQ(format_ms(0), "0.000");
  EXPECT_EQ(format_ms(1234), "1.234");
  EXPECT_EQ(format_ms(1234567), "1234.567");
  EXPECT_EQ(format_ms(-5), "-0.005");
}

}  // namespace
}  // namespace tlskit::tools
