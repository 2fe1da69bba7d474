// libFuzzer target: ServerKeyExchange parameters (src/probe/key_exchange_params.h) for every key
// exchange: the first byte picks the key exchange, the second the version, the rest is the body.
#include <cstdlib>

#include "probe/key_exchange_params.h"

using namespace tlskit;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  static constexpr probe::KeyExchange kKex[] = {
      probe::KeyExchange::dhe,       probe::KeyExchange::dh_anon, probe::KeyExchange::ecdhe,
      probe::KeyExchange::ecdh_anon, probe::KeyExchange::rsa_export, probe::KeyExchange::psk,
      probe::KeyExchange::dhe_psk,   probe::KeyExchange::ecdhe_psk, probe::KeyExchange::rsa_psk,
      probe::KeyExchange::rsa,       probe::KeyExchange::srp};
  probe::KeyExchange kex = kKex[data[0] % (sizeof kKex / sizeof kKex[0])];
  ProtocolVersion v = static_cast<ProtocolVersion>(0x0300 + data[1] % 4);
  auto k = probe::parse_key_exchange_params(ByteView(data + 2, size - 2), kex, v);
  if (k) {
    if (k->dh_p.size() > probe::kMaxDhPrimeBytes || k->rsa_modulus.size() > probe::kMaxRsaModulusBytes) std::abort();
    if (k->kind == probe::KeyExchangeParams::Kind::dh && (k->dh_bits == 0 || k->dh_p.empty())) std::abort();
    if (k->scheme && v != ProtocolVersion::tls1_2) std::abort();
    (void)k->key_bits();
  }
  return 0;
}
