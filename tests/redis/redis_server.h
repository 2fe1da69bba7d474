// A real redis-server for one test: 127.0.0.1, a free port, no persistence (--save ''
// --appendonly no), its files in a temporary folder; started with fork/exec and stopped by its
// PID (never by name). Restart keeps the port, so clients reconnect to the same address.
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <string>

#include "tlskit/redis.h"

namespace tlskit::test {

// The redis-server binary found at configure time or on PATH; empty when not installed.
std::string redis_server_binary();

class RedisServer {
 public:
  RedisServer();
  ~RedisServer();  // stops the server, removes the folder
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  // Starts redis-server (on a free port the first time, the same port after stop()) and waits
  // until it accepts connections (at most 10 s). False with why() when it does not.
  bool start();
  // Stops it: SIGTERM to its PID, then SIGKILL after 5 s; waits for it to exit.
  void stop();
  bool running() const { return pid_ > 0; }
  uint16_t port() const { return port_; }
  const std::string& why() const { return why_; }
  // Settings pointing at it, with a short reconnect interval and log lines kept in *log_lines
  // when given.
  RedisSettings settings(std::string* log_lines = nullptr) const;

 private:
  std::string dir_;
  uint16_t port_ = 0;
  pid_t pid_ = -1;
  std::string why_;
};

}  // namespace tlskit::test
