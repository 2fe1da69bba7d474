// EchoSession: the plaintext goes back as it came.
#include "server/echo_session.h"

namespace tlskit::tools::server {

bool EchoSession::on_data(ByteView data, Bytes& out) {
  out.insert(out.end(), data.begin(), data.end());
  echoed_ += data.size();
  return true;
}

std::string EchoSession::summary() const { return "echo bytes=" + std::to_string(echoed_); }

}  // namespace tlskit::tools::server
