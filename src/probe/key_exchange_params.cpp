// ServerKeyExchange parameters for DHE, ECDHE, RSA export and PSK key exchanges.
#include "probe/key_exchange_params.h"

#include <algorithm>
#include <array>

#include "codec/byte_reader.h"
#include "wire/extensions.h"

namespace tlskit::probe {
namespace {

constexpr Step kStep = Step::server_key_exchange;
constexpr uint8_t kCurveTypeExplicitPrime = 1;
constexpr uint8_t kCurveTypeExplicitChar2 = 2;
constexpr uint8_t kCurveTypeNamed = 3;

Error decode(std::string d) { return wire_decode_error(kStep, "ServerKeyExchange: " + std::move(d)); }

Bytes own(ByteView v) { return Bytes(v.begin(), v.end()); }

// Reads a non-empty opaque<1..2^16-1> field, at most `max` bytes.
Result<Bytes> field16(ByteReader& r, const char* what, size_t max = 0xFFFF) {
  if (r.remaining() < 2) return decode(std::string("truncated before ") + what);
  ByteView v = r.vec16();
  if (r.failed()) return decode(std::string("truncated ") + what);
  if (v.empty()) return decode(std::string("empty ") + what);
  if (v.size() > max) return decode(std::string(what) + " of " + std::to_string(v.size()) + " bytes, at most " + std::to_string(max));
  return own(v);
}

// ServerDHParams (RFC 5246 §7.4.3): dh_p<1..2^16-1>, dh_g<1..2^16-1>, dh_Ys<1..2^16-1>.
Result<void> read_dh(ByteReader& r, KeyExchangeParams& k) {
  k.kind = KeyExchangeParams::Kind::dh;
  TK_ASSIGN(k.dh_p, field16(r, "dh_p", kMaxDhPrimeBytes));
  TK_ASSIGN(k.dh_g, field16(r, "dh_g", kMaxDhPrimeBytes));
  TK_ASSIGN(k.dh_ys, field16(r, "dh_Ys", kMaxDhPrimeBytes));
  k.dh_bits = bit_length(k.dh_p);
  if (k.dh_bits == 0) return decode("dh_p is zero");
  if (bit_length(k.dh_ys) > k.dh_bits) return decode("dh_Ys is longer than dh_p");
  k.ffdhe_group = identify_ffdhe_prime(k.dh_p, &k.dh_prime_name);
  return ok();
}

// ServerECDHParams (RFC 8422 §5.4): ECParameters (curve_type + named curve) + ECPoint<1..2^8-1>.
Result<void> read_ecdh(ByteReader& r, KeyExchangeParams& k) {
  k.kind = KeyExchangeParams::Kind::ecdh;
  if (r.remaining() < 1) return decode("truncated before curve_type");
  uint8_t type = r.u8();
  if (type == kCurveTypeExplicitPrime || type == kCurveTypeExplicitChar2)
    return wire_illegal_parameter(kStep, "ServerKeyExchange: explicit curve parameters (curve_type " +
                                             std::to_string(type) + "), deprecated by RFC 8422 §5.4");
  if (type != kCurveTypeNamed) return decode("unknown curve_type " + std::to_string(type));
  if (r.remaining() < 3) return decode("truncated named curve");
  k.curve = static_cast<NamedGroup>(r.u16());
  ByteView point = r.vec8();
  if (r.failed()) return decode("truncated public point");
  if (point.empty()) return decode("empty public point");
  k.ec_point = own(point);
  return ok();
}

// ServerRSAParams (RFC 2246 §7.4.3): rsa_modulus<1..2^16-1>, rsa_exponent<1..2^16-1>.
Result<void> read_rsa(ByteReader& r, KeyExchangeParams& k) {
  k.kind = KeyExchangeParams::Kind::rsa;
  TK_ASSIGN(k.rsa_modulus, field16(r, "rsa_modulus", kMaxRsaModulusBytes));
  TK_ASSIGN(k.rsa_exponent, field16(r, "rsa_exponent", kMaxRsaModulusBytes));
  k.rsa_bits = bit_length(k.rsa_modulus);
  if (k.rsa_bits == 0) return decode("rsa_modulus is zero");
  return ok();
}

// psk_identity_hint<0..2^16-1> (RFC 4279 §2).
Result<void> read_hint(ByteReader& r, KeyExchangeParams& k) {
  if (r.remaining() < 2) return decode("truncated before psk_identity_hint");
  ByteView hint = r.vec16();
  if (r.failed()) return decode("truncated psk_identity_hint");
  k.psk_identity_hint = own(hint);
  return ok();
}

// The digitally-signed element: TLS 1.2 adds SignatureAndHashAlgorithm (RFC 5246 §4.7).
Result<void> read_signature(ByteReader& r, KeyExchangeParams& k, ProtocolVersion v) {
  k.is_signed = true;
  if (v == ProtocolVersion::tls1_2) {
    if (r.remaining() < 2) return decode("truncated before the signature algorithm");
    k.scheme = static_cast<SignatureScheme>(r.u16());
  }
  TK_ASSIGN(k.signature, field16(r, "signature"));
  return ok();
}

struct KnownPrime {
  size_t bytes;
  std::array<uint8_t, 16> after_ones;  // bytes 8..23
  const char* name;
  std::optional<NamedGroup> group;
};

// RFC 7919 Appendix A primes start FFFFFFFFFFFFFFFF ADF85458A2BB4A9AAFDC5620273D3CF1; RFC 3526
// and RFC 2409 primes start FFFFFFFFFFFFFFFF C90FDAA22168C234C4C6628B80DC1CD1.
constexpr std::array<uint8_t, 16> kE = {0xAD, 0xF8, 0x54, 0x58, 0xA2, 0xBB, 0x4A, 0x9A,
                                        0xAF, 0xDC, 0x56, 0x20, 0x27, 0x3D, 0x3C, 0xF1};
constexpr std::array<uint8_t, 16> kPi = {0xC9, 0x0F, 0xDA, 0xA2, 0x21, 0x68, 0xC2, 0x34,
                                         0xC4, 0xC6, 0x62, 0x8B, 0x80, 0xDC, 0x1C, 0xD1};

}  // namespace

size_t KeyExchangeParams::key_bits() const {
  switch (kind) {
    case Kind::dh: return dh_bits;
    case Kind::rsa: return rsa_bits;
    case Kind::ecdh:
      switch (static_cast<uint16_t>(curve)) {
        case 0x0017: return 256;
        case 0x0018: return 384;
        case 0x0019: return 521;
        case 0x001D: return 253;
        case 0x001E: return 448;
        case 0x001A: return 256;
        case 0x001B: return 384;
        case 0x001C: return 512;
        default: return ec_point.size() > 1 ? (ec_point.size() - 1) / 2 * 8 : ec_point.size() * 8;
      }
    case Kind::psk_hint_only: return 0;
  }
  return 0;
}

size_t bit_length(ByteView be) {
  size_t i = 0;
  while (i < be.size() && be[i] == 0) ++i;
  if (i == be.size()) return 0;
  size_t bits = (be.size() - i - 1) * 8;
  for (uint8_t b = be[i]; b != 0; b >>= 1) ++bits;
  return bits;
}

std::optional<NamedGroup> identify_ffdhe_prime(ByteView p, std::string* name) {
  static const KnownPrime kPrimes[] = {
      {256, kE, "ffdhe2048 (RFC 7919)", NamedGroup{0x0100}},
      {384, kE, "ffdhe3072 (RFC 7919)", NamedGroup{0x0101}},
      {512, kE, "ffdhe4096 (RFC 7919)", NamedGroup{0x0102}},
      {768, kE, "ffdhe6144 (RFC 7919)", NamedGroup{0x0103}},
      {1024, kE, "ffdhe8192 (RFC 7919)", NamedGroup{0x0104}},
      {96, kPi, "Oakley group 1, 768 bits (RFC 2409)", std::nullopt},
      {128, kPi, "Oakley group 2, 1024 bits (RFC 2409)", std::nullopt},
      {192, kPi, "MODP group 5, 1536 bits (RFC 3526)", std::nullopt},
      {256, kPi, "MODP group 14, 2048 bits (RFC 3526)", std::nullopt},
      {384, kPi, "MODP group 15, 3072 bits (RFC 3526)", std::nullopt},
      {512, kPi, "MODP group 16, 4096 bits (RFC 3526)", std::nullopt},
      {768, kPi, "MODP group 17, 6144 bits (RFC 3526)", std::nullopt},
      {1024, kPi, "MODP group 18, 8192 bits (RFC 3526)", std::nullopt},
  };
  if (p.size() < 24) return std::nullopt;
  auto all_ones = [](ByteView v) { return std::all_of(v.begin(), v.end(), [](uint8_t b) { return b == 0xFF; }); };
  if (!all_ones(p.first(8)) || !all_ones(p.last(8))) return std::nullopt;
  for (const KnownPrime& k : kPrimes) {
    if (p.size() != k.bytes) continue;
    if (!std::equal(k.after_ones.begin(), k.after_ones.end(), p.begin() + 8)) continue;
    if (name) *name = k.name;
    return k.group;
  }
  return std::nullopt;
}

Result<KeyExchangeParams> parse_key_exchange_params(ByteView body, KeyExchange kex,
                                                    ProtocolVersion version) {
  ByteReader r(body);
  KeyExchangeParams k;
  switch (kex) {
    case KeyExchange::dhe:
      TK_TRY(read_dh(r, k));
      TK_TRY(read_signature(r, k, version));
      break;
    case KeyExchange::dh_anon:
      TK_TRY(read_dh(r, k));
      break;
    case KeyExchange::ecdhe:
      TK_TRY(read_ecdh(r, k));
      TK_TRY(read_signature(r, k, version));
      break;
    case KeyExchange::ecdh_anon:
      TK_TRY(read_ecdh(r, k));
      break;
    case KeyExchange::rsa_export:
      TK_TRY(read_rsa(r, k));
      TK_TRY(read_signature(r, k, version));
      break;
    case KeyExchange::psk:
    case KeyExchange::rsa_psk:
      k.kind = KeyExchangeParams::Kind::psk_hint_only;
      TK_TRY(read_hint(r, k));
      break;
    case KeyExchange::dhe_psk:  // RFC 4279 §3: hint, then unsigned ServerDHParams
      TK_TRY(read_hint(r, k));
      TK_TRY(read_dh(r, k));
      break;
    case KeyExchange::ecdhe_psk:  // RFC 5489 §2: hint, then unsigned ServerECDHParams
      TK_TRY(read_hint(r, k));
      TK_TRY(read_ecdh(r, k));
      break;
    default:
      return make_error(ErrorCode::unexpected_message, Alert::unexpected_message, Party::peer, kStep,
                        std::string("ServerKeyExchange for a ") + key_exchange_name(kex) +
                            " key exchange, which this parser does not read (or which has none)");
  }
  if (!r.empty()) return decode(std::to_string(r.remaining()) + " trailing bytes");
  return k;
}

}  // namespace tlskit::probe
