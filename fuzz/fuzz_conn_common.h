// Shared setup of the connection fuzzers (fuzz_client_conn, fuzz_server_conn) and of the test
// that records their seeds: deterministic configs (seeded RNG, fixed clock, an Ed25519 server
// certificate so signatures are deterministic too), so a recorded peer flight stays valid.
#pragma once
#include <memory>
#include <string_view>

#include "base/clock.h"
#include "base/rng.h"
#include "crypto/provider.h"
#include "session/ticket_keys.h"
#include "tlskit/config.h"
#include "tlskit/connection.h"

namespace tlskit::fuzzing {

// A self-signed Ed25519 certificate for fuzz.tlskit.test (valid until 2126) and its key.
inline constexpr std::string_view kFuzzCertPem =
    "-----BEGIN CERTIFICATE-----\n"
    "MIIBVzCCAQmgAwIBAgIBBzAFBgMrZXAwGzEZMBcGA1UEAwwQZnV6ei50bHNraXQu\n"
    "dGVzdDAgFw0yNjExMjIyMDIxMDVaGA8yMTI2MTAyOTIwMjEwNVowGzEZMBcGA1UE\n"
    "AwwQZnV6ei50bHNraXQudGVzdDAqMAUGAytlcAMhAKGsuo92m8KWEisLyfFqtvZK\n"
    "2FaV1AGZFDGjxhCVHY9uo3AwbjAdBgNVHQ4EFgQU5gTEOkU05YgQLW+rfpzIhM/L\n"
    "FDMwHwYDVR0jBBgwFoAU5gTEOkU05YgQLW+rfpzIhM/LFDMwDwYDVR0TAQH/BAUw\n"
    "AwEB/zAbBgNVHREEFDASghBmdXp6LnRsc2tpdC50ZXN0MAUGAytlcANBANIRYfaO\n"
    "adXf12u7wSuqEranQq7kbEM2ybYnjNl9uV+FKfljPWEUpnOYtWg1b2mYwxfqQzAy\n"
    "KOcsaaAeglqedgs=\n"
    "-----END CERTIFICATE-----\n";
inline constexpr std::string_view kFuzzKeyPem =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEIFy5E4ve+r9XUe4emmf0gNIF+YMFOcTNGqkz1YdO7GZe\n"
    "-----END PRIVATE KEY-----\n";

inline constexpr uint64_t kClientSeed = 0xC11E27;
inline constexpr uint64_t kServerSeed = 0x5E27E2;

inline const FixedClock& fuzz_clock() {
  static const FixedClock clock(1800000000, 0);
  return clock;
}

// The client: TLS 1.3, no chain verification (CertificateVerify is still checked), ALPN.
inline std::shared_ptr<Config> fuzz_client_config(Rng& rng) {
  auto c = std::make_shared<Config>();
  c->min_version = ProtocolVersion::tls1_3;
  c->server_name = "fuzz.tlskit.test";
  c->verify_peer = false;
  c->alpn = {"h2", "http/1.1"};
  c->post_handshake_auth = true;  // a fuzzed post-handshake CertificateRequest is answered
  c->rng = &rng;
  c->clock = &fuzz_clock();
  return c;
}

// Accepts every chain (the fuzzers exercise the protocol, not X.509).
class AcceptAllVerifier final : public CertVerifier {
 public:
  CertVerifyResult verify(std::span<const Bytes>, std::string_view, CertPurpose, ByteView,
                          int64_t) const override {
    CertVerifyResult r;
    r.ok = true;
    return r;
  }
};

// The server: the Ed25519 certificate, client certificates requested, ALPN, and only
// X25519MLKEM768 / x25519 / secp256r1 (the hybrid share is parsed and encapsulated to when
// the client sends one; a client sharing secp384r1 first gets a HelloRetryRequest).
inline std::shared_ptr<Config> fuzz_server_config(Rng& rng) {
  static const std::shared_ptr<const CertifiedKey> cert = [] {
    auto ck = CertifiedKey::from_pem(kFuzzCertPem, kFuzzKeyPem, crypto::default_provider());
    return ck ? std::make_shared<const CertifiedKey>(std::move(*ck)) : nullptr;
  }();
  auto c = std::make_shared<Config>();
  c->min_version = ProtocolVersion::tls1_3;
  if (cert) c->certificates = {cert};
  c->alpn = {"h2"};
  c->groups = {NamedGroup::X25519MLKEM768, NamedGroup::x25519, NamedGroup::secp256r1};
  c->client_auth = ClientAuth::request;
  c->post_handshake_auth = true;  // exercise() asks; the fuzzed answer is parsed and checked
  c->verifier = std::make_shared<AcceptAllVerifier>();
  c->rng = &rng;
  c->clock = &fuzz_clock();
  // Fixed ticket keys, so pre_shared_key identities are opened (and tickets issued).
  static const std::shared_ptr<session::TicketKeys> keys = [] {
    session::TicketKeyMaterial m;
    m.name.fill(0x42);
    m.key = SecretBytes(session::kTicketKeySize);
    for (size_t i = 0; i < m.key.size(); ++i) m.key.data()[i] = static_cast<uint8_t>(i);
    auto k = session::TicketKeys::from_keys(crypto::default_provider(), std::move(m), std::nullopt);
    return k ? *k : nullptr;
  }();
  c->ticket_keys = keys;
  return c;
}

// Drives a connection after the fuzz input was fed: reads, writes, key updates, close.
inline void exercise(Connection& c) {
  uint8_t buf[512];
  while (c.read(buf) > 0) {
  }
  if (c.handshake_complete()) {
    (void)c.write(ByteView(buf, 100));
    (void)c.key_update(true);
    (void)c.request_client_certificate();  // a server whose client offered post_handshake_auth
  }
  c.close();
  (void)c.feed_eof();
  (void)c.pending_output();
  while (c.next_event()) {
  }
}

}  // namespace tlskit::fuzzing
