/// @file
/// The operations of tlskit::asio::stream (internal): one step function per operation, run
/// either by an asio composed operation (async_compose: any completion token, cancellation
/// slots) or by a blocking loop on the next layer's synchronous calls.
#pragma once
#include <array>
#include <asio.hpp>
#include <cstddef>
#include <system_error>
#include <utility>

#include "tlskit/asio/stream_core.h"

namespace tlskit::asio::detail {

/// The handshake: until both Finished messages went by (and what follows them was sent).
struct handshake_step {
  stream_base::handshake_type type;                ///< what the caller asked for
  static constexpr bool has_size = false;          ///< completes with (error_code)
  static constexpr bool is_read = false;           ///< terminal cancellation only
  static constexpr bool is_write = false;          ///< checks cancellation between steps
  /// The next move; see stream_core::next_handshake.
  want operator()(stream_core& core, std::error_code& ec, std::size_t& n) const {
    n = 0;
    return core.next_handshake(type, ec);
  }
};

/// read_some: decrypted bytes into the caller's buffers, reading records as needed.
template <typename MutableBufferSequence>
struct read_step {
  MutableBufferSequence buffers;            ///< the caller's buffers
  static constexpr bool has_size = true;    ///< completes with (error_code, size_t)
  static constexpr bool is_read = true;     ///< total cancellation: no side effects
  static constexpr bool is_write = false;   ///< checks cancellation between steps
  /// The next move; when data is ready, copies it out and returns done with n bytes.
  want operator()(stream_core& core, std::error_code& ec, std::size_t& n) {
    n = 0;
    if (::asio::buffer_size(buffers) == 0) {  // as every asio stream: completes at once
      ec.clear();
      return want::done;
    }
    bool ready = false;
    const want w = core.next_read(ec, ready);
    if (ready) {
      const ByteView v = core.readable_view();
      n = ::asio::buffer_copy(buffers, ::asio::const_buffer(v.data(), v.size()));
      core.consume_read(n);
    }
    return w;
  }
};

/// write_some: encrypts up to stream_core::kMaxWriteChunk bytes and sends them.
template <typename ConstBufferSequence>
struct write_step {
  ConstBufferSequence buffers;               ///< the caller's buffers
  bool started = false;                      ///< the plaintext was taken
  std::size_t taken = 0;                     ///< how much of it
  static constexpr bool has_size = true;     ///< completes with (error_code, size_t)
  static constexpr bool is_read = false;     ///< terminal cancellation only
  static constexpr bool is_write = true;     ///< cancellation reaches the transport write only
  /// The next move; on the first call takes the plaintext (gathering small buffers).
  want operator()(stream_core& core, std::error_code& ec, std::size_t& n) {
    n = 0;
    if (!started) {
      started = true;
      std::array<ByteView, kMaxPieces> pieces{};
      std::size_t count = 0;
      for (auto it = ::asio::buffer_sequence_begin(buffers), end = ::asio::buffer_sequence_end(buffers);
           it != end && count < pieces.size(); ++it) {
        const ::asio::const_buffer b(*it);
        pieces[count++] = ByteView(static_cast<const uint8_t*>(b.data()), b.size());
      }
      const ByteView chunk = core.stage_gather(pieces.data(), count);
      if (chunk.empty()) {
        ec.clear();
        return want::done;
      }
      ec = core.start_write(chunk);
      if (ec) return want::done;
      taken = chunk.size();
    }
    const want w = core.next_flush(ec);
    if (w == want::done && !ec) n = taken;
    return w;
  }
};

/// shutdown: close_notify out, then the peer's close_notify in.
struct shutdown_step {
  static constexpr bool has_size = false;  ///< completes with (error_code)
  static constexpr bool is_read = false;   ///< terminal cancellation only
  static constexpr bool is_write = false;  ///< checks cancellation between steps
  /// The next move; see stream_core::next_shutdown.
  want operator()(stream_core& core, std::error_code& ec, std::size_t& n) const {
    n = 0;
    return core.next_shutdown(ec);
  }
};

/// Runs a step to completion with the next layer's blocking calls; returns the size (read and
/// write) and sets ec. Not to be mixed with pending asynchronous operations on the same stream.
template <typename NextLayer, typename Step>
std::size_t run_sync(NextLayer& next, stream_core& core, Step step, std::error_code& ec) {
  for (;;) {
    std::size_t n = 0;
    switch (step(core, ec, n)) {
      case want::done:
        return n;
      case want::wait_output:  // only while an asynchronous operation sends
        ec = ::asio::error::in_progress;
        return 0;
      case want::write_output: {
        const ByteView out = core.take_output();
        std::error_code wec;
        ::asio::write(next, ::asio::buffer(out.data(), out.size()), wec);
        core.output_done(wec);
        break;
      }
      case want::read_input: {
        const MutableByteView in = core.input_buffer();
        std::error_code rec;
        const std::size_t got = next.read_some(::asio::buffer(in.data(), in.size()), rec);
        if (std::error_code e = core.input_done(rec, got)) {
          ec = e;
          return 0;
        }
        break;
      }
    }
  }
}

/// The composed asynchronous operation running Step on a Stream (stream<NextLayer>).
/// Completion: (error_code) or (error_code, size_t). It never completes inside the initiating
/// call (an immediate result is posted). Only one operation sends at a time: the others wait on
/// the stream's gate timer, except a read, which goes on reading instead.
template <typename Stream, typename Step>
class io_op {
 public:
  /// An operation on s.
  io_op(Stream& s, Step step) : s_(s), step_(std::move(step)) {}

