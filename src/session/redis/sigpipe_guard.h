// Keeps a write to a closed Redis socket from killing the process. hiredis writes with
// write(2), which raises SIGPIPE when the peer has gone; a library must not rely on its host
// ignoring SIGPIPE. For the lifetime of a guard, SIGPIPE is blocked in the calling thread, and a
// SIGPIPE raised meanwhile is discarded (the way libpq does it); the write then simply fails
// with EPIPE, which hiredis reports as an I/O error.
#pragma once
#include <signal.h>

namespace tlskit::redis {

// Blocks SIGPIPE in this thread until destroyed; discards one raised meanwhile.
class SigpipeGuard {
 public:
  SigpipeGuard();
  ~SigpipeGuard();
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

 private:
  sigset_t old_mask_;
  bool was_pending_ = false;  // a SIGPIPE was already pending: not ours to discard
};

}  // namespace tlskit::redis
