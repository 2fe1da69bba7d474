// The Heartbleed probe's answer check (the probe itself runs in tests/scan_live against servers
// without heartbeats; no server with the bug is available to test a positive live).
#include <gtest/gtest.h>

#include "scan/heartbleed.h"

namespace tlskit::tools::scan {
namespace {

TEST(ScanHeartbleed, HeartbeatResponseDetection) {
  Bytes alert = {21, 3, 3, 0, 2, 2, 10};
  EXPECT_FALSE(heartbeat_response_in(alert));
  Bytes response = {24, 3, 3, 0, 8, 2, 0x40, 0, 'l', 'e', 'a', 'k', '!'};
  EXPECT_TRUE(heartbeat_response_in(response));
  Bytes both = alert;
  both.insert(both.end(), response.begin(), response.end());
  EXPECT_TRUE(heartbeat_response_in(both));
  Bytes tiny = {24, 3, 3, 0, 3, 2, 0, 0};
  EXPECT_FALSE(heartbeat_response_in(tiny));
  EXPECT_FALSE(heartbeat_response_in(Bytes{'H', 'T', 'T', 'P', '/', '1'}));
  EXPECT_FALSE(heartbeat_response_in({}));
}

}  // namespace
}  // namespace tlskit::tools::scan
