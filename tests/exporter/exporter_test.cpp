// The exporter's endpoints through Exporter::handle and over a real loopback HTTP connection,
// with an injected probe (the live tests in tests/exporter_live/ probe real servers).
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "exporter/exporter.h"
#include "exporter/options.h"
#include "io/tcp.h"

namespace tlskit::tools::exporter {
namespace {

HttpRequest get(const std::string& path, const std::string& query = "") {
  HttpRequest r;
  r.method = "GET";
  r.path = path;
  auto q = parse_query(query);
  if (q) r.query = *q;
  return r;
}

ExporterConfig config() {
  auto c = parse_config("modules:\n  fast:\n    insecure: true\n    timeout: 300ms\ntargets:\n"
                        "  - name: t1\n    address: 127.0.0.1:1\n    interval: 60s\n",
                        "test.yaml");
  EXPECT_TRUE(c) << c.error().detail;
  return *c;
}

ProbeOutcome fake_probe(const TargetSpec&) {
  ProbeOutcome o;
  o.success = false;
  o.cause = "connection_refused";
  o.explanation = "nothing <listens>";
  return o;
}

// Sends raw bytes to 127.0.0.1:port and returns the whole answer (bounded).
std::string exchange(uint16_t port, const std::string& request) {
  auto s = io::TcpStream::connect("127.0.0.1", port, 2000);
  if (!s) return "connect failed: " + s.error().detail;
  if (!request.empty() && !s->write_all(as_bytes(request), 2000)) return "write failed";
  std::string out;
  uint8_t buf[4096];
  for (int i = 0; i < 1000; ++i) {
    auto n = s->read(MutableByteView(buf, sizeof buf), 15000);
    if (!n || *n == 0) break;
    out.append(reinterpret_cast<char*>(buf), *n);
  }
  return out;
}

TEST(Exporter, Endpoints) {
  Exporter ex(config(), true, fake_probe);
  EXPECT_EQ(ex.handle(get("/healthz")).status, 200);
  auto missing = ex.handle(get("/probe"));
  EXPECT_EQ(missing.status, 400);
  EXPECT_NE(missing.body.find("/probe needs a target"), std::string::npos);
  auto badtarget = ex.handle(get("/probe", "target=nohost"));
  EXPECT_EQ(badtarget.status, 400);
  EXPECT_NE(badtarget.body.find("target 'nohost'"), std::string::npos);
  auto badmodule = ex.handle(get("/probe", "target=127.0.0.1:1&module=nope"));
  EXPECT_EQ(badmodule.status, 400);
  EXPECT_EQ(badmodule.body, "unknown module 'nope' (configured: fast)\n");
  EXPECT_EQ(ex.handle(get("/nothing")).status, 404);
  HttpRequest post = get("/metrics");
  post.method = "POST";
  auto p = ex.handle(post);
  EXPECT_EQ(p.status, 405);
  EXPECT_EQ(p.allow, "GET, HEAD");
}

TEST(Exporter, ServesOverHttpAndReportsProbeFailure) {
  Exporter ex(config(), true, fake_probe);
  ASSERT_TRUE(ex.start("127.0.0.1", 0, 4));
  ASSERT_NE(ex.port(), 0);
  // The background probe of t1 (injected) ends quickly; /metrics shows it.
  std::string metrics;
  for (int i = 0; i < 300; ++i) {
    metrics = exchange(ex.port(), "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
    if (metrics.find("probe_success{target=\"t1\"}") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(metrics.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << metrics;
  EXPECT_NE(metrics.find("Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"), std::string::npos);
  EXPECT_NE(metrics.find("\nprobe_success{target=\"t1\"} 0\n"), std::string::npos) << metrics;
  EXPECT_NE(metrics.find("\ntlskit_probe_failure_info{target=\"t1\",cause=\"connection_refused\"} 1\n"),
            std::string::npos);
  // /probe really probes (the module's 300 ms timeout): nothing listens on port 1.
  std::string probe = exchange(ex.port(), "GET /probe?target=127.0.0.1:1&module=fast HTTP/1.1\r\n\r\n");
  EXPECT_NE(probe.find("\nprobe_success 0\n"), std::string::npos) << probe;
  EXPECT_NE(probe.find("tlskit_probe_failure_info{cause=\"connection_refused\"} 1"), std::string::npos) << probe;
  // The status page escapes what it shows.
  std::string page = exchange(ex.port(), "GET / HTTP/1.0\r\n\r\n");
  EXPECT_NE(page.find("nothing &lt;listens&gt;"), std::string::npos) << page;
  // Garbage, a truncated request and a silent client: clear errors, the server keeps serving.
  EXPECT_EQ(exchange(ex.port(), std::string("\x16\x03\x01\x00\x05hello\r\n\r\n", 14)).rfind("HTTP/1.1 400 ", 0), 0u);
  EXPECT_EQ(exchange(ex.port(), "GET /metrics HTTP/1.1\r\nX: " + std::string(20000, 'a')).rfind("HTTP/1.1 431 ", 0), 0u);
  auto head = exchange(ex.port(), "HEAD /healthz HTTP/1.1\r\n\r\n");
  EXPECT_EQ(head, "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 3\r\n"
                  "Connection: close\r\n\r\n");
  EXPECT_NE(exchange(ex.port(), "GET /healthz HTTP/1.1\r\n\r\n").find("\r\n\r\nok\n"), std::string::npos);
  ex.stop();
}

TEST(Exporter, BoundsConcurrentConnections) {
  Exporter ex(config(), true, fake_probe);
  ASSERT_TRUE(ex.start("127.0.0.1", 0, 2));
  // Two clients that connect and say nothing hold both slots...
  auto a = io::TcpStream::connect("127.0.0.1", ex.port(), 2000);
  auto b = io::TcpStream::connect("127.0.0.1", ex.port(), 2000);
  ASSERT_TRUE(a && b);
  for (int i = 0; i < 400 && ex.http_active() < 2; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_EQ(ex.http_active(), 2);
  // ...so a third gets 503 at once.
  std::string third = exchange(ex.port(), "GET /healthz HTTP/1.1\r\n\r\n");
  EXPECT_EQ(third.rfind("HTTP/1.1 503 Service Unavailable\r\n", 0), 0u) << third;
  a->close();
  b->close();
  ex.stop();
}

TEST(Exporter, ReloadKeepsOldConfigOnError) {
  std::string path = ::testing::TempDir() + "/exporter_reload.yaml";
  auto write = [&](const std::string& text) {
    std::FILE* f = std::fopen(path.c_str(), "w");
    std::fputs(text.c_str(), f);
    std::fclose(f);
  };
  write("targets:\n  - name: one\n    address: 127.0.0.1:1\n");
  auto c = load_config(path);
  ASSERT_TRUE(c);
  Exporter ex(std::move(*c), true, fake_probe);
  write("targets:\n  - name: one\n    address: 127.0.0.1:1\n    intervall: 5s\n");
  auto bad = ex.reload();
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().detail, path + ":4:5: targets[0] ('one'): unknown key 'intervall' (did you mean 'interval'?)");
  auto m = ex.handle(get("/metrics"));
  EXPECT_NE(m.body.find("\ntlskit_exporter_config_last_reload_successful 0\n"), std::string::npos);
  EXPECT_NE(m.body.find("\ntlskit_exporter_targets 1\n"), std::string::npos);
  write("targets:\n  - name: one\n    address: 127.0.0.1:1\n  - name: two\n    address: 127.0.0.1:2\n");
  ASSERT_TRUE(ex.reload());
  m = ex.handle(get("/metrics"));
  EXPECT_NE(m.body.find("\ntlskit_exporter_config_last_reload_successful 1\n"), std::string::npos);
  EXPECT_NE(m.body.find("\ntlskit_exporter_targets 2\n"), std::string::npos);
  ex.stop();
  std::remove(path.c_str());
}

TEST(ExporterOptions, Flags) {
  ExporterOptions o;
  auto p = parse_exporter_args({"--config", "x.yaml", "--listen", "127.0.0.1:0"}, o);
  EXPECT_TRUE(p.run);
  EXPECT_EQ(o.listen_host, "127.0.0.1");
  EXPECT_EQ(o.listen_port, 0);
  ExporterOptions none;
  auto q = parse_exporter_args({}, none);
  EXPECT_FALSE(q.run);
  EXPECT_EQ(q.exit_code, 2);
  EXPECT_EQ(q.message, "tlskit exporter: --config FILE is required (try --help)");
  ExporterOptions named;
  auto r = parse_exporter_args({"--config", "x", "--listen", "localhost:9219"}, named);
  EXPECT_FALSE(r.run);
  EXPECT_NE(r.message.find("write a numeric ADDRESS:PORT"), std::string::npos);
  ExporterOptions all;
  EXPECT_TRUE(parse_exporter_args({"--config", "x", "--listen", ":9219"}, all).run);
  EXPECT_EQ(all.listen_host, "0.0.0.0");
}

}  // namespace
}  // namespace tlskit::tools::exporter
