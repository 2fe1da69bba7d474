// The scan as one self-contained HTML page.
#include "scan/render.h"

namespace tlskit::tools::scan {

std::string html_escape(const std::string& s) {
  std::string o;
  o.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      case '\'': o += "&#39;"; break;
      default: o += c;
    }
  }
  return o;
}

std::string document_html(const ScanDocument& d) {
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>tlskit scan</title>\n<style>"
      "body{font-family:sans-serif;margin:2em;max-width:72em}table{border-collapse:collapse;margin:.5em 0}"
      "td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left;font-size:90%}"
      ".g{font-size:200%;font-weight:bold}.critical,.high{color:#b00}.medium{color:#a60}.low{color:#770}"
      ".ok{color:#080}code{font-size:90%}</style></head><body>\n<h1>tlskit scan</h1>\n";
  h += "<p>" + std::to_string(d.targets.size()) + " target(s), " + std::to_string(d.duration_ms) + " ms, tlskit " +
       html_escape(d.tool_version) + "</p>\n";
  for (const auto& t : d.targets) {
    h += "<h2>" + html_escape(t.target) + "</h2>\n";
    if (t.error) {
      h += "<p class=\"high\">Not scanned: <code>" + html_escape(t.error->cause) + "</code> " +
           html_escape(t.error->detail) + "</p>\n";
      continue;
    }
    h += "<p><span class=\"g\">" + html_escape(t.grade.letter) + "</span> score " + std::to_string(t.grade.score) + "</p>\n<ul>";
    for (const auto& c : t.grade.caps)
      h += "<li>capped at " + html_escape(c.letter) + ": " + html_escape(c.reason) + " &mdash; " + html_escape(c.raise) + "</li>";
    for (const auto& w : t.grade.warnings) h += "<li>warning: " + html_escape(w) + "</li>";
    h += "</ul>\n<h3>Protocols and cipher suites</h3>\n<table><tr><th>protocol</th><th>suite</th><th>kx</th><th>auth</th><th>cipher</th><th>bits</th></tr>\n";
    for (const auto& p : t.protocols) {
      if (!p.supported) {
        h += std::string("<tr><td>") + protocol_key(p.protocol) + "</td><td colspan=5>not supported</td></tr>\n";
        continue;
      }
      for (const auto& s : p.suites)
        h += std::string("<tr><td>") + protocol_key(p.protocol) + "</td><td>" + html_escape(s.name) + "</td><td>" +
             html_escape(s.kx) + "</td><td>" + html_escape(s.auth) + "</td><td>" + html_escape(s.cipher) + "</td><td>" +
             std::to_string(s.bits) + "</td></tr>\n";
    }
    h += "</table>\n<h3>Certificates</h3>\n";
    for (const auto& c : t.certificates) {
      h += "<p>" + html_escape(c.with_sni ? "with SNI " + c.sni : "without SNI") + "</p><ul>";
      for (const auto& k : c.checks)
        h += std::string("<li class=\"") + (k.ok ? "ok" : "high") + "\">" + html_escape(k.id) + ": " + html_escape(k.detail) + "</li>";
      h += "</ul>\n";
    }
    h += "<h3>Findings</h3>\n<table><tr><th>severity</th><th>id</th><th>title</th><th>detail</th><th>fix</th></tr>\n";
    for (const auto& f : t.findings)
      h += std::string("<tr class=\"") + severity_name(f.severity) + "\"><td>" + severity_name(f.severity) + "</td><td><code>" +
           html_escape(f.id) + "</code></td><td>" + html_escape(f.title) + "</td><td>" + html_escape(f.detail) +
           "</td><td>" + html_escape(f.fix) + "</td></tr>\n";
    h += "</table>\n";
    if (!t.clients.empty()) {
      h += "<h3>Clients</h3>\n<table><tr><th>client</th><th>result</th></tr>\n";
      for (const auto& c : t.clients)
        h += "<tr><td>" + html_escape(c.client) + "</td><td>" +
             html_escape(c.connected ? c.version + " " + c.suite + " " + c.group : "fails: " + c.error) + "</td></tr>\n";
      h += "</table>\n";
    }
  }
  h += "</body></html>\n";
  return h;
}

}  // namespace tlskit::tools::scan
