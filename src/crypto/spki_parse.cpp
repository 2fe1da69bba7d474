// Strict SubjectPublicKeyInfo and RSASSA-PSS-params parsing over the codec's DER reader.
#include <array>
#include <cstring>
#include <string>

#include "codec/der_reader.h"
#include "crypto/crypto_internal.h"

namespace tlskit::crypto {
namespace {

// OID contents (DER value bytes, without tag and length).
constexpr std::array<uint8_t, 9> kOidRsaEncryption = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01};
constexpr std::array<uint8_t, 9> kOidRsassaPss = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a};
constexpr std::array<uint8_t, 9> kOidMgf1 = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08};
constexpr std::array<uint8_t, 7> kOidEcPublicKey = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01};
constexpr std::array<uint8_t, 8> kOidP256 = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
constexpr std::array<uint8_t, 5> kOidP384 = {0x2b, 0x81, 0x04, 0x00, 0x22};
constexpr std::array<uint8_t, 5> kOidP521 = {0x2b, 0x81, 0x04, 0x00, 0x23};
constexpr std::array<uint8_t, 5> kOidSecp256k1 = {0x2b, 0x81, 0x04, 0x00, 0x0a};
constexpr std::array<uint8_t, 3> kOidEd25519 = {0x2b, 0x65, 0x70};
constexpr std::array<uint8_t, 3> kOidX25519 = {0x2b, 0x65, 0x6e};
constexpr std::array<uint8_t, 3> kOidX448 = {0x2b, 0x65, 0x6f};
constexpr std::array<uint8_t, 3> kOidEd448 = {0x2b, 0x65, 0x71};
constexpr std::array<uint8_t, 7> kOidDsa = {0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01};
constexpr std::array<uint8_t, 7> kOidDh = {0x2a, 0x86, 0x48, 0xce, 0x3e, 0x02, 0x01};
constexpr std::array<uint8_t, 5> kOidSha1 = {0x2b, 0x0e, 0x03, 0x02, 0x1a};
constexpr std::array<uint8_t, 9> kOidSha256 = {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01};
constexpr std::array<uint8_t, 9> kOidSha384 = {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02};
constexpr std::array<uint8_t, 9> kOidSha512 = {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03};

template <size_t N>
bool is_oid(ByteView v, const std::array<uint8_t, N>& oid) {
  return v.size() == N && std::memcmp(v.data(), oid.data(), N) == 0;
}

Error spki_error(std::string detail) {
  return make_error(ErrorCode::decode_error, Alert::none, Party::peer, Step::none,
                    std::move(detail));
}

Error unsupported(std::string detail) {
  return make_error(ErrorCode::decode_error, Alert::none, Party::peer, Step::none,
                    std::move(detail));
}

// Reads a positive INTEGER and returns its magnitude without the leading zero byte.
bool read_positive_integer(der::Reader& r, ByteView& out) {
  ByteView v;
  if (!r.read_integer(v)) return false;
  if (v.empty() || (v[0] & 0x80)) return false;  // negative
  if (v[0] == 0) v = v.subspan(1);
  if (v.empty()) return false;  // zero
  out = v;
  return true;
}

size_t bit_length(ByteView magnitude) {
  if (magnitude.empty()) return 0;
  size_t bits = magnitude.size() * 8;
  for (uint8_t top = magnitude[0]; !(top & 0x80); top <<= 1) --bits;
  return bits;
}

// Parses a HashAlgorithm AlgorithmIdentifier (RFC 4055 §2.1: parameters NULL or absent).
bool parse_hash_alg(ByteView seq_contents, HashAlg& out) {
  der::Reader r(seq_contents);
  ByteView oid;
  if (!r.read_oid(oid)) return false;
  if (!r.empty()) {
    ByteView null_value;
    if (!r.read(der::kNull, null_value) || !null_value.empty()) return false;
  }
  if (!r.done()) return false;
  if (is_oid(oid, kOidSha1)) out = HashAlg::sha1;
  else if (is_oid(oid, kOidSha256)) out = HashAlg::sha256;
  else if (is_oid(oid, kOidSha384)) out = HashAlg::sha384;
  else if (is_oid(oid, kOidSha512)) out = HashAlg::sha512;
  else return false;
  return true;
}

