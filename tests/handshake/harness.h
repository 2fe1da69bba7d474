// In-memory client/server harness: deterministic configs, byte pumping (any split), and a
// recording CertVerifier.
#pragma once
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "base/clock.h"
#include "base/rng.h"
#include "../memory_pair.h"
#include "codec/byte_writer.h"
#include "wire/msg_client_hello.h"
#include "test_pki.h"
#include "tlskit/config.h"
#include "tlskit/connection.h"

namespace tlskit::test {

// The time tests run at: now (the test PKI is generated at start-up, valid from now on).
inline int64_t test_now() {
  static const int64_t now = SystemClock::instance().unix_seconds() + 60;
  return now;
}

// A verifier that records its calls and returns a fixed verdict.
class FakeVerifier final : public CertVerifier {
 public:
  explicit FakeVerifier(CertVerifyResult verdict) : verdict_(std::move(verdict)) {}
  CertVerifyResult verify(std::span<const Bytes> chain, std::string_view host, CertPurpose purpose,
                          ByteView ocsp, int64_t now) const override {
    std::lock_guard<std::mutex> g(m_);
    calls_.push_back(Call{std::vector<Bytes>(chain.begin(), chain.end()), std::string(host),
                          purpose, Bytes(ocsp.begin(), ocsp.end()), now});
    return verdict_;
  }
  struct Call {
    std::vector<Bytes> chain;
    std::string host;
    CertPurpose purpose;
    Bytes ocsp;
    int64_t now;
  };
  std::vector<Call> calls() const {
    std::lock_guard<std::mutex> g(m_);
    return calls_;
  }

 private:
  CertVerifyResult verdict_;
  mutable std::mutex m_;
  mutable std::vector<Call> calls_;
};

// An accepting verdict.
inline CertVerifyResult accept_verdict() {
  CertVerifyResult r;
  r.ok = true;
  r.code = 0;
  r.code_text = "ok";
  r.verified_host = true;
  r.summary = "test verifier accepted";
  return r;
}

// Owns everything the configs point to (RNGs, clock) for one test.
struct World {
  DeterministicRng client_rng{1};
  DeterministicRng server_rng{2};
  FixedClock clock{test_now(), 1000};
  std::shared_ptr<FakeVerifier> client_verifier = std::make_shared<FakeVerifier>(accept_verdict());
  std::shared_ptr<FakeVerifier> server_verifier = std::make_shared<FakeVerifier>(accept_verdict());

