// Bulk data: one 16 KiB application-data record from client to server (seal on one side,
// open on the other), per stack, against a bare libcrypto AEAD seal + open of the same record
// size timed alongside. The record-layer overhead is (stack time) / (bare AEAD time).
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cstdio>
#include <vector>

#include "alloc_counter.h"
#include "bench_common.h"

namespace bench {
namespace {

// TLS 1.3 record: 16384 bytes of data + 1 byte of inner content type, 5-byte header as AAD.
constexpr size_t kRecordData = 16384;
constexpr size_t kInnerPlaintext = kRecordData + 1;
constexpr size_t kHeader = 5;
constexpr size_t kTag = 16;

// A libcrypto AEAD seal + open of one record, with contexts keyed once (as a record layer
// keeps them); only the nonce changes per call.
class BareAead {
 public:
  explicit BareAead(Aead a) {
    const EVP_CIPHER* c = a == Aead::aes128gcm ? EVP_aes_128_gcm() : EVP_chacha20_poly1305();
    unsigned char key[32];
    RAND_bytes(key, sizeof key);
    RAND_bytes(iv_, sizeof iv_);
    enc_ = EVP_CIPHER_CTX_new();
    dec_ = EVP_CIPHER_CTX_new();
    ok_ = enc_ && dec_ && EVP_EncryptInit_ex(enc_, c, nullptr, key, nullptr) == 1 &&
          EVP_DecryptInit_ex(dec_, c, nullptr, key, nullptr) == 1;
    buf_.assign(kInnerPlaintext, 0x42);
    aad_[0] = 23;
    aad_[1] = 3;
    aad_[2] = 3;
    aad_[3] = static_cast<unsigned char>((kInnerPlaintext + kTag) >> 8);
    aad_[4] = static_cast<unsigned char>((kInnerPlaintext + kTag) & 0xff);
  }
  ~BareAead() {
    EVP_CIPHER_CTX_free(enc_);
    EVP_CIPHER_CTX_free(dec_);
  }
  bool ok() const { return ok_; }

  // Seals the record in place and opens it again; false if anything fails.
  bool seal_open() {
    int n = 0, m = 0;
    const int len = static_cast<int>(buf_.size());
    iv_[11] ^= 1;  // a new nonce per record, like the record sequence number
    if (EVP_EncryptInit_ex(enc_, nullptr, nullptr, nullptr, iv_) != 1 ||
        EVP_EncryptUpdate(enc_, nullptr, &n, aad_, kHeader) != 1 ||
        EVP_EncryptUpdate(enc_, buf_.data(), &n, buf_.data(), len) != 1 ||
        EVP_EncryptFinal_ex(enc_, buf_.data() + n, &m) != 1 ||
        EVP_CIPHER_CTX_ctrl(enc_, EVP_CTRL_AEAD_GET_TAG, kTag, tag_) != 1)
      return false;
    if (EVP_DecryptInit_ex(dec_, nullptr, nullptr, nullptr, iv_) != 1 ||
        EVP_DecryptUpdate(dec_, nullptr, &n, aad_, kHeader) != 1 ||
        EVP_DecryptUpdate(dec_, buf_.data(), &n, buf_.data(), len) != 1 ||
        EVP_CIPHER_CTX_ctrl(dec_, EVP_CTRL_AEAD_SET_TAG, kTag, tag_) != 1 ||
        EVP_DecryptFinal_ex(dec_, buf_.data() + n, &m) != 1)
      return false;
    return true;
  }

