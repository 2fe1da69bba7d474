// format_connection / format_stats: text lines for people, JSON lines (nlohmann-json) for log
// pipelines; the same fields in both.
#include "server/connection_log.h"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace tlskit::tools::server {
namespace {

using tlskit::asio::connection_end;
using tlskit::asio::connection_report;
using tlskit::asio::kConnectionEnds;
using tlskit::asio::server_stats;

std::string millis(std::chrono::microseconds d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1fms", static_cast<double>(d.count()) / 1000.0);
  return buf;
}

// The failure behind an end, if any: the connection's sticky error.
const Error* failure(const connection_report& r) {
  if (r.tls == nullptr || !r.tls->error()) return nullptr;
  return &*r.tls->error();
}

std::string text_line(const connection_report& r) {
  std::string s = "[" + std::to_string(r.id) + "] " + r.peer;
  if (r.tls != nullptr) {
    const HandshakeInfo& i = r.tls->info();
    if (i.version) s += " " + version_name(*i.version);
    if (i.cipher_suite) s += " " + cipher_suite_name(*i.cipher_suite);
    if (i.group) s += " " + group_name(*i.group);
    if (!i.server_name.empty()) s += " sni=" + i.server_name;
    if (!i.alpn.empty()) s += " alpn=" + i.alpn;
    if (i.client_cert_sent) s += " client-certificate";
    if (const PostHandshakeAuthInfo& pha = i.post_handshake_auth; pha.requests > 0)
      s += std::string(" post-handshake-auth=") +
           (pha.completed < pha.requests ? "unanswered"
            : pha.certificate            ? "certificate"
                                         : "none");
    if (const auto& c = i.local_cert_compression)  // RFC 8879: our certificate went compressed
      s += " cert-compression=" + cert_compression_name(c->algorithm) + ":" +
           std::to_string(c->uncompressed_size) + "->" + std::to_string(c->compressed_size) + "B";
    if (i.resumed) s += i.group ? " resumed" : " resumed psk_ke";
    if (i.early_data.accepted)
      s += " early-data=" + std::to_string(i.early_data.bytes) + "B";
    else if (i.early_data.offered)
      s += std::string(" early-data-rejected=") + early_data_reason_name(i.early_data.reason);
  }
  if (r.handshake_time.count() > 0) s += " handshake=" + millis(r.handshake_time);
  s += " duration=" + millis(r.duration);
  s += " in=" + std::to_string(r.bytes_in) + "B out=" + std::to_string(r.bytes_out) + "B";
  s += std::string(" end=") + tlskit::asio::connection_end_name(r.end);
  if (!r.application.empty()) s += " " + r.application;
  if (const Error* e = failure(r)) s += ": " + e->to_string();
  return s;
}

nlohmann::json json_line(const connection_report& r) {
  nlohmann::json j;
  j["id"] = r.id;
  j["peer"] = r.peer;
  j["end"] = tlskit::asio::connection_end_name(r.end);
  j["duration_ms"] = static_cast<double>(r.duration.count()) / 1000.0;
  j["handshake_ms"] = r.handshake_time.count() > 0
                          ? nlohmann::json(static_cast<double>(r.handshake_time.count()) / 1000.0)
                          : nlohmann::json(nullptr);
  j["bytes_in"] = r.bytes_in;
  j["bytes_out"] = r.bytes_out;
  j["application"] = r.application.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.application);
  if (r.tls == nullptr) return j;
  const HandshakeInfo& i = r.tls->info();
  auto opt = [](bool has, auto value) {
    return has ? nlohmann::json(value) : nlohmann::json(nullptr);
  };
  j["sni"] = opt(!i.server_name.empty(), i.server_name);
  j["version"] = opt(i.version.has_value(), i.version ? version_name(*i.version) : "");
  j["cipher_suite"] =
      opt(i.cipher_suite.has_value(), i.cipher_suite ? cipher_suite_name(*i.cipher_suite) : "");
  j["group"] = opt(i.group.has_value(), i.group ? group_name(*i.group) : "");
  j["alpn"] = opt(!i.alpn.empty(), i.alpn);
  j["resumed"] = i.resumed;
  j["client_certificate"] = i.client_cert_sent;
  j["post_handshake_auth"] = {{"offered", i.post_handshake_auth.offered},
                              {"requests", i.post_handshake_auth.requests},
                              {"completed", i.post_handshake_auth.completed},
                              {"certificate", i.post_handshake_auth.certificate}};
  if (const auto& c = i.local_cert_compression)
    j["cert_compression"] = {{"algorithm", cert_compression_name(c->algorithm)},
                             {"uncompressed", c->uncompressed_size},
                             {"compressed", c->compressed_size}};
  else
    j["cert_compression"] = nullptr;
  j["early_data"] = {{"offered", i.early_data.offered},
                     {"accepted", i.early_data.accepted},
                     {"bytes", i.early_data.bytes}};
  if (i.early_data.offered && !i.early_data.accepted)
    j["early_data"]["rejected"] = early_data_reason_name(i.early_data.reason);
  j["alert_sent"] = opt(i.alert_sent.has_value(), i.alert_sent ? alert_name(*i.alert_sent) : "");
  j["alert_received"] =
      opt(i.alert_received.has_value(), i.alert_received ? alert_name(*i.alert_received) : "");
  if (const Error* e = failure(r)) {
    j["error"] = {{"code", error_code_name(e->code)},
                  {"party", party_name(e->party)},
                  {"step", step_name(e->step)},
                  {"alert", e->alert == Alert::none ? nlohmann::json(nullptr)
                                                    : nlohmann::json(alert_name(e->alert))},
                  {"detail", e->detail}};
  }
  return j;
}

}  // namespace

