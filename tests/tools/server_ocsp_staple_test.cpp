// `tlskit server --ocsp`: what is stapled and why (tools/server/ocsp_staple.h), reading and
// watching the response file (ocsp_file.h), and the set of staples kept fresh (staple_set.h).
// The PKI and the OCSP responses are real: made with the `openssl` command (the PKI once per
// build, tests/pki_cache.h; the responses in each test, since they carry the current time).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "../pki_cache.h"
#include "server/ocsp_file.h"
#include "server/ocsp_staple.h"
#include "server/staple_set.h"
#include "x509/ocsp.h"

namespace tlskit::tools {
namespace {

// Runs a shell command; true when it exited with 0.
bool run(const std::string& cmd) { return std::system(cmd.c_str()) == 0; }

// The test PKI: root -> intermediate -> leaf (CN=localhost), other.test (not in the responder's
// index: status unknown), revoked.test (revoked in the index), a delegated responder with the
// OCSPSigning EKU and one without it, all issued by the intermediate; a rogue self-signed CA,
// and an impostor with the intermediate's name but another key.
bool make_pki(const std::string& dir) {
  const std::string script = dir + "/make.sh";
  std::ofstream(script) << R"SH(set -e
cd "$(dirname "$0")"
cat > ext.cnf <<'E'
[inter]
basicConstraints=critical,CA:TRUE,pathlen:0
keyUsage=critical,keyCertSign,cRLSign
[leaf]
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost
[responder]
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=OCSPSigning
[noeku]
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
E
selfsigned() { openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1.key" \
  -out "$1.pem" -subj "$2" -days 3650 -addext basicConstraints=critical,CA:TRUE \
  -addext keyUsage=critical,keyCertSign,cRLSign 2>/dev/null; }
issue() { openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$1.key" \
  -out "$1.csr" -subj "$2" 2>/dev/null
  openssl x509 -req -in "$1.csr" -CA "$3.pem" -CAkey "$3.key" -CAcreateserial -out "$1.pem" \
  -days 825 -extfile ext.cnf -extensions "$4" 2>/dev/null; }
selfsigned root "/O=tlskit tests/CN=OCSP Test Root"
issue inter "/O=tlskit tests/CN=OCSP Test Intermediate" root inter
issue leaf "/CN=localhost" inter leaf
issue other "/CN=other.test" inter leaf
issue revoked "/CN=revoked.test" inter leaf
issue responder "/O=tlskit tests/CN=OCSP Responder" inter responder
issue noeku "/O=tlskit tests/CN=Not A Responder" inter noeku
selfsigned rogue "/CN=Rogue CA"
selfsigned impostor "/O=tlskit tests/CN=OCSP Test Intermediate"
cat leaf.pem inter.pem > leaf-chain.pem
cat leaf.pem root.pem > leaf-root.pem
cat revoked.pem inter.pem > revoked-chain.pem
cat other.pem inter.pem > other-chain.pem
serial_of() { openssl x509 -in "$1.pem" -noout -serial | cut -d= -f2; }
printf 'V\t351231000000Z\t\t%s\tunknown\t/CN=localhost\n' "$(serial_of leaf)" > index.txt
printf 'R\t351231000000Z\t250101000000Z,keyCompromise\t%s\tunknown\t/CN=revoked.test\n' \
  "$(serial_of revoked)" >> index.txt
rm -f ./*.csr ./*.srl
)SH";
  return run("bash '" + script + "'");
}

// The cached PKI's directory.
const std::string& pki() {
  static const std::string dir = testcache::cached_pki("ocsp-staple", 1, make_pki);
  return dir;
}

// Reads a whole file.
Bytes slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

// Writes a whole file.
void spit(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

class OcspStaple : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = ::testing::TempDir() + "ocsp-staple-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override { (void)run("rm -rf '" + dir_ + "'"); }

  // Makes a response for cert.pem signed with signer.pem/.key by the test responder (index.txt)
  // into this test's directory; extra: more `openssl ocsp` flags. Returns its path.
  std::string respond(const std::string& name, const std::string& cert, const std::string& signer,
                      const std::string& extra = "-ndays 1", const std::string& issuer = "inter") {
    const std::string out = dir_ + "/" + name + ".der";
    const std::string& p = pki();
    const std::string cmd = "openssl ocsp -index '" + p + "/index.txt' -CA '" + p +
                            "/inter.pem' -issuer '" + p + "/" + issuer + ".pem' -cert '" + p + "/" +
                            cert + ".pem' -rsigner '" + p + "/" + signer + ".pem' -rkey '" + p +
                            "/" + signer + ".key' -no_nonce -respout '" + out + "' " + extra +
                            " >/dev/null 2>&1";
    EXPECT_TRUE(run(cmd)) << cmd;
    return out;
  }

  // Loads a chain file and its leaf's key from the PKI.
  static CertifiedKey key(const std::string& chain, const std::string& leaf_key) {
    auto k = CertifiedKey::load_pem_files(pki() + "/" + chain, pki() + "/" + leaf_key);
    EXPECT_TRUE(k) << (k ? "" : k.error().to_string());
    return k ? *k : CertifiedKey{};
  }
  static CertifiedKey leaf_key() { return key("leaf-chain.pem", "leaf.key"); }

  // The first SingleResponse of a response file (for its times and serial).
  static x509::OcspSingle first_single(const Bytes& der) {
    auto r = x509::parse_ocsp_response(der);
    EXPECT_TRUE(r);
    if (!r || r->responses.empty()) return {};
    return r->responses.front();  // times and status are values; views are not used
  }

  static int64_t now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }

  std::string dir_;
};

// Expects a refusal whose reason names the file and says why (phrase).
#define EXPECT_REFUSED(d, phrase)                                        \
  do {                                                                   \
    EXPECT_TRUE((d).response.empty()) << (d).reason;                     \
    EXPECT_FALSE((d).expires_at.has_value()) << (d).reason;              \
    EXPECT_EQ((d).reason.rfind("not stapling ", 0), 0u) << (d).reason;   \
    EXPECT_NE((d).reason.find(phrase), std::string::npos) << (d).reason; \
  } while (0)

TEST_F(OcspStaple, GoodResponseSignedByTheIssuerIsStapled) {
  const std::string file = respond("good", "leaf", "inter");
  const Bytes der = slurp(file);
  const int64_t t = now();
  const StapleDecision d = decide_staple(der, leaf_key(), t, file);
  EXPECT_EQ(d.response, der) << d.reason;
  const x509::OcspSingle s = first_single(der);
  ASSERT_TRUE(s.next_update.has_value());
  EXPECT_EQ(d.expires_at, s.next_update);
  EXPECT_NEAR(static_cast<double>(*d.expires_at), static_cast<double>(t + 86400), 120.0);
  EXPECT_EQ(d.reason, "OCSP response for CN=localhost stapled (" + file + "): good, next update " +
                          format_staple_time(*s.next_update));
}

TEST_F(OcspStaple, GoodResponseFromADelegatedResponderIsStapled) {
  // RFC 6960 §4.2.2.2: a responder the issuer certified with id-kp-OCSPSigning.
  const std::string file = respond("delegated", "leaf", "responder");
  const StapleDecision d = decide_staple(slurp(file), leaf_key(), now(), file);
  EXPECT_FALSE(d.response.empty()) << d.reason;
  EXPECT_NE(d.reason.find("stapled"), std::string::npos) << d.reason;
}

TEST_F(OcspStaple, GoodResponseWithResponderIdByKeyIsStapled) {
  const std::string file = respond("bykey", "leaf", "inter", "-ndays 1 -resp_key_id");
  const StapleDecision d = decide_staple(slurp(file), leaf_key(), now(), file);
  EXPECT_FALSE(d.response.empty()) << d.reason;
}

TEST_F(OcspStaple, DelegatedResponderWithoutItsCertificateIsRefused) {
  const std::string file = respond("nocerts", "leaf", "responder", "-ndays 1 -resp_no_certs");
  const StapleDecision d = decide_staple(slurp(file), leaf_key(), now(), file);
  EXPECT_REFUSED(d, "no certificate matches the OCSP responder ID");
  EXPECT_NE(d.reason.find("RFC 6960 §4.2.2.2"), std::string::npos) << d.reason;
}

TEST_F(OcspStaple, ResponderWithoutTheOcspSigningUsageIsRefused) {
  const std::string file = respond("noeku", "leaf", "noeku");
  EXPECT_REFUSED(decide_staple(slurp(file), leaf_key(), now(), file), "lacks the OCSPSigning");
}

TEST_F(OcspStaple, ResponseSignedByAnUnrelatedKeyIsRefused) {
  const std::string file = respond("rogue", "leaf", "rogue");
  EXPECT_REFUSED(decide_staple(slurp(file), leaf_key(), now(), file),
                 "'CN = Rogue CA' was not issued by");
}

TEST_F(OcspStaple, ImpostorWithTheIssuersNameIsRefusedOnTheSignature) {
  // The responder ID names the issuer, but the key that signed is another one.
  const std::string file = respond("impostor", "leaf", "impostor", "-ndays 1 -resp_no_certs");
  EXPECT_REFUSED(decide_staple(slurp(file), leaf_key(), now(), file), "signature does not verify");
}

TEST_F(OcspStaple, RevokedIsNeverStapled) {
  const std::string file = respond("revoked", "revoked", "inter");
  const StapleDecision d =
      decide_staple(slurp(file), key("revoked-chain.pem", "revoked.key"), now(), file);
  EXPECT_REFUSED(d, "was revoked on 2025-01-01T00:00:00Z (keyCompromise)");
  EXPECT_NE(d.reason.find("never stapled"), std::string::npos) << d.reason;
  EXPECT_NE(d.reason.find("CN=revoked.test"), std::string::npos) << d.reason;
}

TEST_F(OcspStaple, ExpiredIsRefusedWithoutSkew) {
  const std::string file = respond("expiring", "leaf", "inter");
  const Bytes der = slurp(file);
  const int64_t next = *first_single(der).next_update;
  const CertifiedKey k = leaf_key();
  EXPECT_FALSE(decide_staple(der, k, next - 1, file).response.empty());
  const std::string phrase = "expired at " + format_staple_time(next) + " (nextUpdate)";
  EXPECT_REFUSED(decide_staple(der, k, next, file), phrase);
  // Clients tolerate x509::kOcspClockSkew past nextUpdate; a server serves no stale response.
  EXPECT_REFUSED(decide_staple(der, k, next + 60, file), phrase);
  EXPECT_REFUSED(decide_staple(der, k, next + 400 * 86400, file), phrase);
}

TEST_F(OcspStaple, NotYetValidIsRefusedBeyondTheClockSkew) {
  const std::string file = respond("early", "leaf", "inter");
  const Bytes der = slurp(file);
  const int64_t this_update = first_single(der).this_update;
  const CertifiedKey k = leaf_key();
  EXPECT_FALSE(decide_staple(der, k, this_update - 60, file).response.empty());
  EXPECT_REFUSED(decide_staple(der, k, this_update - 3600, file), "not valid before");
}

TEST_F(OcspStaple, WithoutNextUpdateItIsFreshForSevenDays) {
  const std::string file = respond("nonext", "leaf", "inter", "");
  const Bytes der = slurp(file);
  const x509::OcspSingle s = first_single(der);
  ASSERT_FALSE(s.next_update.has_value());
  const CertifiedKey k = leaf_key();
  const StapleDecision d = decide_staple(der, k, now(), file);
  EXPECT_FALSE(d.response.empty()) << d.reason;
  EXPECT_EQ(d.expires_at, s.this_update + 7 * 86400);
  EXPECT_NE(d.reason.find("no nextUpdate"), std::string::npos) << d.reason;
  EXPECT_REFUSED(decide_staple(der, k, s.this_update + 7 * 86400 + 1, file), "older than 7 days");
}

TEST_F(OcspStaple, ResponseForAnotherCertificateIsRefused) {
  const std::string file = respond("other", "other", "inter");
  const Bytes der = slurp(file);
  const StapleDecision d = decide_staple(der, leaf_key(), now(), file);
  EXPECT_REFUSED(d, "the response is for another certificate");
  EXPECT_NE(d.reason.find("CN=localhost has serial"), std::string::npos) << d.reason;
}

TEST_F(OcspStaple, ResponseUnderAnotherIssuerIsRefused) {
  // The leaf's serial, but a CertID made with the impostor's key as issuer.
  const std::string file = respond("otherissuer", "leaf", "inter", "-ndays 1", "impostor");
  EXPECT_REFUSED(decide_staple(slurp(file), leaf_key(), now(), file), "under another issuer");
}

TEST_F(OcspStaple, UnknownStatusIsRefused) {
  const std::string file = respond("unknown", "other", "inter");
  EXPECT_REFUSED(decide_staple(slurp(file), key("other-chain.pem", "other.key"), now(), file),
                 "status unknown");
}

TEST_F(OcspStaple, ChainWithoutIssuerIsRefused) {
  const std::string file = respond("good", "leaf", "inter");
  const StapleDecision d = decide_staple(slurp(file), key("leaf.pem", "leaf.key"), now(), file);
  EXPECT_REFUSED(d, "has no issuer certificate, so the response cannot be checked");
  EXPECT_NE(d.reason.find("add the intermediate"), std::string::npos) << d.reason;
}

TEST_F(OcspStaple, ChainWhoseSecondCertificateIsNotTheIssuerIsRefused) {
  const std::string file = respond("good", "leaf", "inter");
  EXPECT_REFUSED(decide_staple(slurp(file), key("leaf-root.pem", "leaf.key"), now(), file),
                 "is not the leaf's issuer");
}

TEST_F(OcspStaple, UnsuccessfulAndMalformedResponsesAreRefused) {
  // OCSPResponse { responseStatus tryLater } (RFC 6960 §4.2.1).
  const Bytes try_later = {0x30, 0x03, 0x0a, 0x01, 0x03};
  EXPECT_REFUSED(decide_staple(try_later, leaf_key(), now(), "x.der"),
                 "answered tryLater instead of successful");
  const Bytes garbage = {0x30, 0x03, 0x02, 0x01};
  EXPECT_REFUSED(decide_staple(garbage, leaf_key(), now(), "x.der"), "not a valid OCSP response");
}

TEST_F(OcspStaple, WithStapleCopiesTheKey) {
  const CertifiedKey k = leaf_key();
  auto s = with_staple(k, Bytes{1, 2, 3});
  EXPECT_EQ(s->ocsp_response, (Bytes{1, 2, 3}));
  EXPECT_EQ(s->chain, k.chain);
  EXPECT_EQ(s->key, k.key);
  EXPECT_TRUE(k.ocsp_response.empty());
}

TEST_F(OcspStaple, ReadsDerAndExplainsWhatIsNot) {
  const std::string good = respond("good", "leaf", "inter");
  auto r = read_ocsp_file(good);
  ASSERT_TRUE(r) << r.error().to_string();
  EXPECT_EQ(*r, slurp(good));

  auto expect_error = [](const std::string& path, const std::string& phrase) {
    auto e = read_ocsp_file(path);
    ASSERT_FALSE(e) << path;
    EXPECT_EQ(e.error().code, ErrorCode::file_error);
    EXPECT_EQ(e.error().party, Party::config);
    EXPECT_NE(e.error().detail.find(phrase), std::string::npos) << e.error().detail;
    EXPECT_NE(e.error().detail.find(path), std::string::npos) << e.error().detail;
  };
  const std::string pem = dir_ + "/resp.pem";
  ASSERT_TRUE(run("(echo '-----BEGIN OCSP RESPONSE-----'; openssl base64 -in '" + good +
                  "'; echo '-----END OCSP RESPONSE-----') > '" + pem + "'"));
  expect_error(pem, "is not DER: it looks like PEM or base64 text");
  const std::string b64 = dir_ + "/resp.b64";
  ASSERT_TRUE(run("openssl base64 -in '" + good + "' -out '" + b64 + "'"));
  expect_error(b64, "openssl base64 -d -in " + b64);
  spit(dir_ + "/empty", "");
  expect_error(dir_ + "/empty", "is empty");
  spit(dir_ + "/big", std::string(x509::kMaxOcspResponseSize + 1, '\x30'));
  expect_error(dir_ + "/big", "larger than 65536 bytes");
  spit(dir_ + "/binary", std::string("\x04\x01\xff\x00", 4));
  expect_error(dir_ + "/binary", "does not start with a SEQUENCE");
  expect_error(dir_ + "/missing", "cannot read OCSP response");
  // Exactly the bound is accepted (the parser judges the contents).
  spit(dir_ + "/max", std::string(x509::kMaxOcspResponseSize, '\x30'));
  EXPECT_TRUE(read_ocsp_file(dir_ + "/max"));
}

TEST_F(OcspStaple, FileWatchReportsEachChangeOnce) {
  const std::string path = dir_ + "/watched.der";
  OcspFileWatch w(path);
  EXPECT_TRUE(w.changed());  // the first look, even at a missing file
  EXPECT_FALSE(w.changed());
  spit(path, "0one");
  EXPECT_TRUE(w.changed());  // appeared
  EXPECT_FALSE(w.changed());
  // Rewritten in place with the same size: the mtime tells (file times tick every few ms).
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  spit(path, "0two");
  EXPECT_TRUE(w.changed());
  EXPECT_FALSE(w.changed());
  // Replaced by a rename (what certbot hooks and `mv` do): a new inode.
  spit(dir_ + "/new.der", "0two");
  ASSERT_EQ(std::rename((dir_ + "/new.der").c_str(), path.c_str()), 0);
  EXPECT_TRUE(w.changed());
  EXPECT_FALSE(w.changed());
  ASSERT_EQ(std::remove(path.c_str()), 0);
  EXPECT_TRUE(w.changed());  // disappeared
  EXPECT_FALSE(w.changed());
}

TEST_F(OcspStaple, StapleSetRefusesMoreFilesThanCertificates) {
  auto k = std::make_shared<const CertifiedKey>(leaf_key());
  auto s = StapleSet::create({k}, {"a.der", "b.der"});
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, ErrorCode::config_invalid);
  EXPECT_NE(s.error().detail.find("2 OCSP files for 1 certificates"), std::string::npos);
}

TEST_F(OcspStaple, StapleSetFollowsTheFileAndTheClock) {
  const std::string file = dir_ + "/staple.der";
  ASSERT_TRUE(run("cp '" + respond("day1", "leaf", "inter") + "' '" + file + "'"));
  const Bytes day1 = slurp(file);
  const int64_t next = *first_single(day1).next_update;
  CertifiedKey other = key("other-chain.pem", "other.key");
  other.ocsp_response = {9, 9};  // a staple given in the key is replaced by the set's verdict
  auto set = StapleSet::create({std::make_shared<const CertifiedKey>(leaf_key()),
                                std::make_shared<const CertifiedKey>(other)},
                               {file});
  ASSERT_TRUE(set) << set.error().to_string();
  std::vector<std::string> lines;
  auto log = [&](const std::string& l) { lines.push_back(l); };
  const int64_t t = now();

  EXPECT_TRUE(set->refresh(t, log));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("stapled (" + file + ")"), std::string::npos) << lines[0];
  EXPECT_EQ(set->certificates()[0]->ocsp_response, day1);
  EXPECT_TRUE(set->certificates()[1]->ocsp_response.empty());
  EXPECT_EQ(set->next_check(t), t + kOcspFilePollSeconds);
  EXPECT_EQ(set->next_check(next - 10), next);

  // Nothing changed: no new Config, no log line.
  EXPECT_FALSE(set->refresh(t + 1, log));
  EXPECT_EQ(lines.size(), 1u);

  // The clock passes nextUpdate: dropped although the file did not change, said once.
  EXPECT_TRUE(set->refresh(next, log));
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[1].find("expired at"), std::string::npos) << lines[1];
  EXPECT_TRUE(set->certificates()[0]->ocsp_response.empty());
  EXPECT_FALSE(set->refresh(next + 5, log));
  EXPECT_EQ(lines.size(), 2u);
  EXPECT_EQ(set->next_check(next + 5), next + 5 + kOcspFilePollSeconds);

  // A fresh response replaces the file (by rename): stapled again.
  const std::string day2 = respond("day2", "leaf", "inter", "-ndays 2");
  ASSERT_TRUE(
      run("cp '" + day2 + "' '" + dir_ + "/tmp.der' && mv '" + dir_ + "/tmp.der' '" + file + "'"));
  EXPECT_TRUE(set->refresh(next + 10, log));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_NE(lines[2].find("stapled"), std::string::npos) << lines[2];
  EXPECT_EQ(set->certificates()[0]->ocsp_response, slurp(day2));

  // The Config the server publishes carries the new staple and keeps everything else.
  Config base;
  base.alpn = {"h2"};
  auto cfg = set->apply(base);
  ASSERT_EQ(cfg->certificates.size(), 2u);
  EXPECT_EQ(cfg->certificates[0]->ocsp_response, slurp(day2));
  EXPECT_EQ(cfg->alpn, base.alpn);

  // The file disappears: nothing stapled, and the line says which file and why.
  ASSERT_EQ(std::remove(file.c_str()), 0);
  EXPECT_TRUE(set->refresh(next + 20, log));
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_NE(lines[3].find("cannot read OCSP response " + file), std::string::npos) << lines[3];
  EXPECT_TRUE(set->certificates()[0]->ocsp_response.empty());
}

TEST_F(OcspStaple, StapleSetLogsARefusalOnce) {
  const std::string file = respond("good", "leaf", "inter");
  auto set = StapleSet::create({std::make_shared<const CertifiedKey>(key("leaf.pem", "leaf.key"))},
                               {file});
  ASSERT_TRUE(set);
  std::vector<std::string> lines;
  auto log = [&](const std::string& l) { lines.push_back(l); };
  EXPECT_FALSE(set->refresh(now(), log));  // nothing stapled before, nothing now
  EXPECT_FALSE(set->refresh(now(), log));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find("has no issuer certificate"), std::string::npos) << lines[0];
  EXPECT_NE(set->decision(0).reason.find("has no issuer certificate"), std::string::npos);
}

}  // namespace
}  // namespace tlskit::tools
