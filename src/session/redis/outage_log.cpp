// OutageLog: edge-triggered log lines.
#include "session/redis/outage_log.h"

#include <cstdio>

namespace tlskit::redis {

LogSink log_sink_or_stderr(LogSink sink) {
  if (sink) return sink;
  return [](std::string_view line) {
    std::fprintf(stderr, "tlskit redis: %.*s\n", static_cast<int>(line.size()), line.data());
  };
}

OutageLog::OutageLog(LogSink sink, std::string down_effect, std::string up_effect)
    : sink_(log_sink_or_stderr(std::move(sink))),
      down_effect_(std::move(down_effect)),
      up_effect_(std::move(up_effect)) {}

void OutageLog::failure(const Error& e) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (down_) return;
    down_ = true;
  }
  sink_(e.detail + "; " + down_effect_);
}

void OutageLog::success(std::string_view server) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!down_) return;
    down_ = false;
  }
  sink_(std::string(server) + ": reachable again; " + up_effect_);
}

bool OutageLog::in_outage() const {
  std::lock_guard<std::mutex> lock(mu_);
  return down_;
}

}  // namespace tlskit::redis
