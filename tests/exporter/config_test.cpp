// The exporter's configuration: a full valid file, and every kind of error with its
// FILE:LINE:COLUMN and what to change.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "exporter/config.h"

namespace tlskit::tools::exporter {
namespace {

const std::string kData = std::string(TLSKIT_SOURCE_DIR) + "/tests/tools/data/";

// Parses text and returns the error detail ("" when it loaded).
std::string error_of(const std::string& text) {
  auto c = parse_config(text, "x.yaml");
  return c ? "" : c.error().detail;
}

TEST(ExporterConfig, Durations) {
  EXPECT_EQ(parse_duration_ms("500ms"), 500);
  EXPECT_EQ(parse_duration_ms("30s"), 30000);
  EXPECT_EQ(parse_duration_ms("5m"), 300000);
  EXPECT_EQ(parse_duration_ms("1h"), 3600000);
  EXPECT_EQ(parse_duration_ms("1d"), 86400000);
  EXPECT_EQ(parse_duration_ms("1m30s"), 90000);
  for (const char* bad : {"", "5", "5x", "s", "-1s", "1.5s", "1 s", "99999999999999999999s"})
    EXPECT_EQ(parse_duration_ms(bad), std::nullopt) << bad;
}

TEST(ExporterConfig, LoadsAFullConfiguration) {
  std::string text =
      "global:\n"
      "  interval: 30s\n"
      "  timeout: 5s\n"
      "  concurrency: 8\n"
      "  jitter: 0.2\n"
      "modules:\n"
      "  internal:\n"
      "    ca_file: " + kData + "ca.pem\n"
      "    versions: [\"1.3\"]\n"
      "    groups: [X25519, P-256]\n"
      "    timeout: 3s\n"
      "targets:\n"
      "  - name: web\n"
      "    address: 127.0.0.1:8443\n"
      "    server_name: localhost\n"
      "    module: internal\n"
      "    interval: 10s\n"
      "  - name: mail\n"
      "    address: mail.example:25\n"
      "    starttls: smtp\n"
      "    insecure: true\n"
      "    client_cert: " + kData + "server.pem\n"
      "    client_key: " + kData + "server.key\n"
      "  - name: disk\n"
      "    file: /etc/ssl/*.pem\n";
  auto c = parse_config(text, "x.yaml");
  ASSERT_TRUE(c) << c.error().detail;
  EXPECT_EQ(c->interval_ms, 30000);
  EXPECT_EQ(c->timeout_ms, 5000);
  EXPECT_EQ(c->concurrency, 8);
  EXPECT_DOUBLE_EQ(c->jitter, 0.2);
  ASSERT_EQ(c->targets.size(), 3u);
  const TargetSpec& web = *c->targets[0];
  EXPECT_EQ(web.name, "web");
  EXPECT_EQ(web.interval_ms, 10000);
  EXPECT_EQ(web.timeout_ms, 3000);  // from the module
  EXPECT_EQ(web.setup.config->server_name, "localhost");
  EXPECT_EQ(web.setup.config->min_version, ProtocolVersion::tls1_3);
  EXPECT_TRUE(web.setup.config->verify_peer);
  EXPECT_EQ(web.setup.target.port, 8443);
  EXPECT_EQ(web.pos.line, 13);
  const TargetSpec& mail = *c->targets[1];
  EXPECT_EQ(mail.starttls, StartTls::smtp);
  EXPECT_EQ(mail.interval_ms, 30000);  // global
  EXPECT_FALSE(mail.setup.config->verify_peer);
  EXPECT_NE(mail.setup.config->client_certificate, nullptr);
  EXPECT_TRUE(c->targets[2]->is_file());
  ASSERT_EQ(c->modules.count("internal"), 1u);
  EXPECT_EQ(c->modules.at("internal")->timeout_ms, 3000);
}

TEST(ExporterConfig, ErrorsNameLineColumnAndTheFix) {
  struct Case {
    std::string text;
    std::string want;
  };
  const std::vector<Case> cases = {
      {"targets:\n  - name: a\n    adress: h:1\n", "x.yaml:3:5: targets[0] ('a'): unknown key 'adress' (did you mean 'address'?)"},
      {"targets:\n  - name: a\n    address: h:1\n    interval: 5x\n",
       "x.yaml:4:15: targets[0] ('a').interval: '5x' is not a duration; write e.g. 500ms, 30s, 5m or 1h"},
      {"targets:\n  - name: a\n    address: h:1\n    file: /x\n", "x.yaml:2:5: targets[0] ('a'): give exactly one of"},
      {"targets:\n  - name: a\n    address: h:1\n  - name: a\n    address: h:2\n",
       "x.yaml:4:11: targets[1] ('a'): the name 'a' is used by another target"},
      {"targets:\n  - name: a\n    address: h:1\n    module: nope\n", "x.yaml:4:13: targets[0] ('a').module: no module 'nope'"},
      {"targets:\n  - name: a\n    address: h:1\n    versions: [\"1.1\"]\n",
       "x.yaml:4:15: targets[0] ('a').versions: '1.1' is not a TLS version; write 1.2 or 1.3"},
      {"targets:\n  - name: a\n    address: h:1\n    groups: [X25519, nonsense]\n", "x.yaml:4:13: targets[0] ('a').groups: "},
      {"targets:\n  - name: a\n    address: h:1\n    ca_file: /nonexistent/ca.pem\n",
       "x.yaml:4:14: targets[0] ('a').ca_file: cannot read '/nonexistent/ca.pem'"},
      {"targets:\n  - name: a\n    address: h:1\n    client_cert: " + kData + "server.pem\n",
       "targets[0] ('a'): client_cert and client_key go together (got only client_cert)"},
      {"targets:\n  - name: a\n    address: nohost\n", "x.yaml:3:14: targets[0] ('a').address: "},
      {"targets:\n  - name: a\n    file: /x/*.pem\n    server_name: q\n",
       "x.yaml:4:18: targets[0] ('a').server_name: applies to 'address' targets only"},
      {"targets:\n  - name: a\n    address: h:1\n    insecure: maybe\n",
       "x.yaml:4:15: targets[0] ('a').insecure: 'maybe' is not a boolean; write true or false"},
      {"targets:\n  - name: a\n    address: h:1\n    starttls: smtps\n",
       "x.yaml:4:15: targets[0] ('a').starttls: 'smtps' is not supported"},
      {"targets:\n  - address: h:1\n", "x.yaml:2:5: targets[0]: needs a 'name'"},
      {"global:\n  concurrency: 0\ntargets: []\n", "x.yaml:2:16: global.concurrency: '0' must be a whole number from 1 to 256"},
      {"global:\n  interval: 1ms\ntargets: []\n", "x.yaml:2:13: global.interval: 1ms is out of range"},
      {"targetz: []\n", "x.yaml:1:1: top level: unknown key 'targetz' (did you mean 'targets'?)"},
      {"targets:\n  - name: a\n    address: h:1\n    address: h:2\n", "x.yaml:4:5: targets[0] ('a'): key 'address' given twice (first on line 3)"},
      {"targets: {a: 1}\n", "x.yaml:1:10: targets: expected a list"},
      {"- just\n- a list\n", "x.yaml:1:1: the file must be a mapping"},
      {"targets:\n  - name: [a\n", "x.yaml:3:1: not valid YAML: "},
      {"targets:\n  - name: a: b\n", "x.yaml:2:12: not valid YAML: "},
      {std::string(100, '[') + std::string(100, ']') + "\n", "x.yaml:1:33: nesting deeper than 32 levels"},
      {"", "x.yaml: the file is empty; nothing to do: add a 'targets:' list"},
      {"global:\n  interval: 30s\n", "x.yaml:1:1: nothing to do: add a 'targets:' list"},
      {"targets:\n  - name: a\n    address: h:1\n    timeout: 1h\n", "x.yaml:4:14: targets[0] ('a').timeout: 1h is out of range"},
  };
  for (const Case& c : cases) {
    std::string e = error_of(c.text);
    EXPECT_NE(e.find(c.want), std::string::npos) << "config:\n" << c.text << "\nerror: " << e << "\nwanted: " << c.want;
  }
}

TEST(ExporterConfig, FileErrors) {
  auto missing = load_config("/nonexistent/exporter.yaml");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().detail,
            "/nonexistent/exporter.yaml: cannot open the configuration file; check the path and its permissions");
  std::string path = ::testing::TempDir() + "/exporter_big.yaml";
  {
    std::ofstream f(path);
    f << "targets: []\n# " << std::string(kMaxConfigBytes, 'x') << "\n";
  }
  auto big = load_config(path);
  ASSERT_FALSE(big);
  EXPECT_NE(big.error().detail.find("larger than 1024 KiB"), std::string::npos);
  std::remove(path.c_str());
}

TEST(ExporterConfig, Retarget) {
  auto c = parse_config("modules:\n  m:\n    insecure: true\n", "x.yaml");
  ASSERT_TRUE(c) << c.error().detail;
  const ModuleSpec& m = *c->modules.at("m");
  ClientSetup s = retarget(m.base, io::HostPort{"example.org", 8443}, std::nullopt);
  EXPECT_EQ(s.config->server_name, "example.org");
  EXPECT_EQ(s.settings.server_name, "example.org");
  EXPECT_EQ(s.target.port, 8443);
  ClientSetup ip = retarget(m.base, io::HostPort{"127.0.0.1", 1}, std::nullopt);
  EXPECT_EQ(ip.settings.server_name, "");  // an IP literal is not sent as SNI
  ClientSetup named = retarget(m.base, io::HostPort{"127.0.0.1", 1}, std::string("localhost"));
  EXPECT_EQ(named.config->server_name, "localhost");
  EXPECT_NE(named.config.get(), m.base.config.get());  // the module's own Config is untouched
  EXPECT_EQ(m.base.config->server_name, "localhost");
}

}  // namespace
}  // namespace tlskit::tools::exporter