 private:
  EVP_CIPHER_CTX* enc_ = nullptr;
  EVP_CIPHER_CTX* dec_ = nullptr;
  unsigned char iv_[12];
  unsigned char aad_[kHeader];
  unsigned char tag_[kTag];
  std::vector<unsigned char> buf_;
  bool ok_ = false;
};

const char* aead_label(Aead a) { return a == Aead::aes128gcm ? "AES-128-GCM" : "ChaCha20-Poly1305"; }

}  // namespace

void bench_records(const Options& o, Stack* tlskit, Stack* libssl, std::vector<Row>& rows) {
  for (Aead a : {Aead::aes128gcm, Aead::chacha20}) {
    std::string section = std::string("Bulk data: 16 KiB records, TLS 1.3 ") + aead_label(a);
    Scenario sc{"bulk", CertType::ecdsa_p256, a};
    Stack* stacks[2] = {tlskit, libssl};
    std::unique_ptr<Established> pairs[2];
    std::string why[2];
    for (int i = 0; i < 2; ++i) {
      if (stacks[i] == nullptr) continue;
      if (!stacks[i]->setup(o.pki, sc) || !(pairs[i] = stacks[i]->establish(false)))
        why[i] = stacks[i]->error();
    }
    BareAead bare(a);
    if (!bare.ok()) {
      std::fprintf(stderr, "bench: bare AEAD setup failed\n");
      return;
    }
    std::vector<uint8_t> data(kRecordData), out(kRecordData);
    RAND_bytes(data.data(), static_cast<int>(data.size()));

    // Warm-up, and a correctness check: what the server reads is what the client sent.
    for (int i = 0; i < 2; ++i) {
      if (!pairs[i]) continue;
      for (int w = 0; w < 8; ++w) {
        if (!pairs[i]->client_to_server(data.data(), data.size(), out.data()) || out != data) {
          why[i] = "the record did not arrive intact";
          pairs[i].reset();
          break;
        }
      }
    }
    for (int w = 0; w < 8; ++w) bare.seal_open();

    // Series: 0 tlskit zero-copy read (readable_view), 1 tlskit read() into a buffer,
    // 2 libssl (SSL_read), 3 the bare AEAD; the order rotates every round.
    constexpr int kSeries = 4;
    std::vector<double> ns[kSeries];
    double allocs[kSeries] = {0, 0, 0, 0};
    auto pair_of = [&](int k) -> std::unique_ptr<Established>& { return pairs[k < 2 ? 0 : 1]; };
    for (int r = 0; r < o.rounds; ++r) {
      for (int k = 0; k < kSeries; ++k) {
        int i = (k + r) % kSeries;
        if (i < 3 && !pair_of(i)) continue;
        uint64_t a0 = alloc_stats().allocations;
        int64_t t0 = thread_cpu_ns();
        bool ok = true;
        for (int n = 0; n < o.records && ok; ++n)
          ok = i < 3 ? pair_of(i)->client_to_server(data.data(), data.size(), out.data(), i == 0)
                     : bare.seal_open();
        int64_t t = thread_cpu_ns() - t0;
        if (!ok) {
          if (i < 3) {
            why[i < 2 ? 0 : 1] = "a record failed";
            pair_of(i).reset();
          }
          continue;
        }
        allocs[i] += static_cast<double>(alloc_stats().allocations - a0);
        ns[i].push_back(static_cast<double>(t) / o.records);
      }
    }
    auto med = [&](int i) { return ns[i].empty() ? -1.0 : median(ns[i]); };
    const double bare_ns = med(3), zc_ns = med(0), t_ns = med(1), l_ns = med(2);

    // A row of record-layer time over the bare AEAD call (no tlskit/libssl ratio).
    auto bare_row = [&](const char* what, double t, double l) {
      Row r;
      r.section = section;
      r.what = what;
      r.tlskit = t > 0 ? t / bare_ns : -1;
      r.libssl = l > 0 ? l / bare_ns : -1;
      r.decimals = 3;
      r.ratio = -1;
      return r;
    };
    Row ratio = bare_row("record-layer time / bare AEAD seal+open", zc_ns, l_ns);
    ratio.target = "tlskit <= 1.05";
    ratio.verdict = ratio.tlskit > 0 ? (ratio.tlskit <= 1.05 ? 1 : 0) : -1;
    ratio.note =
        "  (tlskit reads with readable_view()/consume_read(), no copy; libssl has no such API)\n";
    rows.push_back(ratio);
    rows.push_back(bare_row("  the same with read() into a buffer", t_ns, l_ns));
    add_ratio_row(rows, section, "CPU us per 16 KiB record (seal + open, read())",
                  t_ns > 0 ? t_ns / 1000 : -1, l_ns > 0 ? l_ns / 1000 : -1, 2);
    char buf[160];
    std::snprintf(buf, sizeof buf, "  bare AEAD seal+open: %.2f us (%.0f MB/s each way)\n",
                  bare_ns / 1000, kRecordData / (bare_ns / 1000) );
    rows.back().note = buf;
    Row al;
    al.section = section;
    al.what = "heap allocations per record (both sides)";
    auto per_record = [&](int i) {
      return ns[i].empty() ? -1.0 : allocs[i] / (static_cast<double>(ns[i].size()) * o.records);
    };
    al.tlskit = std::max(per_record(0), per_record(1));
    al.libssl = per_record(2);
    al.decimals = 2;
    al.target = "tlskit 0";
    al.verdict = al.tlskit >= 0 ? (al.tlskit == 0 ? 1 : 0) : -1;
    rows.push_back(al);
    for (int i = 0; i < 2; ++i)
      if (!why[i].empty())
        rows.back().note += std::string("  ") + (i == 0 ? "tlskit" : "libssl") +
                            " not measured: " + why[i] + "\n";
  }
}

}  // namespace bench
