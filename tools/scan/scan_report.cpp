// Names and lookups of the scan report's vocabulary.
#include "scan/scan_report.h"

namespace tlskit::tools::scan {

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::info: return "info";
    case Severity::low: return "low";
    case Severity::medium: return "medium";
    case Severity::high: return "high";
    case Severity::critical: return "critical";
  }
  return "info";
}

std::optional<Severity> parse_severity(const std::string& s) {
  for (Severity v : {Severity::info, Severity::low, Severity::medium, Severity::high, Severity::critical})
    if (s == severity_name(v)) return v;
  return std::nullopt;
}

const std::vector<Protocol>& all_protocols() {
  static const std::vector<Protocol> kAll = {Protocol::sslv2,  Protocol::ssl3,   Protocol::tls1_0,
                                             Protocol::tls1_1, Protocol::tls1_2, Protocol::tls1_3};
  return kAll;
}

const char* protocol_key(Protocol p) {
  switch (p) {
    case Protocol::sslv2: return "SSLv2";
    case Protocol::ssl3: return "SSLv3";
    case Protocol::tls1_0: return "TLSv1.0";
    case Protocol::tls1_1: return "TLSv1.1";
    case Protocol::tls1_2: return "TLSv1.2";
    case Protocol::tls1_3: return "TLSv1.3";
  }
  return "";
}

std::optional<ProtocolVersion> protocol_version(Protocol p) {
  switch (p) {
    case Protocol::sslv2: return std::nullopt;
    case Protocol::ssl3: return ProtocolVersion::ssl3;
    case Protocol::tls1_0: return ProtocolVersion::tls1_0;
    case Protocol::tls1_1: return ProtocolVersion::tls1_1;
    case Protocol::tls1_2: return ProtocolVersion::tls1_2;
    case Protocol::tls1_3: return ProtocolVersion::tls1_3;
  }
  return std::nullopt;
}

Protocol protocol_of(ProtocolVersion v) {
  switch (v) {
    case ProtocolVersion::ssl3: return Protocol::ssl3;
    case ProtocolVersion::tls1_0: return Protocol::tls1_0;
    case ProtocolVersion::tls1_1: return Protocol::tls1_1;
    case ProtocolVersion::tls1_3: return Protocol::tls1_3;
    default: return Protocol::tls1_2;
  }
}

const ProtocolFacts* TargetReport::protocol(Protocol p) const {
  for (const auto& f : protocols)
    if (f.protocol == p) return &f;
  return nullptr;
}

bool TargetReport::supports(Protocol p) const {
  const ProtocolFacts* f = protocol(p);
  return f && f->supported;
}

}  // namespace tlskit::tools::scan
