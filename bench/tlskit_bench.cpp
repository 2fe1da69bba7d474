// tlskit_bench: tlskit and OpenSSL's libssl side by side in one process. Each stack runs a
// client and a server in this one thread over memory (no sockets); rounds are interleaved
// and results are medians of thread CPU time, printed as ratios tlskit/libssl with the
// targets of the performance rules (docs/testing.md, "Benchmarks").
//
// Usage: tlskit_bench --pki DIR [--rounds N] [--handshakes N] [--records N]
//                     [--connections N] [--only tlskit|libssl] [--tls12] [--quick]
//                     [--profile handshake|resumed|records --stack tlskit|libssl --seconds S]
// DIR is a PKI made by scripts/gen-pki.sh (`make bench` makes build-bench/pki).
#include <openssl/crypto.h>
#include <openssl/opensslv.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>

#include "alloc_counter.h"
#include "bench_common.h"

namespace bench {

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

void add_ratio_row(std::vector<Row>& rows, const std::string& section, const std::string& what,
                   double tlskit, double libssl, int decimals, const char* target_op,
                   double target) {
  Row r;
  r.section = section;
  r.what = what;
  r.tlskit = tlskit;
  r.libssl = libssl;
  r.decimals = decimals;
  if (tlskit > 0 && libssl > 0) r.ratio = tlskit / libssl;
  if (target_op != nullptr && *target_op != '\0') {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s %.2fx", target_op, target);
    r.target = buf;
    if (r.ratio > 0)
      r.verdict = std::strcmp(target_op, ">=") == 0 ? r.ratio >= target : r.ratio <= target;
  }
  rows.push_back(r);
}

namespace {

std::string num(double v, int decimals) {
  if (v < 0) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string cpu_model() {
  std::ifstream f("/proc/cpuinfo");
  std::string line;
  while (std::getline(f, line))
    if (line.rfind("model name", 0) == 0) {
      auto p = line.find(':');
      return p == std::string::npos ? line : line.substr(p + 2);
    }
  return "unknown CPU";
}

void print_rows(const std::vector<Row>& rows) {
  std::string section;
  for (const Row& r : rows) {
    if (r.section != section) {
      section = r.section;
      std::printf("\n%s\n", section.c_str());
      std::string ratio_title = r.right_title.empty() ? "" : r.left_title + "/" + r.right_title;
      std::printf("  %-44s %12s %12s %14s  %-16s %s\n", "", r.left_title.c_str(),
                  r.right_title.c_str(), ratio_title.c_str(), "target", "");
    }
    if (r.text) {
      std::printf("  %s\n", r.what.c_str());
    } else {
      std::string ratio = r.ratio > 0 ? num(r.ratio, 2) + "x" : "";
      const char* verdict = r.verdict == 1 ? "met" : r.verdict == 0 ? "MISSED" : "";
      std::printf("  %-44s %12s %12s %14s  %-16s %s\n", r.what.c_str(),
                  num(r.tlskit, r.decimals).c_str(), num(r.libssl, r.decimals).c_str(),
                  ratio.c_str(), r.target.c_str(), verdict);
    }
    if (!r.note.empty()) std::printf("%s", r.note.c_str());
  }
}

int usage(const char* msg) {
  if (msg != nullptr) std::fprintf(stderr, "tlskit_bench: %s\n", msg);
  std::fprintf(stderr,
               "usage: tlskit_bench --pki DIR [--rounds N] [--handshakes N] [--records N]\n"
               "                    [--connections N] [--only tlskit|libssl] [--tls12] [--quick]\n"
               "                    [--no-cert-compression]\n"
               "                    [--profile handshake|resumed|records --stack tlskit|libssl "
               "--seconds S]\n"
               "DIR: a PKI from scripts/gen-pki.sh. --profile loops one workload for perf/callgrind.\n");
  return 2;
}

// Loops one workload of one stack for a while (for `perf record` / callgrind): full
// handshakes, resumed TLS 1.3 handshakes, or records.
int profile(const Options& o, Stack& s, const std::string& what, double seconds) {
  Scenario sc{"profile", CertType::ecdsa_p256, Aead::aes128gcm};
  sc.cert_compression = o.cert_compression;
  sc.resume = what == "resumed";
  if (!s.setup(o.pki, sc)) {
    std::fprintf(stderr, "%s: %s\n", s.name(), s.error().c_str());
    return 1;
  }
  int64_t end = thread_cpu_ns() + static_cast<int64_t>(seconds * 1e9);
  long n = 0;
  if (what == "handshake" || what == "resumed") {
    int64_t server = 0;
    while (thread_cpu_ns() < end) {
      if (!s.handshake(&server)) {
        std::fprintf(stderr, "%s: %s\n", s.name(), s.error().c_str());
        return 1;
      }
      ++n;
    }
  } else if (what == "records") {
    auto e = s.establish(false);
    if (!e) return 1;
    std::vector<uint8_t> data(16384, 0x5a), out(16384);
    while (thread_cpu_ns() < end) {
      for (int i = 0; i < 100; ++i)
        if (!e->client_to_server(data.data(), data.size(), out.data())) return 1;
      n += 100;
    }
  } else {
    return usage("--profile takes handshake, resumed or records");
  }
  std::printf("%s %s: %ld iterations in %.1f CPU-seconds\n", s.name(), what.c_str(), n, seconds);
  return 0;
}

}  // namespace
}  // namespace bench

int main(int argc, char** argv) {
  using namespace bench;
  // Before anything allocates through OpenSSL.
  install_openssl_alloc_counter();

  Options o;
  std::string profile_what, profile_stack = "tlskit";
  double profile_seconds = 10;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto next = [&]() -> const char* { return i + 1 < argc ? argv[++i] : nullptr; };
    auto next_int = [&](int& out) {
      const char* v = next();
      if (v == nullptr || std::atoi(v) <= 0) return false;
      out = std::atoi(v);
      return true;
    };
    if (a == "--pki") {
      const char* v = next();
      if (v == nullptr) return usage("--pki needs a directory");
      o.pki.dir = v;
    } else if (a == "--rounds") {
      if (!next_int(o.rounds)) return usage("--rounds needs a positive number");
    } else if (a == "--handshakes") {
      if (!next_int(o.handshakes)) return usage("--handshakes needs a positive number");
    } else if (a == "--records") {
      if (!next_int(o.records)) return usage("--records needs a positive number");
    } else if (a == "--connections") {
      if (!next_int(o.connections)) return usage("--connections needs a positive number");
    } else if (a == "--only") {
      const char* v = next();
      if (v == nullptr) return usage("--only takes tlskit or libssl");
      o.want_tlskit = std::strcmp(v, "tlskit") == 0;
      o.want_libssl = std::strcmp(v, "libssl") == 0;
      if (!o.want_tlskit && !o.want_libssl) return usage("--only takes tlskit or libssl");
    } else if (a == "--tls12") {
      o.tls12 = true;
    } else if (a == "--no-cert-compression") {
      o.cert_compression = false;
    } else if (a == "--quick") {
      o.rounds = 5;
      o.handshakes = 10;
      o.records = 100;
      o.connections = 50;
    } else if (a == "--profile") {
      const char* v = next();
      if (v == nullptr) return usage("--profile takes handshake, resumed or records");
      profile_what = v;
    } else if (a == "--stack") {
      const char* v = next();
      if (v == nullptr) return usage("--stack takes tlskit or libssl");
      profile_stack = v;
    } else if (a == "--seconds") {
      const char* v = next();
      if (v == nullptr || std::atof(v) <= 0) return usage("--seconds needs a positive number");
      profile_seconds = std::atof(v);
    } else if (a == "-h" || a == "--help") {
      usage(nullptr);
      return 0;
    } else {
      return usage(("unknown argument " + a).c_str());
    }
  }
  if (o.pki.dir.empty()) return usage("--pki DIR is required (scripts/gen-pki.sh DIR makes one)");