Result<ParsedSpki> parse_rsa_key(ParsedSpki s) {
  der::Reader outer(s.key);
  der::Reader r;
  // RFC 3447 Appendix A.1.1: RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }
  if (!outer.enter(der::kSequence, r) || !outer.done() || !read_positive_integer(r, s.rsa_n) ||
      !read_positive_integer(r, s.rsa_e) || !r.done())
    return spki_error("malformed RSAPublicKey in SubjectPublicKeyInfo");
  s.bits = bit_length(s.rsa_n);
  if (s.bits > kMaxRsaModulusBits)
    return unsupported("RSA modulus of " + std::to_string(s.bits) + " bits is larger than the " +
                       std::to_string(kMaxRsaModulusBits) + "-bit limit");
  if (s.bits < kMinRsaModulusBits)
    return unsupported("RSA modulus of " + std::to_string(s.bits) + " bits is too small to use");
  if (s.rsa_e.size() > kMaxRsaExponentBytes)
    return unsupported("RSA public exponent longer than 64 bits");
  if (!(s.rsa_e.back() & 1) || (s.rsa_e.size() == 1 && s.rsa_e[0] < 3))
    return spki_error("RSA public exponent must be odd and at least 3");
  return s;
}

}  // namespace

size_t ec_field_bytes(KeyType t) {
  switch (t) {
    case KeyType::ec_p256: return 32;
    case KeyType::ec_p384: return 48;
    case KeyType::ec_p521: return 66;
    default: return 0;
  }
}

Result<PssParams> parse_pss_params(ByteView der_bytes) {
  PssParams p;
  der::Reader outer(der_bytes);
  der::Reader r;
  if (!outer.enter(der::kSequence, r) || !outer.done())
    return spki_error("malformed RSASSA-PSS parameters");
  bool present = false;
  ByteView v;
  // [0] hashAlgorithm
  if (!r.read_optional(der::context_constructed(0), v, present))
    return spki_error("malformed RSASSA-PSS hashAlgorithm");
  if (present) {
    der::Reader h(v);
    ByteView seq;
    if (!h.read(der::kSequence, seq) || !h.done() || !parse_hash_alg(seq, p.hash))
      return unsupported("RSASSA-PSS hashAlgorithm is not SHA-1, SHA-256, SHA-384 or SHA-512");
  }
  // [1] maskGenAlgorithm: MGF1 with a hash AlgorithmIdentifier as its parameters.
  if (!r.read_optional(der::context_constructed(1), v, present))
    return spki_error("malformed RSASSA-PSS maskGenAlgorithm");
  if (present) {
    der::Reader m(v);
    der::Reader mgf;
    ByteView oid, hash_seq;
    if (!m.enter(der::kSequence, mgf) || !m.done() || !mgf.read_oid(oid))
      return spki_error("malformed RSASSA-PSS maskGenAlgorithm");
    if (!is_oid(oid, kOidMgf1))
      return unsupported("RSASSA-PSS mask generation function " + der::oid_to_string(oid) +
                         " is not MGF1");
    if (!mgf.read(der::kSequence, hash_seq) || !mgf.done() || !parse_hash_alg(hash_seq, p.mgf1_hash))
      return unsupported("RSASSA-PSS MGF1 hash is not SHA-1, SHA-256, SHA-384 or SHA-512");
  }
  // [2] saltLength
  if (!r.read_optional(der::context_constructed(2), v, present))
    return spki_error("malformed RSASSA-PSS saltLength");
  if (present) {
    der::Reader s(v);
    uint64_t salt = 0;
    if (!s.read_uint64(salt) || !s.done() || salt > 1024)
      return spki_error("malformed RSASSA-PSS saltLength");
    p.salt_len = static_cast<size_t>(salt);
  }
  // [3] trailerField: RFC 4055 §3.1 allows only trailerFieldBC (1).
  if (!r.read_optional(der::context_constructed(3), v, present))
    return spki_error("malformed RSASSA-PSS trailerField");
  if (present) {
    der::Reader t(v);
    uint64_t trailer = 0;
    if (!t.read_uint64(trailer) || !t.done() || trailer != 1)
      return spki_error("RSASSA-PSS trailerField must be 1");
  }
  if (!r.done()) return spki_error("trailing data in RSASSA-PSS parameters");
  return p;
}

