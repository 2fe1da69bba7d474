// No heap allocation per record (ARCHITECTURE.md performance rules): counts global operator new
// calls while 1000 records are sealed and 1000 opened, after warm-up, in every mode.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "record_test_util.h"

#include "../counting_new.h"  // operator new counted: g_news, g_largest

namespace tlskit {
namespace {

class ZeroAlloc : public ::testing::TestWithParam<testing::ModeCase> {};

TEST_P(ZeroAlloc, ThousandRecordsEachWay) {
  record::RecordEncoder enc;
  record::RecordDecoder dec;
  enc.set_protection(testing::make_keys(GetParam()));
  dec.set_protection(testing::make_keys(GetParam()));
  dec.set_version_rule(testing::rule_for(GetParam()));
  const Bytes data = testing::pattern(1200);
  Bytes wire;
  wire.reserve(64 * 1024);
  uint64_t bytes_out = 0;

  auto round = [&](int records) -> bool {
    for (int i = 0; i < records; ++i) {
      wire.clear();  // keeps capacity
      if (!enc.write(ContentType::application_data, ByteView(data).first(100 + i % 1000), wire)
               .ok())
        return false;
      dec.append(wire);
      auto r = dec.next();
      if (!r.ok() || !r->has_record) return false;
      bytes_out += r->record.fragment.size();
    }
    return true;
  };
  ASSERT_TRUE(round(10));  // warm-up
  const uint64_t before = tlskit::testing::g_news.load();
  ASSERT_TRUE(round(1000));
  const uint64_t after = tlskit::testing::g_news.load();
  EXPECT_EQ(after - before, 0u) << "heap allocations during 1000 records";
  EXPECT_GT(bytes_out, 0u);

  // Also with several records per append (read-ahead) and one big write split into records.
  Bytes big = testing::pattern(50000);
  wire.clear();
  ASSERT_TRUE(enc.write(ContentType::application_data, big, wire).ok());
  dec.append(wire);
  while (true) {
    auto r = dec.next();
    ASSERT_TRUE(r.ok());
    if (!r->has_record) break;
  }
  const uint64_t before2 = tlskit::testing::g_news.load();
  for (int i = 0; i < 20; ++i) {
    wire.clear();
    ASSERT_TRUE(enc.write(ContentType::application_data, big, wire).ok());
    dec.append(wire);
    for (int k = 0; k < 10; ++k) {
      auto r = dec.next();
      ASSERT_TRUE(r.ok());
      if (!r->has_record) break;
    }
  }
  EXPECT_EQ(tlskit::testing::g_news.load() - before2, 0u);
}

INSTANTIATE_TEST_SUITE_P(AllModes, ZeroAlloc, ::testing::ValuesIn(testing::all_mode_cases()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace tlskit
