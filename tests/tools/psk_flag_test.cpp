// --psk IDENTITY:HEXKEY[:sha384] parsing.
#include <gtest/gtest.h>

#include "cli/psk_flag.h"

namespace tlskit::tools {
namespace {

TEST(PskFlag, ParsesIdentityKeyAndHash) {
  auto p = parse_psk_flag("client1:00a1FF");
  ASSERT_TRUE(p);
  EXPECT_EQ(std::string(p->identity.begin(), p->identity.end()), "client1");
  EXPECT_EQ(p->key, (Bytes{0x00, 0xa1, 0xff}));
  EXPECT_FALSE(p->sha384);
  auto q = parse_psk_flag("id:0011:sha384");
  ASSERT_TRUE(q);
  EXPECT_TRUE(q->sha384);
}

TEST(PskFlag, RefusesMalformedValuesWithTheReason) {
  for (const char* bad : {"nocolon", ":00", "id:", "id:0", "id:zz", "id:00:md5"}) {
    auto r = parse_psk_flag(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::config_invalid) << bad;
    EXPECT_EQ(r.error().detail.rfind("--psk: ", 0), 0u) << r.error().detail;
  }
}

}  // namespace
}  // namespace tlskit::tools
