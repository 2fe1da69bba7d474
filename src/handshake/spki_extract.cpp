// The minimal DER walk of spki_extract.h: TLV reading, tbsCertificate fields, SAN dNSNames.
#include "handshake/spki_extract.h"

#include <algorithm>
#include <cctype>
#include <optional>

namespace tlskit::handshake {
namespace {

// One DER TLV: its tag byte, its contents, and the whole encoding.
struct Tlv {
  uint8_t tag = 0;
  ByteView contents;
  ByteView whole;
};

// Reads TLVs one after another from a span; single-byte tags, definite lengths of at most
// 4 length bytes (X.690 §8.1.3), fails on anything else.
class DerWalker {
 public:
  explicit DerWalker(ByteView data) : data_(data) {}
  bool empty() const { return pos_ >= data_.size(); }
  bool next(Tlv& out) {
    if (data_.size() - pos_ < 2) return false;
    size_t start = pos_;
    uint8_t tag = data_[pos_++];
    if ((tag & 0x1f) == 0x1f) return false;  // high tag numbers never occur where we look
    uint8_t l0 = data_[pos_++];
    size_t len = 0;
    if (l0 < 0x80) {
      len = l0;
    } else {
      size_t n = l0 & 0x7f;
      if (n == 0 || n > 4 || data_.size() - pos_ < n) return false;  // indefinite / too long
      for (size_t i = 0; i < n; ++i) len = len << 8 | data_[pos_++];
    }
    if (len > data_.size() - pos_) return false;
    out.tag = tag;
    out.contents = data_.subspan(pos_, len);
    pos_ += len;
    out.whole = data_.subspan(start, pos_ - start);
    return true;
  }

