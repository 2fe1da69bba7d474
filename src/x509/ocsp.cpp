// OCSP response parsing and verification (RFC 6960).
#include "x509/ocsp.h"

#include <algorithm>

#include "codec/der_reader.h"
#include "x509/crl.h"
#include "x509/oid.h"
#include "x509/verify_codes.h"

namespace tlskit::x509 {
namespace {

Error ocsp_error(std::string detail) {
  return make_error(ErrorCode::decode_error, Alert::bad_certificate_status_response, Party::peer,
                    Step::certificate_validation, "OCSP response: " + std::move(detail));
}

bool read_gtime(der::Reader& r, int64_t& out) {
  ByteView v;
  if (!r.read(der::kGeneralizedTime, v)) return false;
  auto t = der::parse_time(der::kGeneralizedTime, v);
  if (!t) return false;
  out = *t;
  return true;
}

bool same(ByteView a, ByteView b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

Result<OcspSingle> parse_single(der::Reader& r) {
  der::Reader s, certid, alg;
  OcspSingle out;
  if (!r.enter(der::kSequence, s) || !s.enter(der::kSequence, certid) ||
      !certid.enter(der::kSequence, alg) || !alg.read_oid(out.hash_alg_oid) ||
      !certid.read(der::kOctetString, out.issuer_name_hash) ||
      !certid.read(der::kOctetString, out.issuer_key_hash) || !certid.read_integer(out.serial) ||
      !certid.empty())
    return ocsp_error("malformed CertID");
  der::Element st;
  if (!s.next(st)) return ocsp_error("missing certStatus");
  if (st.tag == der::context(0)) {
    out.status = OcspCertStatus::good;
  } else if (st.tag == der::context_constructed(1)) {
    out.status = OcspCertStatus::revoked;
    der::Reader ri(st.value);
    if (!read_gtime(ri, out.revoked_at)) return ocsp_error("malformed revocationTime");
    if (ri.peek(der::context_constructed(0))) {
      der::Reader w;
      ByteView en;
      if (!ri.enter(der::context_constructed(0), w) || !w.read(der::kEnumerated, en) ||
          en.size() != 1)
        return ocsp_error("malformed revocationReason");
      out.reason = en[0];
    }
    if (!ri.empty()) return ocsp_error("malformed RevokedInfo");
  } else if (st.tag == der::context(2)) {
    out.status = OcspCertStatus::unknown;
  } else {
    return ocsp_error("unknown certStatus");
  }
  if (!read_gtime(s, out.this_update)) return ocsp_error("malformed thisUpdate");
  if (s.peek(der::context_constructed(0))) {
    der::Reader w;
    int64_t t = 0;
    if (!s.enter(der::context_constructed(0), w) || !read_gtime(w, t) || !w.empty())
      return ocsp_error("malformed nextUpdate");
    out.next_update = t;
  }
  if (s.peek(der::context_constructed(1))) {
    ByteView ignored;
    if (!s.read(der::context_constructed(1), ignored))
      return ocsp_error("malformed singleExtensions");
  }
  if (!s.empty()) return ocsp_error("unexpected data in SingleResponse");
  return out;
}

}  // namespace

Result<OcspResponse> parse_ocsp_response(ByteView input) {
  if (input.size() > kMaxOcspResponseSize) return ocsp_error("larger than 64 KB");
  OcspResponse resp;
  resp.der.assign(input.begin(), input.end());
  der::Reader top(resp.der), seq;
  ByteView status;
  if (!top.enter(der::kSequence, seq) || !top.empty() || !seq.read(der::kEnumerated, status) ||
      status.size() != 1)
    return ocsp_error("not a DER OCSPResponse");
  resp.response_status = status[0];
  if (resp.response_status != 0) {
    if (!seq.empty()) return ocsp_error("unsuccessful response with responseBytes");
    return resp;
  }
  der::Reader wrap, rb, basic_outer, basic, tbs;
  ByteView type, octets;
  if (!seq.enter(der::context_constructed(0), wrap) || !seq.empty() ||
      !wrap.enter(der::kSequence, rb) || !wrap.empty() || !rb.read_oid(type) ||
      !rb.read(der::kOctetString, octets) || !rb.empty())
    return ocsp_error("malformed responseBytes");
  if (!oid_eq(type, kOidOcspBasic))
    return ocsp_error("response type " + der::oid_to_string(type) + " is not id-pkix-ocsp-basic");
  basic_outer = der::Reader(octets);
  der::Element tbs_el, alg_el;
  ByteView sigbits;
  if (!basic_outer.enter(der::kSequence, basic) || !basic_outer.empty() ||
      !basic.read_element(der::kSequence, tbs_el) || !basic.read_element(der::kSequence, alg_el) ||
      !basic.read(der::kBitString, sigbits))
    return ocsp_error("malformed BasicOCSPResponse");
  der::BitString bs;
  if (!der::parse_bit_string(sigbits, bs) || bs.unused) return ocsp_error("malformed signature");
  resp.signature = bs.bytes;
  resp.tbs_response_data = tbs_el.raw;
  TK_ASSIGN(resp.sig_alg, parse_signature_algorithm(alg_el.raw));
  if (basic.peek(der::context_constructed(0))) {
    der::Reader w, list;
    if (!basic.enter(der::context_constructed(0), w) || !w.enter(der::kSequence, list) ||
        !w.empty())
      return ocsp_error("malformed certs");
    while (!list.empty()) {
      der::Element ce;
      if (!list.read_element(der::kSequence, ce) || resp.certs.size() >= 8)
        return ocsp_error("malformed certs");
      auto c = Certificate::parse(ce.raw);
      if (!c) return ocsp_error("responder certificate: " + c.error().detail);
      resp.certs.push_back(std::move(*c));
    }
  }
  if (!basic.empty()) return ocsp_error("unexpected data in BasicOCSPResponse");
  tbs = der::Reader(tbs_el.value);
  if (tbs.peek(der::context_constructed(0))) {
    der::Reader w;
    uint64_t v = 1;
    if (!tbs.enter(der::context_constructed(0), w) || !w.read_uint64(v) || v != 0)
      return ocsp_error("unknown version");
  }
  der::Element rid;
  if (!tbs.next(rid)) return ocsp_error("missing responderID");
  if (rid.tag == der::context_constructed(1)) {
    auto name = parse_name(rid.value);
    if (!name) return ocsp_error("malformed responderID byName");
    resp.responder_name = std::move(*name);
  } else if (rid.tag == der::context_constructed(2)) {
    der::Reader kr(rid.value);
    if (!kr.read(der::kOctetString, resp.responder_key_hash) || !kr.empty())
      return ocsp_error("malformed responderID byKey");
    resp.responder_by_key = true;
  } else {
    return ocsp_error("unknown responderID");
  }
  if (!read_gtime(tbs, resp.produced_at)) return ocsp_error("malformed producedAt");
  der::Reader list;
  if (!tbs.enter(der::kSequence, list)) return ocsp_error("malformed responses");
  while (!list.empty()) {
    if (resp.responses.size() >= kMaxOcspSingleResponses) return ocsp_error("too many responses");
    TK_ASSIGN(auto single, parse_single(list));
    resp.responses.push_back(single);
  }
  if (tbs.peek(der::context_constructed(1))) {
    ByteView ignored;
    if (!tbs.read(der::context_constructed(1), ignored))
      return ocsp_error("malformed responseExtensions");
  }
  if (!tbs.empty()) return ocsp_error("unexpected data in ResponseData");
  return resp;
}

OcspResult check_ocsp(ByteView der, const Certificate& cert, const Certificate& issuer, int64_t now,
                      bool allow_sha1, const crypto::Provider& provider) {
  OcspResult res;
  auto fail = [&](int code, std::string d) {
    res.code = code;
    res.detail = std::move(d);
    return res;
  };
  auto parsed = parse_ocsp_response(der);
  if (!parsed) return fail(kOcspVerifyFailed, parsed.error().detail);
  const OcspResponse& r = *parsed;
  if (r.response_status != 0)
    return fail(kOcspVerifyFailed, "the OCSP responder answered with status " +
                                       std::to_string(r.response_status) +
                                       " instead of successful");
  // Find the SingleResponse for cert (RFC 6960 §4.1.1 CertID).
  const OcspSingle* single = nullptr;
  for (const auto& s : r.responses) {
    crypto::HashAlg h;
    if (oid_eq(s.hash_alg_oid, kOidSha1))
      h = crypto::HashAlg::sha1;
    else if (oid_eq(s.hash_alg_oid, kOidSha256))
      h = crypto::HashAlg::sha256;
    else
      continue;
    uint8_t name_hash[crypto::kMaxHashSize], key_hash[crypto::kMaxHashSize];
    size_t n = crypto::hash_size(h);
    provider.hash(h, issuer.subject.der, MutableByteView(name_hash, n));
    provider.hash(h, issuer.key.key_bits, MutableByteView(key_hash, n));
    if (same(s.issuer_name_hash, ByteView(name_hash, n)) &&
        same(s.issuer_key_hash, ByteView(key_hash, n)) && same(s.serial, cert.serial)) {
      single = &s;
      break;
    }
  }
  if (!single)
    return fail(kOcspVerifyFailed,
                "the OCSP response does not cover certificate '" + cert.subject_line() + "'");
  // The signer: the issuer itself or a delegated responder it issued (RFC 6960 §4.2.2.2).
  auto matches_responder = [&](const Certificate& c) {
    if (r.responder_name) return r.responder_name->matches(c.subject);
    uint8_t kh[20];
    provider.hash(crypto::HashAlg::sha1, c.key.key_bits, MutableByteView(kh, 20));
    return same(r.responder_key_hash, ByteView(kh, 20));
  };
  const Certificate* signer = nullptr;
  std::string signer_problem = "no certificate matches the OCSP responder ID";
  if (matches_responder(issuer)) {
    signer = &issuer;
  } else {
    for (const auto& c : r.certs) {
      if (!matches_responder(*c)) continue;
      if (!c->issuer.matches(issuer.subject)) {
        signer_problem = "the OCSP responder '" + c->subject_line() + "' was not issued by '" +
                         issuer.subject_line() + "'";
        continue;
      }
      auto cp = provider_params(c->sig_alg);
      if (!cp || !provider.verify(*cp, issuer.key.spki, c->tbs(), c->signature)) {
        signer_problem = "the OCSP responder certificate '" + c->subject_line() +
                         "' does not verify with its issuer's key";
        continue;
      }
      if (!c->ext_key_usage ||
          !std::any_of(c->ext_key_usage->begin(), c->ext_key_usage->end(),
                       [](ByteView o) { return oid_eq(o, kOidOcspSigning); })) {
        signer_problem = "the OCSP responder certificate '" + c->subject_line() +
                         "' lacks the OCSPSigning extended key usage";
        continue;
      }
      if (now < c->not_before || now > c->not_after) {
        signer_problem = "the OCSP responder certificate '" + c->subject_line() +
                         "' is outside its validity period";
        continue;
      }
      signer = c.get();
      break;
    }
  }
  if (!signer) return fail(kOcspVerifyFailed, signer_problem);
  if (r.sig_alg.digest == DigestAlg::md5 || (r.sig_alg.digest == DigestAlg::sha1 && !allow_sha1))
    return fail(kOcspVerifyFailed,
                "the OCSP response is signed with " + r.sig_alg.name + ", which is too weak");
  auto params = provider_params(r.sig_alg);
  if (!params || !key_matches_algorithm(signer->key, r.sig_alg) ||
      !provider.verify(*params, signer->key.spki, r.tbs_response_data, r.signature))
    return fail(kOcspVerifyFailed, "the OCSP response signature does not verify with the key of '" +
                                       signer->subject_line() + "'");
  // Freshness (RFC 6960 §4.2.2.1).
  if (single->this_update > now + kOcspClockSkew)
    return fail(kOcspVerifyFailed,
                "the OCSP response is not valid before " + format_time_iso(single->this_update));
  if (single->next_update && *single->next_update + kOcspClockSkew < now)
    return fail(kOcspVerifyFailed,
                "the OCSP response expired on " + format_time_iso(*single->next_update));
  if (!single->next_update && single->this_update + kOcspMaxAgeWithoutNextUpdate < now)
    return fail(kOcspVerifyFailed,
                "the OCSP response from " + format_time_iso(single->this_update) + " is stale");
  res.status = single->status;
  if (single->status == OcspCertStatus::revoked)
    return fail(kCertRevoked,
                "the OCSP responder says certificate '" + cert.subject_line() +
                    "' was revoked on " + format_time_iso(single->revoked_at) +
                    (single->reason >= 0 ? std::string(" (") + crl_reason_name(single->reason) + ")"
                                         : std::string()));
  if (single->status == OcspCertStatus::unknown)
    return fail(kOcspCertUnknown,
                "the OCSP responder does not know certificate '" + cert.subject_line() + "'");
  return res;
}

}  // namespace tlskit::x509