  std::unique_ptr<Stack> tlskit = o.want_tlskit ? make_tlskit_stack() : nullptr;
  std::unique_ptr<Stack> libssl = o.want_libssl ? make_libssl_stack() : nullptr;

  if (!profile_what.empty()) {
    Stack* s = profile_stack == "libssl" ? libssl.get() : tlskit.get();
    if (s == nullptr)
      return usage(profile_stack == "tlskit" ? tlskit_stack_unavailable_reason()
                                             : "--stack takes tlskit or libssl");
    return profile(o, *s, profile_what, profile_seconds);
  }

  std::printf("tlskit_bench: tlskit vs %s, %s\n", OpenSSL_version(OPENSSL_VERSION),
              cpu_model().c_str());
  std::printf("one thread runs client and server over memory; CPU time of that thread; median "
              "of %d interleaved rounds (%d handshakes, %d records each)\n",
              o.rounds, o.handshakes, o.records);
  if (o.want_tlskit && !tlskit)
    std::printf("note: %s\n", tlskit_stack_unavailable_reason());

  std::vector<Row> rows;
  bench_handshakes(o, tlskit.get(), libssl.get(), rows);
  bench_records(o, tlskit.get(), libssl.get(), rows);
  bench_memory(o, tlskit.get(), libssl.get(), rows);
  if (tlskit) bench_post_quantum(o, rows);
  bench_io_floor(o, rows);
  print_rows(rows);

  int missed = 0, met = 0;
  for (const Row& r : rows) {
    if (r.verdict == 0) ++missed;
    if (r.verdict == 1) ++met;
  }
  std::printf("\ntargets: %d met, %d missed%s\n", met, missed,
              tlskit ? "" : " (tlskit not measured)");
  return 0;
}
