// Tests of `tlskit client` flag parsing and the s_client translation table.
#include <gtest/gtest.h>

#include <set>

#include "cli/client_options.h"
#include "cli/s_client_flags.h"
#include "commands.h"

namespace tlskit::tools {
namespace {

TEST(ClientFlags, ParsesTargetAndFlags) {
  ClientOptions o;
  auto r = parse_client_args({"example.com:443", "--alpn", "h2,http/1.1", "--tls1_3", "--json",
                              "--CAfile", "ca.pem", "--groups", "X25519:P-256"},
                             o);
  ASSERT_TRUE(r.run) << r.message;
  EXPECT_EQ(o.target, "example.com:443");
  EXPECT_EQ(o.alpn, "h2,http/1.1");
  EXPECT_TRUE(o.tls1_3);
  EXPECT_TRUE(o.json);
  EXPECT_EQ(o.ca_file, "ca.pem");
  auto p = resolve_params(o);
  ASSERT_TRUE(p.ok()) << p.error().detail;
  EXPECT_EQ(p->min_version, ProtocolVersion::tls1_3);
  EXPECT_EQ(p->max_version, ProtocolVersion::tls1_3);
  ASSERT_EQ(p->alpn.size(), 2u);
  EXPECT_EQ(p->alpn[1], "http/1.1");
  ASSERT_EQ(p->groups.size(), 2u);
  EXPECT_EQ(p->groups[0], NamedGroup::x25519);
  EXPECT_EQ(p->groups[1], NamedGroup::secp256r1);
}

TEST(ClientFlags, UnknownFlagIsOneLineUsageError) {
  ClientOptions o;
  auto r = parse_client_args({"example.com:443", "--no-such-flag"}, o);
  EXPECT_FALSE(r.run);
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_EQ(r.message.find('\n'), std::string::npos) << r.message;
  EXPECT_NE(r.message.find("--no-such-flag"), std::string::npos) << r.message;
}

TEST(ClientFlags, MissingTargetAndHalfAKeyPairAreUsageErrors) {
  ClientOptions a;
  EXPECT_EQ(parse_client_args({"--json"}, a).exit_code, kExitUsage);
  ClientOptions b;
  auto r = parse_client_args({"h:1", "--cert", "c.pem"}, b);
  EXPECT_EQ(r.exit_code, kExitUsage);
  EXPECT_NE(r.message.find("--key"), std::string::npos);
}

TEST(ClientFlags, HelpListsEveryFlag) {
  ClientOptions o;
  auto r = parse_client_args({"--help"}, o);
  EXPECT_FALSE(r.run);
  EXPECT_EQ(r.exit_code, kExitOk);
  for (const char* f : {"--servername", "--alpn", "--tls1_3", "--ciphersuites", "--groups",
                        "--cert", "--key", "--keylogfile", "--insecure", "--msg", "--trace",
                        "--ladder", "--json", "--CAfile", "--CApath", "--status", "--no-probe"})
    EXPECT_NE(r.message.find(f), std::string::npos) << f;
}

TEST(ClientFlags, ResolvesSuitesAndRejectsUnknownOnes) {
  ClientOptions o;
  o.ciphersuites = "TLS_AES_256_GCM_SHA384";
  o.cipher = "ECDHE-ECDSA-AES128-GCM-SHA256";
  auto p = resolve_params(o);
  ASSERT_TRUE(p.ok()) << p.error().detail;
  ASSERT_EQ(p->cipher_suites.size(), 2u);
  EXPECT_EQ(p->cipher_suites[0], CipherSuite::TLS_AES_256_GCM_SHA384);
  EXPECT_EQ(p->cipher_suites[1], CipherSuite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256);

  o.ciphersuites = "TLS_AES_256_GCM_SHA384:NOPE";
  auto bad = resolve_params(o);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::config_invalid);
  EXPECT_NE(bad.error().detail.find("NOPE"), std::string::npos);

  ClientOptions g;
  g.groups = "X25519:brainpool";
  EXPECT_FALSE(resolve_params(g).ok());

