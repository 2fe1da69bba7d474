// The exporter's "/" page: a small HTML table of the targets and their last results.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "exporter/metrics.h"

namespace tlskit::tools::exporter {

// Escapes &, <, >, " and ' for HTML text and attribute values.
std::string html_escape(std::string_view s);

// The page; now_unix is used for "days left".
std::string render_status_page(const std::vector<TargetResult>& results, const ExporterStats& stats,
                               int64_t now_unix);

}  // namespace tlskit::tools::exporter
