// RedisServer: fork/exec redis-server, wait for its port, stop it by PID.
#include "redis_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>
#include <vector>

namespace tlskit::test {
namespace {

// Binds 127.0.0.1:0 and returns the port the kernel chose (0 on failure).
uint16_t free_loopback_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  socklen_t len = sizeof a;
  uint16_t port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    port = ntohs(a.sin_port);
  ::close(fd);
  return port;
}

bool accepts_connections(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

std::string redis_server_binary() {
  std::string configured = TLSKIT_REDIS_SERVER;
  if (!configured.empty() && ::access(configured.c_str(), X_OK) == 0) return configured;
  const char* path = std::getenv("PATH");
  std::string p = path ? path : "/usr/bin:/bin";
  size_t start = 0;
  while (start <= p.size()) {
    size_t end = p.find(':', start);
    if (end == std::string::npos) end = p.size();
    std::string candidate = p.substr(start, end - start) + "/redis-server";
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return "";
}

RedisServer::RedisServer() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "tlskit-redis-XXXXXX").string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (::mkdtemp(buf.data())) dir_ = buf.data();
}

RedisServer::~RedisServer() {
  stop();
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

bool RedisServer::start() {
  if (running()) return true;
  const std::string bin = redis_server_binary();
  if (bin.empty()) return why_ = "redis-server is not installed", false;
  if (dir_.empty()) return why_ = "cannot make a temporary folder", false;
  if (port_ == 0) port_ = free_loopback_port();
  if (port_ == 0) return why_ = "no free port on 127.0.0.1", false;
  const std::string port = std::to_string(port_);
  const std::string log = dir_ + "/redis.log";
  std::vector<std::string> args = {bin,         "--port",       port,  "--bind", "127.0.0.1",
                                   "--save",    "",             "--appendonly", "no",
                                   "--dir",     dir_,           "--daemonize",  "no",
                                   "--logfile", log};
  pid_t pid = ::fork();
  if (pid < 0) return why_ = "fork failed", false;
  if (pid == 0) {
    int null = ::open("/dev/null", O_RDWR);
    if (null >= 0) {
      ::dup2(null, 0);
      ::dup2(null, 1);
      ::dup2(null, 2);
    }
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(bin.c_str(), argv.data());
    ::_exit(127);
  }
  pid_ = pid;
  for (int i = 0; i < 1000; ++i) {
    if (accepts_connections(port_)) return true;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return why_ = "redis-server exited at start (see " + log + ")", false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  stop();
  return why_ = "redis-server did not accept connections on port " + port + " within 10 s", false;
}

void RedisServer::stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  for (int i = 0; i < 500; ++i) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

RedisSettings RedisServer::settings(std::string* log_lines) const {
  RedisSettings s;
  s.host = "127.0.0.1";
  s.port = port_;
  s.key_prefix = "tlskit-test:";
  s.reconnect_interval = std::chrono::milliseconds(20);
  if (log_lines) {
    s.log = [log_lines](std::string_view line) {
      log_lines->append(line);
      log_lines->push_back('\n');
    };
  } else {
    s.log = [](std::string_view) {};
  }
  return s;
}

}  // namespace tlskit::test
