// Handshake throughput (full handshakes per CPU-second of the one thread running both sides),
// the server's share (CPU time inside server-side calls), and the crypto floor: the libcrypto
// operations a TLS 1.3 handshake cannot avoid, timed alone.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>

#include "bench_common.h"

namespace bench {
namespace {

// The handshake scenarios, in print order. The TLS 1.2 rows run with --tls12 (they become
// regular rows when tlskit has TLS 1.2: the TLS 1.2 issue).
const Scenario kScenarios[] = {
    {"TLS 1.3 full, ECDSA P-256 + X25519 + AES-128-GCM", CertType::ecdsa_p256, Aead::aes128gcm},
    {"TLS 1.3 full, RSA-2048 + X25519 + AES-128-GCM", CertType::rsa2048, Aead::aes128gcm},
    {"TLS 1.3 resumed (psk_dhe_ke), ECDSA P-256 + X25519 + AES-128-GCM", CertType::ecdsa_p256,
     Aead::aes128gcm, /*tls12=*/false, /*resume=*/true},
    {"TLS 1.2 full, ECDHE-ECDSA P-256 + X25519 + AES-128-GCM", CertType::ecdsa_p256,
     Aead::aes128gcm, /*tls12=*/true},
    {"TLS 1.2 full, ECDHE-RSA-2048 + X25519 + AES-128-GCM", CertType::rsa2048, Aead::aes128gcm,
     /*tls12=*/true},
    {"TLS 1.2 resumed, ECDHE-ECDSA P-256 + AES-128-GCM", CertType::ecdsa_p256, Aead::aes128gcm,
     /*tls12=*/true, /*resume=*/true},
};

// The handshakes-per-CPU-second target (tlskit / libssl) of a scenario; 0 = informational.
double handshake_target(const Scenario& sc) {
  if (sc.tls12) return 0;
  return sc.resume ? 2.0 : 1.5;
}

// Per-handshake CPU nanoseconds (whole pair, and server calls only) for one round.
struct RoundResult {
  double pair_ns = 0;
  double server_ns = 0;
  bool ok = false;
};

RoundResult run_round(Stack& s, int n) {
  RoundResult r;
  int64_t server = 0;
  int64_t t0 = thread_cpu_ns();
  for (int i = 0; i < n; ++i) {
    if (!s.handshake(&server)) {
      std::fprintf(stderr, "%s: handshake failed: %s\n", s.name(), s.error().c_str());
      return r;
    }
  }
  int64_t t = thread_cpu_ns() - t0;
  r.pair_ns = static_cast<double>(t) / n;
  r.server_ns = static_cast<double>(server) / n;
  r.ok = true;
  return r;
}

// Times fn (one operation) in rounds of n and returns the median microseconds per call.
double time_op_us(int rounds, int n, const std::function<bool()>& fn) {
  std::vector<double> per;
  for (int r = 0; r < rounds; ++r) {
    int64_t t0 = thread_cpu_ns();
    for (int i = 0; i < n; ++i)
      if (!fn()) return -1;
    per.push_back(static_cast<double>(thread_cpu_ns() - t0) / n / 1000.0);
  }
  return median(per);
}

EVP_PKEY* read_key(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "r");
  if (f == nullptr) return nullptr;
  EVP_PKEY* k = PEM_read_PrivateKey(f, nullptr, nullptr, nullptr);
  std::fclose(f);
  return k;
}

X509* read_cert(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "r");
  if (f == nullptr) return nullptr;
  X509* c = PEM_read_X509(f, nullptr, nullptr, nullptr);
  std::fclose(f);
  return c;
}

EVP_PKEY* x25519_keygen() {
  EVP_PKEY* k = nullptr;
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_X25519, nullptr);
  if (ctx != nullptr && EVP_PKEY_keygen_init(ctx) == 1) EVP_PKEY_keygen(ctx, &k);
  EVP_PKEY_CTX_free(ctx);
  return k;
}

bool x25519_derive(EVP_PKEY* mine, EVP_PKEY* peer) {
  unsigned char out[32];
  size_t len = sizeof out;
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(mine, nullptr);
  bool ok = ctx != nullptr && EVP_PKEY_derive_init(ctx) == 1 &&
            EVP_PKEY_derive_set_peer(ctx, peer) == 1 && EVP_PKEY_derive(ctx, out, &len) == 1;
  EVP_PKEY_CTX_free(ctx);
  return ok;
}

// Sets RSA-PSS (salt = digest length) on a DigestSign/Verify context of an RSA key.
bool maybe_pss(EVP_PKEY* key, EVP_PKEY_CTX* pctx) {
  if (EVP_PKEY_get_base_id(key) != EVP_PKEY_RSA) return true;
  return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) == 1 &&
         EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) == 1;
}

