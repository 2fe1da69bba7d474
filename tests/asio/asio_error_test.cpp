// The tlskit error category: messages are the Error's line, codes compare as conditions, the
// table of recent texts is bounded and says so when a text was replaced.
#include <gtest/gtest.h>

#include <asio/error.hpp>
#include <thread>
#include <vector>

#include "tlskit/asio/error.h"

namespace tlskit::asio_test {
namespace {

Error sample(std::string detail) {
  return make_error(ErrorCode::certificate_invalid, Alert::unknown_ca, Party::peer,
                    Step::certificate_validation, std::move(detail));
}

TEST(AsioError, MessageIsTheWholeErrorLine) {
  const Error e = sample("issuer 'CN = x' is not in the trust store");
  const std::error_code ec = tlskit::asio::make_error_code(e);
  EXPECT_TRUE(ec);
  EXPECT_STREQ(ec.category().name(), "tlskit");
  EXPECT_EQ(ec.message(), e.to_string());
  EXPECT_NE(ec.message().find("[alert unknown_ca]"), std::string::npos);
  EXPECT_EQ(ec, ErrorCode::certificate_invalid);
  EXPECT_NE(ec, ErrorCode::peer_alert);
  EXPECT_EQ(tlskit::asio::tls_error_code(ec), ErrorCode::certificate_invalid);
  EXPECT_EQ(tlskit::asio::tls_error_code(::asio::error::eof), std::nullopt);
  // Two errors with the same code are the same condition, different codes.
  const std::error_code other = tlskit::asio::make_error_code(sample("another detail"));
  EXPECT_EQ(ec.default_error_condition(), other.default_error_condition());
  EXPECT_NE(ec.message(), other.message());
}

TEST(AsioError, CodeAloneIsItsName) {
  const std::error_code ec = tlskit::asio::make_error_code(ErrorCode::decode_error);
  EXPECT_TRUE(ec);  // the first ErrorCode is not "success"
  EXPECT_EQ(ec.message(), "decode_error");
  EXPECT_EQ(ec, ErrorCode::decode_error);
}

TEST(AsioError, LongTextsAreCut) {
  const std::error_code ec = tlskit::asio::make_error_code(sample(std::string(5000, 'x')));
  EXPECT_EQ(ec.message().size(), tlskit::asio::kMaxErrorText);
  EXPECT_EQ(ec.message().substr(ec.message().size() - 3), "...");
}

TEST(AsioError, ReplacedTextsSaySoAndKeepTheCode) {
  const std::error_code old = tlskit::asio::make_error_code(sample("the old one"));
  for (size_t i = 0; i < tlskit::asio::kRecentErrors; ++i)
    (void)tlskit::asio::make_error_code(sample("newer " + std::to_string(i)));
  EXPECT_EQ(old, ErrorCode::certificate_invalid);
  EXPECT_EQ(old.message().find("the old one"), std::string::npos);
  EXPECT_NE(old.message().find("certificate_invalid"), std::string::npos) << old.message();
  EXPECT_NE(old.message().find("replaced"), std::string::npos) << old.message();
}

// Writers and readers on several threads: a text read back is the writer's own or says it was
// replaced, never someone else's (the table is a seqlock of atomics: no lock, no data race).
TEST(AsioError, ConcurrentWritersNeverMixTexts) {
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &wrong] {
      for (int i = 0; i < 3000; ++i) {
        const std::string mine = "thread " + std::to_string(t) + " error " + std::to_string(i);
        const std::error_code ec = tlskit::asio::make_error_code(sample(mine));
        const std::string m = ec.message();
        if (m.find(mine) == std::string::npos && m.find("replaced") == std::string::npos &&
            m != "certificate_invalid")
          ++wrong[t];
      }
    });
  }
  for (auto& th : threads) th.join();
  for (int w : wrong) EXPECT_EQ(w, 0);
}

}  // namespace
}  // namespace tlskit::asio_test
