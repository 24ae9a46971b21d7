// Reports carry (tunnel, number): a report sent again after a timeout is applied once, and a
// failed one stops the relay, so bytes may go unbilled but never the other way round.
#include "gateway/relay/usage_meter.hpp"

#include <algorithm>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "infra/log.hpp"

namespace sluice::gateway {
namespace net = boost::asio;

namespace {

constexpr auto use_tuple = net::as_tuple(net::use_awaitable);
/// Reports that time out are sent again (same number: applied once) this many times.
constexpr int report_attempts = 5;

} // namespace

usage_meter::usage_meter(std::shared_ptr<const gateway_context> ctx, net::any_io_executor executor,
                         actors::open_tunnel spec, std::uint64_t granted)
  : ctx_(std::move(ctx)),
    spec_(std::move(spec)),
    allowance_(granted),
    last_moved_(ctx_->clock.steady_now()),
    report_timer_(executor),
    grant_timer_(executor, net::steady_timer::time_point::max()) {
}

void usage_meter::start(std::function<void()> close_relay) {
  close_relay_ = std::move(close_relay);
  auto executor = report_timer_.get_executor();
  ticket_ = ctx_->relays->join([weak = weak_from_this(), executor] {
    net::post(executor, [weak] {
      if (auto meter = weak.lock())
        meter->close();
    });
  });
  auto on_error = [](std::exception_ptr e) {
    if (e)
      infra::log_error("gateway", "metering task ended by an exception");
  };
  // A close order runs on an actor's thread: it only posts here.
  ctx_->port.watch_tunnel({spec_.account_id, spec_.tunnel_id},
                          [weak = weak_from_this(), executor](const actors::tunnel_closure&) {
                            net::post(executor, [weak] {
                              if (auto meter = weak.lock(); meter && !meter->done_)
                                meter->close();
                            });
                          });
  net::co_spawn(report_timer_.get_executor(), report_loop(), on_error);
}

usage_meter::~usage_meter() {
  // Here rather than when the report loop ends: it also covers a loop that never ran (the
  // gateway's io_context stopped first), so no callback outlives the executor it posts to. An
  // order arriving after the final report finds the meter done and changes nothing.
  ctx_->port.unwatch_tunnel({spec_.account_id, spec_.tunnel_id});
}

bool usage_meter::grant_low() const {
  // The account grows the grant of a fast tunnel (renewal_target): ask again at half of it.
  const auto grant = std::max<std::uint64_t>(ctx_->socks.grant_bytes, held_);
  return allowance_ < std::max<std::uint64_t>(grant / 2, needed_);
}

void usage_meter::spend(std::size_t bytes) {
  allowance_ -= bytes;
  if (grant_low())
    poke_reporter();
}

void usage_meter::count(direction dir, std::size_t bytes) {
  (dir == direction::up ? unreported_up_ : unreported_down_) += bytes;
}

void usage_meter::poke_reporter() {
  report_timer_.cancel();
}

net::awaitable<void> usage_meter::await_grant(std::size_t needed) {
  needed_ = needed;
  poke_reporter();
  co_await grant_timer_.async_wait(use_tuple); // Woken by the reporter, or by close().
  needed_ = 0;
}

void usage_meter::close() {
  if (closing_)
    return;
  closing_ = true;
  if (close_relay_)
    std::exchange(close_relay_, nullptr)();
  grant_timer_.cancel();
  poke_reporter();
}

void usage_meter::watch_idleness() {
  // Read at the reporter's wakes (every report_interval at least), so no clock is read per
  // byte, and the close comes within one interval of the timeout.
  const auto now = ctx_->clock.steady_now();
  if (unreported_up_ + unreported_down_ > 0) {
    last_moved_ = now;
  } else if (!done_ && !closing_ && now - last_moved_ >= ctx_->socks.tunnel_idle_timeout) {
    close(); // The final report follows once the relay has ended, as for any close.
  }
}

void usage_meter::finish() {
  done_ = true;
  poke_reporter();
}

net::awaitable<std::error_code> usage_meter::send_report(const actors::usage_report& report,
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

net::awaitable<void> usage_meter::report_loop() {
  auto self = shared_from_this();
  // However the loop ends, the relay has nothing more to report: a shutdown may go on.
  const std::unique_ptr<usage_meter, void (*)(usage_meter*)> leave_on_exit(
    this, [](usage_meter* m) { m->ctx_->relays->leave(m->ticket_); });
  for (;;) {
    // The relay may have run dry while the previous report was in flight: renew at once. Not
    // again while nothing was relayed since a renewal that added nothing (the bytes it holds are
    // still on their way to a slow receiver): that would only spin.
    const bool starving = !closing_ && !refused_ && grant_low()
                          && (!idle_renewal_ || unreported_up_ + unreported_down_ > 0);
    if (!done_ && !starving) {
      report_timer_.expires_after(ctx_->socks.report_interval);
      co_await report_timer_.async_wait(use_tuple);
    }
    watch_idleness();
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
      // A failed report stops the relay. Its bytes go unbilled; a final report (already sent
      // report_attempts times) or one the account no longer knows (it restarted) ends the loop,
      // any other is followed by the final report, which releases the grant.
      if (!final)
        close();
      if (final || failed == make_error_code(errc::not_found))
        co_return;
      continue;
    }
    if (final)
      co_return;
    allowance_ += renewal.added;
    if (renewal.added > 0)
      held_ = allowance_;
    idle_renewal_ = wants_grant && renewal.added == 0;
    if (renewal.refused)
      refused_ = true;
    grant_timer_.cancel(); // Relays waiting for credit look again.
  }
}

} // namespace sluice::gateway
