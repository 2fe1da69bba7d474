// libFuzzer target: the TLS 1.2 server states. The input is a ClientHello body followed by
// chunks (u8 kind, u16 length, bytes): kind 0 = one handshake message (type + body), 1 = a
// ChangeCipherSpec. A session ID store and ticket keys are configured, so garbage tickets and
// session IDs are tried too. Any input must end in success or an Error carrying an alert.
#include <cstdio>
#include <cstdlib>

#include "crypto/provider.h"
#include "handshake/server_tls12.h"
#include "handshake/tls12_common.h"
#include "session/server_session_store.h"
#include "session/ticket_keys.h"
#include "wire/handshake_header.h"
#include "wire/msg_client_hello.h"

using namespace tlskit;

namespace {

// A self-signed P-256 certificate made for this target with the openssl command.
const char kCert[] = R"(-----BEGIN CERTIFICATE-----
MIIBlzCCAT6gAwIBAgIUZ+EUpeD4UGGTu4hFDgnrmVZ3IhYwCgYIKoZIzj0EAwIw
FTETMBEGA1UEAwwKZnV6ei50bHMxMjAgFw0yNjExMjIyMDUxMjRaGA8yMTI2MTAy
OTIwNTEyNFowFTETMBEGA1UEAwwKZnV6ei50bHMxMjBZMBMGByqGSM49AgEGCCqG
SM49AwEHA0IABEWdCMSJUBz2I1sPVSCVtF0xFApIuuRQgCSn9D9jrS1oeZgzZ+lm
UsAhOIcqDO97nd3P/KExmW2OWJ60cHFacwijajBoMB0GA1UdDgQWBBQ4JMqX6gjn
csNqG1pPP7h6u7/A5DAfBgNVHSMEGDAWgBQ4JMqX6gjncsNqG1pPP7h6u7/A5DAP
BgNVHRMBAf8EBTADAQH/MBUGA1UdEQQOMAyCCmZ1enoudGxzMTIwCgYIKoZIzj0E
AwIDRwAwRAIgFzt1APgsekfvXjmIALz0BLEHqpiqsPGabLdXr/J21XICIBQVq0m0
h8EvYCdoT8e7RdXdz5bqB5+wPx6GoQXj9roH
-----END CERTIFICATE-----
)";
const char kKey[] = R"(-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgIajq98hT6Go9ba2M
vPLbv1vWsbN/6r1R0uAL1stzmLuhRANCAARFnQjEiVAc9iNbD1UglbRdMRQKSLrk
UIAkp/Q/Y60taHmYM2fpZlLAITiHKgzve53dz/yhMZltjlietHBxWnMI
-----END PRIVATE KEY-----
)";

struct Fixture {
  std::shared_ptr<Config> config = std::make_shared<Config>();
  std::shared_ptr<session::TicketKeys> keys;
  std::shared_ptr<session::ServerSessionStore> store =
      std::make_shared<session::ServerSessionStore>(64);
  Fixture() {
    auto ck = CertifiedKey::from_pem(kCert, kKey, crypto::default_provider());
    if (!ck) {
      std::fprintf(stderr, "fuzz_tls12_server: %s\n", ck.error().to_string().c_str());
      std::abort();
    }
    config->certificates.push_back(std::make_shared<CertifiedKey>(std::move(*ck)));
    config->client_auth = ClientAuth::request;
    DeterministicRng rng(5);
    keys = *session::TicketKeys::create(crypto::default_provider(), rng, 1000);
  }
};

void check(const Error& e) {
  // Every failure must name an alert to send (or none for a configuration problem).
  if (e.detail.empty()) {
    std::fprintf(stderr, "error without detail: %s\n", e.to_string().c_str());
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Fixture fx;
  if (size < 2) return 0;
  size_t ch_len = (size_t{data[0]} << 8) | data[1];
  if (ch_len > size - 2) return 0;
  ByteView ch_body(data + 2, ch_len);
  ByteView rest(data + 2 + ch_len, size - 2 - ch_len);

  FixedClock clock(1000, 0);
  DeterministicRng rng(7);
  handshake::RecordChannel channel(clock, false, 16384);
  handshake::EngineEnv env{*fx.config, crypto::default_provider(), rng, clock, channel, {}};
  handshake::Tls12Options opt;
  opt.ticket_keys = fx.keys;
  opt.session_store = fx.store;

  auto ch = parse_client_hello(ch_body);
  if (!ch) return check(ch.error()), 0;
  Bytes ch_msg = {static_cast<uint8_t>(HandshakeType::client_hello),
                  static_cast<uint8_t>(ch_len >> 16), static_cast<uint8_t>(ch_len >> 8),
                  static_cast<uint8_t>(ch_len)};
  ch_msg.insert(ch_msg.end(), ch_body.begin(), ch_body.end());
  auto v = handshake::server_select_version(*ch, ProtocolVersion::tls1_2, ProtocolVersion::tls1_2);
  if (!v) return check(v.error()), 0;
  auto engine = handshake::ServerTls12::start(env, opt, record::HandshakeMessage{HandshakeType::client_hello, ch_msg}, *ch);
  if (!engine) return check(engine.error()), 0;
  channel.discard();

  size_t i = 0;
  for (int n = 0; n < 16 && i + 3 <= rest.size(); ++n) {
    uint8_t kind = rest[i];
    size_t len = (size_t{rest[i + 1]} << 8) | rest[i + 2];
    i += 3;
    if (len > rest.size() - i) break;
    ByteView chunk = rest.subspan(i, len);
    i += len;
    Result<void> r;
    if (kind % 2 == 1) {
      r = (*engine)->on_change_cipher_spec();
    } else {
      if (chunk.empty()) break;
      size_t body = chunk.size() - 1;
      Bytes msg = {chunk[0], static_cast<uint8_t>(body >> 16), static_cast<uint8_t>(body >> 8),
                   static_cast<uint8_t>(body)};
      msg.insert(msg.end(), chunk.begin() + 1, chunk.end());
      r = (*engine)->on_handshake(record::HandshakeMessage{static_cast<HandshakeType>(chunk[0]), msg});
    }
    channel.discard();
    if (!r) {
      check(r.error());
      break;
    }
  }
  return 0;
}
