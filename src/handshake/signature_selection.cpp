// Signature scheme tables and selection (RFC 8446 §4.2.3, §4.4.2.2, §4.4.3).
#include "handshake/signature_selection.h"

#include <algorithm>
#include <array>

namespace tlskit::handshake {
namespace {

constexpr std::array<SignatureScheme, 14> kSchemes = {
    SignatureScheme::ecdsa_secp256r1_sha256, SignatureScheme::ecdsa_secp384r1_sha384,
    SignatureScheme::ecdsa_secp521r1_sha512, SignatureScheme::ed25519,
    SignatureScheme::rsa_pss_rsae_sha256,    SignatureScheme::rsa_pss_rsae_sha384,
    SignatureScheme::rsa_pss_rsae_sha512,    SignatureScheme::rsa_pss_pss_sha256,
    SignatureScheme::rsa_pss_pss_sha384,     SignatureScheme::rsa_pss_pss_sha512,
    SignatureScheme::rsa_pkcs1_sha256,       SignatureScheme::rsa_pkcs1_sha384,
    SignatureScheme::rsa_pkcs1_sha512,       SignatureScheme::ecdsa_sha1,
};

bool is_pkcs1_or_sha1(SignatureScheme s) {
  switch (s) {
    case SignatureScheme::rsa_pkcs1_sha1:
    case SignatureScheme::ecdsa_sha1:
    case SignatureScheme::rsa_pkcs1_sha256:
    case SignatureScheme::rsa_pkcs1_sha384:
    case SignatureScheme::rsa_pkcs1_sha512:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::span<const SignatureScheme> supported_signature_schemes() {
  // ecdsa_sha1 is listed last only so it is never chosen; drop it from what we offer.
  return {kSchemes.data(), kSchemes.size() - 1};
}

bool tls13_handshake_scheme(SignatureScheme s) {
  switch (s) {
    case SignatureScheme::ecdsa_secp256r1_sha256:
    case SignatureScheme::ecdsa_secp384r1_sha384:
    case SignatureScheme::ecdsa_secp521r1_sha512:
    case SignatureScheme::ed25519:
    case SignatureScheme::rsa_pss_rsae_sha256:
    case SignatureScheme::rsa_pss_rsae_sha384:
    case SignatureScheme::rsa_pss_rsae_sha512:
    case SignatureScheme::rsa_pss_pss_sha256:
    case SignatureScheme::rsa_pss_pss_sha384:
    case SignatureScheme::rsa_pss_pss_sha512:
      return true;
    default:
      return false;
  }
}

bool scheme_fits_key(SignatureScheme s, crypto::KeyType t) {
  using K = crypto::KeyType;
  switch (s) {
    case SignatureScheme::ecdsa_secp256r1_sha256: return t == K::ec_p256;
    case SignatureScheme::ecdsa_secp384r1_sha384: return t == K::ec_p384;
    case SignatureScheme::ecdsa_secp521r1_sha512: return t == K::ec_p521;
    case SignatureScheme::ed25519: return t == K::ed25519;
    case SignatureScheme::rsa_pss_rsae_sha256:
    case SignatureScheme::rsa_pss_rsae_sha384:
    case SignatureScheme::rsa_pss_rsae_sha512:
    case SignatureScheme::rsa_pkcs1_sha256:
    case SignatureScheme::rsa_pkcs1_sha384:
    case SignatureScheme::rsa_pkcs1_sha512:
      return t == K::rsa;
    case SignatureScheme::rsa_pss_pss_sha256:
    case SignatureScheme::rsa_pss_pss_sha384:
    case SignatureScheme::rsa_pss_pss_sha512:
      return t == K::rsa_pss;
    default:
      return false;
  }
}

std::vector<SignatureScheme> accepted_schemes(std::span<const SignatureScheme> configured) {
  auto ours = supported_signature_schemes();
  if (configured.empty()) return {ours.begin(), ours.end()};
  std::vector<SignatureScheme> out;
  for (SignatureScheme s : configured)
    if (std::find(ours.begin(), ours.end(), s) != ours.end() &&
        std::find(out.begin(), out.end(), s) == out.end())
      out.push_back(s);
  return out;
}

std::vector<SignatureScheme> client_signature_algorithms(std::span<const SignatureScheme> configured,
                                                         bool offer_tls12) {
  std::vector<SignatureScheme> out;
  for (SignatureScheme s : accepted_schemes(configured))
    if (offer_tls12 ? s != SignatureScheme::ecdsa_sha1 : !is_pkcs1_or_sha1(s))
      out.push_back(s);
  return out;
}

std::optional<SignatureScheme> choose_tls13_scheme(const crypto::PrivateKey& key,
                                                   std::span<const SignatureScheme> peer_offered) {
  for (SignatureScheme s : supported_signature_schemes()) {
    if (!tls13_handshake_scheme(s) || !scheme_fits_key(s, key.type()) || !key.supports(s))
      continue;
    if (std::find(peer_offered.begin(), peer_offered.end(), s) != peer_offered.end()) return s;
  }
  return std::nullopt;
}

}  // namespace tlskit::handshake
