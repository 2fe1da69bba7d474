// --cert-compression LIST|none (tools/cli/cert_compression_flag.h) and what it does to the
// client's and the server's Config.
#include <gtest/gtest.h>

#include "cli/cert_compression_flag.h"

namespace tlskit::tools {
namespace {

using A = CertCompressionAlgorithm;

TEST(CertCompressionFlag, ListsInOrderAndNone) {
  auto all = parse_cert_compression_flag("zstd,brotli:zlib");
  ASSERT_TRUE(all) << all.error().to_string();
  EXPECT_EQ(*all, (std::vector<A>{A::zstd, A::brotli, A::zlib}));
  auto one = parse_cert_compression_flag("brotli");
  ASSERT_TRUE(one);
  EXPECT_EQ(*one, std::vector<A>{A::brotli});
  auto none = parse_cert_compression_flag("none");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
}

TEST(CertCompressionFlag, MistakesAreConfigErrorsNamingThem) {
  for (const char* bad : {"gzip", "brotli,,zlib", "", "brotli,", "zlib,zlib", "Brotli"}) {
    auto r = parse_cert_compression_flag(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::config_invalid);
    EXPECT_EQ(r.error().party, Party::config);
    EXPECT_NE(r.error().detail.find("--cert-compression"), std::string::npos);
  }
  EXPECT_NE(parse_cert_compression_flag("zlib,zlib").error().detail.find("twice"),
            std::string::npos);
}

}  // namespace
}  // namespace tlskit::tools