  // A client config: verifies through client_verifier, SNI = server_name.
  std::shared_ptr<Config> client_config(const std::string& server_name = "p256.tlskit.test") {
    auto c = std::make_shared<Config>();
    c->server_name = server_name;
    c->verifier = client_verifier;
    c->rng = &client_rng;
    c->clock = &clock;
    c->min_version = ProtocolVersion::tls1_3;
    return c;
  }
  // A server config with the given certificates (default: all four kinds).
  std::shared_ptr<Config> server_config(std::vector<LeafKind> kinds = {LeafKind::ecdsa_p256,
                                                                       LeafKind::ecdsa_p384,
                                                                       LeafKind::rsa2048,
                                                                       LeafKind::ed25519}) {
    auto c = std::make_shared<Config>();
    for (LeafKind k : kinds) c->certificates.push_back(pki().leaf(k));
    c->verifier = server_verifier;
    c->rng = &server_rng;
    c->clock = &clock;
    c->min_version = ProtocolVersion::tls1_3;
    return c;
  }
};

// The two ends of one in-memory connection (tests/memory_pair.h).
using Pair = testing::MemoryPair;

inline Pair make_conns(std::shared_ptr<const Config> cc, std::shared_ptr<const Config> sc) {
  return testing::make_memory_pair(std::move(cc), std::move(sc));
}

using testing::transfer;

// Pumps both ways until no bytes move (bounded), chunk bytes per feed() call.
inline void pump(Pair& p, size_t chunk = SIZE_MAX) {
  p.chunk = chunk;
  p.pump();
}

// Creates a pair and runs the handshake; expects success.
inline Pair handshake(std::shared_ptr<const Config> cc, std::shared_ptr<const Config> sc,
                      size_t chunk = SIZE_MAX) {
  Pair p = make_conns(std::move(cc), std::move(sc));
  if (!p.client || !p.server) return p;
  pump(p, chunk);
  return p;
}

// A plaintext record as the tests craft or take apart.
struct RawRecord {
  ContentType type = ContentType::handshake;
  uint16_t version = 0x0303;
  Bytes payload;
};

// Splits a byte stream into records (header fields as they are; payload not decrypted).
inline std::vector<RawRecord> split_records(ByteView flight) {
  std::vector<RawRecord> out;
  size_t off = 0;
  while (flight.size() - off >= 5) {
    size_t len = size_t{flight[off + 3]} << 8 | flight[off + 4];
    if (flight.size() - off - 5 < len) break;
    RawRecord r;
    r.type = static_cast<ContentType>(flight[off]);
    r.version = static_cast<uint16_t>(flight[off + 1] << 8 | flight[off + 2]);
    r.payload.assign(flight.begin() + off + 5, flight.begin() + off + 5 + len);
    out.push_back(std::move(r));
    off += 5 + len;
  }
  return out;
}

// Frames one record.
inline Bytes record_bytes(ContentType t, ByteView payload, uint16_t version = 0x0303) {
  Bytes b = {static_cast<uint8_t>(t), static_cast<uint8_t>(version >> 8),
             static_cast<uint8_t>(version), static_cast<uint8_t>(payload.size() >> 8),
             static_cast<uint8_t>(payload.size())};
  b.insert(b.end(), payload.begin(), payload.end());
  return b;
}

// A handshake message cut into records of at most 2^14 bytes (RFC 8446 §5.1).
inline Bytes handshake_records(ByteView msg) {
  Bytes out;
  for (size_t off = 0; off < msg.size(); off += 16384) {
    Bytes rec = record_bytes(ContentType::handshake,
                             msg.subspan(off, std::min<size_t>(16384, msg.size() - off)));
    out.insert(out.end(), rec.begin(), rec.end());
  }
  return out;
}

inline Bytes join_records(const std::vector<RawRecord>& rs) {
  Bytes out;
  for (const auto& r : rs) {
    Bytes b = record_bytes(r.type, r.payload, r.version);
    out.insert(out.end(), b.begin(), b.end());
  }
  return out;
}

// Takes the pending output of c (and consumes it).
inline Bytes take_output(Connection& c) {
  Bytes b(c.pending_output().begin(), c.pending_output().end());
  c.consume_output(b.size());
  return b;
}

// The ClientHello record of a fresh client (default: World's client config).
inline Bytes client_hello_record(std::shared_ptr<const Config> cc = nullptr) {
  World w;
  auto c = Connection::client(cc ? std::move(cc) : w.client_config());
  EXPECT_TRUE(c);
  return c ? take_output(**c) : Bytes{};
}

// The ClientHello record of a fresh client, with its message edited (one record out).
inline Bytes edited_client_hello_record(const std::function<void(ClientHello&)>& edit,
                                        std::shared_ptr<const Config> cc = nullptr) {
  Bytes ch = client_hello_record(std::move(cc));
  auto recs = split_records(ch);
  Bytes body;
  for (const auto& r : recs) body.insert(body.end(), r.payload.begin(), r.payload.end());
  body.erase(body.begin(), body.begin() + 4);
  auto parsed = parse_client_hello(body);
  EXPECT_TRUE(parsed);
  if (!parsed) return {};
  edit(*parsed);
  Bytes msg;
  ByteWriter w(msg);
  write_client_hello(*parsed, w);
  return handshake_records(msg);
}

inline std::string err_text(const std::optional<Error>& e) {
  return e ? e->to_string() : std::string("(none)");
}

}  // namespace tlskit::test
