// Findings: from a target's facts (no I/O) to the list of stable-id findings with a severity,
// a detail and the fix, each saying whether it was probed or inferred from the configuration.
// docs/scan.md lists every id.
#pragma once
#include <string>
#include <vector>

#include "scan/scan_report.h"

namespace tlskit::tools::scan {

// Every finding id derive_findings can produce, in documentation order.
const std::vector<std::string>& all_finding_ids();

// The findings of t (protocols, suites, certificates, features). Deterministic order: by
// severity (critical first), then by the order of all_finding_ids().
std::vector<Finding> derive_findings(const TargetReport& t);

// The highest severity among findings; nullopt when there is none above info.
std::optional<Severity> worst_severity(const std::vector<Finding>& findings);

}  // namespace tlskit::tools::scan