 private:
  ByteView data_;
  size_t pos_ = 0;
};

constexpr uint8_t kSequence = 0x30;
constexpr uint8_t kSet = 0x31;
constexpr uint8_t kOid = 0x06;
constexpr uint8_t kOctetString = 0x04;
constexpr uint8_t kBoolean = 0x01;
constexpr uint8_t kExplicitVersion = 0xa0;     // [0] EXPLICIT Version
constexpr uint8_t kExplicitExtensions = 0xa3;  // [3] EXPLICIT Extensions
constexpr uint8_t kDnsNameTag = 0x82;          // GeneralName [2] IA5String
constexpr uint8_t kOidSubjectAltName[] = {0x55, 0x1d, 0x11};  // 2.5.29.17
constexpr uint8_t kOidCommonName[] = {0x55, 0x04, 0x03};      // 2.5.4.3

Error bad_cert(const std::string& what) {
  return make_error(ErrorCode::decode_error, Alert::bad_certificate, Party::peer,
                    Step::server_certificate, "certificate is not valid DER: " + what);
}

// The fields of tbsCertificate we use.
struct TbsParts {
  Tlv subject;
  Tlv spki;
  std::optional<Tlv> extensions;
};

Result<TbsParts> walk_tbs(ByteView cert_der) {
  if (cert_der.size() > kMaxCertificateDer) return bad_cert("larger than 64 KiB");
  DerWalker top(cert_der);
  Tlv cert;
  if (!top.next(cert) || cert.tag != kSequence || !top.empty())
    return bad_cert("outer Certificate SEQUENCE missing or followed by extra bytes");
  DerWalker c(cert.contents);
  Tlv tbs;
  if (!c.next(tbs) || tbs.tag != kSequence) return bad_cert("tbsCertificate missing");
  DerWalker t(tbs.contents);
  Tlv f;
  if (!t.next(f)) return bad_cert("tbsCertificate is empty");
  if (f.tag == kExplicitVersion && !t.next(f)) return bad_cert("serialNumber missing");
  // f = serialNumber; then signature, issuer, validity, subject, subjectPublicKeyInfo.
  TbsParts parts;
  Tlv skip;
  if (!t.next(skip) || skip.tag != kSequence) return bad_cert("signature algorithm missing");
  if (!t.next(skip) || skip.tag != kSequence) return bad_cert("issuer missing");
  if (!t.next(skip) || skip.tag != kSequence) return bad_cert("validity missing");
  if (!t.next(parts.subject) || parts.subject.tag != kSequence) return bad_cert("subject missing");
  if (!t.next(parts.spki) || parts.spki.tag != kSequence)
    return bad_cert("subjectPublicKeyInfo missing");
  // Optional issuerUniqueID [1], subjectUniqueID [2], extensions [3].
  while (!t.empty()) {
    Tlv x;
    if (!t.next(x)) return bad_cert("trailing tbsCertificate field malformed");
    if (x.tag == kExplicitExtensions) parts.extensions = x;
  }
  return parts;
}

std::string lower(ByteView b) {
  std::string s(b.begin(), b.end());
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool equals(ByteView a, const uint8_t* b, size_t n) {
  return a.size() == n && std::equal(a.begin(), a.end(), b);
}

}  // namespace

Result<ByteView> extract_spki(ByteView cert_der) {
  TK_ASSIGN(TbsParts parts, walk_tbs(cert_der));
  return parts.spki.whole;
}

Result<std::vector<std::string>> extract_dns_names(ByteView cert_der) {
  TK_ASSIGN(TbsParts parts, walk_tbs(cert_der));
  std::vector<std::string> names;
  if (parts.extensions) {
    DerWalker outer(parts.extensions->contents);
    Tlv seq;
    if (!outer.next(seq) || seq.tag != kSequence) return bad_cert("Extensions SEQUENCE missing");
    DerWalker exts(seq.contents);
    while (!exts.empty()) {
      Tlv ext, oid, v;
      if (!exts.next(ext) || ext.tag != kSequence) return bad_cert("Extension malformed");
      DerWalker e(ext.contents);
      if (!e.next(oid) || oid.tag != kOid) return bad_cert("Extension without extnID");
      if (!e.next(v)) return bad_cert("Extension without extnValue");
      if (v.tag == kBoolean && !e.next(v)) return bad_cert("Extension without extnValue");
      if (v.tag != kOctetString) return bad_cert("extnValue is not an OCTET STRING");
      if (!equals(oid.contents, kOidSubjectAltName, sizeof kOidSubjectAltName)) continue;
      DerWalker san(v.contents);
      Tlv gns;
      if (!san.next(gns) || gns.tag != kSequence) return bad_cert("subjectAltName malformed");
      DerWalker g(gns.contents);
      while (!g.empty()) {
        Tlv gn;
        if (!g.next(gn)) return bad_cert("GeneralName malformed");
        if (gn.tag == kDnsNameTag) names.push_back(lower(gn.contents));
      }
    }
  }
  if (!names.empty()) return names;
  // No DNS names: fall back to the last commonName of the subject.
  DerWalker rdns(parts.subject.contents);
  std::string cn;
  while (!rdns.empty()) {
    Tlv set;
    if (!rdns.next(set) || set.tag != kSet) return bad_cert("subject RDN malformed");
    DerWalker atvs(set.contents);
    while (!atvs.empty()) {
      Tlv atv, oid, val;
      if (!atvs.next(atv) || atv.tag != kSequence) return bad_cert("subject attribute malformed");
      DerWalker a(atv.contents);
      if (!a.next(oid) || !a.next(val)) return bad_cert("subject attribute malformed");
      if (oid.tag == kOid && equals(oid.contents, kOidCommonName, sizeof kOidCommonName))
        cn = lower(val.contents);
    }
  }
  if (!cn.empty()) names.push_back(std::move(cn));
  return names;
}

bool dns_name_matches(std::string_view pattern, std::string_view host) {
  auto ieq = [](std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(a[i])) !=
          std::tolower(static_cast<unsigned char>(b[i])))
        return false;
    return true;
  };
  if (!host.empty() && host.back() == '.') host.remove_suffix(1);
  if (pattern.size() > 2 && pattern[0] == '*' && pattern[1] == '.') {
    size_t dot = host.find('.');
    if (dot == std::string_view::npos || dot == 0) return false;
    return ieq(pattern.substr(1), host.substr(dot));
  }
  return ieq(pattern, host);
}

}  // namespace tlskit::handshake
