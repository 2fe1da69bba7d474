// `tlskit server --ocsp FILE`: reading a stapled OCSP response from disk and noticing when
// the file is replaced (a cron job or certbot hook rewrites it while the server runs).
#pragma once
#include <sys/types.h>

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>

#include "tlskit/bytes.h"
#include "tlskit/result.h"

namespace tlskit::tools {

// Reads a DER OCSPResponse (what `openssl ocsp -respout FILE` writes), at most
// x509::kMaxOcspResponseSize bytes. Fails with file_error (Party::config) naming the file and
// what to do: unreadable, empty, too large, PEM or base64 text instead of DER, or bytes that do
// not start like a DER SEQUENCE. The contents are not parsed here (decide_staple does that).
Result<Bytes> read_ocsp_file(const std::string& path);

// Watches one file by stat(): device, inode, size, mtime and ctime. Not thread-safe.
class OcspFileWatch {
 public:
  // Watches path; nothing is looked at until the first changed().
  explicit OcspFileWatch(std::string path) : path_(std::move(path)) {}

  // The watched path.
  const std::string& path() const { return path_; }

  // True when the file changed, appeared or disappeared since the previous call (replaced by
  // a rename, rewritten in place, truncated). The first call always returns true, so the
  // caller reads the file once at start.
  bool changed();

 private:
  // What stat() said last time; exists = false when the file was missing.
  struct Seen {
    bool exists = false;
    dev_t dev = 0;
    ino_t ino = 0;
    off_t size = 0;
    timespec mtime{};
    timespec ctime{};
    bool operator==(const Seen& o) const;
  };
  std::string path_;
  std::optional<Seen> last_;  // empty before the first changed()
};

}  // namespace tlskit::tools
