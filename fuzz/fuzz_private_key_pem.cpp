// libFuzzer target: arbitrary text into Provider::load_private_key_pem. A key that loads must be
// self-consistent: its SPKI describes the same type and size, and each scheme it supports
// signs a message that verifies against that SPKI (keys up to 4096 bits, to stay fast).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "crypto/provider.h"

using namespace tlskit;
using namespace tlskit::crypto;

namespace {

[[noreturn]] void die(const char* what) {
  std::fprintf(stderr, "fuzz_private_key_pem: %s\n", what);
  std::abort();
}

constexpr SignatureScheme kSchemes[] = {
    SignatureScheme::rsa_pkcs1_sha256,       SignatureScheme::rsa_pss_rsae_sha256,
    SignatureScheme::rsa_pss_pss_sha256,     SignatureScheme::rsa_pss_pss_sha384,
    SignatureScheme::ecdsa_secp256r1_sha256, SignatureScheme::ecdsa_secp384r1_sha384,
    SignatureScheme::ecdsa_secp521r1_sha512, SignatureScheme::ed25519,
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Provider& p = default_provider();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto key = p.load_private_key_pem(text);
  if (!key) {
    if (key.error().detail.empty()) die("error without a detail");
    return 0;
  }
  const PrivateKey& k = **key;
  auto info = p.public_key_info(k.public_key_spki());
  if (!info) die("a loaded key's SPKI is not describable");
  if (info->type != k.type() || info->bits != k.bits()) die("SPKI description differs from the key");
  if (k.bits() > 4096) return 0;
  const uint8_t msg[] = "fuzz";
  for (SignatureScheme s : kSchemes) {
    if (!k.supports(s)) continue;
    auto sig = k.sign(s, ByteView(msg, sizeof msg));
    // A key libcrypto accepts may still be unable to sign (e.g. an inconsistent RSA key);
    // that must be an error, never a crash.
    if (!sig) continue;
    auto params = signature_params(s);
    if (!params) die("no parameters for a supported scheme");
    if (!p.verify(*params, k.public_key_spki(), ByteView(msg, sizeof msg), *sig))
      die("a signature by a loaded key does not verify against its own SPKI");
  }
  return 0;
}
