// Reading a DER OCSP response file and watching it for changes.
#include "server/ocsp_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "x509/ocsp.h"

namespace tlskit::tools {
namespace {

// A file_error blamed on the configuration, naming the file.
Error file_error(const std::string& detail) {
  return make_error(ErrorCode::file_error, Alert::none, Party::config, Step::config, detail);
}

// True when every byte is printable ASCII or white space: PEM, base64 or some other text.
bool looks_like_text(ByteView b) {
  for (uint8_t c : b)
    if (!(c == '\n' || c == '\r' || c == '\t' || (c >= 0x20 && c < 0x7f))) return false;
  return true;
}

// Closes a FILE* on scope exit.
struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

}  // namespace

Result<Bytes> read_ocsp_file(const std::string& path) {
  std::unique_ptr<std::FILE, FileCloser> f(std::fopen(path.c_str(), "rb"));
  if (!f) return file_error("cannot read OCSP response " + path + ": " + std::strerror(errno));
  // Read one byte more than the bound so an oversized file is told apart from a full one.
  Bytes out(x509::kMaxOcspResponseSize + 1);
  const size_t n = std::fread(out.data(), 1, out.size(), f.get());
  if (std::ferror(f.get()))
    return file_error("cannot read OCSP response " + path + ": " + std::strerror(errno));
  out.resize(n);
  if (out.empty())
    return file_error(path +
                      " is empty; expected a DER OCSP response (as written by "
                      "`openssl ocsp ... -respout " +
                      path + "`)");
  if (out.size() > x509::kMaxOcspResponseSize)
    return file_error(path + " is larger than " + std::to_string(x509::kMaxOcspResponseSize) +
                      " bytes, too large for an OCSP response; is it the right file?");
  if (out[0] != 0x30 && looks_like_text(out))
    return file_error(path +
                      " is not DER: it looks like PEM or base64 text. Write the response "
                      "in DER with `openssl ocsp ... -respout " +
                      path + "`, or convert it with `openssl base64 -d -in " + path +
                      " -out RESPONSE.der`");
  // RFC 6960 §4.2.1: an OCSPResponse is a DER SEQUENCE.
  if (out[0] != 0x30)
    return file_error(path +
                      " is not a DER OCSP response (it does not start with a SEQUENCE); "
                      "write one with `openssl ocsp ... -respout " +
                      path + "`");
  return out;
}

bool OcspFileWatch::Seen::operator==(const Seen& o) const {
  if (exists != o.exists) return false;
  if (!exists) return true;
  return dev == o.dev && ino == o.ino && size == o.size && mtime.tv_sec == o.mtime.tv_sec &&
         mtime.tv_nsec == o.mtime.tv_nsec && ctime.tv_sec == o.ctime.tv_sec &&
         ctime.tv_nsec == o.ctime.tv_nsec;
}

bool OcspFileWatch::changed() {
  Seen now;
  struct stat st {};
  if (::stat(path_.c_str(), &st) == 0) {
    now.exists = true;
    now.dev = st.st_dev;
    now.ino = st.st_ino;
    now.size = st.st_size;
    now.mtime = st.st_mtim;
    now.ctime = st.st_ctim;
  }
  const bool differs = !last_ || !(*last_ == now);
  last_ = now;
  return differs;
}

}  // namespace tlskit::tools
