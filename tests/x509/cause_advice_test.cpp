// The cause-to-advice table (x509/cause_advice.h) that x509::explain() and the inspector's
// diagnosis share: every cause the validator can name has its own row, the variants apply where
// they should, and no placeholder is left unfilled.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "x509/cause_advice.h"
#include "x509/verify_codes.h"

namespace tlskit::x509 {
namespace {

// Every cause id default_cause() can return for the codes 0..127, without "ok" and the
// catch-all "not_conformant" (which the generic RFC 5280 advice serves).
std::set<std::string> validator_causes() {
  std::set<std::string> out;
  for (int code = 1; code < 128; ++code) out.insert(default_cause(code));
  out.erase("not_conformant");
  return out;
}

TEST(CauseAdvice, EveryValidatorCauseHasItsOwnRow) {
  std::vector<std::string> rows = advised_causes();
  std::set<std::string> advised(rows.begin(), rows.end());
  for (const std::string& cause : validator_causes())
    EXPECT_TRUE(advised.count(cause)) << cause << " has no row in the advice table";
  CauseAdvice generic = cause_advice("not_conformant", {});
  for (const std::string& cause : rows)
    EXPECT_NE(cause_advice(cause, {}).fix, generic.fix) << cause;
}

TEST(CauseAdvice, PlaceholdersAreFilledWithFactsOrNeutralWords) {
  AdviceFacts facts;
  facts.sender = "client";
  facts.issuer = "'CN = Issuing CA'";
  facts.asked = "'www.example.test'";
  for (const std::string& cause : advised_causes()) {
    for (const AdviceFacts& f : {facts, AdviceFacts{}}) {
      CauseAdvice a = cause_advice(cause, f);
      EXPECT_EQ(a.fix.find('{'), std::string::npos) << cause << ": " << a.fix;
      EXPECT_EQ(a.problem.find('{'), std::string::npos) << cause << ": " << a.problem;
      ASSERT_FALSE(a.fix.empty());
      EXPECT_TRUE(a.fix.front() >= 'A' && a.fix.front() <= 'Z') << a.fix;
      EXPECT_EQ(a.fix.back(), '.') << a.fix;
    }
  }
  CauseAdvice mi = cause_advice("missing_intermediate", facts);
  EXPECT_NE(mi.fix.find("Configure the client to send the full chain"), std::string::npos) << mi.fix;
  EXPECT_NE(mi.fix.find("'CN = Issuing CA'"), std::string::npos) << mi.fix;
  EXPECT_EQ(mi.fix.find("server"), std::string::npos) << mi.fix;
  CauseAdvice host = cause_advice("hostname_mismatch", facts);
  EXPECT_NE(host.problem.find("'www.example.test'"), std::string::npos) << host.problem;
}

TEST(CauseAdvice, VariantsByDepthAndCode) {
  AdviceFacts leaf;
  leaf.depth = 0;
  AdviceFacts ca;
  ca.depth = 1;
  EXPECT_NE(cause_advice("expired", leaf).fix.find("Renew the certificate"), std::string::npos);
  EXPECT_NE(cause_advice("expired", ca).fix.find("current version of that CA certificate"),
            std::string::npos);
  AdviceFacts root_missing;
  root_missing.code = kUnableToGetIssuerCert;
  root_missing.issuer = "'CN = Root'";
  CauseAdvice root = cause_advice("missing_intermediate", root_missing);
  EXPECT_NE(root.fix.find("Add 'CN = Root' (the root) to the trust store"), std::string::npos)
      << root.fix;
  root_missing.code = kUnableToGetIssuerCertLocally;
  EXPECT_NE(cause_advice("missing_intermediate", root_missing).fix.find("full chain"),
            std::string::npos);
}

TEST(CauseAdvice, UnknownCauseGetsTheGenericAdvice) {
  CauseAdvice a = cause_advice("no_such_cause", {});
  EXPECT_EQ(a.problem, "failed verification");
  EXPECT_NE(a.fix.find("RFC 5280"), std::string::npos);
}

}  // namespace
}  // namespace tlskit::x509
