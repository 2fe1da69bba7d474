// One log line when a user of Redis starts failing (the first error of an outage, with what it
// means for TLS) and one when it works again; nothing in between, however many calls fail.
#pragma once
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include "base/result.h"

namespace tlskit::redis {

// Where log lines go: the settings' callback, or standard error when it is empty.
using LogSink = std::function<void(std::string_view line)>;
LogSink log_sink_or_stderr(LogSink sink);

// The outage state of one Redis user. Thread-safe.
class OutageLog {
 public:
  // down_effect: what an outage means ("0-RTT is refused until Redis is back"); up_effect:
  // what recovery means ("0-RTT is accepted again").
  OutageLog(LogSink sink, std::string down_effect, std::string up_effect);
  // Records a failure; logs "<error detail>; <down_effect>" when it starts an outage.
  void failure(const Error& e);
  // Records a success; logs "<server>: reachable again; <up_effect>" when it ends an outage.
  void success(std::string_view server);
  // True between a failure and the next success.
  bool in_outage() const;

 private:
  LogSink sink_;
  std::string down_effect_;
  std::string up_effect_;
  mutable std::mutex mu_;
  bool down_ = false;
};

}  // namespace tlskit::redis
