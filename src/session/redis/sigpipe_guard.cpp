// SigpipeGuard: block, then discard a SIGPIPE of our own, then restore the thread's mask.
#include "session/redis/sigpipe_guard.h"

#include <pthread.h>

#include <ctime>

namespace tlskit::redis {
namespace {

sigset_t sigpipe_set() {
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, SIGPIPE);
  return s;
}

bool sigpipe_pending() {
  sigset_t pending;
  sigemptyset(&pending);
  return sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE) == 1;
}

}  // namespace

SigpipeGuard::SigpipeGuard() {
  sigset_t pipe = sigpipe_set();
  pthread_sigmask(SIG_BLOCK, &pipe, &old_mask_);
  was_pending_ = sigpipe_pending();
}

SigpipeGuard::~SigpipeGuard() {
  if (!was_pending_ && sigpipe_pending()) {
    sigset_t pipe = sigpipe_set();
    struct timespec no_wait = {0, 0};
    sigtimedwait(&pipe, nullptr, &no_wait);
  }
  pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
}

}  // namespace tlskit::redis
