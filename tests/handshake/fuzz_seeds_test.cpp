// Records the seeds of fuzz_client_conn / fuzz_server_conn (set TLSKIT_WRITE_FUZZ_SEEDS=1 to
// rewrite fuzz/corpus/{client,server}_conn/), and checks that every checked-in seed still
// drives its fuzz connection through a complete handshake, so the seeds stay meaningful.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "../../fuzz/fuzz_conn_common.h"
#include "harness.h"

namespace tlskit::test {
namespace {

namespace fs = std::filesystem;

const fs::path kCorpus = fs::path(TLSKIT_SOURCE_DIR) / "fuzz" / "corpus";

void move_all(Connection& from, Connection& to, Bytes& log) {
  Bytes b = take_output(from);
  log.insert(log.end(), b.begin(), b.end());
  EXPECT_TRUE(to.feed(b)) << (to.error() ? to.error()->to_string() : "");
}

// Runs a full exchange; returns what the server sent and what the client sent.
std::pair<Bytes, Bytes> record(std::shared_ptr<Config> cc, std::shared_ptr<Config> sc) {
  auto c = Connection::client(cc);
  auto s = Connection::server(sc);
  EXPECT_TRUE(c && s);
  Bytes from_server, from_client;
  for (int i = 0; i < 6; ++i) {
    move_all(**c, **s, from_client);
    move_all(**s, **c, from_server);
  }
  EXPECT_TRUE((*c)->handshake_complete());
  EXPECT_TRUE((*s)->handshake_complete());
  // Post-handshake traffic both ways: data, a KeyUpdate asking for one back, close_notify.
  EXPECT_TRUE((*s)->write(as_bytes("server data")));
  EXPECT_TRUE((*s)->key_update(true));
  EXPECT_TRUE((*c)->write(as_bytes("client data")));
  EXPECT_TRUE((*c)->key_update(true));
  for (int i = 0; i < 3; ++i) {
    move_all(**c, **s, from_client);
    move_all(**s, **c, from_server);
  }
  (*c)->close();
  (*s)->close();
  move_all(**c, **s, from_client);
  move_all(**s, **c, from_server);
  return {from_server, from_client};
}

void write_seed(const std::string& dir, const std::string& name, const Bytes& b) {
  fs::create_directories(kCorpus / dir);
  std::ofstream f(kCorpus / dir / name, std::ios::binary);
  f.write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

TEST(FuzzSeeds, RecordOrCheck) {
  const bool write = std::getenv("TLSKIT_WRITE_FUZZ_SEEDS") != nullptr;
  World w;
  if (write) {
    // Client seeds: flights of various servers to the fuzz client.
    {
      DeterministicRng rng(fuzzing::kClientSeed);
      auto sc = w.server_config({LeafKind::ecdsa_p256});
      sc->alpn = {"h2"};
      write_seed("client_conn", "ecdsa_p256_flight", record(fuzzing::fuzz_client_config(rng), sc).first);
    }
    {
      DeterministicRng rng(fuzzing::kClientSeed);
      auto sc = w.server_config({LeafKind::rsa2048});
      sc->groups = {NamedGroup::secp384r1};
      sc->client_auth = ClientAuth::request;
      write_seed("client_conn", "hrr_rsa_cert_request", record(fuzzing::fuzz_client_config(rng), sc).first);
    }
    // Server seeds: flights of clients to the fuzz server.
    {
      DeterministicRng rng(fuzzing::kServerSeed);
      auto cc = w.client_config("fuzz.tlskit.test");
      cc->verify_peer = false;
      cc->alpn = {"h2"};
      write_seed("server_conn", "client_flight", record(cc, fuzzing::fuzz_server_config(rng)).second);
    }
    {
      // A classical client (X25519 only): the server's X25519 path.
      DeterministicRng rng(fuzzing::kServerSeed);
      auto cc = w.client_config("fuzz.tlskit.test");
      cc->verify_peer = false;
      cc->groups = {NamedGroup::x25519, NamedGroup::secp256r1};
      write_seed("server_conn", "client_flight_x25519", record(cc, fuzzing::fuzz_server_config(rng)).second);
    }
    {
      DeterministicRng rng(fuzzing::kServerSeed);
      auto cc = w.client_config("fuzz.tlskit.test");
      cc->verify_peer = false;
      cc->groups = {NamedGroup::secp384r1, NamedGroup::x25519};
      cc->client_certificate = pki().client();
      write_seed("server_conn", "hrr_client_cert", record(cc, fuzzing::fuzz_server_config(rng)).second);
    }
  }
  // Every seed must carry its fuzz connection through the handshake.
  int checked = 0;
  for (const char* dir : {"client_conn", "server_conn"}) {
    if (!fs::exists(kCorpus / dir)) continue;
    for (const auto& entry : fs::directory_iterator(kCorpus / dir)) {
      if (!entry.is_regular_file()) continue;  // found/: the fuzzing campaign's inputs
      std::ifstream f(entry.path(), std::ios::binary);
      Bytes b((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
      const bool client = std::string(dir) == "client_conn";
      DeterministicRng rng(client ? fuzzing::kClientSeed : fuzzing::kServerSeed);
      auto conn = client ? Connection::client(fuzzing::fuzz_client_config(rng))
                         : Connection::server(fuzzing::fuzz_server_config(rng));
      ASSERT_TRUE(conn);
      auto r = (*conn)->feed(b);
      EXPECT_TRUE(r) << entry.path() << ": " << (r ? "" : r.error().to_string())
                     << " (regenerate the seeds with TLSKIT_WRITE_FUZZ_SEEDS=1)";
      EXPECT_TRUE((*conn)->handshake_complete()) << entry.path();
      EXPECT_TRUE((*conn)->peer_closed()) << entry.path();
      ++checked;
    }
  }
  EXPECT_GE(checked, 4);
}

}  // namespace
}  // namespace tlskit::test
