// AlgorithmIdentifier and SubjectPublicKeyInfo parsing.
#include "x509/algorithms.h"

#include "codec/der_reader.h"
#include "x509/oid.h"

namespace tlskit::x509 {
namespace {

Error alg_error(std::string detail) {
  return make_error(ErrorCode::decode_error, Alert::bad_certificate, Party::peer,
                    Step::certificate_validation, std::move(detail));
}

// Parses a HashAlgorithm AlgorithmIdentifier (parameters NULL or absent, RFC 4055 §2.1).
bool parse_hash_alg(ByteView contents, DigestAlg& out) {
  der::Reader r(contents);
  ByteView oid;
  if (!r.read_oid(oid)) return false;
  if (!r.empty()) {
    ByteView null;
    if (!r.read(der::kNull, null) || !null.empty() || !r.empty()) return false;
  }
  if (oid_eq(oid, kOidSha1))
    out = DigestAlg::sha1;
  else if (oid_eq(oid, kOidSha256))
    out = DigestAlg::sha256;
  else if (oid_eq(oid, kOidSha384))
    out = DigestAlg::sha384;
  else if (oid_eq(oid, kOidSha512))
    out = DigestAlg::sha512;
  else
    return false;
  return true;
}

// RFC 4055 §3.1 RSASSA-PSS-params.
bool parse_pss_params(ByteView contents, SignatureAlgorithm& a) {
  a.digest = DigestAlg::sha1;
  a.mgf1 = DigestAlg::sha1;
  a.salt_len = 20;
  der::Reader r(contents);
  der::Reader inner;
  if (r.peek(der::context_constructed(0))) {
    der::Reader h;
    if (!r.enter(der::context_constructed(0), inner) || !inner.enter(der::kSequence, h) ||
        !inner.empty())
      return false;
    if (!parse_hash_alg(h.rest(), a.digest)) return false;
  }
  if (r.peek(der::context_constructed(1))) {
    der::Reader mgf, hash;
    ByteView oid;
    if (!r.enter(der::context_constructed(1), inner) || !inner.enter(der::kSequence, mgf) ||
        !inner.empty())
      return false;
    if (!mgf.read_oid(oid) || !oid_eq(oid, kOidMgf1)) return false;
    if (!mgf.enter(der::kSequence, hash) || !mgf.empty()) return false;
    if (!parse_hash_alg(hash.rest(), a.mgf1)) return false;
  }
  if (r.peek(der::context_constructed(2))) {
    uint64_t salt = 0;
    if (!r.enter(der::context_constructed(2), inner) || !inner.read_uint64(salt) ||
        !inner.empty() || salt > 1024)
      return false;
    a.salt_len = static_cast<size_t>(salt);
  }
  if (r.peek(der::context_constructed(3))) {
    uint64_t trailer = 0;
    if (!r.enter(der::context_constructed(3), inner) || !inner.read_uint64(trailer) ||
        !inner.empty() || trailer != 1)
      return false;
  }
  return r.done();
}

}  // namespace

const char* digest_name(DigestAlg d) {
  switch (d) {
    case DigestAlg::none:
      return "none";
    case DigestAlg::md5:
      return "MD5";
    case DigestAlg::sha1:
      return "SHA1";
    case DigestAlg::sha224:
      return "SHA224";
    case DigestAlg::sha256:
      return "SHA256";
    case DigestAlg::sha384:
      return "SHA384";
    case DigestAlg::sha512:
      return "SHA512";
  }
  return "?";
}

Result<SignatureAlgorithm> parse_signature_algorithm(ByteView alg_id) {
  der::Reader outer(alg_id);
  der::Reader r;
  ByteView oid;
  if (!outer.enter(der::kSequence, r) || !outer.empty() || !r.read_oid(oid))
    return alg_error("malformed AlgorithmIdentifier");
  ByteView params = r.rest();
  SignatureAlgorithm a;
  a.name = oid_display(oid);
  bool params_absent = params.empty();
  bool params_null = params.size() == 2 && params[0] == der::kNull && params[1] == 0;
  struct Rsa {
    OidBytes oid;
    DigestAlg d;
  };
  static constexpr Rsa kRsa[] = {
      {kOidMd5WithRsa, DigestAlg::md5},       {kOidSha1WithRsa, DigestAlg::sha1},
      {kOidSha224WithRsa, DigestAlg::sha224}, {kOidSha256WithRsa, DigestAlg::sha256},
      {kOidSha384WithRsa, DigestAlg::sha384}, {kOidSha512WithRsa, DigestAlg::sha512}};
  for (const auto& k : kRsa) {
    if (!oid_eq(oid, k.oid)) continue;
    // RFC 4055 §5: parameters MUST be NULL; absent is tolerated (as browsers do).
    if (!params_absent && !params_null) return alg_error(a.name + ": parameters must be NULL");
    a.kind = SigKind::rsa_pkcs1;
    a.digest = k.d;
    return a;
  }
  static constexpr Rsa kEc[] = {{kOidEcdsaSha1, DigestAlg::sha1},
                                {kOidEcdsaSha224, DigestAlg::sha224},
                                {kOidEcdsaSha256, DigestAlg::sha256},
                                {kOidEcdsaSha384, DigestAlg::sha384},
                                {kOidEcdsaSha512, DigestAlg::sha512}};
  for (const auto& k : kEc) {
    if (!oid_eq(oid, k.oid)) continue;
    // RFC 5758 §3.2: the parameters field MUST be absent.
    if (!params_absent) return alg_error(a.name + ": parameters must be absent");
    a.kind = SigKind::ecdsa;
    a.digest = k.d;
    return a;
  }
  if (oid_eq(oid, kOidEd25519) || oid_eq(oid, kOidEd448)) {
    // RFC 8410 §6: parameters MUST be absent.
    if (!params_absent) return alg_error(a.name + ": parameters must be absent");
    a.kind = oid_eq(oid, kOidEd25519) ? SigKind::ed25519 : SigKind::ed448;
    if (a.kind == SigKind::ed448) a.unsupported = "Ed448 signatures are not supported";
    return a;
  }
  if (oid_eq(oid, kOidRsaPss)) {
    a.kind = SigKind::rsa_pss;
    der::Reader pr(params);
    ByteView pss;
    if (!pr.read(der::kSequence, pss) || !pr.empty() || !parse_pss_params(pss, a))
      return alg_error("rsassaPss: malformed or unsupported RSASSA-PSS parameters");
    return a;
  }
  if (oid_eq(oid, kOidDsaSha1) || oid_eq(oid, kOidDsaSha256)) {
    a.kind = SigKind::dsa;
    a.digest = oid_eq(oid, kOidDsaSha1) ? DigestAlg::sha1 : DigestAlg::sha256;
    a.unsupported = "DSA signatures are not supported";
    return a;
  }
  a.unsupported = "unknown signature algorithm " + der::oid_to_string(oid);
  return a;
}

Result<crypto::SignatureParams> provider_params(const SignatureAlgorithm& a) {
  if (!a.unsupported.empty()) return alg_error(a.unsupported);
  auto hash = [](DigestAlg d, crypto::HashAlg& h) {
    switch (d) {
      case DigestAlg::sha256:
        h = crypto::HashAlg::sha256;
        return true;
      case DigestAlg::sha384:
        h = crypto::HashAlg::sha384;
        return true;
      case DigestAlg::sha512:
        h = crypto::HashAlg::sha512;
        return true;
      case DigestAlg::sha1:
        h = crypto::HashAlg::sha1;
        return true;
      case DigestAlg::md5:
        h = crypto::HashAlg::md5;
        return true;
      default:
        return false;
    }
  };
  crypto::SignatureParams p;
  switch (a.kind) {
    case SigKind::rsa_pkcs1:
      p.kind = crypto::SignatureParams::Kind::rsa_pkcs1;
      break;
    case SigKind::rsa_pss:
      p.kind = crypto::SignatureParams::Kind::rsa_pss;
      break;
    case SigKind::ecdsa:
      p.kind = crypto::SignatureParams::Kind::ecdsa;
      break;
    case SigKind::ed25519:
      p.kind = crypto::SignatureParams::Kind::ed25519;
      return p;
    default:
      return alg_error("signature algorithm " + a.name + " is not supported");
  }
  if (!hash(a.digest, p.hash))
    return alg_error(std::string("digest ") + digest_name(a.digest) + " is not supported");
  if (a.kind == SigKind::rsa_pss) {
    if (!hash(a.mgf1, p.mgf1_hash))
      return alg_error(std::string("MGF1 digest ") + digest_name(a.mgf1) + " is not supported");
    p.pss_salt_len = a.salt_len;
  }
  return p;
}

bool key_matches_algorithm(const PublicKey& k, const SignatureAlgorithm& a) {
  switch (a.kind) {
    case SigKind::rsa_pkcs1:
      return k.alg == KeyAlg::rsa;
    case SigKind::rsa_pss:
      return k.alg == KeyAlg::rsa || k.alg == KeyAlg::rsa_pss;
    case SigKind::ecdsa:
      return k.alg == KeyAlg::ec;
    case SigKind::ed25519:
      return k.alg == KeyAlg::ed25519;
    case SigKind::ed448:
      return k.alg == KeyAlg::ed448;
    case SigKind::dsa:
      return k.alg == KeyAlg::dsa;
    case SigKind::unknown:
      return false;
  }
  return false;
}

std::string PublicKey::description() const {
  switch (alg) {
    case KeyAlg::rsa:
      return "RSA " + std::to_string(bits) + " bits";
    case KeyAlg::rsa_pss:
      return "RSA-PSS " + std::to_string(bits) + " bits";
    case KeyAlg::ec:
      return "EC " + curve_name;
    case KeyAlg::ed25519:
      return "Ed25519";
    case KeyAlg::ed448:
      return "Ed448";
    case KeyAlg::dsa:
      return "DSA";
    case KeyAlg::unknown:
      return "unknown key type";
  }
  return "unknown key type";
}

Result<PublicKey> parse_public_key(ByteView spki) {
  PublicKey k;
  k.spki = spki;
  der::Reader outer(spki);
  der::Reader seq, alg;
  ByteView oid, bits_value;
  if (!outer.enter(der::kSequence, seq) || !outer.empty() || !seq.enter(der::kSequence, alg) ||
      !alg.read_oid(oid) || !seq.read(der::kBitString, bits_value) || !seq.empty())
    return alg_error("malformed SubjectPublicKeyInfo");
  der::BitString bs;
  if (!der::parse_bit_string(bits_value, bs) || bs.unused != 0)
    return alg_error("SubjectPublicKeyInfo: malformed key BIT STRING");
  k.key_bits = bs.bytes;
  ByteView params = alg.rest();
  if (oid_eq(oid, kOidRsaEncryption) || oid_eq(oid, kOidRsaPss)) {
    k.alg = oid_eq(oid, kOidRsaEncryption) ? KeyAlg::rsa : KeyAlg::rsa_pss;
    der::Reader kr(k.key_bits), rsa;
    ByteView n, e;
    if (!kr.enter(der::kSequence, rsa) || !kr.empty() || !rsa.read_integer(n) ||
        !rsa.read_integer(e) || !rsa.empty() || (n[0] & 0x80) || (e[0] & 0x80))
      return alg_error("malformed RSA public key");
    if (n[0] == 0) n = n.subspan(1);
    k.rsa_modulus = n;
    k.rsa_exponent = e;
    size_t bits = n.size() * 8;
    for (uint8_t top = n.empty() ? 0 : n[0]; bits && !(top & 0x80);
         top = static_cast<uint8_t>(top << 1))
      --bits;
    k.bits = bits;
    return k;
  }
  if (oid_eq(oid, kOidEcPublicKey)) {
    k.alg = KeyAlg::ec;
    der::Reader pr(params);
    ByteView curve;
    // RFC 5480 §2.1.1: namedCurve only (explicit parameters are not supported).
    if (!pr.read_oid(curve) || !pr.empty()) return alg_error("EC key without a named curve");
    k.curve_oid = curve;
    size_t expect = 0;
    if (oid_eq(curve, kOidP256)) {
      k.curve_name = "P-256";
      k.bits = 256;
      expect = 65;
    } else if (oid_eq(curve, kOidP384)) {
      k.curve_name = "P-384";
      k.bits = 384;
      expect = 97;
    } else if (oid_eq(curve, kOidP521)) {
      k.curve_name = "P-521";
      k.bits = 521;
      expect = 133;
    } else if (oid_eq(curve, kOidP192)) {
      k.curve_name = "P-192";
      k.bits = 192;
    } else
      k.curve_name = der::oid_to_string(curve);
    // Uncompressed (04) or compressed (02/03) points only.
    if (k.key_bits.empty()) return alg_error("EC key: empty point");
    if (expect) {
      uint8_t form = k.key_bits[0];
      size_t compressed = (expect - 1) / 2 + 1;
      if (!((form == 4 && k.key_bits.size() == expect) ||
            ((form == 2 || form == 3) && k.key_bits.size() == compressed)))
        return alg_error("EC key: malformed point for " + k.curve_name);
    }
    return k;
  }
  if (oid_eq(oid, kOidEd25519)) {
    k.alg = KeyAlg::ed25519;
    k.bits = 256;
    if (!params.empty() || k.key_bits.size() != 32) return alg_error("malformed Ed25519 key");
    return k;
  }
  if (oid_eq(oid, kOidEd448)) {
    k.alg = KeyAlg::ed448;
    k.bits = 456;
    return k;
  }
  if (oid_eq(oid, kOidDsa)) {
    k.alg = KeyAlg::dsa;
    return k;
  }
  return k;
}

}  // namespace tlskit::x509