std::string format_connection(const connection_report& report, LogFormat format) {
  if (format == LogFormat::json) return json_line(report).dump();
  return text_line(report);
}

std::string format_stats(const server_stats& now, const server_stats& before, double seconds,
                         LogFormat format) {
  const double span = seconds > 0 ? seconds : 1;
  const double rate = static_cast<double>(now.handshakes - before.handshakes) / span;
  // Failures: every end other than a clean close, in this interval.
  nlohmann::json failures = nlohmann::json::object();
  std::string failure_text;
  for (std::size_t k = 0; k < kConnectionEnds; ++k) {
    auto end = static_cast<connection_end>(k);
    if (end == connection_end::closed) continue;
    uint64_t n = now.ended[k] - before.ended[k];
    if (n == 0) continue;
    failures[tlskit::asio::connection_end_name(end)] = n;
    failure_text +=
        std::string(" ") + tlskit::asio::connection_end_name(end) + "=" + std::to_string(n);
  }
  if (format == LogFormat::json) {
    nlohmann::json j = {{"stats", true},
                        {"open", now.open},
                        {"handshakes_per_second", rate},
                        {"accepted", now.accepted},
                        {"handshakes", now.handshakes},
                        {"resumed", now.resumed},
                        {"accept_pauses", now.accept_pauses},
                        {"buffered_output_bytes", now.buffered_output},
                        {"failures", failures}};
    return j.dump();
  }
  char rate_text[32];
  std::snprintf(rate_text, sizeof rate_text, "%.1f", rate);
  return "stats: open=" + std::to_string(now.open) + " handshakes/s=" + rate_text +
         " accepted=" + std::to_string(now.accepted) +
         " handshakes=" + std::to_string(now.handshakes) +
         " resumed=" + std::to_string(now.resumed) +
         " accept-pauses=" + std::to_string(now.accept_pauses) +
         " buffered=" + std::to_string(now.buffered_output) +
         "B failures:" + (failure_text.empty() ? std::string(" none") : failure_text);
}

}  // namespace tlskit::tools::server
