// NSS key log line format.
#include "handshake/keylog.h"

#include <gtest/gtest.h>

#include <vector>

namespace tlskit {
namespace {

using handshake::KeyLogLabel;

TEST(KeyLog, LabelsAreTheNssNames) {
  EXPECT_STREQ(handshake::keylog_label_name(KeyLogLabel::client_handshake_traffic_secret),
               "CLIENT_HANDSHAKE_TRAFFIC_SECRET");
  EXPECT_STREQ(handshake::keylog_label_name(KeyLogLabel::server_handshake_traffic_secret),
               "SERVER_HANDSHAKE_TRAFFIC_SECRET");
  EXPECT_STREQ(handshake::keylog_label_name(KeyLogLabel::client_traffic_secret_0),
               "CLIENT_TRAFFIC_SECRET_0");
  EXPECT_STREQ(handshake::keylog_label_name(KeyLogLabel::server_traffic_secret_0),
               "SERVER_TRAFFIC_SECRET_0");
  EXPECT_STREQ(handshake::keylog_label_name(KeyLogLabel::exporter_secret), "EXPORTER_SECRET");
  EXPECT_STREQ(handshake::keylog_label_name(KeyLogLabel::early_exporter_secret),
               "EARLY_EXPORTER_SECRET");
  EXPECT_STREQ(handshake::keylog_label_name(KeyLogLabel::client_early_traffic_secret),
               "CLIENT_EARLY_TRAFFIC_SECRET");
  EXPECT_STREQ(handshake::keylog_label_name(KeyLogLabel::client_random), "CLIENT_RANDOM");
}

TEST(KeyLog, LineFormat) {
  Bytes random(32);
  for (size_t i = 0; i < 32; ++i) random[i] = static_cast<uint8_t>(i);
  const Bytes secret = {0xde, 0xad, 0xBE, 0xef};
  EXPECT_EQ(
      handshake::keylog_line(KeyLogLabel::client_random, random, secret),
      "CLIENT_RANDOM 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f deadbeef");
}

TEST(KeyLog, LoggerOnlyCallsWhenEnabled) {
  handshake::KeyLogger off;
  EXPECT_FALSE(off.enabled());
  off.log(KeyLogLabel::exporter_secret, Bytes(32), Bytes(32));  // no crash, nothing to do
  std::vector<std::string> lines;
  handshake::KeyLogger on([&](std::string_view l) { lines.emplace_back(l); });
  EXPECT_TRUE(on.enabled());
  on.log(KeyLogLabel::server_traffic_secret_0, Bytes(2, 0xab), Bytes(1, 0x01));
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], "SERVER_TRAFFIC_SECRET_0 abab 01");
}

}  // namespace
}  // namespace tlskit
