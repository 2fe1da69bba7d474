// Live tests of tools/probe/prober against `openssl s_server` on a free 127.0.0.1 port (started
// here, stopped by its PID; every wait bounded): versions and suites of a real server, the
// server's order, the figures (connections and time) of a full suite enumeration, retries,
// and the connection cap. Skipped when the openssl command is missing.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <set>
#include <thread>

#include "crypto/provider.h"
#include "io/tcp.h"
#include "probe/enumerate.h"
#include "probe/prober.h"

namespace tlskit::probe {
namespace {

constexpr int kReadyTimeoutMs = 10000;

bool have_openssl() { return std::system("openssl version >/dev/null 2>&1") == 0; }

uint16_t free_port() {
  auto l = io::TcpListener::listen("127.0.0.1", 0);
  return l ? l->port() : 0;
}

// An openssl s_server on 127.0.0.1:port with a fresh key and certificate of its own.
class SServer {
 public:
  SServer(const std::string& dir, std::vector<std::string> args) {
    port_ = free_port();
    std::string key = dir + "/k.pem", cert = dir + "/c.pem";
    std::string gen = "openssl req -x509 -newkey rsa:2048 -nodes -keyout " + key + " -out " + cert +
                      " -subj /CN=localhost -days 2 >/dev/null 2>&1";
    if (std::system(gen.c_str()) != 0) return;
    std::vector<std::string> argv = {"openssl", "s_server", "-accept", "127.0.0.1:" + std::to_string(port_),
                                     "-cert", cert, "-key", key, "-www", "-quiet"};
    argv.insert(argv.end(), args.begin(), args.end());
    pid_ = fork();
    if (pid_ == 0) {
      std::vector<char*> a;
      for (auto& s : argv) a.push_back(s.data());
      a.push_back(nullptr);
      FILE* devnull = std::fopen("/dev/null", "w");
      if (devnull) {
        dup2(fileno(devnull), 1);
        dup2(fileno(devnull), 2);
      }
      execvp("openssl", a.data());
      _exit(127);
    }
    // Ready once it accepts a connection (bounded).
    for (int waited = 0; waited < kReadyTimeoutMs; waited += 50) {
      if (io::TcpStream::connect("127.0.0.1", port_, 200)) {
        ready_ = true;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
  ~SServer() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status = 0;
      for (int i = 0; i < 100 && waitpid(pid_, &status, WNOHANG) == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, WNOHANG);
    }
  }
  bool ready() const { return ready_; }
  uint16_t port() const { return port_; }

 private:
  pid_t pid_ = -1;
  uint16_t port_ = 0;
  bool ready_ = false;
};

std::string temp_dir() {
  char tmpl[] = "/tmp/tlskit-probe-XXXXXX";
  char* d = mkdtemp(tmpl);
  return d ? d : "/tmp";
}

TEST(ProberLive, EnumeratesOpensslSuitesAndOrder) {
  if (!have_openssl()) GTEST_SKIP() << "openssl not installed";
  std::string dir = temp_dir();
  // Server order, TLS 1.2 with five suites (two key exchanges, GCM and CBC), TLS 1.3 with two.
  SServer s(dir, {"-min_protocol", "TLSv1.2", "-serverpref",
                  "-cipher", "ECDHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA:AES128-GCM-SHA256:AES256-SHA",
                  "-ciphersuites", "TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256"});
  ASSERT_TRUE(s.ready());
  ProberOptions o;
  o.min_interval_ms = 0;
  Prober prober(tcp_dialer("127.0.0.1", s.port(), 3000), o, crypto::default_provider().system_rng(),
                SystemClock::instance());
  auto t0 = std::chrono::steady_clock::now();
  ProtocolSupport p = probe_protocols(prober.runner(), "localhost", probe_versions(), true);
  EXPECT_EQ(p.supported(), (std::vector<ProtocolVersion>{ProtocolVersion::tls1_2, ProtocolVersion::tls1_3}));
  EXPECT_FALSE(p.sslv2);
  auto lists = enumerate_suites(prober.runner(), "localhost", p.supported());
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_EQ(lists.size(), 2u);
  std::vector<CipherSuite> got12;
  for (const auto& a : lists[0].suites) got12.push_back(a.suite);
  std::vector<CipherSuite> want12 = {static_cast<CipherSuite>(0xC030), static_cast<CipherSuite>(0x009E),
                                     static_cast<CipherSuite>(0xC013), static_cast<CipherSuite>(0x009C),
                                     static_cast<CipherSuite>(0x0035)};
  EXPECT_EQ(got12, want12);  // in the server's order
  EXPECT_EQ(lists[0].server_order, true);
  ASSERT_EQ(lists[1].suites.size(), 2u);
  EXPECT_EQ(lists[1].suites[0].suite, CipherSuite::TLS_CHACHA20_POLY1305_SHA256);
  EXPECT_EQ(lists[1].server_order, true);
  // The DHE suite's parameters came from its ServerKeyExchange.
  ASSERT_TRUE(lists[0].suites[1].key_exchange);
  EXPECT_GE(lists[0].suites[1].key_exchange->dh_bits, 2048u);
  ProberStats st = prober.stats();
  std::printf("[figures] versions + suites of a loopback openssl s_server: %zu probes, %zu connections, "
              "%zu retries, %lld ms (4 at once)\n",
              st.probes, st.connections, st.retries, static_cast<long long>(ms));
  GroupList g = enumerate_groups(prober.runner(), "localhost", ProtocolVersion::tls1_3, {});
  EXPECT_FALSE(g.groups.empty());
  EXPECT_TRUE(std::find(g.groups.begin(), g.groups.end(), NamedGroup::x25519) != g.groups.end());
  SchemeList sig = enumerate_signature_schemes(prober.runner(), "localhost", ProtocolVersion::tls1_2,
                                               {static_cast<CipherSuite>(0xC030)});
  EXPECT_FALSE(sig.schemes.empty());
  std::system(("rm -rf " + dir).c_str());
}

TEST(ProberLive, ClosedPortAndConnectionCap) {
  uint16_t port = free_port();  // nothing listens there
  ProberOptions o;
  o.retries = 1;
  o.max_connections = 3;
  o.min_interval_ms = 0;
  Prober prober(tcp_dialer("127.0.0.1", port, 1000), o, crypto::default_provider().system_rng(),
                SystemClock::instance());
  std::vector<ProbeRequest> batch(3);
  for (auto& r : batch) r.hello = full_offer(ProtocolVersion::tls1_2, "");
  auto out = prober.run(batch);
  ASSERT_EQ(out.size(), 3u);
  size_t refused = 0, capped = 0;
  for (const auto& o2 : out) {
    ASSERT_TRUE(o2.error);
    if (o2.error->code == ErrorCode::connection_refused) ++refused;
    if (o2.error->code == ErrorCode::limit_exceeded) ++capped;
    EXPECT_FALSE(o2.accepted());
  }
  EXPECT_EQ(refused + capped, 3u);
  EXPECT_LE(prober.stats().connections, 3u);
  // A request that cannot be built fails with a config error, without a connection.
  std::vector<ProbeRequest> bad(1);
  auto b = prober.run(bad);
  ASSERT_TRUE(b[0].error);
  EXPECT_EQ(b[0].error->party, Party::config);
}

}  // namespace
}  // namespace tlskit::probe
