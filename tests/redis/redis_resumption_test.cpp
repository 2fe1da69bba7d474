// A full TLS 1.3 resumption across two server instances that share ticket keys through a real
// redis-server, with the public API only: a client connects to instance A, keeps its session,
// and resumes it on instance B (in memory, no sockets); and 0-RTT early data recorded once and
// replayed to both instances, accepted once, with Redis stopped in the middle.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "../memory_pair.h"
#include "redis_server.h"
#include "tlskit/config.h"
#include "tlskit/connection.h"
#include "tlskit/redis.h"
#include "tlskit/resumption.h"

namespace tlskit::test {
namespace {

// A self-signed ECDSA P-256 certificate for "localhost", made with the openssl command.
std::optional<CertifiedKey> make_certificate(const std::string& dir, std::string& why) {
  std::string openssl = TLSKIT_OPENSSL_CLI;
  if (openssl.empty()) openssl = "openssl";
  const std::string cert = dir + "/cert.pem", key = dir + "/key.pem";
  const std::string cmd = openssl +
                          " req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2"
                          " -subj /CN=localhost -addext subjectAltName=DNS:localhost -keyout " +
                          key + " -out " + cert + " >/dev/null 2>&1";
  if (std::system(cmd.c_str()) != 0) {
    why = "the openssl command could not make a certificate";
    return std::nullopt;
  }
  auto ck = CertifiedKey::load_pem_files(cert, key);
  if (!ck) {
    why = ck.error().to_string();
    return std::nullopt;
  }
  return std::move(*ck);
}

using Pair = testing::MemoryPair;  // tests/memory_pair.h

// A TLS 1.3 client for "localhost" that does not check the chain (the tests are about
// resumption, not certificates).
std::shared_ptr<Config> client_config() {
  auto client = std::make_shared<Config>();
  client->min_version = ProtocolVersion::tls1_3;
  client->server_name = "localhost";
  client->verify_peer = false;
  return client;
}

// Both connections, handshake run.
Pair handshake(std::shared_ptr<const Config> client, std::shared_ptr<const Config> server) {
  Pair p = testing::make_memory_pair(std::move(client), std::move(server));
  p.pump();
  return p;
}

// A certificate for the server instances of one test (skips when openssl cannot make one).
std::shared_ptr<const CertifiedKey> test_certificate(std::string& why) {
  const std::string dir = (std::filesystem::temp_directory_path() /
                           ("tlskit-redis-cert-" + std::to_string(::getpid()))).string();
  std::filesystem::create_directories(dir);
  auto cert = make_certificate(dir, why);
  std::filesystem::remove_all(dir);
  if (!cert) return nullptr;
  return std::make_shared<const CertifiedKey>(std::move(*cert));
}

TEST(RedisResumption, ASessionFromInstanceAResumesOnInstanceB) {
  if (redis_server_binary().empty()) GTEST_SKIP() << "redis-server is not installed";
  RedisServer redis;
  ASSERT_TRUE(redis.start()) << redis.why();

  std::string why;
  auto certified = test_certificate(why);
  if (!certified) GTEST_SKIP() << why;

  // Two server instances: their own configs and key objects, one Redis.
  auto instance = [&]() {
    auto sc = std::make_shared<Config>();
    sc->min_version = ProtocolVersion::tls1_3;
    sc->certificates = {certified};
    auto keys = make_redis_ticket_keys(redis.settings());
    EXPECT_TRUE(keys.ok()) << keys.error().to_string();
    if (keys) sc->ticket_keys = *keys;
    return sc;
  };
  auto server_a = instance();
  auto server_b = instance();

  auto client = client_config();

  Pair first = handshake(client, server_a);
  ASSERT_TRUE(first.client && first.client->handshake_complete())
      << (first.server_error ? first.server_error->to_string()
                          : first.client_error ? first.client_error->to_string() : "no error");
  EXPECT_FALSE(first.server->info().resumed);
  auto session = first.client->session();
  ASSERT_TRUE(session.has_value());
  ASSERT_TRUE(session->has_ticket());

  auto resuming = std::make_shared<Config>(*client);
  resuming->resume_session = std::make_shared<const Session>(*session);
  Pair second = handshake(resuming, server_b);
  ASSERT_TRUE(second.client && second.client->handshake_complete())
      << (second.server_error ? second.server_error->to_string()
                           : second.client_error ? second.client_error->to_string() : "no error");
  EXPECT_TRUE(second.client->info().resumed);
  EXPECT_TRUE(second.server->info().resumed);

  // A server with keys of its own (not shared) cannot resume it: a full handshake.
  auto lone = std::make_shared<Config>(*server_b);
  auto local_keys = make_ticket_keys();
  ASSERT_TRUE(local_keys.ok());
  lone->ticket_keys = *local_keys;
  Pair third = handshake(resuming, lone);
  ASSERT_TRUE(third.client && third.client->handshake_complete());
  EXPECT_FALSE(third.server->info().resumed);
}

TEST(RedisResumption, ZeroRttReplayedToAnotherInstanceIsRefused) {
  if (redis_server_binary().empty()) GTEST_SKIP() << "redis-server is not installed";
  RedisServer redis;
  ASSERT_TRUE(redis.start()) << redis.why();
  std::string why;
  auto certified = test_certificate(why);
  if (!certified) GTEST_SKIP() << why;

  // Two instances sharing ticket keys and the replay store through Redis, 0-RTT on.
  std::string log;
  auto instance = [&]() {
    auto sc = std::make_shared<Config>();
    sc->min_version = ProtocolVersion::tls1_3;
    sc->certificates = {certified};
    sc->max_early_data_size = 16384;
    auto keys = make_redis_ticket_keys(redis.settings(&log));
    auto guard = make_redis_replay_guard(redis.settings(&log));
    EXPECT_TRUE(keys.ok() && guard.ok());
    if (keys) sc->ticket_keys = *keys;
    if (guard) sc->replay_guard = *guard;
    return sc;
  };
  auto server_a = instance();
  auto server_b = instance();
  auto client = client_config();

  // A session whose ticket allows 0-RTT, then a ClientHello with early data, recorded.
  auto session_from = [&](std::shared_ptr<const Config> server) {
    Pair p = handshake(client, server);
    EXPECT_TRUE(p.client && p.client->handshake_complete());
    auto s = p.client ? p.client->session() : std::nullopt;
    EXPECT_TRUE(s.has_value());
    return s;
  };
  const std::string request = "GET /once HTTP/1.1\r\nHost: localhost\r\n\r\n";
  auto record_flight = [&](const Session& s) {
    ConnectOptions o;
    o.resume_session = std::make_shared<const Session>(s);
    o.early_data = Bytes(request.begin(), request.end());
    auto c = Connection::client(client, o);
    EXPECT_TRUE(c.ok());
    if (!c) return Bytes();
    EXPECT_TRUE((*c)->info().early_data.offered);
    return Bytes((*c)->pending_output().begin(), (*c)->pending_output().end());
  };
  // Feeds the recorded flight to a fresh connection of server; returns the early data reason.
  auto replay_to = [&](std::shared_ptr<const Config> server, const Bytes& flight, size_t* delivered) {
    auto s = Connection::server(std::move(server));
    EXPECT_TRUE(s.ok());
    if (!s) return EarlyDataReason::none;
    EXPECT_TRUE((*s)->feed(flight).ok());
    *delivered += (*s)->readable();
    return (*s)->info().early_data.reason;
  };

  auto s1 = session_from(server_a);
  ASSERT_TRUE(s1.has_value());
  const Bytes flight = record_flight(*s1);
  size_t delivered = 0;
  EXPECT_EQ(replay_to(server_b, flight, &delivered), EarlyDataReason::none);  // accepted on B
  EXPECT_EQ(delivered, request.size());
  EXPECT_EQ(replay_to(server_a, flight, &delivered), EarlyDataReason::replay);  // A knows
  EXPECT_EQ(replay_to(server_b, flight, &delivered), EarlyDataReason::replay);  // so does B
  EXPECT_EQ(delivered, request.size());

  // Redis stops: a fresh ticket still resumes with the keys held, but 0-RTT fails closed.
  auto s2 = session_from(server_a);
  ASSERT_TRUE(s2.has_value());
  const Bytes flight2 = record_flight(*s2);
  redis.stop();
  EXPECT_EQ(replay_to(server_b, flight2, &delivered), EarlyDataReason::replay);
  EXPECT_EQ(delivered, request.size());  // nothing more delivered
  EXPECT_NE(log.find("fail closed"), std::string::npos) << log;
  auto resumed = std::make_shared<Config>(*client);
  resumed->resume_session = std::make_shared<const Session>(*s2);
  Pair p = handshake(resumed, server_b);
  ASSERT_TRUE(p.client && p.client->handshake_complete());
  EXPECT_TRUE(p.server->info().resumed);

  // Redis is back: the next fresh ticket carries 0-RTT again.
  ASSERT_TRUE(redis.start()) << redis.why();
  auto s3 = session_from(server_b);
  ASSERT_TRUE(s3.has_value());
  size_t before = delivered;
  EXPECT_EQ(replay_to(server_a, record_flight(*s3), &delivered), EarlyDataReason::none);
  EXPECT_EQ(delivered - before, request.size());
}

}  // namespace
}  // namespace tlskit::test