  /// asio's entry point: the start, and each completion of an inner operation.
  template <typename Self>
  void operator()(Self& self, std::error_code ec = {}, std::size_t n = 0) {
    stream_core& core = s_.core_;
    switch (at_) {
      case at::start:
        if constexpr (Step::is_read) {
          // A read can be cancelled with no side effects (bytes fed stay in the connection).
          self.reset_cancellation_state(::asio::enable_total_cancellation());
          core.set_reading(true);
        }
        break;
      case at::output:
        core.output_done(ec);
        if (s_.gate_waiters_ > 0) s_.gate_.cancel();  // wakes the operations waiting to send
        break;
      case at::input:
        if (std::error_code e = core.input_done(ec, n)) return finish(self, e, 0);
        break;
      case at::gate:
        --s_.gate_waiters_;
        break;
      case at::posted:
        return finish(self, result_ec_, result_n_);
    }
    if constexpr (!Step::is_write) {
      if (at_ != at::start && self.get_cancellation_state().cancelled() != ::asio::cancellation_type::none)
        return finish(self, ::asio::error::operation_aborted, 0);
    }
    std::error_code rec;
    std::size_t rn = 0;
    switch (step_(core, rec, rn)) {
      case want::done:
        if (at_ == at::start) {
          at_ = at::posted;
          result_ec_ = rec;
          result_n_ = rn;
          ::asio::post(std::move(self));
          return;
        }
        return finish(self, rec, rn);
      case want::write_output: {
        at_ = at::output;
        const ByteView out = core.take_output();
        if constexpr (Step::is_read) {
          // A cut record would break the stream: a read's cancellation waits for the send.
          ::asio::async_write(s_.next_layer_, ::asio::buffer(out.data(), out.size()),
                              ::asio::bind_cancellation_slot(::asio::cancellation_slot(),
                                                             std::move(self)));
        } else {
          ::asio::async_write(s_.next_layer_, ::asio::buffer(out.data(), out.size()),
                              std::move(self));
        }
        return;
      }
      case want::wait_output:
        at_ = at::gate;
        ++s_.gate_waiters_;
        s_.gate_.async_wait(
            ::asio::bind_cancellation_slot(::asio::cancellation_slot(), std::move(self)));
        return;
      case want::read_input: {
        at_ = at::input;
        const MutableByteView in = core.input_buffer();
        s_.next_layer_.async_read_some(::asio::buffer(in.data(), in.size()), std::move(self));
        return;
      }
    }
  }

 private:
  enum class at { start, output, input, gate, posted };

  template <typename Self>
  void finish(Self& self, std::error_code ec, std::size_t n) {
    if constexpr (Step::is_read) s_.core_.set_reading(false);
    if constexpr (Step::has_size) {
      self.complete(ec, n);
    } else {
      self.complete(ec);
    }
  }

  Stream& s_;
  Step step_;
  at at_ = at::start;
  std::error_code result_ec_;
  std::size_t result_n_ = 0;
};

}  // namespace tlskit::asio::detail
