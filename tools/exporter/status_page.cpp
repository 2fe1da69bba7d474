// The HTML status page.
#include "exporter/status_page.h"

#include "x509/certificate.h"

namespace tlskit::tools::exporter {

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string render_status_page(const std::vector<TargetResult>& results, const ExporterStats& s,
                               int64_t now) {
  std::string h =
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>tlskit exporter</title>\n"
      "<style>body{font-family:sans-serif}td,th{padding:2px 8px;text-align:left;vertical-align:top}"
      ".ok{color:#070}.fail{color:#b00}</style></head><body>\n"
      "<h1>tlskit exporter</h1>\n<p><a href=\"/metrics\">/metrics</a> &middot; "
      "<code>/probe?target=HOST:PORT&amp;module=NAME&amp;servername=NAME</code> &middot; "
      "<a href=\"/healthz\">/healthz</a></p>\n<p>" +
      std::to_string(results.size()) + " targets; probes: " + std::to_string(s.probes_success) +
      " succeeded, " + std::to_string(s.probes_failure) + " failed; configuration " +
      (s.last_reload_ok ? "loaded" : "<b>last reload FAILED (see the log)</b>") + ".</p>\n"
      "<table>\n<tr><th>target</th><th>what</th><th>result</th><th>cause</th><th>TLS</th>"
      "<th>earliest expiry</th><th>last probe</th><th>explanation</th></tr>\n";
  for (const TargetResult& r : results) {
    const TargetSpec& t = *r.spec;
    h += "<tr><td>" + html_escape(t.name) + "</td><td>" +
         html_escape(t.is_file() ? "file " + t.file : t.address) + "</td>";
    if (!r.outcome) {
      h += "<td>not probed yet</td><td></td><td></td><td></td><td></td><td></td></tr>\n";
      continue;
    }
    const ProbeOutcome& o = *r.outcome;
    h += o.success ? "<td class=\"ok\">ok</td>" : "<td class=\"fail\">FAILED</td>";
    h += "<td>" + html_escape(o.success ? "" : o.cause) + "</td>";
    h += "<td>" + html_escape(o.version + (o.cipher.empty() ? "" : " " + o.cipher)) + "</td><td>";
    if (o.earliest_expiry) {
      int64_t days = (*o.earliest_expiry - now) / 86400;
      h += html_escape(x509::format_time_iso(*o.earliest_expiry)) + " (" + std::to_string(days) + " days)";
    }
    h += "</td><td>" + html_escape(x509::format_time_iso(o.finished_unix)) + "</td><td>" +
         html_escape(o.success ? "" : o.explanation + (o.fix.empty() ? "" : " Fix: " + o.fix)) +
         "</td></tr>\n";
  }
  h += "</table>\n</body></html>\n";
  return h;
}

}  // namespace tlskit::tools::exporter
