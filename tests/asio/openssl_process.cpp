// OpensslProcess: fork/exec openssl with a stdin pipe and an output file; stop by PID.
#include "openssl_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace tlskit::asio_test {

OpensslProcess::OpensslProcess(const std::vector<std::string>& args) {
  std::string tmpl = (std::filesystem::temp_directory_path() / "tlskit-asio-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) return;
  dir_ = tmpl;
  out_path_ = dir_ + "/output.txt";
  int in[2];
  if (::pipe(in) != 0) return;
  const int out = ::open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (out < 0) {
    ::close(in[0]);
    ::close(in[1]);
    return;
  }
  std::vector<std::string> argv_s = {TLSKIT_OPENSSL_CLI};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(in[0], 0);
    ::dup2(out, 1);
    ::dup2(out, 2);
    ::close(in[0]);
    ::close(in[1]);
    ::close(out);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(in[0]);
  ::close(out);
  if (pid < 0) {
    ::close(in[1]);
    return;
  }
  pid_ = pid;
  stdin_fd_ = in[1];
  ::signal(SIGPIPE, SIG_IGN);  // a write to a child that exited fails instead of killing us
}

OpensslProcess::~OpensslProcess() {
  stop();
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

bool OpensslProcess::write_stdin(const std::string& text) {
  if (stdin_fd_ < 0) return false;
  size_t off = 0;
  while (off < text.size()) {
    const ssize_t n = ::write(stdin_fd_, text.data() + off, text.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    off += static_cast<size_t>(n);
  }
  return true;
}

void OpensslProcess::close_stdin() {
  if (stdin_fd_ >= 0) ::close(stdin_fd_);
  stdin_fd_ = -1;
}

std::string OpensslProcess::output() const {
  std::ifstream f(out_path_);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

bool OpensslProcess::wait_for_output(const std::string& needle,
                                     std::chrono::milliseconds limit) const {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (output().find(needle) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return output().find(needle) != std::string::npos;
}

bool OpensslProcess::wait_exit(std::chrono::milliseconds limit) {
  if (pid_ <= 0) return true;
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      exited_ = true;
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

void OpensslProcess::stop() {
  close_stdin();
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  if (wait_exit(std::chrono::seconds(5))) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  exited_ = true;
}

}  // namespace tlskit::asio_test