// The crypto floor of one resumed TLS 1.3 handshake pair (psk_dhe_ke: no certificates), in
// microseconds: 2 X25519 key generations and 2 derivations; server_us gets one of each.
double resumed_floor_us(int rounds, double* server_us) {
  EVP_PKEY* a = x25519_keygen();
  EVP_PKEY* b = x25519_keygen();
  double total = -1;
  if (a && b) {
    const int n = 60;
    double keygen = time_op_us(rounds, n, [&]() {
      EVP_PKEY* k = x25519_keygen();
      EVP_PKEY_free(k);
      return k != nullptr;
    });
    double derive = time_op_us(rounds, n, [&]() { return x25519_derive(a, b); });
    if (keygen > 0 && derive > 0) {
      total = 2 * keygen + 2 * derive;
      *server_us = keygen + derive;
    }
  }
  EVP_PKEY_free(a);
  EVP_PKEY_free(b);
  return total;
}

}  // namespace

double crypto_floor_us(const Pki& pki, CertType cert, int rounds, double* server_us) {
  EVP_PKEY* key = read_key(pki.server_key(cert));
  X509* leaf = read_cert(pki.type_dir(cert) + "/server.pem");
  X509* inter = read_cert(pki.type_dir(cert) + "/int.pem");
  X509* root = read_cert(pki.root(cert));
  EVP_PKEY* a = x25519_keygen();
  EVP_PKEY* b = x25519_keygen();
  double total = -1;
  if (key && leaf && inter && root && a && b) {
    // The TLS 1.3 CertificateVerify input: 64 spaces, the context string, 0, a SHA-256 hash.
    unsigned char msg[130];
    std::fill(msg, msg + 64, 0x20);
    std::memcpy(msg + 64, "TLS 1.3, server CertificateVerify", 33);
    msg[97] = 0;
    std::fill(msg + 98, msg + 130, 0xA5);
    unsigned char sig[512];
    size_t sig_len = sizeof sig;
    const int n = cert == CertType::rsa2048 ? 20 : 60;
    EVP_PKEY* leaf_pub = X509_get0_pubkey(leaf);

    auto sign = [&]() {
      EVP_MD_CTX* md = EVP_MD_CTX_new();
      EVP_PKEY_CTX* pctx = nullptr;
      sig_len = sizeof sig;
      bool ok = EVP_DigestSignInit(md, &pctx, EVP_sha256(), nullptr, key) == 1 &&
                maybe_pss(key, pctx) && EVP_DigestSign(md, sig, &sig_len, msg, sizeof msg) == 1;
      EVP_MD_CTX_free(md);
      return ok;
    };
    auto verify_cv = [&]() {
      EVP_MD_CTX* md = EVP_MD_CTX_new();
      EVP_PKEY_CTX* pctx = nullptr;
      bool ok = EVP_DigestVerifyInit(md, &pctx, EVP_sha256(), nullptr, leaf_pub) == 1 &&
                maybe_pss(leaf_pub, pctx) &&
                EVP_DigestVerify(md, sig, sig_len, msg, sizeof msg) == 1;
      EVP_MD_CTX_free(md);
      return ok;
    };
    double keygen = time_op_us(rounds, n, [&]() {
      EVP_PKEY* k = x25519_keygen();
      EVP_PKEY_free(k);
      return k != nullptr;
    });
    double derive = time_op_us(rounds, n, [&]() { return x25519_derive(a, b); });
    double sign_us = time_op_us(rounds, n, sign);
    double verify_us = sign() ? time_op_us(rounds, n, verify_cv) : -1;
    // The client checks two certificate signatures: the leaf's (by the intermediate) and the
    // intermediate's (by the root).
    double chain_us = time_op_us(rounds, n, [&]() {
      return X509_verify(leaf, X509_get0_pubkey(inter)) == 1 &&
             X509_verify(inter, X509_get0_pubkey(root)) == 1;
    });
    if (keygen > 0 && derive > 0 && sign_us > 0 && verify_us > 0 && chain_us > 0) {
      total = 2 * keygen + 2 * derive + sign_us + verify_us + chain_us;
      *server_us = keygen + derive + sign_us;
    }
  }
  EVP_PKEY_free(a);
  EVP_PKEY_free(b);
  EVP_PKEY_free(key);
  X509_free(leaf);
  X509_free(inter);
  X509_free(root);
  return total;
}