  ClientOptions v;
  v.min_version = "1.3";
  v.max_version = "1.2";
  EXPECT_FALSE(resolve_params(v).ok());
  v.max_version = "1.1";
  EXPECT_FALSE(resolve_params(v).ok());
}

TEST(SClient, TranslatesARunbookCommand) {
  auto t = translate_s_client_args({"-connect", "example.com:443", "-servername", "www.example.com",
                                    "-showcerts", "-tls1_2", "-CAfile", "ca.pem", "-alpn", "h2",
                                    "-status", "-msg"});
  ASSERT_TRUE(t.error.empty()) << t.error;
  std::vector<std::string> want = {"--connect", "example.com:443", "--servername",
                                   "www.example.com", "--showcerts", "--tls1_2", "--CAfile",
                                   "ca.pem", "--alpn", "h2", "--status", "--msg"};
  EXPECT_EQ(t.client_args, want);
  EXPECT_TRUE(t.notes.empty());
  ClientOptions o;
  auto r = parse_client_args(t.client_args, o);
  ASSERT_TRUE(r.run) << r.message;
  EXPECT_EQ(o.target, "example.com:443");
  EXPECT_TRUE(o.showcerts);
}

TEST(SClient, SessionFlagsMapAndMissingFeaturesAreSaidUnsupported) {
  auto t = translate_s_client_args({"-connect", "h:1", "-reconnect", "-sess_out", "s.pem", "-sess_in",
                                    "s.pem", "-early_data", "e.txt", "-psk", "00"});
  ASSERT_TRUE(t.error.empty()) << t.error;
  EXPECT_EQ(t.client_args, (std::vector<std::string>{"--connect", "h:1", "--reconnect", "--sess-out",
                                                     "s.pem", "--sess-in", "s.pem", "--early-data",
                                                     "e.txt"}));
  ASSERT_EQ(t.notes.size(), 1u);
  for (const auto& n : t.notes) EXPECT_NE(n.find("not supported yet"), std::string::npos) << n;
}

TEST(SClient, DefaultsAndErrors) {
  auto t = translate_s_client_args({});
  EXPECT_EQ(t.client_args, (std::vector<std::string>{"--connect", "localhost:4433"}));
  EXPECT_FALSE(translate_s_client_args({"-bogus"}).error.empty());
  EXPECT_FALSE(translate_s_client_args({"-connect"}).error.empty());
  EXPECT_FALSE(translate_s_client_args({"-tls1"}).error.empty());
  EXPECT_TRUE(translate_s_client_args({"-help"}).help);
  auto pass = translate_s_client_args({"-connect", "h:1", "--json"});
  EXPECT_EQ(pass.client_args.back(), "--json");
  auto fixed = translate_s_client_args({"-connect", "h:1", "-no_tls1_3"});
  EXPECT_EQ(fixed.client_args, (std::vector<std::string>{"--connect", "h:1", "--max-version", "1.2"}));
}

TEST(SClient, TableIsWellFormedAndEveryMappedFlagExistsOnTheClient) {
  std::set<std::string> seen;
  std::string help = client_help();
  for (const SClientFlag& f : s_client_flag_table()) {
    EXPECT_TRUE(seen.insert(f.name).second) << "duplicate " << f.name;
    EXPECT_EQ(f.name[0], '-');
    EXPECT_NE(std::string(f.meaning), "");
    if (f.action == SFlagAction::map) {
      EXPECT_NE(help.find(f.client_flag), std::string::npos) << f.name << " -> " << f.client_flag;
    }
  }
  for (const char* required : {"-connect", "-servername", "-showcerts", "-msg", "-tls1_2",
                               "-tls1_3", "-cipher", "-ciphersuites", "-groups", "-CAfile",
                               "-cert", "-key", "-alpn", "-status", "-reconnect", "-sess_out",
                               "-sess_in", "-keylogfile", "-brief"})
    EXPECT_TRUE(seen.count(required)) << required;
  std::string sh = s_client_help();
  for (const SClientFlag& f : s_client_flag_table())
    EXPECT_NE(sh.find(f.name), std::string::npos) << f.name;
}

}  // namespace
}  // namespace tlskit::tools
