// The Prometheus text exposition format 0.0.4: escaping, names, families, duplicates.
#include <gtest/gtest.h>

#include "exporter/exposition.h"

namespace tlskit::tools::exporter {
namespace {

TEST(Exposition, EscapesLabelValuesAndHelp) {
  EXPECT_EQ(escape_label_value("a\\b\"c\nd"), "a\\\\b\\\"c\\nd");
  EXPECT_EQ(escape_label_value("plain, with spaces = ok"), "plain, with spaces = ok");
  EXPECT_EQ(escape_help("x\\y\nz \"q\""), "x\\\\y\\nz \"q\"");  // quotes stay in HELP
}

TEST(Exposition, Names) {
  EXPECT_TRUE(valid_metric_name("probe_success"));
  EXPECT_TRUE(valid_metric_name("a:b_c1"));
  EXPECT_FALSE(valid_metric_name("1abc"));
  EXPECT_FALSE(valid_metric_name("a-b"));
  EXPECT_FALSE(valid_metric_name(""));
  EXPECT_TRUE(valid_label_name("serial_no"));
  EXPECT_FALSE(valid_label_name("__name__"));
  EXPECT_FALSE(valid_label_name("a:b"));
  EXPECT_FALSE(valid_label_name("9a"));
}

TEST(Exposition, Values) {
  EXPECT_EQ(format_value(1767225600), "1767225600");
  EXPECT_EQ(format_value(0), "0");
  EXPECT_EQ(format_value(-3), "-3");
  EXPECT_EQ(format_value(0.25), "0.25");
  EXPECT_EQ(format_value(1.0 / 0.0), "+Inf");
  EXPECT_EQ(format_value(-1.0 / 0.0), "-Inf");
  EXPECT_EQ(format_value(0.0 / 0.0 * 0.0 + std::numeric_limits<double>::quiet_NaN()), "NaN");
  EXPECT_EQ(std::stod(format_value(0.1234567)), 0.1234567);
}

TEST(Exposition, CapsLongValuesOnUtf8Boundaries) {
  std::string s(2000, 'a');
  std::string c = cap_label_value(s, 100);
  EXPECT_EQ(c.size(), 100u);
  EXPECT_EQ(c.substr(97), "...");
  // "é" is two bytes; a cut inside it backs up to before it.
  std::string u = std::string(96, 'a') + "\xc3\xa9" + std::string(10, 'b');
  std::string cu = cap_label_value(u, 100);
  EXPECT_EQ(cu, std::string(96, 'a') + "...");
  EXPECT_EQ(cap_label_value("short", 100), "short");
}

TEST(Exposition, LabelValuesAreValidUtf8) {
  EXPECT_EQ(sanitize_utf8("plain \xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x92"), "plain \xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x92");
  EXPECT_EQ(sanitize_utf8("a\xff b"), "a\xef\xbf\xbd b");              // not a lead byte
  EXPECT_EQ(sanitize_utf8("\xc0\xaf"), "\xef\xbf\xbd\xef\xbf\xbd");  // overlong '/'
  EXPECT_EQ(sanitize_utf8("\xed\xa0\x80"), "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");  // a surrogate
  EXPECT_EQ(sanitize_utf8("x\xe2\x82"), "x\xef\xbf\xbd\xef\xbf\xbd");  // truncated at the end
  Exposition e;
  e.declare("m", MetricType::gauge, "h");
  EXPECT_TRUE(e.add("m", {{"file", "/certs/caf\xe9.pem"}}, 1));  // Latin-1 file name
  EXPECT_EQ(e.render(), "# HELP m h\n# TYPE m gauge\nm{file=\"/certs/caf\xef\xbf\xbd.pem\"} 1\n");
}

TEST(Exposition, FamiliesGroupedWithHelpAndType) {
  Exposition e;
  ASSERT_TRUE(e.declare("b_metric", MetricType::gauge, "B help"));
  ASSERT_TRUE(e.declare("a_total", MetricType::counter, "A help\nsecond line"));
  ASSERT_TRUE(e.declare("unused", MetricType::gauge, "never used"));
  // Interleaved adds still come out grouped by family, in declaration order.
  EXPECT_TRUE(e.add("a_total", {{"result", "ok"}}, 3));
  EXPECT_TRUE(e.add("b_metric", {{"target", "x"}}, 1));
  EXPECT_TRUE(e.add("a_total", {{"result", "bad"}}, 4));
  EXPECT_TRUE(e.add("b_metric", {{"target", "q\"uote"}}, 2.5));
  EXPECT_EQ(e.render(),
            "# HELP b_metric B help\n"
            "# TYPE b_metric gauge\n"
            "b_metric{target=\"x\"} 1\n"
            "b_metric{target=\"q\\\"uote\"} 2.5\n"
            "# HELP a_total A help\\nsecond line\n"
            "# TYPE a_total counter\n"
            "a_total{result=\"ok\"} 3\n"
            "a_total{result=\"bad\"} 4\n");
  EXPECT_EQ(e.size(), 4u);
}

TEST(Exposition, RefusesDuplicatesAndBadLabels) {
  Exposition e;
  ASSERT_TRUE(e.declare("m", MetricType::gauge, "h"));
  EXPECT_TRUE(e.declare("m", MetricType::gauge, "h"));     // idempotent
  EXPECT_FALSE(e.declare("m", MetricType::counter, "h"));  // another type
  EXPECT_FALSE(e.declare("bad-name", MetricType::gauge, "h"));
  EXPECT_TRUE(e.add("m", {{"a", "1"}, {"b", "2"}}, 1));
  EXPECT_FALSE(e.add("m", {{"b", "2"}, {"a", "1"}}, 2));  // the same series in another order
  EXPECT_FALSE(e.add("m", {{"a", "1"}, {"a", "2"}}, 1));  // a label twice
  EXPECT_FALSE(e.add("m", {{"__x", "1"}}, 1));
  EXPECT_FALSE(e.add("undeclared", {}, 1));
  EXPECT_TRUE(e.add("m", {}, 5));
  EXPECT_FALSE(e.add("m", {}, 6));
  EXPECT_EQ(e.size(), 2u);
}

TEST(Exposition, EmptyWithoutSamples) {
  Exposition e;
  e.declare("m", MetricType::gauge, "h");
  EXPECT_EQ(e.render(), "");
}

}  // namespace
}  // namespace tlskit::tools::exporter
