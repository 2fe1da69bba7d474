// The background probe scheduler.
#include "exporter/scheduler.h"

#include <algorithm>

#include "base/clock.h"

namespace tlskit::tools::exporter {
namespace {

constexpr int64_t kFirstProbeSpreadMs = 1000;  // new targets start within this (or their interval)

int64_t now_us() { return SystemClock::instance().monotonic_micros(); }

bool same_tls(const TlsSettings& a, const TlsSettings& b) {
  return a.server_name == b.server_name && a.ca_file == b.ca_file && a.ca_path == b.ca_path &&
         a.insecure == b.insecure && a.client_cert == b.client_cert && a.client_key == b.client_key &&
         a.starttls == b.starttls && a.versions == b.versions && a.groups == b.groups &&
         a.ciphersuites == b.ciphersuites && a.ciphers == b.ciphers && a.alpn == b.alpn &&
         a.timeout_ms == b.timeout_ms && a.follow_up_probes == b.follow_up_probes;
}

}  // namespace

bool same_target(const TargetSpec& a, const TargetSpec& b) {
  return a.name == b.name && a.address == b.address && a.file == b.file && a.module == b.module &&
         a.interval_ms == b.interval_ms && a.timeout_ms == b.timeout_ms && same_tls(a.tls, b.tls);
}

ProbeOutcome run_target_probe(const TargetSpec& t) {
  const Clock& clock = SystemClock::instance();
  if (t.is_file()) return probe_files(t.file, clock);
  return probe_network(t.setup, t.starttls, t.timeout_ms, t.follow_up_probes, clock);
}

Scheduler::Scheduler(ProbeFunction probe, uint64_t seed) : probe_(std::move(probe)), rng_(seed) {}

Scheduler::~Scheduler() { stop(); }

int64_t Scheduler::next_due(int64_t now, int64_t interval_ms, double jitter, std::mt19937_64& rng) {
  double span = static_cast<double>(interval_ms) * 1000.0;
  std::uniform_real_distribution<double> u(-jitter, jitter);
  double next = span * (1.0 + u(rng));
  return now + std::max<int64_t>(1000, static_cast<int64_t>(next));
}

void Scheduler::apply(const ExporterConfig& config) {
  std::vector<std::thread> start;
  {
    std::lock_guard<std::mutex> lock(mu_);
    jitter_ = config.jitter;
    std::vector<Entry> next;
    next.reserve(config.targets.size());
    const int64_t now = now_us();
    for (const auto& spec : config.targets) {
      Entry e;
      e.spec = spec;
      auto old = std::find_if(entries_.begin(), entries_.end(),
                              [&](const Entry& x) { return x.spec->name == spec->name; });
      if (old != entries_.end() && same_target(*old->spec, *spec)) {
        e.last = old->last;
        e.due_us = old->due_us;
        e.running = old->running;
        e.generation = old->generation;
      } else {
        std::uniform_int_distribution<int64_t> spread(0, std::min(spec->interval_ms, kFirstProbeSpreadMs) * 1000);
        e.due_us = now + spread(rng_);
        e.generation = ++generation_;
        e.running = false;
      }
      next.push_back(std::move(e));
    }
    entries_ = std::move(next);
    // Workers: the pool grows to global.concurrency (it never shrinks: extra ones idle).
    for (; concurrency_ < config.concurrency; ++concurrency_) start.emplace_back([this] { worker(); });
    for (auto& t : start) workers_.push_back(std::move(t));
  }
  cv_.notify_all();
}

void Scheduler::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto& t : workers_)
    if (t.joinable()) t.join();
  workers_.clear();
}

std::vector<TargetResult> Scheduler::snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<TargetResult> out;
  out.reserve(entries_.size());
  for (const Entry& e : entries_) out.push_back({e.spec, e.last});
  return out;
}

uint64_t Scheduler::successes() const {
  std::lock_guard<std::mutex> lock(mu_);
  return successes_;
}

uint64_t Scheduler::failures() const {
  std::lock_guard<std::mutex> lock(mu_);
  return failures_;
}

void Scheduler::set_observer(Observer o) {
  std::lock_guard<std::mutex> lock(mu_);
  observer_ = std::move(o);
}

void Scheduler::worker() {
  std::unique_lock<std::mutex> lock(mu_);
  for (uint64_t round = 0; round < (uint64_t{1} << 62) && !stopping_; ++round) {
    // The due target that waited longest.
    Entry* pick = nullptr;
    int64_t earliest = INT64_MAX;
    const int64_t now = now_us();
    for (Entry& e : entries_) {
      if (e.running) continue;
      if (e.due_us <= now && (pick == nullptr || e.due_us < pick->due_us)) pick = &e;
      earliest = std::min(earliest, e.due_us);
    }
    if (pick == nullptr) {
      if (earliest == INT64_MAX) {
        cv_.wait_for(lock, std::chrono::seconds(1));
      } else {
        cv_.wait_for(lock, std::chrono::microseconds(std::max<int64_t>(1000, earliest - now)));
      }
      continue;
    }
    pick->running = true;
    std::shared_ptr<const TargetSpec> spec = pick->spec;
    std::shared_ptr<const ProbeOutcome> previous = pick->last;
    uint64_t generation = pick->generation;
    lock.unlock();
    auto outcome = std::make_shared<const ProbeOutcome>(probe_(*spec));
    lock.lock();
    if (outcome->success) ++successes_; else ++failures_;
    // The entry may have moved (a reload): find it again by generation.
    for (Entry& e : entries_) {
      if (e.generation != generation || e.spec->name != spec->name) continue;
      e.running = false;
      e.last = outcome;
      e.due_us = next_due(now_us(), spec->interval_ms, jitter_, rng_);
      break;
    }
    Observer obs = observer_;
    lock.unlock();
    if (obs) obs(*spec, *outcome, previous.get());
    lock.lock();
    cv_.notify_all();
  }
}

}  // namespace tlskit::tools::exporter
