// The checked-in seeds of the probe engine's fuzz targets are valid inputs (so the fuzzers start
// from the accepting paths): fuzz/corpus/{probe_server_hello,sslv2_server_hello,ske_params,
// probe_answer}/.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "probe/answer_reader.h"

namespace tlskit::probe {
namespace {

std::vector<std::pair<std::string, Bytes>> seeds(const std::string& corpus) {
  std::vector<std::pair<std::string, Bytes>> out;
  std::filesystem::path dir = std::filesystem::path(TLSKIT_SOURCE_DIR) / "fuzz" / "corpus" / corpus;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;  // found/: the fuzzing campaign's inputs
    std::ifstream f(e.path(), std::ios::binary);
    out.emplace_back(e.path().filename().string(),
                     Bytes(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()));
  }
  EXPECT_FALSE(out.empty()) << dir;
  return out;
}

TEST(FuzzSeeds, ProbeParsersAcceptTheirSeeds) {
  for (const auto& [name, b] : seeds("probe_server_hello"))
    EXPECT_TRUE(parse_probe_server_hello(b).ok()) << name;
  for (const auto& [name, b] : seeds("sslv2_server_hello"))
    EXPECT_TRUE(parse_sslv2_server_message(b).ok()) << name;
  static constexpr KeyExchange kKex[] = {KeyExchange::dhe, KeyExchange::dh_anon, KeyExchange::ecdhe,
                                         KeyExchange::ecdh_anon, KeyExchange::rsa_export, KeyExchange::psk,
                                         KeyExchange::dhe_psk, KeyExchange::ecdhe_psk};
  for (const auto& [name, b] : seeds("ske_params")) {
    ASSERT_GE(b.size(), 2u);
    auto k = parse_key_exchange_params(ByteView(b).subspan(2), kKex[b[0]],
                                       static_cast<ProtocolVersion>(0x0300 + b[1] % 4));
    EXPECT_TRUE(k.ok()) << name << ": " << (k.ok() ? "" : k.error().to_string());
  }
  for (const auto& [name, b] : seeds("probe_answer")) {
    AnswerReader r(b[0] & 0x80);
    auto done = r.feed(ByteView(b).subspan(1));
    ASSERT_TRUE(done.ok()) << name << ": " << done.error().to_string();
    EXPECT_TRUE(*done) << name;
  }
}

}  // namespace
}  // namespace tlskit::probe
