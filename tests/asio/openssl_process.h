// An `openssl` command run by a test: fork/exec, stdin from a pipe the test writes to, stdout
// and stderr into a file, stopped by its PID (SIGTERM, then SIGKILL), never by name.
#pragma once
#include <sys/types.h>

#include <chrono>
#include <string>
#include <vector>

namespace tlskit::asio_test {

class OpensslProcess {
 public:
  // Starts TLSKIT_OPENSSL_CLI with args; output goes to a file in a fresh temporary folder.
  explicit OpensslProcess(const std::vector<std::string>& args);
  ~OpensslProcess();  // stops it, removes the folder
  OpensslProcess(const OpensslProcess&) = delete;
  OpensslProcess& operator=(const OpensslProcess&) = delete;

  bool started() const { return pid_ > 0 || exited_; }
  // Writes text to its stdin; false when the pipe is closed.
  bool write_stdin(const std::string& text);
  // Closes its stdin.
  void close_stdin();
  // Everything it printed so far (stdout and stderr).
  std::string output() const;
  // Waits until output() contains needle (true) or limit passed / it exited (false).
  bool wait_for_output(const std::string& needle, std::chrono::milliseconds limit) const;
  // Waits until it exits (true) or limit passed (false).
  bool wait_exit(std::chrono::milliseconds limit);
  // Stops it: SIGTERM, SIGKILL after 5 s; waits for it.
  void stop();

 private:
  std::string dir_;
  std::string out_path_;
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  bool exited_ = false;
};

}  // namespace tlskit::asio_test
