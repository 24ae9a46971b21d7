// Relay loop: wait until the source is readable, splice(2) what the grant allows from it into a
// pipe and from the pipe into the destination. The bytes never enter user space (no copy, no
// buffer of ours: what the destination cannot take yet waits in the pipe), and splice returns
// the count that metering needs. A direction's pipe is made when it first has data, so an idle
// tunnel holds none.
#include "gateway/relay/metered_tunnel.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "infra/log.hpp"
#include "infra/unique_fd.hpp"

namespace sluice::gateway {
namespace net = boost::asio;
using net::ip::tcp;

namespace {

constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

/// Most bytes moved by one splice, and the pipe size asked for to hold them.
constexpr std::size_t splice_bytes_max = 1 << 20;
constexpr std::size_t pipe_bytes = 1 << 20;

/// Both ends of one pipe, closed when it goes.
class pipe_pair {
public:
  /// Makes the pipe on first use; false if it cannot be made (out of descriptors).
  bool ready() {
    if (read_)
      return true;
    int ends[2];
    if (::pipe2(ends, O_NONBLOCK | O_CLOEXEC) != 0)
      return false;
    read_ = infra::unique_fd(ends[0]);
    write_ = infra::unique_fd(ends[1]);
    // Larger moves per splice; refused beyond the user's pipe budget, then 64 KiB it is.
    (void) ::fcntl(write_.get(), F_SETPIPE_SZ, static_cast<int>(pipe_bytes));
    return true;
  }
  int read_end() const {
    return read_.get();
  }
  int write_end() const {
    return write_.get();
  }

private:
  infra::unique_fd read_;
  infra::unique_fd write_;
};

/// One splice(2) without blocking: bytes moved, 0 at end of stream, -1 with errno set.
ssize_t splice_some(int from, int to, std::size_t bytes) {
  return ::splice(from, nullptr, to, nullptr, bytes, SPLICE_F_MOVE | SPLICE_F_NONBLOCK);
}

} // namespace

metered_tunnel::metered_tunnel(std::shared_ptr<const gateway_context> ctx, tcp::socket client,
                               tcp::socket target, actors::open_tunnel spec, std::uint64_t granted,
                               std::vector<std::uint8_t> early_upload)
  : client_(std::move(client)),
    target_(std::move(target)),
    early_upload_(std::move(early_upload)),
    meter_(std::make_shared<usage_meter>(std::move(ctx), client_.get_executor(), std::move(spec),
                                         granted)) {
}

void metered_tunnel::start() {
  boost::system::error_code ignored;
  client_.non_blocking(true, ignored);
  target_.non_blocking(true, ignored);
  auto on_error = [](std::exception_ptr e) {
    if (e)
      infra::log_error("gateway", "tunnel task ended by an exception");
  };
  meter_->start([weak = weak_from_this()] {
    if (auto tunnel = weak.lock())
      tunnel->close_sockets();
  });
  net::co_spawn(client_.get_executor(), pump(direction::up), on_error);
  net::co_spawn(client_.get_executor(), pump(direction::down), on_error);
}

void metered_tunnel::close_sockets() {
  boost::system::error_code ignored;
  client_.close(ignored);
  target_.close(ignored);
}

net::awaitable<bool> metered_tunnel::forward(tcp::socket& to, std::span<const std::uint8_t> bytes,
                                             direction dir) {
  boost::system::error_code ec;
  auto written = to.write_some(net::buffer(bytes.data(), bytes.size()), ec);
  if (ec == net::error::would_block) {
    written = 0;
  } else if (ec) {
    co_return false;
  }
  meter_->count(dir, written);
  if (written == bytes.size())
    co_return true;
  // The destination is slower than the source: hold the rest until it drains.
  std::vector<std::uint8_t> rest(bytes.begin() + static_cast<std::ptrdiff_t>(written), bytes.end());
  auto [wec, n] = co_await net::async_write(to, net::buffer(rest), use_tuple);
  meter_->count(dir, n);
  co_return !wec;
}

net::awaitable<bool> metered_tunnel::drain(int pipe_read_end, tcp::socket& to, std::size_t bytes,
                                           direction dir) {
  while (bytes > 0) {
    const auto n = splice_some(pipe_read_end, to.native_handle(), bytes);
    if (n > 0) {
      meter_->count(dir, static_cast<std::size_t>(n));
      bytes -= static_cast<std::size_t>(n);
      continue;
    }
    if (n == 0 || (errno != EAGAIN && errno != EINTR))
      co_return false;
    // The destination is slower than the source: the bytes wait in the pipe.
    auto [ec] = co_await to.async_wait(tcp::socket::wait_write, use_tuple);
    if (ec)
      co_return false;
  }
  co_return true;
}

net::awaitable<void> metered_tunnel::pump(direction dir) {
  auto self = shared_from_this();
  auto meter = meter_;
  auto& from = dir == direction::up ? client_ : target_;
  auto& to = dir == direction::up ? target_ : client_;
  if (dir == direction::up && !early_upload_.empty()) {
    // At most a few hundred bytes (what fits beside a SOCKS request). A grant smaller than that
    // cannot carry them whole, and relaying a part would corrupt the stream: close instead.
    if (early_upload_.size() > meter->allowance()) {
      meter->close();
    } else {
      meter->spend(early_upload_.size());
      const std::span<const std::uint8_t> early(early_upload_);
      if (!co_await forward(to, early, dir))
        meter->close();
    }
    early_upload_ = {};
  }
  pipe_pair pipe;
  bool readable = false;
  while (!meter->closing()) {
    if (meter->allowance() == 0) {
      if (meter->refused()) {
        meter->close();
        break;
      }
      co_await meter->await_grant();
      continue;
    }
    if (!readable) {
      auto [wait_ec] = co_await from.async_wait(tcp::socket::wait_read, use_tuple);
      if (wait_ec || meter->closing())
        break;
      if (meter->allowance() == 0) {
        readable = true; // The other direction spent the grant meanwhile: wait for credit first.
        continue;
      }
    }
    if (!pipe.ready()) {
      meter->close();
      break;
    }
    const auto want = std::min<std::uint64_t>(splice_bytes_max, meter->allowance());
    const auto n = splice_some(from.native_handle(), pipe.write_end(), want);
    readable = n > 0; // More may be there already: try again before waiting.
    if (n < 0 && (errno == EAGAIN || errno == EINTR))
      continue;
    if (n == 0) {
      boost::system::error_code ignored;
      to.shutdown(tcp::socket::shutdown_send, ignored); // Half-close: the other way goes on.
      break;
    }
    if (n < 0) {
      meter->close();
      break;
    }
    meter->spend(static_cast<std::size_t>(n));
    if (!co_await drain(pipe.read_end(), to, static_cast<std::size_t>(n), dir)) {
      meter->close();
      break;
    }
  }
  if (--pumps_running_ == 0)
    meter->finish();
}

} // namespace sluice::gateway
