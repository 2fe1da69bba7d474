// Extension value parsers (RFC 5280 §4.2).
#include "x509/extensions.h"

#include "x509/oid.h"

namespace tlskit::x509 {
namespace {

// Bounds on list sizes inside extensions (real certificates stay far below).
constexpr size_t kMaxListItems = 1024;
// Bound on subtrees per list in nameConstraints.
constexpr size_t kMaxSubtrees = 4096;

Error ext_error(const char* ext, std::string detail) {
  return make_error(ErrorCode::decode_error, Alert::bad_certificate, Party::peer,
                    Step::certificate_validation, std::string(ext) + ": " + detail);
}

// Opens the single SEQUENCE that makes up an extension value.
bool open_sequence(ByteView v, der::Reader& seq) {
  der::Reader r(v);
  return r.enter(der::kSequence, seq) && r.empty();
}

}  // namespace

Result<BasicConstraints> parse_basic_constraints(ByteView v) {
  const char* n = "basicConstraints";
  der::Reader seq;
  if (!open_sequence(v, seq)) return ext_error(n, "not a SEQUENCE");
  BasicConstraints bc;
  if (seq.peek(der::kBoolean) && !seq.read_bool(bc.ca)) return ext_error(n, "bad cA BOOLEAN");
  if (seq.peek(der::kInteger)) {
    uint64_t len = 0;
    if (!seq.read_uint64(len)) return ext_error(n, "bad pathLenConstraint");
    bc.path_len = len;
  }
  if (!seq.done()) return ext_error(n, "unexpected data after the fields");
  return bc;
}

Result<uint16_t> parse_key_usage(ByteView v) {
  const char* n = "keyUsage";
  der::Reader r(v);
  ByteView bits;
  der::BitString bs;
  if (!r.read(der::kBitString, bits) || !r.empty() || !der::parse_bit_string(bits, bs))
    return ext_error(n, "not a valid BIT STRING");
  uint16_t out = 0;
  for (size_t i = 0; i < 9; ++i)
    if (bs.bit(i)) out = static_cast<uint16_t>(out | (1u << i));
  // RFC 5280 §4.2.1.3: when the extension appears, at least one bit MUST be set.
  if (out == 0) {
    bool any = false;
    for (size_t i = 0; i < bs.bit_count(); ++i) any = any || bs.bit(i);
    if (!any) return ext_error(n, "no bit is set");
  }
  return out;
}

Result<std::vector<ByteView>> parse_ext_key_usage(ByteView v) {
  const char* n = "extendedKeyUsage";
  der::Reader seq;
  if (!open_sequence(v, seq)) return ext_error(n, "not a SEQUENCE");
  std::vector<ByteView> out;
  while (!seq.empty()) {
    ByteView oid;
    if (!seq.read_oid(oid)) return ext_error(n, "malformed KeyPurposeId");
    if (out.size() >= kMaxListItems) return ext_error(n, "too many purposes");
    out.push_back(oid);
  }
  if (out.empty()) return ext_error(n, "empty SEQUENCE");
  return out;
}

Result<AuthorityKeyId> parse_authority_key_id(ByteView v) {
  const char* n = "authorityKeyIdentifier";
  der::Reader seq;
  if (!open_sequence(v, seq)) return ext_error(n, "not a SEQUENCE");
  AuthorityKeyId aki;
  ByteView val;
  bool present = false;
  if (!seq.read_optional(der::context(0), val, present)) return ext_error(n, "bad keyIdentifier");
  if (present) aki.key_id = val;
  if (!seq.read_optional(der::context_constructed(1), val, present))
    return ext_error(n, "bad authorityCertIssuer");
  if (present) {
    auto names = parse_general_names_contents(val);
    if (!names) return ext_error(n, "authorityCertIssuer: " + names.error().detail);
    aki.has_issuer = true;
    aki.issuer = std::move(*names);
  }
  if (!seq.read_optional(der::context(2), val, present))
    return ext_error(n, "bad authorityCertSerialNumber");
  if (present) {
    if (!der::valid_integer(val)) return ext_error(n, "bad authorityCertSerialNumber");
    aki.has_serial = true;
    aki.serial = val;
  }
  if (!seq.done()) return ext_error(n, "unexpected data after the fields");
  // RFC 5280 §4.2.1.1 (ASN.1 comment): issuer and serial are both present or both absent.
  if (aki.has_issuer != aki.has_serial)
    return ext_error(n, "authorityCertIssuer and authorityCertSerialNumber must appear together");
  return aki;
}

Result<ByteView> parse_subject_key_id(ByteView v) {
  der::Reader r(v);
  ByteView id;
  if (!r.read(der::kOctetString, id) || !r.empty())
    return ext_error("subjectKeyIdentifier", "not an OCTET STRING");
  return id;
}

Result<std::vector<AccessDescription>> parse_info_access(ByteView v) {
  const char* n = "authorityInfoAccess";
  der::Reader seq;
  if (!open_sequence(v, seq)) return ext_error(n, "not a SEQUENCE");
  std::vector<AccessDescription> out;
  while (!seq.empty()) {
    der::Reader ad;
    AccessDescription d;
    der::Element loc;
    if (!seq.enter(der::kSequence, ad) || !ad.read_oid(d.method) || !ad.next(loc) || !ad.empty())
      return ext_error(n, "malformed AccessDescription");
    if (!parse_general_name(loc, false, d.location))
      return ext_error(n, "malformed accessLocation");
    if (out.size() >= kMaxListItems) return ext_error(n, "too many entries");
    out.push_back(d);
  }
  if (out.empty()) return ext_error(n, "empty SEQUENCE");
  return out;
}

bool parse_distribution_point_name(const der::Element& e, DistributionPoint& dp) {
  der::Reader r(e.value);
  der::Element choice;
  if (!r.next(choice) || !r.empty()) return false;
  if (choice.tag == der::context_constructed(0)) {
    auto names = parse_general_names_contents(choice.value);
    if (!names) return false;
    dp.has_full_name = true;
    dp.full_name = std::move(*names);
    return true;
  }
  if (choice.tag == der::context_constructed(1)) {
    dp.has_relative_name = true;
    dp.relative_name = choice.value;
    return !choice.value.empty();
  }
  return false;
}

Result<std::vector<DistributionPoint>> parse_crl_distribution_points(ByteView v) {
  const char* n = "crlDistributionPoints";
  der::Reader seq;
  if (!open_sequence(v, seq)) return ext_error(n, "not a SEQUENCE");
  std::vector<DistributionPoint> out;
  while (!seq.empty()) {
    der::Reader dpr;
    if (!seq.enter(der::kSequence, dpr)) return ext_error(n, "malformed DistributionPoint");
    DistributionPoint dp;
    if (dpr.peek(der::context_constructed(0))) {
      der::Element e;
      if (!dpr.next(e) || !parse_distribution_point_name(e, dp))
        return ext_error(n, "malformed distributionPoint");
    }
    ByteView val;
    bool present = false;
    if (!dpr.read_optional(der::context(1), val, present)) return ext_error(n, "malformed reasons");
    if (present) {
      der::BitString bs;
      if (!der::parse_bit_string(val, bs)) return ext_error(n, "malformed reasons");
      dp.reasons = bs;
    }
    if (!dpr.read_optional(der::context_constructed(2), val, present))
      return ext_error(n, "malformed cRLIssuer");
    if (present) {
      auto names = parse_general_names_contents(val);
      if (!names) return ext_error(n, "cRLIssuer: " + names.error().detail);
      dp.crl_issuer = std::move(*names);
    }
    if (!dpr.done()) return ext_error(n, "unexpected data in DistributionPoint");
    // RFC 5280 §4.2.1.13: distributionPoint or cRLIssuer MUST be present.
    if (!dp.has_full_name && !dp.has_relative_name && dp.crl_issuer.empty())
      return ext_error(n, "DistributionPoint with neither a name nor a cRLIssuer");
    if (out.size() >= kMaxListItems) return ext_error(n, "too many entries");
    out.push_back(std::move(dp));
  }
  if (out.empty()) return ext_error(n, "empty SEQUENCE");
  return out;
}

Result<std::vector<PolicyInformation>> parse_certificate_policies(ByteView v) {
  const char* n = "certificatePolicies";
  der::Reader seq;
  if (!open_sequence(v, seq)) return ext_error(n, "not a SEQUENCE");
  std::vector<PolicyInformation> out;
  while (!seq.empty()) {
    der::Reader pi;
    PolicyInformation p;
    if (!seq.enter(der::kSequence, pi) || !pi.read_oid(p.oid))
      return ext_error(n, "malformed PolicyInformation");
    if (!pi.empty()) {
      der::Reader quals;
      if (!pi.enter(der::kSequence, quals) || !pi.empty())
        return ext_error(n, "malformed policyQualifiers");
      while (!quals.empty()) {
        der::Reader q;
        PolicyQualifier pq;
        if (!quals.enter(der::kSequence, q) || !q.read_oid(pq.oid))
          return ext_error(n, "malformed PolicyQualifierInfo");
        der::Element qv;
        if (!q.empty()) {
          if (!q.next(qv) || !q.empty()) return ext_error(n, "malformed qualifier");
          pq.value = qv.raw;
        }
        if (p.qualifiers.size() >= kMaxListItems) return ext_error(n, "too many qualifiers");
        p.qualifiers.push_back(pq);
      }
      if (p.qualifiers.empty()) return ext_error(n, "empty policyQualifiers");
    }
    // RFC 5280 §4.2.1.4: a policy OID MUST NOT appear more than once.
    for (const auto& o : out)
      if (o.oid.size() == p.oid.size() && std::equal(o.oid.begin(), o.oid.end(), p.oid.begin()))
        return ext_error(n, "policy " + der::oid_to_string(p.oid) + " appears twice");
    if (out.size() >= kMaxListItems) return ext_error(n, "too many policies");
    out.push_back(std::move(p));
  }
  if (out.empty()) return ext_error(n, "empty SEQUENCE");
  return out;
}

Result<std::vector<PolicyMapping>> parse_policy_mappings(ByteView v) {
  const char* n = "policyMappings";
  der::Reader seq;
  if (!open_sequence(v, seq)) return ext_error(n, "not a SEQUENCE");
  std::vector<PolicyMapping> out;
  while (!seq.empty()) {
    der::Reader m;
    PolicyMapping pm;
    if (!seq.enter(der::kSequence, m) || !m.read_oid(pm.issuer_policy) ||
        !m.read_oid(pm.subject_policy) || !m.empty())
      return ext_error(n, "malformed mapping");
    if (out.size() >= kMaxListItems) return ext_error(n, "too many mappings");
    out.push_back(pm);
  }
  if (out.empty()) return ext_error(n, "empty SEQUENCE");
  return out;
}

Result<PolicyConstraints> parse_policy_constraints(ByteView v) {
  const char* n = "policyConstraints";
  der::Reader seq;
  if (!open_sequence(v, seq)) return ext_error(n, "not a SEQUENCE");
  PolicyConstraints pc;
  ByteView val;
  bool present = false;
  uint64_t x = 0;
  if (!seq.read_optional(der::context(0), val, present))
    return ext_error(n, "malformed requireExplicitPolicy");
  if (present) {
    if (!der::integer_to_uint64(val, x)) return ext_error(n, "bad requireExplicitPolicy");
    pc.require_explicit_policy = x;
  }
  if (!seq.read_optional(der::context(1), val, present))
    return ext_error(n, "malformed inhibitPolicyMapping");
  if (present) {
    if (!der::integer_to_uint64(val, x)) return ext_error(n, "bad inhibitPolicyMapping");
    pc.inhibit_policy_mapping = x;
  }
  if (!seq.done()) return ext_error(n, "unexpected data");
  // RFC 5280 §4.2.1.11: conforming CAs MUST NOT issue an empty policyConstraints.
  if (!pc.require_explicit_policy && !pc.inhibit_policy_mapping)
    return ext_error(n, "empty SEQUENCE");
  return pc;
}

Result<uint64_t> parse_inhibit_any_policy(ByteView v) {
  der::Reader r(v);
  uint64_t x = 0;
  if (!r.read_uint64(x) || !r.empty())
    return ext_error("inhibitAnyPolicy", "not a non-negative INTEGER");
  return x;
}

Result<NameConstraints> parse_name_constraints(ByteView v) {
  const char* n = "nameConstraints";
  der::Reader seq;
  if (!open_sequence(v, seq)) return ext_error(n, "not a SEQUENCE");
  NameConstraints nc;
  auto subtrees = [&](uint8_t tag, std::vector<GeneralName>& out) -> Result<void> {
    ByteView val;
    bool present = false;
    if (!seq.read_optional(tag, val, present)) return ext_error(n, "malformed GeneralSubtrees");
    if (!present) return ok();
    der::Reader st(val);
    while (!st.empty()) {
      der::Reader sub;
      der::Element base;
      GeneralName gn;
      if (!st.enter(der::kSequence, sub) || !sub.next(base))
        return ext_error(n, "malformed GeneralSubtree");
      if (!parse_general_name(base, true, gn))
        return ext_error(n, "malformed GeneralSubtree base (" + general_name_to_string(gn) + ")");
      if (!sub.empty()) {
        // RFC 5280 §4.2.1.10: minimum MUST be zero and maximum MUST be absent.
        ByteView mv;
        bool p0 = false, p1 = false;
        if (!sub.read_optional(der::context(0), mv, p0) ||
            !sub.read_optional(der::context(1), mv, p1) || !sub.empty())
          return ext_error(n, "malformed GeneralSubtree bounds");
        if (p0 || p1) nc.has_min_max = true;
      }
      if (out.size() >= kMaxSubtrees) return ext_error(n, "too many subtrees");
      out.push_back(gn);
    }
    // GeneralSubtrees ::= SEQUENCE SIZE (1..MAX).
    if (out.empty()) return ext_error(n, "empty GeneralSubtrees");
    return ok();
  };
  TK_TRY(subtrees(der::context_constructed(0), nc.permitted));
  TK_TRY(subtrees(der::context_constructed(1), nc.excluded));
  if (!seq.done()) return ext_error(n, "unexpected data");
  // RFC 5280 §4.2.1.10: the extension MUST NOT be an empty sequence.
  if (nc.permitted.empty() && nc.excluded.empty())
    return ext_error(n, "neither permitted nor excluded subtrees");
  return nc;
}

}  // namespace tlskit::x509
