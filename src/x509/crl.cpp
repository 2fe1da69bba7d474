// CRL parsing and revocation checking.
#include "x509/crl.h"

#include "codec/der_reader.h"
#include "codec/pem.h"
#include "x509/oid.h"
#include "x509/verify_codes.h"

namespace tlskit::x509 {
namespace {

Error crl_error(std::string detail) {
  return make_error(ErrorCode::decode_error, Alert::bad_certificate, Party::peer,
                    Step::certificate_validation, "CRL: " + std::move(detail));
}

bool read_time(der::Reader& r, int64_t& out) {
  der::Element e;
  if (!r.next(e)) return false;
  auto t = der::parse_time(e.tag, e.value);
  if (!t) return false;
  out = *t;
  return true;
}

bool peek_time(const der::Reader& r) {
  return r.peek(der::kUtcTime) || r.peek(der::kGeneralizedTime);
}

// Parses an Extensions SEQUENCE, calling fn(oid, critical, value) for each.
template <typename F>
bool for_each_extension(ByteView seq_contents, F fn) {
  der::Reader exts(seq_contents);
  size_t count = 0;
  while (!exts.empty()) {
    der::Reader er;
    ByteView oid, value;
    bool critical = false;
    if (!exts.enter(der::kSequence, er) || !er.read_oid(oid)) return false;
    if (er.peek(der::kBoolean) && !er.read_bool(critical)) return false;
    if (!er.read(der::kOctetString, value) || !er.empty()) return false;
    if (++count > 64) return false;
    if (!fn(oid, critical, value)) return false;
  }
  return count > 0;
}

Result<Crl::IssuingDistributionPoint> parse_idp(ByteView v) {
  der::Reader outer(v), seq;
  if (!outer.enter(der::kSequence, seq) || !outer.empty())
    return crl_error("issuingDistributionPoint: not a SEQUENCE");
  Crl::IssuingDistributionPoint idp;
  auto flag = [&](unsigned tag, bool& out) {
    ByteView b;
    bool present = false;
    if (!seq.read_optional(der::context(tag), b, present)) return false;
    if (present) {
      if (b.size() != 1 || (b[0] != 0xFF && b[0] != 0)) return false;
      out = b[0] == 0xFF;
    }
    return true;
  };
  if (seq.peek(der::context_constructed(0))) {
    der::Element e;
    if (!seq.next(e) || !parse_distribution_point_name(e, idp.dp))
      return crl_error("issuingDistributionPoint: bad distributionPoint");
  }
  if (!flag(1, idp.only_user) || !flag(2, idp.only_ca))
    return crl_error("issuingDistributionPoint: bad flag");
  ByteView reasons;
  bool present = false;
  if (!seq.read_optional(der::context(3), reasons, present))
    return crl_error("issuingDistributionPoint: bad onlySomeReasons");
  if (present) {
    der::BitString bs;
    if (!der::parse_bit_string(reasons, bs))
      return crl_error("issuingDistributionPoint: bad onlySomeReasons");
    idp.only_some_reasons = bs;
  }
  if (!flag(4, idp.indirect) || !flag(5, idp.only_attribute) || !seq.done())
    return crl_error("issuingDistributionPoint: malformed");
  return idp;
}

bool name_in(const Name& n, const std::vector<GeneralName>& names) {
  for (const auto& g : names)
    if (g.type == GeneralNameType::directory) {
      auto gn = parse_name(g.value);
      if (gn && gn->matches(n)) return true;
    }
  return false;
}

// The names a distribution point stands for: its fullName, or its nameRelativeToCRLIssuer
// appended to base (RFC 5280 §4.2.1.13).
struct DpNames {
  std::vector<GeneralName> general;
  std::vector<Name> dirs;
  Bytes storage;  // DER of a resolved relative name (dirs views point into it)
};

void encode_length(Bytes& out, size_t n) {
  if (n < 0x80) {
    out.push_back(static_cast<uint8_t>(n));
    return;
  }
  uint8_t tmp[8];
  int k = 0;
  while (n) {
    tmp[k++] = static_cast<uint8_t>(n & 0xFF);
    n >>= 8;
  }
  out.push_back(static_cast<uint8_t>(0x80 | k));
  while (k) out.push_back(tmp[--k]);
}

void resolve_dp(const DistributionPoint& dp, const Name& base, DpNames& out) {
  if (dp.has_full_name) {
    for (const auto& g : dp.full_name) {
      if (g.type == GeneralNameType::directory) {
        auto n = parse_name(g.value);
        if (n) out.dirs.push_back(std::move(*n));
      } else {
        out.general.push_back(g);
      }
    }
  } else if (dp.has_relative_name) {
    der::Reader r(base.der);
    ByteView contents;
    if (!r.read(der::kSequence, contents)) return;
    Bytes body(contents.begin(), contents.end());
    body.push_back(der::kSet);
    encode_length(body, dp.relative_name.size());
    body.insert(body.end(), dp.relative_name.begin(), dp.relative_name.end());
    out.storage.push_back(der::kSequence);
    encode_length(out.storage, body.size());
    out.storage.insert(out.storage.end(), body.begin(), body.end());
    auto n = parse_name(out.storage);
    if (n) out.dirs.push_back(std::move(*n));
  }
}

bool dp_intersect(const DpNames& a, const DpNames& b) {
  for (const auto& x : a.dirs)
    for (const auto& y : b.dirs)
      if (x.matches(y)) return true;
  for (const auto& x : a.general)
    for (const auto& y : b.general)
      if (x.type == y.type && x.value.size() == y.value.size() &&
          std::equal(x.value.begin(), x.value.end(), y.value.begin()))
        return true;
  return false;
}

bool same_integer(ByteView a, ByteView b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin());
}

// Compares two non-negative INTEGER encodings: <0, 0, >0.
int compare_integers(ByteView a, ByteView b) {
  while (a.size() > 1 && a[0] == 0) a = a.subspan(1);
  while (b.size() > 1 && b[0] == 0) b = b.subspan(1);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

constexpr uint16_t kAllReasons = 0x1FE;  // bits 1..8 of ReasonFlags

uint16_t reason_mask(const std::optional<der::BitString>& bs) {
  if (!bs) return kAllReasons;
  uint16_t m = 0;
  for (size_t i = 1; i <= 8; ++i)
    if (bs->bit(i)) m = static_cast<uint16_t>(m | (1u << i));
  return m;
}

}  // namespace

const char* crl_reason_name(int r) {
  switch (r) {
    case 0:
      return "unspecified";
    case 1:
      return "keyCompromise";
    case 2:
      return "cACompromise";
    case 3:
      return "affiliationChanged";
    case 4:
      return "superseded";
    case 5:
      return "cessationOfOperation";
    case 6:
      return "certificateHold";
    case 8:
      return "removeFromCRL";
    case 9:
      return "privilegeWithdrawn";
    case 10:
      return "aACompromise";
    default:
      return "unknown reason";
  }
}

Result<CrlPtr> Crl::parse(ByteView input) {
  if (input.size() > kMaxCrlSize) return crl_error("larger than 64 MB");
  std::shared_ptr<Crl> c(new Crl());
  c->der_.assign(input.begin(), input.end());
  Crl& crl = *c;
  der::Reader top(crl.der_), seq, tbs;
  der::Element tbs_el, alg_el;
  ByteView sigbits;
  if (!top.enter(der::kSequence, seq) || !top.empty() ||
      !seq.read_element(der::kSequence, tbs_el) || !seq.read_element(der::kSequence, alg_el) ||
      !seq.read(der::kBitString, sigbits) || !seq.empty())
    return crl_error("not a DER CertificateList");
  der::BitString bs;
  if (!der::parse_bit_string(sigbits, bs) || bs.unused) return crl_error("malformed signature");
  crl.signature = bs.bytes;
  crl.tbs_ = tbs_el.raw;
  crl.outer_signature_alg = alg_el.raw;
  TK_ASSIGN(crl.sig_alg, parse_signature_algorithm(alg_el.raw));
  tbs = der::Reader(tbs_el.value);
  if (tbs.peek(der::kInteger)) {
    uint64_t v = 0;
    if (!tbs.read_uint64(v) || v != 1) return crl_error("unknown version");
    crl.version = 2;
  }
  der::Element el;
  if (!tbs.read_element(der::kSequence, el)) return crl_error("bad signature algorithm");
  crl.tbs_signature_alg = el.raw;
  if (!tbs.read_element(der::kSequence, el)) return crl_error("bad issuer");
  TK_ASSIGN(crl.issuer, parse_name(el.raw));
  if (!read_time(tbs, crl.this_update)) return crl_error("bad thisUpdate");
  if (peek_time(tbs)) {
    int64_t t = 0;
    if (!read_time(tbs, t)) return crl_error("bad nextUpdate");
    crl.next_update = t;
  }
  if (tbs.peek(der::kSequence)) {
    der::Reader list;
    tbs.enter(der::kSequence, list);
    while (!list.empty()) {
      der::Reader er;
      Entry e;
      if (!list.enter(der::kSequence, er) || !er.read_integer(e.serial) ||
          !read_time(er, e.revoked_at))
        return crl_error("malformed revokedCertificates entry");
      if (!er.empty()) {
        ByteView exts;
        if (!er.read(der::kSequence, exts) || !er.empty())
          return crl_error("malformed entry extensions");
        bool ok = for_each_extension(exts, [&](ByteView oid, bool critical, ByteView value) {
          if (oid_eq(oid, kOidCrlReason)) {
            der::Reader r(value);
            ByteView en;
            if (!r.read(der::kEnumerated, en) || !r.empty() || en.size() != 1) return false;
            e.reason = en[0];
          } else if (oid_eq(oid, kOidCertificateIssuer)) {
            auto names = parse_general_names(value);
            if (!names) return false;
            e.certificate_issuer = std::move(*names);
          } else if (oid_eq(oid, kOidInvalidityDate)) {
          } else if (critical) {
            e.unknown_critical = true;
          }
          return true;
        });
        if (!ok) return crl_error("malformed entry extension");
      }
      if (crl.entries.size() >= kMaxCrlEntries) return crl_error("too many entries");
      crl.entries.push_back(std::move(e));
    }
    if (list.failed()) return crl_error("malformed revokedCertificates");
  }
  if (tbs.peek(der::context_constructed(0))) {
    der::Reader wrap;
    ByteView exts;
    if (!tbs.enter(der::context_constructed(0), wrap) || !wrap.read(der::kSequence, exts) ||
        !wrap.empty())
      return crl_error("malformed crlExtensions");
    bool ok = for_each_extension(exts, [&](ByteView oid, bool critical, ByteView value) {
      auto note = [&](const std::string& d) {
        if (crl.extension_error.empty()) crl.extension_error = d;
      };
      if (oid_eq(oid, kOidCrlNumber) || oid_eq(oid, kOidDeltaCrlIndicator)) {
        der::Reader r(value);
        ByteView num;
        if (!r.read_integer(num) || !r.empty())
          note("bad CRL number");
        else if (oid_eq(oid, kOidCrlNumber))
          crl.crl_number = num;
        else
          crl.delta_base = num;
      } else if (oid_eq(oid, kOidIssuingDistributionPoint)) {
        auto idp = parse_idp(value);
        if (idp)
          crl.idp = std::move(*idp);
        else
          note(idp.error().detail);
      } else if (oid_eq(oid, kOidAuthorityKeyId)) {
        auto aki = parse_authority_key_id(value);
        if (aki) crl.authority_key_id = std::move(*aki);
      } else if (critical) {
        crl.unknown_critical.push_back(oid);
      }
      return true;
    });
    if (!ok) return crl_error("malformed crlExtensions");
  }
  if (!tbs.done()) return crl_error("unexpected data in tbsCertList");
  return CrlPtr(std::move(c));
}

Result<std::vector<CrlPtr>> parse_crls(ByteView input) {
  std::vector<CrlPtr> out;
  std::string_view text(reinterpret_cast<const char*>(input.data()), input.size());
  if (text.find("-----BEGIN") == std::string_view::npos) {
    TK_ASSIGN(auto crl, Crl::parse(input));
    out.push_back(std::move(crl));
    return out;
  }
  TK_ASSIGN(auto blocks, pem_decode_all(text));
  for (const auto& b : blocks) {
    if (b.label != "X509 CRL") continue;
    TK_ASSIGN(auto crl, Crl::parse(b.der));
    out.push_back(std::move(crl));
  }
  return out;
}

namespace {

// Finds a key that signed crl: the certificate's issuer, or another certificate with the
// CRL issuer's name that chains to a certificate of the path (RFC 5280 §6.3.3 (f)).
int verify_crl_signature(const Crl& crl, const Certificate& issuer, const CrlContext& ctx,
                         const std::vector<CrlPtr>& crls, const crypto::Provider& provider,
                         std::string& why) {
  std::vector<const Certificate*> candidates;
  if (crl.issuer.matches(issuer.subject)) candidates.push_back(&issuer);
  if (ctx.pool)
    for (const auto& c : *ctx.pool)
      if (c.get() != &issuer && crl.issuer.matches(c->subject)) candidates.push_back(c.get());
  int best = kUnableToGetCrlIssuer;
  why = "no certificate for the CRL issuer '" + crl.issuer.oneline() + "' is available";
  for (const Certificate* signer : candidates) {
    if (signer != &issuer) {
      // The separate CRL signer must itself be issued by a certificate of the path and valid.
      const Certificate* chained = nullptr;
      if (ctx.path)
        for (const auto& pe : *ctx.path) {
          const Certificate& up = *pe.cert;
          if (!signer->issuer.matches(up.subject)) continue;
          auto params = provider_params(signer->sig_alg);
          if (params && provider.verify(*params, up.key.spki, signer->tbs(), signer->signature))
            chained = &up;
        }
      if (!chained || ctx.time < signer->not_before || ctx.time > signer->not_after) continue;
      // The CRL signer's own revocation status (RFC 5280 §6.3.3 (f)), one level deep.
      if (ctx.nesting < 2) {
        CrlContext sub = ctx;
        ++sub.nesting;
        CrlStatus st = check_crl_status(*signer, *chained, 0, crls, sub, provider);
        if (st.code == kCertRevoked) {
          best = kUnableToGetCrl;
          why = "the CRL signer '" + signer->subject_line() + "' is itself revoked";
          continue;
        }
      }
    }
    if (signer->key_usage && !(*signer->key_usage & kKuCrlSign)) {
      best = kKeyUsageNoCrlSign;
      why = "the CRL issuer '" + signer->subject_line() + "' has a keyUsage without cRLSign";
      continue;
    }
    auto params = provider_params(crl.sig_alg);
    if (!params || crl.sig_alg.digest == DigestAlg::md5 ||
        (crl.sig_alg.digest == DigestAlg::sha1 && !ctx.allow_sha1)) {
      best = kCrlSignatureFailure;
      why = "the CRL from '" + crl.issuer.oneline() +
            "' uses an unsupported or weak signature algorithm";
      continue;
    }
    if (provider.verify(*params, signer->key.spki, crl.tbs(), crl.signature)) return 0;
    best = kCrlSignatureFailure;
    why = "the signature on the CRL from '" + crl.issuer.oneline() + "' does not verify";
  }
  return best;
}

}  // namespace

CrlStatus check_crl_status(const Certificate& cert, const Certificate& issuer, size_t depth,
                           const std::vector<CrlPtr>& crls, const CrlContext& ctx,
                           const crypto::Provider& provider) {
  CrlStatus st;
  uint16_t covered = 0;
  int last_problem = kUnableToGetCrl;
  std::string problem = "no CRL covering certificate '" + cert.subject_line() + "' was given";
  const bool cert_is_ca = cert.is_ca();
  auto set_problem = [&](int code, std::string d) {
    last_problem = code;
    problem = std::move(d);
  };
  for (const auto& cp : crls) {
    const Crl& crl = *cp;
    if (crl.delta_base) continue;  // delta CRLs are applied with their base below
    // Scope (RFC 5280 §6.3.3 (b)).
    bool indirect = crl.idp && crl.idp->indirect;
    bool direct_issuer = crl.issuer.matches(cert.issuer);
    bool idp_named = crl.idp && (crl.idp->dp.has_full_name || crl.idp->dp.has_relative_name);
    DpNames idp_names;
    if (idp_named) resolve_dp(crl.idp->dp, crl.issuer, idp_names);
    const DistributionPoint* matched_dp = nullptr;
    bool in_scope = false;
    if (cert.crl_distribution_points) {
      for (const auto& dp : *cert.crl_distribution_points) {
        // (b)(1): a cRLIssuer in the DP must name the CRL issuer of an indirect CRL.
        bool issuer_ok = dp.crl_issuer.empty() ? direct_issuer
                                               : (indirect && name_in(crl.issuer, dp.crl_issuer));
        if (!issuer_ok) continue;
        if (idp_named) {
          // (b)(2)(i): the IDP names must meet the DP names (or its cRLIssuer).
          DpNames names;
          if (dp.has_full_name || dp.has_relative_name) {
            const Name* base = &cert.issuer;
            std::optional<Name> ci;
            for (const auto& g : dp.crl_issuer) {
              if (g.type != GeneralNameType::directory || ci) continue;
              auto parsed = parse_name(g.value);
              if (parsed) ci = std::move(*parsed);
            }
            if (ci) base = &*ci;
            resolve_dp(dp, *base, names);
          } else {
            DistributionPoint tmp;
            tmp.has_full_name = true;
            tmp.full_name = dp.crl_issuer;
            resolve_dp(tmp, cert.issuer, names);
          }
          if (!dp_intersect(idp_names, names)) continue;
        }
        matched_dp = &dp;
        in_scope = true;
        break;
      }
    } else if (direct_issuer) {
      in_scope = true;
      if (idp_named) {
        DpNames issuer_names;
        issuer_names.dirs.push_back(cert.issuer);
        in_scope = dp_intersect(idp_names, issuer_names);
      }
    }
    if (!in_scope) continue;
    if (crl.idp) {
      if (crl.idp->only_attribute) continue;
      if (crl.idp->only_user && cert_is_ca) continue;
      if (crl.idp->only_ca && !cert_is_ca) continue;
    }
    if (!crl.extension_error.empty()) {
      set_problem(kUnhandledCriticalCrlExtension, "the CRL from '" + crl.issuer.oneline() +
                                                      "' is malformed: " + crl.extension_error);
      continue;
    }
    if (!crl.unknown_critical.empty()) {
      set_problem(kUnhandledCriticalCrlExtension,
                  "the CRL from '" + crl.issuer.oneline() +
                      "' has a critical extension we do not understand (" +
                      oid_display(crl.unknown_critical.front()) + ")");
      continue;
    }
    std::string why;
    int sig = verify_crl_signature(crl, issuer, ctx, crls, provider, why);
    if (sig) {
      set_problem(sig, why);
      continue;
    }
    if (crl.this_update > ctx.time) {
      set_problem(kCrlNotYetValid, "the CRL from '" + crl.issuer.oneline() +
                                       "' is not valid before " + format_time_iso(crl.this_update));
      continue;
    }
    if (crl.next_update && *crl.next_update < ctx.time) {
      set_problem(kCrlHasExpired, "the CRL from '" + crl.issuer.oneline() + "' expired on " +
                                      format_time_iso(*crl.next_update));
      continue;
    }
    // Reasons this CRL covers (IDP onlySomeReasons ∩ DP reasons).
    uint16_t mask = reason_mask(crl.idp ? crl.idp->only_some_reasons : std::nullopt);
    if (matched_dp && matched_dp->reasons) mask &= reason_mask(matched_dp->reasons);
    // Entries (certificateIssuer switches the issuer for indirect CRLs, §5.3.3).
    const Name* entry_issuer = &crl.issuer;
    std::optional<Name> current;
    auto find_entry = [&](const Crl& list) -> const Crl::Entry* {
      entry_issuer = &list.issuer;
      current.reset();
      for (const auto& e : list.entries) {
        if (e.certificate_issuer) {
          current.reset();
          for (const auto& g : *e.certificate_issuer)
            if (g.type == GeneralNameType::directory) {
              auto nn = parse_name(g.value);
              if (nn) current = std::move(*nn);
              break;
            }
          if (current) entry_issuer = &*current;
        }
        if (!entry_issuer->matches(cert.issuer)) continue;
        if (same_integer(e.serial, cert.serial)) return &e;
      }
      return nullptr;
    };
    const Crl::Entry* e = find_entry(crl);
    if (e && e->unknown_critical) {
      set_problem(kUnhandledCriticalCrlExtension,
                  "the CRL entry for certificate '" + cert.subject_line() +
                      "' has a critical extension we do not understand");
      continue;
    }
    bool revoked = e && e->reason != static_cast<int>(CrlReason::remove_from_crl);
    int reason = e ? e->reason : -1;
    // A delta CRL for this base (RFC 5280 §5.2.4) updates the verdict.
    for (const auto& dp2 : crls) {
      const Crl& delta = *dp2;
      if (!delta.delta_base || !delta.issuer.matches(crl.issuer) || !crl.crl_number) continue;
      if (compare_integers(*delta.delta_base, *crl.crl_number) > 0) continue;
      if (delta.crl_number && compare_integers(*delta.crl_number, *crl.crl_number) <= 0) continue;
      std::string w2;
      if (verify_crl_signature(delta, issuer, ctx, crls, provider, w2)) continue;
      if (delta.next_update && *delta.next_update < ctx.time) continue;
      const Crl::Entry* de = find_entry(delta);
      if (de) {
        revoked = de->reason != static_cast<int>(CrlReason::remove_from_crl);
        reason = de->reason;
      }
    }
    if (revoked) {
      st.code = kCertRevoked;
      st.detail =
          "certificate '" + cert.subject_line() + "' (serial " + cert.serial_hex() +
          ") was revoked" +
          (reason >= 0 ? std::string(" (") + crl_reason_name(reason) + ")" : std::string()) +
          " according to the CRL from '" + crl.issuer.oneline() + "'";
      return st;
    }
    covered |= mask;
    if ((covered & kAllReasons) == kAllReasons) return st;
  }
  // §6.3.3 (k): without all reasons covered, the status is undetermined.
  bool any_delta_only = false;
  for (const auto& cp : crls)
    if (cp->delta_base && cp->issuer.matches(cert.issuer)) any_delta_only = true;
  st.code = last_problem;
  st.detail = problem;
  if (covered && last_problem == kUnableToGetCrl)
    st.detail =
        "the CRLs for certificate '" + cert.subject_line() + "' cover only some revocation reasons";
  else if (any_delta_only && last_problem == kUnableToGetCrl)
    st.detail = "only a delta CRL without its base CRL was given for certificate '" +
                cert.subject_line() + "'";
  (void)depth;
  return st;
}

}  // namespace tlskit::x509
