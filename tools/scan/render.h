// Renderers of a scan: the JSON document (docs/json-schema.md, "tlskit.scan.report"), the
// terminal text, and one self-contained HTML page (no script, no external resource).
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "scan/scan_report.h"

namespace tlskit::tools::scan {

// One target as a JSON object.
nlohmann::json target_json(const TargetReport& t);
// The whole document: {"schema": "tlskit.scan.report", "schema_version": 1, "targets": [...]}.
nlohmann::json document_json(const ScanDocument& d);

// One target as text for a terminal.
std::string target_text(const TargetReport& t);

// The run as one HTML page, readable without a server.
std::string document_html(const ScanDocument& d);

// Escapes text for HTML element content and attribute values.
std::string html_escape(const std::string& s);

}  // namespace tlskit::tools::scan
