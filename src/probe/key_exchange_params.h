// The ServerKeyExchange of TLS 1.2 and older for every key exchange a probe can meet: DHE and
// anonymous DH (RFC 5246 §7.4.3 ServerDHParams), ECDHE and anonymous ECDH (RFC 8422 §5.4
// ServerECDHParams), RSA export (RFC 2246 §7.4.3 ServerRSAParams), and the PSK forms (RFC 4279
// §2-§4, RFC 5489 §2), parsed strictly into owned values with the sizes a scan grades.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include "base/bytes.h"
#include "base/result.h"
#include "probe/suite_traits.h"
#include "base/iana_registry.h"

namespace tlskit::probe {

// Bounds (named so the loops over peer data are visibly bounded): the largest DH prime and RSA
// modulus accepted, in bytes (16384 bits, twice ffdhe8192).
inline constexpr size_t kMaxDhPrimeBytes = 2048;
inline constexpr size_t kMaxRsaModulusBytes = 2048;

// The parameters of one ServerKeyExchange.
struct KeyExchangeParams {
  enum class Kind : uint8_t { dh, ecdh, rsa, psk_hint_only } kind = Kind::dh;
  // DH: p, g, Ys as sent (big-endian), the bit length of p, and the RFC 7919 group whose prime
  // p is, if any (RFC 7919 §A: the same prime as the named group).
  Bytes dh_p, dh_g, dh_ys;
  size_t dh_bits = 0;
  std::optional<NamedGroup> ffdhe_group;
  std::string dh_prime_name;  // "ffdhe2048 (RFC 7919)", "RFC 3526 MODP 2048", "Oakley group 2 (RFC 2409)", or ""
  // ECDH: named curve and the public point.
  NamedGroup curve{};
  Bytes ec_point;
  // RSA export: modulus, exponent, modulus bits.
  Bytes rsa_modulus, rsa_exponent;
  size_t rsa_bits = 0;
  // PSK forms: the identity hint (RFC 4279 §2), when present.
  std::optional<Bytes> psk_identity_hint;
  // The signature: absent for anonymous and PSK key exchanges; `scheme` only in TLS 1.2.
  bool is_signed = false;
  std::optional<SignatureScheme> scheme;
  Bytes signature;

  // The strength a grade uses: DH prime bits, curve size, or RSA modulus bits.
  size_t key_bits() const;
};

// Parses a ServerKeyExchange body for the key exchange of the negotiated suite in `version`.
// Errors (Party::peer, Step::server_key_exchange): truncation, trailing bytes, an empty p / g /
// Ys / point / modulus / exponent / signature, a prime or modulus over its bound, Ys longer than
// p -> decode_error; an ECDH curve_type other than named_curve (3) -> illegal_parameter (RFC
// 8422 §5.4 deprecates explicit curves); a key exchange that sends no ServerKeyExchange (RSA,
// static DH/ECDH, Kerberos) or one this parser does not know (SRP, ECCPWD, GOST, TLS 1.3) ->
// unexpected_message.
Result<KeyExchangeParams> parse_key_exchange_params(ByteView body, KeyExchange kex,
                                                    ProtocolVersion version);

// The bit length of a big-endian unsigned number (leading zeros ignored).
size_t bit_length(ByteView be);

// Recognizes well-known DH primes (by length and leading bytes; every RFC 7919 and RFC 3526
// prime has 64 one-bits at each end and the rest derived from e or pi, so the first 24 bytes
// and the length tell them apart). Returns the RFC 7919 group, if it is one, and a display name.
std::optional<NamedGroup> identify_ffdhe_prime(ByteView p, std::string* name = nullptr);

}  // namespace tlskit::probe
