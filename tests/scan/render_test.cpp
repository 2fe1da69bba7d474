// The JSON document's shape (docs/json-schema.md), the text and the HTML page.
#include <gtest/gtest.h>

#include "scan/render.h"
#include "scan_facts_util.h"

namespace tlskit::tools::scan {
namespace {
using namespace testing;

TEST(ScanJson, DocumentShape) {
  ScanDocument d;
  d.targets.push_back(finished(modern()));
  TargetReport broken;
  broken.target = "127.0.0.1:1";
  broken.error = TargetError{"connection_refused", "connect refused"};
  d.targets.push_back(broken);
  nlohmann::json j = document_json(d);
  EXPECT_EQ(j["schema"], "tlskit.scan.report");
  EXPECT_EQ(j["schema_version"], 1);
  ASSERT_EQ(j["targets"].size(), 2u);
  const auto& t = j["targets"][0];
  for (const char* key : {"target", "server_name", "protocols", "cipher_suites", "server_order", "groups",
                          "certificates", "findings", "grade", "duration_ms", "error", "features", "clients"})
    EXPECT_TRUE(t.contains(key)) << key;
  for (const char* p : {"SSLv2", "SSLv3", "TLSv1.0", "TLSv1.1", "TLSv1.2", "TLSv1.3"}) EXPECT_TRUE(t["protocols"][p].is_boolean()) << p;
  EXPECT_EQ(t["protocols"]["TLSv1.2"], true);
  EXPECT_EQ(t["protocols"]["SSLv3"], false);
  const auto& s0 = t["cipher_suites"]["TLSv1.2"][0];
  EXPECT_EQ(s0["id"], "0xc02b");
  EXPECT_EQ(s0["name"], "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
  EXPECT_EQ(s0["kx"], "ECDHE");
  EXPECT_EQ(s0["bits"], 128);
  EXPECT_EQ(t["server_order"]["TLSv1.2"], true);
  EXPECT_FALSE(t["cipher_suites"].contains("SSLv3"));
  EXPECT_EQ(t["grade"]["letter"], "A+");
  EXPECT_TRUE(t["grade"]["caps"].is_array());
  EXPECT_TRUE(t["grade"]["warnings"].is_array());
  EXPECT_TRUE(t["error"].is_null());
  const auto& b = j["targets"][1];
  EXPECT_EQ(b["error"]["cause"], "connection_refused");
  EXPECT_TRUE(b["grade"]["letter"].is_null());
}

TEST(ScanJson, FindingFields) {
  TargetReport t = modern();
  set_protocol(t, Protocol::ssl3, {suite(0x002f)});
  nlohmann::json j = target_json(finished(t));
  ASSERT_FALSE(j["findings"].empty());
  for (const auto& f : j["findings"])
    for (const char* key : {"id", "severity", "title", "detail", "fix", "method"}) EXPECT_TRUE(f.contains(key)) << key;
}

TEST(ScanText, MentionsGradeSuitesAndFindings) {
  TargetReport t = modern();
  set_protocol(t, Protocol::tls1_0, {suite(0xc013, 256)});
  std::string s = target_text(finished(t));
  EXPECT_NE(s.find("Grade B"), std::string::npos) << s;
  EXPECT_NE(s.find("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"), std::string::npos);
  EXPECT_NE(s.find("tls1_0"), std::string::npos);
}

TEST(ScanHtml, SelfContainedAndEscaped) {
  ScanDocument d;
  TargetReport t = modern();
  t.target = "<script>alert(1)</script>:443";
  d.targets.push_back(finished(t));
  std::string h = document_html(d);
  EXPECT_EQ(h.find("<script>"), std::string::npos);
  EXPECT_NE(h.find("&lt;script&gt;"), std::string::npos);
  EXPECT_EQ(h.find("src="), std::string::npos);
  EXPECT_EQ(h.find("href="), std::string::npos);
  EXPECT_NE(h.find("<!DOCTYPE html>"), std::string::npos);
  EXPECT_NE(h.find("A+"), std::string::npos);
  EXPECT_EQ(html_escape("a&b\"'"), "a&amp;b&quot;&#39;");
}

}  // namespace
}  // namespace tlskit::tools::scan
