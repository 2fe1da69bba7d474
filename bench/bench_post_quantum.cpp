// Post-quantum rows: our ML-KEM-768's cycles per operation (rdtsc), and tlskit's TLS 1.3
// handshake with X25519MLKEM768 against the same handshake with X25519 alone, interleaved in
// one run (pairs per CPU-second and the server's share). OpenSSL 3.0 has no ML-KEM, so the
// reference here is tlskit's own classical handshake (docs/post-quantum.md).
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "bench_common.h"
#include "crypto/mlkem/cpu.h"

namespace bench {

// bench_mlkem_cycles.cpp: median rdtsc cycles of keygen, encaps and decaps.
std::vector<std::pair<std::string, double>> mlkem768_median_cycles(int iterations);

namespace {

// The targets: encaps and decaps each at most this many cycles.
constexpr double kMaxKemCycles = 100000;
// The hybrid handshake's server share at most this many times the X25519-only one.
constexpr double kMaxHybridServerRatio = 1.35;

void kem_rows(std::vector<Row>& rows) {
  const std::string section = "ML-KEM-768 (src/crypto/mlkem), cycles per operation (rdtsc, median of 2000)";
  // The path the library uses on this CPU, then the portable one for comparison.
  const bool avx2 = tlskit::crypto::mlkem::use_avx2();
  std::vector<std::pair<std::string, double>> results;
  for (const auto& [op, cycles] : mlkem768_median_cycles(2000))
    results.emplace_back(op + (avx2 ? " (AVX2 Keccak, in use)" : " (portable, in use)"), cycles);
  if (avx2) {
    tlskit::crypto::mlkem::force_portable(true);
    for (const auto& [op, cycles] : mlkem768_median_cycles(2000)) results.emplace_back(op + " (portable)", cycles);
    tlskit::crypto::mlkem::force_portable(false);
  }
  for (const auto& [op, cycles] : results) {
    Row r;
    r.section = section;
    r.what = op;
    r.tlskit = cycles;
    r.left_title = "cycles";
    r.right_title = "";
    if (op.rfind("keygen", 0) != 0) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "<= %.0f", kMaxKemCycles);
      r.target = buf;
      r.verdict = cycles > 0 && cycles <= kMaxKemCycles;
    }
    rows.push_back(r);
  }
}

struct Measured {
  std::vector<double> pair_ns, server_ns;
  std::string why;  // set when the stack could not be measured
};

}  // namespace

void bench_post_quantum(const Options& o, std::vector<Row>& rows) {
  kem_rows(rows);

  Scenario hybrid{"TLS 1.3 full, ECDSA P-256 + X25519MLKEM768 + AES-128-GCM", CertType::ecdsa_p256,
                  Aead::aes128gcm};
  hybrid.hybrid = true;
  Scenario classic{"TLS 1.3 full, ECDSA P-256 + X25519 + AES-128-GCM", CertType::ecdsa_p256,
                   Aead::aes128gcm};
  std::unique_ptr<Stack> stacks[2] = {make_tlskit_stack(), make_tlskit_stack()};
  const Scenario* scenarios[2] = {&hybrid, &classic};
  Measured m[2];
  for (int i = 0; i < 2; ++i) {
    if (!stacks[i] || !stacks[i]->setup(o.pki, *scenarios[i])) {
      m[i].why = stacks[i] ? stacks[i]->error() : "no tlskit stack";
      stacks[i].reset();
      continue;
    }
    int64_t warm = 0;
    for (int w = 0; w < 3 && stacks[i]; ++w)
      if (!stacks[i]->handshake(&warm)) {
        m[i].why = stacks[i]->error();
        stacks[i].reset();
      }
  }
  for (int r = 0; r < o.rounds; ++r) {
    for (int k = 0; k < 2; ++k) {
      int i = (r % 2 == 0) ? k : 1 - k;  // alternate which goes first
      if (!stacks[i]) continue;
      int64_t server = 0;
      int64_t t0 = thread_cpu_ns();
      bool ok = true;
      for (int h = 0; h < o.handshakes && ok; ++h) ok = stacks[i]->handshake(&server);
      if (!ok) {
        m[i].why = stacks[i]->error();
        stacks[i].reset();
        continue;
      }
      m[i].pair_ns.push_back(static_cast<double>(thread_cpu_ns() - t0) / o.handshakes);
      m[i].server_ns.push_back(static_cast<double>(server) / o.handshakes);
    }
  }
  auto med_us = [](const std::vector<double>& v) { return v.empty() ? -1.0 : median(v) * 1e-3; };
  double h_pair = med_us(m[0].pair_ns), c_pair = med_us(m[1].pair_ns);
  double h_srv = med_us(m[0].server_ns), c_srv = med_us(m[1].server_ns);
  const std::string section = "Post-quantum: tlskit TLS 1.3 ECDSA P-256 + AES-128-GCM, X25519MLKEM768 vs X25519 alone";
  add_ratio_row(rows, section, "handshakes per CPU-second", h_pair > 0 ? 1e6 / h_pair : -1,
                c_pair > 0 ? 1e6 / c_pair : -1, 0);
  rows.back().left_title = "hybrid";
  rows.back().right_title = "X25519";
  add_ratio_row(rows, section, "CPU us per handshake (client + server)", h_pair, c_pair, 1);
  add_ratio_row(rows, section, "server's share, CPU us per handshake", h_srv, c_srv, 1, "<=",
                kMaxHybridServerRatio);
  for (int i = 0; i < 2; ++i)
    if (!m[i].why.empty())
      rows.back().note += std::string(i == 0 ? "  hybrid" : "  X25519") + " not measured: " + m[i].why + "\n";
}

}  // namespace bench