void bench_handshakes(const Options& o, Stack* tlskit, Stack* libssl, std::vector<Row>& rows) {
  for (Scenario sc : kScenarios) {
    if (sc.tls12 && !o.tls12) continue;
    sc.cert_compression = o.cert_compression;
    std::string section = std::string("Handshakes: ") + sc.label;
    Stack* stacks[2] = {tlskit, libssl};
    std::string why[2];
    for (int i = 0; i < 2; ++i) {
      if (stacks[i] == nullptr) continue;
      // First, the client must refuse a chain it does not trust (or nothing below is a
      // verified handshake).
      Scenario wrong = sc;
      wrong.wrong_root = true;
      int64_t unused = 0;
      if (stacks[i]->setup(o.pki, wrong) && stacks[i]->handshake(&unused)) {
        why[i] = "its client accepted a server chain from an untrusted root; not measured";
        stacks[i] = nullptr;
        continue;
      }
      if (!stacks[i]->setup(o.pki, sc)) {
        why[i] = stacks[i]->error();
        stacks[i] = nullptr;
        continue;
      }
      // Warm-up (caches, lazy initialization): not measured.
      int64_t ignored = 0;
      for (int w = 0; w < 3 && stacks[i] != nullptr; ++w)
        if (!stacks[i]->handshake(&ignored)) {
          why[i] = stacks[i]->error();
          stacks[i] = nullptr;
        }
    }
    std::vector<double> pair[2], server[2];
    for (int r = 0; r < o.rounds; ++r) {
      // Interleaved, alternating which stack goes first.
      for (int k = 0; k < 2; ++k) {
        int i = (r % 2 == 0) ? k : 1 - k;
        if (stacks[i] == nullptr) continue;
        RoundResult rr = run_round(*stacks[i], o.handshakes);
        if (!rr.ok) {
          why[i] = stacks[i]->error();
          stacks[i] = nullptr;
          continue;
        }
        pair[i].push_back(rr.pair_ns);
        server[i].push_back(rr.server_ns);
      }
    }
    auto med_or = [](const std::vector<double>& v, double scale) {
      return v.empty() ? -1.0 : median(v) * scale;
    };
    double t_pair = med_or(pair[0], 1e-3), l_pair = med_or(pair[1], 1e-3);  // us
    double t_srv = med_or(server[0], 1e-3), l_srv = med_or(server[1], 1e-3);
    // The server's share has a target in full TLS 1.3 handshakes only.
    bool targets = !sc.tls12 && !sc.resume;
    double rate_target = handshake_target(sc);
    add_ratio_row(rows, section, "handshakes per CPU-second",
                  t_pair > 0 ? 1e6 / t_pair : -1, l_pair > 0 ? 1e6 / l_pair : -1, 0,
                  rate_target > 0 ? ">=" : "", rate_target);
    add_ratio_row(rows, section, "CPU us per handshake (client + server)", t_pair, l_pair, 1);
    add_ratio_row(rows, section, "server's share, CPU us per handshake", t_srv, l_srv, 1,
                  targets ? "<=" : "", 0.6);
    if (sc.resume && !sc.tls12)
      rows.back().note += "  every handshake resumes one saved ticket (psk_dhe_ke: a fresh X25519 "
                          "exchange, no certificates); both servers send " +
                          std::to_string(kResumeTickets) +
                          " new ticket(s) per handshake and the client reads them\n";
    if (!sc.tls12 && !sc.resume)
      rows.back().note += sc.cert_compression
                              ? "  tlskit compresses the certificate (RFC 8879, on by default; "
                                "libssl 3.0 has none): --no-cert-compression for like with like\n"
                              : "  tlskit without certificate compression (--no-cert-compression)\n";
    for (int i = 0; i < 2; ++i)
      if (!why[i].empty())
        rows.back().note += std::string(i == 0 ? "  tlskit" : "  libssl") + " not measured: " +
                            why[i] + "\n";
    if (!sc.tls12) {
      double floor_server = 0;
      double floor = sc.resume ? resumed_floor_us(o.rounds, &floor_server)
                               : crypto_floor_us(o.pki, sc.cert, o.rounds, &floor_server);
      if (floor > 0) {
        Row f;
        f.section = section;
        char buf[300];
        std::snprintf(buf, sizeof buf, "crypto floor: %.1f us per pair, %.1f us server", floor,
                      floor_server);
        f.what = buf;
        auto x = [](double v, double ref) {
          if (v <= 0) return std::string("-");
          char b[32];
          std::snprintf(b, sizeof b, "%.2fx", v / ref);
          return std::string(b);
        };
        f.note = sc.resume ? "  (2 X25519 keygen + 2 X25519 derive, libcrypto EVP alone)\n"
                           : "  (2 X25519 keygen + 2 X25519 derive + 1 CertificateVerify sign "
                             "and verify + 2 chain signature verifies, libcrypto EVP alone)\n";
        f.note += "  time / floor: pair tlskit " + x(t_pair, floor) + ", libssl " +
                  x(l_pair, floor) + "; server tlskit " + x(t_srv, floor_server) +
                  ", libssl " + x(l_srv, floor_server) + "\n";
        f.text = true;
        rows.push_back(f);
      }
    }
  }
}

}  // namespace bench
