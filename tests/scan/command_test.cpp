// Targets, flags, the parallel run, exit codes and the progress bar of `tlskit scan`.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "scan/scan_command.h"
#include "scan_facts_util.h"

namespace tlskit::tools::scan {
namespace {
using namespace testing;

TEST(ScanTargets, ParsesHostAndPort) {
  auto t = parse_target("example.com", 443);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->host, "example.com");
  EXPECT_EQ(t->port, 443);
  t = parse_target("127.0.0.1:8443", 443);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->port, 8443);
  t = parse_target("[::1]:9", 443);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->host, "::1");
  EXPECT_EQ(t->port, 9);
}

TEST(ScanTargets, RefusesBadTargetsClearly) {
  for (const char* bad : {"", "https://example.com/", "a b", "host:99999", "host:0", "host:x", ":443"}) {
    auto t = parse_target(bad, 443);
    EXPECT_FALSE(t) << bad;
    if (!t) {
      EXPECT_FALSE(t.error().detail.empty());
    }
  }
  EXPECT_FALSE(parse_target(std::string(2000, 'a'), 443));
}

TEST(ScanTargets, FileWithCommentsAndBlankLines) {
  auto v = parse_targets_text("# fleet\n\na.test\nb.test:8443  # staging\r\n  \n", "f.txt", 443);
  ASSERT_TRUE(v);
  ASSERT_EQ(v->size(), 2u);
  EXPECT_EQ((*v)[1].port, 8443);
  auto bad = parse_targets_text("a.test\nhttp://x\n", "f.txt", 443);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().detail.find("f.txt:2"), std::string::npos) << bad.error().detail;
  std::string many;
  for (size_t i = 0; i <= kMaxTargets; ++i) many += "h" + std::to_string(i) + ".test\n";
  EXPECT_FALSE(parse_targets_text(many, "f", 443));
  EXPECT_FALSE(read_targets_file("/nonexistent/targets.txt", 443));
}

TEST(ScanFlags, Parse) {
  ScanCommand c;
  ScanParse p = parse_scan_args({"a.test", "b.test:8443", "--json", "--parallel", "16", "--fail-on", "medium",
                                 "--starttls", "smtp", "--quick"},
                                c);
  ASSERT_TRUE(p.run) << p.message;
  EXPECT_EQ(c.targets.size(), 2u);
  EXPECT_TRUE(c.json);
  EXPECT_EQ(c.parallel, 16);
  EXPECT_EQ(c.fail_on, "medium");
  EXPECT_TRUE(c.quick);
  EXPECT_FALSE(c.servername_set);
}

TEST(ScanFlags, BadFlagsExitTwoWithAMessage) {
  const std::vector<std::vector<std::string>> cases = {
      {},
      {"a.test", "--parallel", "0"},
      {"a.test", "--parallel", "100000"},
      {"a.test", "--fail-on", "severe"},
      {"a.test", "--starttls", "gopher"},
      {"a.test", "--timeout", "5"},
      {"a.test", "--no-such-flag"},
  };
  for (const auto& args : cases) {
    ScanCommand c;
    ScanParse p = parse_scan_args(args, c);
    EXPECT_FALSE(p.run);
    EXPECT_EQ(p.exit_code, 2);
    EXPECT_NE(p.message.find("tlskit scan"), std::string::npos) << p.message;
  }
  ScanCommand c;
  ScanParse help = parse_scan_args({"--help"}, c);
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.message.find("--fail-on"), std::string::npos);
}

TEST(ScanExit, FailOnThreshold) {
  TargetReport good = finished(modern());
  TargetReport tls10 = modern();
  set_protocol(tls10, Protocol::tls1_0, {suite(0xc013, 256)});
  tls10 = finished(tls10);  // medium findings (tls1_0)
  EXPECT_EQ(scan_exit_code({good}, Severity::high), 0);
  EXPECT_EQ(scan_exit_code({good, tls10}, Severity::high), 0);
  EXPECT_EQ(scan_exit_code({good, tls10}, Severity::medium), kExitFindings);
  TargetReport broken;
  broken.error = TargetError{"connection_refused", "x"};
  EXPECT_EQ(scan_exit_code({good, broken}, Severity::high), kExitFindings);
  EXPECT_EQ(scan_exit_code({good, broken}, Severity::critical), 0);
}

TEST(ScanRun, ParallelKeepsOrderAndBound) {
  std::vector<ScanTarget> targets;
  for (int i = 0; i < 20; ++i) targets.push_back({"h" + std::to_string(i), "h" + std::to_string(i), 443});
  std::atomic<int> now{0}, peak{0};
  size_t last_done = 0;
  auto out = scan_all(
      targets, 4,
      [&](const ScanTarget& t) {
        int n = ++now;
        int p = peak.load();
        while (n > p && !peak.compare_exchange_weak(p, n)) {
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
        --now;
        TargetReport r;
        r.target = t.text;
        return r;
      },
      [&](size_t done, size_t total) {
        EXPECT_EQ(total, 20u);
        last_done = std::max(last_done, done);
      });
  ASSERT_EQ(out.size(), 20u);
  for (int i = 0; i < 20; ++i) EXPECT_EQ(out[i].target, "h" + std::to_string(i));
  EXPECT_LE(peak.load(), 4);
  EXPECT_GE(peak.load(), 2);
  EXPECT_EQ(last_done, 20u);
}

TEST(ScanProgress, Bar) {
  EXPECT_EQ(progress_bar(0, 4, 10), "[..........] 0/4 targets");
  EXPECT_EQ(progress_bar(2, 4, 10), "[#####.....] 2/4 targets");
  EXPECT_EQ(progress_bar(4, 4, 10), "[##########] 4/4 targets");
  EXPECT_EQ(progress_bar(0, 0, 10), "[..........] 0/0 targets");
}

}  // namespace
}  // namespace tlskit::tools::scan

namespace tlskit::tools::scan {
namespace {

TEST(ScanTargets, BinaryGarbageIsEscapedInTheError) {
  auto t = parse_target(std::string("ab\x01\xff") + std::string(200, 'x'), 443);
  ASSERT_FALSE(t);
  const std::string& d = t.error().detail;
  EXPECT_NE(d.find("\\x01"), std::string::npos) << d;
  EXPECT_NE(d.find("\\xff"), std::string::npos) << d;
  for (char c : d) EXPECT_TRUE(static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f);
  EXPECT_LT(d.size(), 200u);
}

}  // namespace
}  // namespace tlskit::tools::scan