Result<ParsedSpki> parse_spki(ByteView der_bytes) {
  ParsedSpki s;
  der::Reader top(der_bytes);
  der::Reader spki, alg;
  ByteView oid, bits;
  if (!top.enter(der::kSequence, spki) || !top.done())
    return spki_error("SubjectPublicKeyInfo is not a single DER SEQUENCE");
  if (!spki.enter(der::kSequence, alg) || !alg.read_oid(oid))
    return spki_error("malformed AlgorithmIdentifier in SubjectPublicKeyInfo");
  der::Element params;
  bool has_params = !alg.empty();
  if (has_params && !alg.next(params))
    return spki_error("malformed AlgorithmIdentifier parameters in SubjectPublicKeyInfo");
  if (!alg.done())
    return spki_error("trailing data in SubjectPublicKeyInfo AlgorithmIdentifier");
  if (!spki.read(der::kBitString, bits) || !spki.done())
    return spki_error("malformed subjectPublicKey BIT STRING");
  der::BitString bs;
  if (!der::parse_bit_string(bits, bs) || bs.unused != 0)
    return spki_error("subjectPublicKey BIT STRING must hold whole bytes");
  s.key = bs.bytes;

  if (is_oid(oid, kOidRsaEncryption)) {
    // RFC 3279 §2.3.1: parameters MUST be NULL (some encoders omit them; we accept that).
    if (has_params && (params.tag != der::kNull || !params.value.empty()))
      return spki_error("rsaEncryption parameters must be NULL");
    s.type = KeyType::rsa;
    return parse_rsa_key(s);
  }
  if (is_oid(oid, kOidRsassaPss)) {
    s.type = KeyType::rsa_pss;
    // RFC 4055 §3.1: absent parameters mean the key may be used with any PSS parameters.
    if (has_params) {
      TK_ASSIGN(s.pss, parse_pss_params(params.raw));
      s.pss_restricted = true;
    }
    return parse_rsa_key(s);
  }
  if (is_oid(oid, kOidEcPublicKey)) {
    // RFC 5480 §2.1.1: only namedCurve is allowed in PKIX; implicitCurve and specifiedCurve
    // MUST NOT be used.
    if (!has_params || params.tag != der::kOid)
      return unsupported("EC public key without a named curve (explicit parameters are not supported)");
    if (is_oid(params.value, kOidP256)) s.type = KeyType::ec_p256, s.bits = 256;
    else if (is_oid(params.value, kOidP384)) s.type = KeyType::ec_p384, s.bits = 384;
    else if (is_oid(params.value, kOidP521)) s.type = KeyType::ec_p521, s.bits = 521;
    else if (is_oid(params.value, kOidSecp256k1))
      return unsupported("EC curve secp256k1 is not supported");
    else
      return unsupported("EC curve " + der::oid_to_string(params.value) + " is not supported");
    size_t f = ec_field_bytes(s.type);
    // RFC 5480 §2.2: uncompressed (0x04) MUST be supported; compressed (0x02/0x03) MAY.
    bool ok = (s.key.size() == 1 + 2 * f && s.key[0] == 0x04) ||
              (s.key.size() == 1 + f && (s.key[0] == 0x02 || s.key[0] == 0x03));
    if (!ok)
      return spki_error(std::string("EC public key for ") + key_type_name(s.type) +
                        " has a malformed point encoding (" + std::to_string(s.key.size()) + " bytes)");
    return s;
  }
  if (is_oid(oid, kOidEd25519)) {
    // RFC 8410 §3: the parameters MUST be absent.
    if (has_params) return spki_error("Ed25519 AlgorithmIdentifier must not have parameters");
    if (s.key.size() != 32)
      return spki_error("Ed25519 public key must be 32 bytes, got " + std::to_string(s.key.size()));
    s.type = KeyType::ed25519;
    s.bits = 253;
    return s;
  }
  if (is_oid(oid, kOidDsa)) return unsupported("unsupported public key type: DSA");
  if (is_oid(oid, kOidDh)) return unsupported("unsupported public key type: DH");
  if (is_oid(oid, kOidX25519)) return unsupported("unsupported public key type: X25519 (not a signature key)");
  if (is_oid(oid, kOidX448)) return unsupported("unsupported public key type: X448 (not a signature key)");
  if (is_oid(oid, kOidEd448)) return unsupported("unsupported public key type: Ed448");
  return unsupported("unsupported public key algorithm " + der::oid_to_string(oid));
}

}  // namespace tlskit::crypto
