// Background probing: every target is probed on its interval (jittered), by a fixed pool of
// worker threads (global.concurrency), each probe bounded by its timeout. Keeps the last
// outcome of each target. A new configuration replaces the targets; targets kept by name keep
// their schedule and last outcome only if their settings did not change.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "exporter/config.h"
#include "exporter/metrics.h"
#include "exporter/probe.h"

namespace tlskit::tools::exporter {

// Runs one probe of a target (the real one by default; tests may inject another).
using ProbeFunction = std::function<ProbeOutcome(const TargetSpec&)>;

// The real probe: probe_files or probe_network with the target's settings and the system clock.
ProbeOutcome run_target_probe(const TargetSpec& t);

class Scheduler {
 public:
  // Called after each probe with the target and its outcome (for logging), on a worker thread.
  using Observer = std::function<void(const TargetSpec&, const ProbeOutcome&, const ProbeOutcome* previous)>;

  explicit Scheduler(ProbeFunction probe = run_target_probe, uint64_t seed = std::random_device{}());
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Installs the targets of config (the first call starts the workers). New targets are first
  // probed within min(interval, 1 s), spread at random so they do not all start together.
  void apply(const ExporterConfig& config);
  // Stops the workers after their running probe (each ends within its timeout).
  void stop();
  // Every configured target with its last outcome, in configuration order.
  std::vector<TargetResult> snapshot() const;
  // Background probes finished since start, by result.
  uint64_t successes() const;
  uint64_t failures() const;
  void set_observer(Observer o);

  // The next run after one that ended at now_us: interval +- jitter (a fraction), at random.
  static int64_t next_due(int64_t now_us, int64_t interval_ms, double jitter, std::mt19937_64& rng);

 private:
  struct Entry {
    std::shared_ptr<const TargetSpec> spec;
    std::shared_ptr<const ProbeOutcome> last;
    int64_t due_us = 0;
    bool running = false;
    uint64_t generation = 0;  // bumped when the target is replaced (a running probe's result is dropped)
  };
  void worker();

  ProbeFunction probe_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Entry> entries_;
  std::mt19937_64 rng_;
  double jitter_ = 0.1;
  int concurrency_ = 0;
  bool stopping_ = false;
  uint64_t successes_ = 0;
  uint64_t failures_ = 0;
  uint64_t generation_ = 0;
  Observer observer_;
  std::vector<std::thread> workers_;
};

// True when two target specs probe the same thing the same way (name, address or file, the TLS
// settings, interval and timeout).
bool same_target(const TargetSpec& a, const TargetSpec& b);

}  // namespace tlskit::tools::exporter
