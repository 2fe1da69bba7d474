// The background scheduler with an injected probe: intervals, bounded concurrency, reloads.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>

#include "exporter/scheduler.h"

namespace tlskit::tools::exporter {
namespace {

ExporterConfig config_of(std::vector<std::pair<std::string, int64_t>> targets, int concurrency = 2) {
  ExporterConfig c;
  c.concurrency = concurrency;
  c.jitter = 0.1;
  for (auto& [name, interval] : targets) {
    auto t = std::make_shared<TargetSpec>();
    t->name = name;
    t->address = "127.0.0.1:1";
    t->interval_ms = interval;
    c.targets.push_back(t);
  }
  return c;
}

// Waits (bounded) until pred holds.
bool eventually(const std::function<bool()>& pred, int max_ms = 5000) {
  for (int i = 0; i < max_ms / 10; ++i) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return pred();
}

TEST(Scheduler, NextDueIsJittered) {
  std::mt19937_64 rng(1);
  int64_t lo = INT64_MAX, hi = 0;
  for (int i = 0; i < 1000; ++i) {
    int64_t d = Scheduler::next_due(0, 60000, 0.1, rng);
    lo = std::min(lo, d);
    hi = std::max(hi, d);
  }
  EXPECT_GE(lo, 54'000'000);
  EXPECT_LE(hi, 66'000'000);
  EXPECT_GT(hi - lo, 10'000'000);  // really spread, not constant
  EXPECT_EQ(Scheduler::next_due(5, 60000, 0.0, rng), 5 + 60'000'000);
}

TEST(Scheduler, ProbesOnIntervalWithBoundedConcurrency) {
  std::mutex mu;
  std::map<std::string, int> calls;
  std::atomic<int> running{0}, max_running{0};
  Scheduler s([&](const TargetSpec& t) {
    int now = ++running;
    int prev = max_running.load();
    while (now > prev && !max_running.compare_exchange_weak(prev, now)) {}
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    --running;
    std::lock_guard<std::mutex> lock(mu);
    ++calls[t.name];
    ProbeOutcome o;
    o.success = t.name != "bad";
    o.cause = o.success ? "none" : "connection_refused";
    return o;
  }, 42);
  s.apply(config_of({{"a", 50}, {"b", 50}, {"bad", 50}, {"d", 50}, {"e", 50}}, 2));
  ASSERT_TRUE(eventually([&] {
    std::lock_guard<std::mutex> lock(mu);
    return calls.size() == 5 && std::all_of(calls.begin(), calls.end(), [](auto& kv) { return kv.second >= 3; });
  }));
  s.stop();
  EXPECT_LE(max_running.load(), 2);
  EXPECT_GE(max_running.load(), 1);
  auto snap = s.snapshot();
  ASSERT_EQ(snap.size(), 5u);
  EXPECT_EQ(snap[0].spec->name, "a");  // configuration order
  for (const auto& r : snap) ASSERT_TRUE(r.outcome) << r.spec->name;
  EXPECT_FALSE(snap[2].outcome->success);
  EXPECT_GT(s.failures(), 0u);
  EXPECT_GT(s.successes(), s.failures());
}

TEST(Scheduler, ReloadKeepsUnchangedTargetsAndDropsRemoved) {
  std::atomic<int> probes{0};
  Scheduler s([&](const TargetSpec&) {
    ++probes;
    ProbeOutcome o;
    o.success = true;
    return o;
  }, 7);
  s.apply(config_of({{"keep", 60000}, {"gone", 60000}}));
  ASSERT_TRUE(eventually([&] {
    auto snap = s.snapshot();
    return snap.size() == 2 && snap[0].outcome && snap[1].outcome;
  }));
  auto before = s.snapshot()[0].outcome;
  int after_first = probes.load();
  EXPECT_EQ(after_first, 2);
  s.apply(config_of({{"keep", 60000}, {"added", 60000}}));
  ASSERT_TRUE(eventually([&] {
    auto snap = s.snapshot();
    return snap.size() == 2 && snap[1].outcome != nullptr;
  }));
  auto snap = s.snapshot();
  EXPECT_EQ(snap[0].spec->name, "keep");
  EXPECT_EQ(snap[0].outcome, before);  // unchanged: same outcome, not probed again
  EXPECT_EQ(snap[1].spec->name, "added");
  EXPECT_EQ(probes.load(), 3);
  // The same name with another interval is a new target: probed again.
  s.apply(config_of({{"keep", 30000}, {"added", 60000}}));
  ASSERT_TRUE(eventually([&] { return probes.load() == 4; }));
  s.stop();
}

}  // namespace
}  // namespace tlskit::tools::exporter
