// Relay loop: wait until the source is readable, read what the grant allows into a per-thread
// chunk, try to write it at once (the usual case: no copy, no allocation, nothing held while
// idle); only what the destination cannot take now is copied aside and written asynchronously.
#include "gateway/relay/metered_tunnel.hpp"

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "infra/log.hpp"

namespace sluice::gateway {
namespace net = boost::asio;
using net::ip::tcp;

namespace {

constexpr auto use_tuple = net::as_tuple(net::use_awaitable);
/// Reports that time out are sent again (same number: applied once) this many times.
constexpr int report_attempts = 5;

std::span<std::uint8_t> chunk() {
  static thread_local std::array<std::uint8_t, 64 * 1024> buffer;
  return buffer;
}

void spawn(tcp::socket& on, net::awaitable<void> work) {
  net::co_spawn(on.get_executor(), std::move(work), [](std::exception_ptr e) {
    if (e)
      infra::log_error("gateway", "tunnel task ended by an exception");
  });
}

} // namespace

metered_tunnel::metered_tunnel(std::shared_ptr<const gateway_context> ctx, tcp::socket client,
                               tcp::socket target, actors::open_tunnel spec, std::uint64_t granted,
                               std::vector<std::uint8_t> early_upload)
  : ctx_(std::move(ctx)),
    client_(std::move(client)),
    target_(std::move(target)),
    spec_(std::move(spec)),
    early_upload_(std::move(early_upload)),
    allowance_(granted),
    report_timer_(client_.get_executor()),
    grant_timer_(client_.get_executor(), net::steady_timer::time_point::max()) {
}

void metered_tunnel::start() {
  boost::system::error_code ignored;
  client_.non_blocking(true, ignored);
  target_.non_blocking(true, ignored);
  spawn(client_, pump(direction::up));
  spawn(client_, pump(direction::down));
  spawn(client_, report_loop());
  spawn(client_, watch());
}

bool metered_tunnel::grant_low() const {
  return allowance_ < ctx_->socks.grant_bytes / 2;
}

void metered_tunnel::count(direction dir, std::size_t bytes) {
  (dir == direction::up ? unreported_up_ : unreported_down_) += bytes;
}

void metered_tunnel::poke_reporter() {
  report_timer_.cancel();
}

void metered_tunnel::close_all() {
  closing_ = true;
  boost::system::error_code ignored;
  client_.close(ignored);
  target_.close(ignored);
  grant_timer_.cancel();
  poke_reporter();
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
  count(dir, written);
  if (written == bytes.size())
    co_return true;
  // The destination is slower than the source: hold the rest until it drains.
  std::vector<std::uint8_t> rest(bytes.begin() + static_cast<std::ptrdiff_t>(written), bytes.end());
  auto [wec, n] = co_await net::async_write(to, net::buffer(rest), use_tuple);
  count(dir, n);
  co_return !wec;
}

net::awaitable<void> metered_tunnel::pump(direction dir) {
  auto self = shared_from_this();
  auto& from = dir == direction::up ? client_ : target_;
  auto& to = dir == direction::up ? target_ : client_;
  if (dir == direction::up && !early_upload_.empty()) {
    // At most a few hundred bytes (what fits beside a SOCKS request). A grant smaller than that
    // cannot carry them whole, and relaying a part would corrupt the stream: close instead.
    if (early_upload_.size() > allowance_) {
      close_all();
    } else {
      allowance_ -= early_upload_.size();
      const std::span<const std::uint8_t> early(early_upload_);
      if (!co_await forward(to, early, dir))
        close_all();
    }
    early_upload_ = {};
  }
  while (!closing_) {
    if (allowance_ == 0) {
      if (refused_) {
        close_all();
        break;
      }
      poke_reporter();
      co_await grant_timer_.async_wait(use_tuple); // Woken by the reporter.
      continue;
    }
    auto [wait_ec] = co_await from.async_wait(tcp::socket::wait_read, use_tuple);
    if (wait_ec || closing_)
      break;
    auto buffer = chunk();
    const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), allowance_));
    boost::system::error_code ec;
    const auto n = from.read_some(net::buffer(buffer.data(), want), ec);
    if (ec == net::error::would_block)
      continue;
    if (ec == net::error::eof) {
      boost::system::error_code ignored;
      to.shutdown(tcp::socket::shutdown_send, ignored); // Half-close: the other way goes on.
      break;
    }
    if (ec) {
      close_all();
      break;
    }
    allowance_ -= n;
    const std::span<const std::uint8_t> read(buffer.data(), n); // Named: GCC 12, see docs.
    if (!co_await forward(to, read, dir)) {
      close_all();
      break;
    }
    if (grant_low())
      poke_reporter();
  }
  if (--pumps_running_ == 0) {
    done_ = true;
    poke_reporter();
  }
}

net::awaitable<std::error_code> metered_tunnel::send_report(const actors::usage_report& report,
                                                            actors::grant_renewal& renewal) {
  std::error_code last;
  for (int attempt = 0; attempt < report_attempts; ++attempt) {
    auto [ec, answer] = co_await ctx_->port.async_report_usage(report, use_tuple);
    if (!ec) {
      renewal = answer;
      co_return ec;
    }
    last = ec;
    if (ec != make_error_code(errc::timeout))
      break;
  }
  co_return last;
}

net::awaitable<void> metered_tunnel::report_loop() {
  auto self = shared_from_this();
  for (;;) {
    // A direction may have run dry while the previous report was in flight: renew at once.
    const bool starving = !closing_ && !refused_ && grant_low();
    if (!done_ && !starving) {
      report_timer_.expires_after(ctx_->socks.report_interval);
      co_await report_timer_.async_wait(use_tuple);
    }
    const bool final = done_;
    const bool wants_grant = !final && !closing_ && !refused_ && grant_low();
    if (!final && unreported_up_ + unreported_down_ == 0 && !wants_grant)
      continue;
    const actors::usage_report report{spec_.account_id, spec_.tunnel_id,  next_report_++,
                                      unreported_up_,   unreported_down_, final};
    unreported_up_ = 0; // Bytes relayed while this report is in flight go into the next one.
    unreported_down_ = 0;
    actors::grant_renewal renewal;
    const auto failed = co_await send_report(report, renewal);
    if (failed) {
      // Stop relaying: this report's bytes may go unbilled, never the other way round. Unless
      // the account forgot the tunnel (it restarted), a final report still releases its grant.
      if (!final)
        close_all();
      if (final || failed == make_error_code(errc::not_found))
        co_return;
      continue;
    }
    if (final)
      co_return;
    allowance_ += renewal.added;
    if (renewal.added == 0 && wants_grant)
      refused_ = true;
    grant_timer_.cancel(); // Directions waiting for credit look again.
  }
}

net::awaitable<void> metered_tunnel::watch() {
  auto self = shared_from_this();
  const actors::tunnel_ref ref{spec_.account_id, spec_.tunnel_id};
  auto [ec, closure] = co_await ctx_->port.async_watch_tunnel(ref, use_tuple);
  if (ec || closure.reason != "released") {
    if (!done_)
      close_all();
  }
}

} // namespace sluice::gateway
