// Relay loop: wait until the source is readable, read what the grant allows into the
// direction's buffer, write it on; read again before waiting, since more has usually arrived
// while writing. The byte counts the reads and writes return are what metering needs: no pass
// over the data of its own. A direction takes a buffer only while it has bytes to move
// (relay_buffers.hpp), so an idle tunnel holds none.
//
// Why copies rather than splice(2) through a pipe (what this did until 2026-12): on this machine's
// kernel a copying relay with multi-MiB buffers moved 1.5–2× the bytes per second of a splice
// relay for less CPU per GB, because each wake-up moves far more (bench/README.md).
#include "gateway/relay/metered_tunnel.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "gateway/relay/relay_buffers.hpp"
#include "infra/log.hpp"

namespace sluice::gateway {
namespace net = boost::asio;
using net::ip::tcp;

namespace {

constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

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
  // The destination is slower than the source: the rest waits in the buffer until it drains.
  // Counted piece by piece, as each leaves: a slow reader of a large buffer is billed as it
  // goes and is seen moving (tunnel_idle_timeout), not only once the whole buffer is out.
  while (written < bytes.size()) {
    const auto rest = net::buffer(bytes.data() + written, bytes.size() - written);
    auto [wec, n] = co_await to.async_write_some(rest, use_tuple);
    meter_->count(dir, n);
    written += n;
    if (wec)
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
  relay_buffer buffer;
  bool wants_large = false;
  bool readable = false;
  while (!meter->closing()) {
    if (meter->allowance() == 0) {
      if (meter->refused()) {
        meter->close();
        break;
      }
      buffer = {}; // Waiting for credit may take long: no buffer meanwhile.
      co_await meter->await_grant();
      continue;
    }
    if (!readable) {
      buffer = {}; // Nothing to move now: an idle direction holds no buffer.
      auto [wait_ec] = co_await from.async_wait(tcp::socket::wait_read, use_tuple);
      if (wait_ec || meter->closing())
        break;
      if (meter->allowance() == 0) {
        readable = true; // The other direction spent the grant meanwhile: wait for credit first.
        continue;
      }
    }
    if (!buffer)
      buffer = relay_buffer::acquire(wants_large);
    const auto space = buffer.bytes();
    const auto want
      = static_cast<std::size_t>(std::min<std::uint64_t>(space.size(), meter->allowance()));
    boost::system::error_code ec;
    const auto n = from.read_some(net::buffer(space.data(), want), ec);
    readable = !ec; // More may be there already: try again before waiting.
    if (ec == net::error::would_block || ec == net::error::interrupted)
      continue;
    if (ec == net::error::eof) {
      boost::system::error_code ignored;
      to.shutdown(tcp::socket::shutdown_send, ignored); // Half-close: the other way goes on.
      break;
    }
    if (ec) {
      meter->close();
      break;
    }
    meter->spend(n);
    if (!co_await forward(to, std::span<const std::uint8_t>(space.data(), n), dir)) {
      meter->close();
      break;
    }
    if (n == space.size() && !buffer.large()) {
      wants_large = true; // A full small buffer: bulk, worth a large one if the budget allows.
      buffer = relay_buffer::acquire(true);
    }
  }
  if (--pumps_running_ == 0)
    meter->finish();
}

} // namespace sluice::gateway
