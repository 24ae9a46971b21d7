// The credit side of one relayed connection (DESIGN.md §4), shared by TCP tunnels and UDP
// associations: the allowance the relay may still move, usage counted as it is moved, a reporter
// that bills it at least every `socks.report_interval` (at once when the allowance runs low),
// renews the grant and closes a relay idle for `socks.tunnel_idle_timeout`, and a watch
// (actors::tunnel_watch) that closes the relay the moment the account orders it (revoked key, key
// cap or wallet exhausted, discarded session). Runs on the relay's executor.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>

#include "gateway/gateway_context.hpp"

namespace sluice::gateway {

enum class direction { up, down }; ///< Up: client to target.

class usage_meter : public std::enable_shared_from_this<usage_meter> {
public:
  usage_meter(std::shared_ptr<const gateway_context> ctx, boost::asio::any_io_executor executor,
              actors::open_tunnel spec, std::uint64_t granted);
  ~usage_meter();
  usage_meter(const usage_meter&) = delete;
  usage_meter& operator=(const usage_meter&) = delete;

  /// Starts the reporter and the watcher, and joins the gateway's relay registry until the final
  /// report is sent. `close_relay` shuts the relay's sockets, at most once; the meter may
  /// outlive the relay, so it should hold the relay weakly.
  void start(std::function<void()> close_relay);

  std::uint64_t allowance() const {
    return allowance_;
  }
  /// Takes `bytes` (at most allowance()) out of the allowance before relaying them.
  void spend(std::size_t bytes);
  /// Counts bytes actually relayed: they are billed by the next report.
  void count(direction dir, std::size_t bytes);
  /// Waits until a report has answered (the allowance may have grown), asking for one now;
  /// the reporter asks for more credit until the allowance reaches `needed` (a datagram's size).
  boost::asio::awaitable<void> await_grant(std::size_t needed = 1);
  /// True once the account refused more credit: close when the allowance is spent.
  bool refused() const {
    return refused_;
  }
  bool closing() const {
    return closing_;
  }
  /// Stops relaying (the account ordered it, or the relay broke): closes the relay.
  void close();
  /// The relay has ended: the next report is the final one, which releases the grant.
  void finish();

private:
  boost::asio::awaitable<void> report_loop();
  /// Sends again on timeouts (same number: applied once); the last error, or none.
  boost::asio::awaitable<std::error_code> send_report(const actors::usage_report& report,
                                                      actors::grant_renewal& renewal);
  bool grant_low() const;
  void poke_reporter();
  /// At each wake of the reporter: notes movement, or closes the relay once idle too long.
  void watch_idleness();

  std::shared_ptr<const gateway_context> ctx_;
  actors::open_tunnel spec_;
  std::function<void()> close_relay_;
  std::uint64_t allowance_; ///< Bytes the relay may still move.
  std::uint64_t unreported_up_ = 0;
  std::uint64_t unreported_down_ = 0;
  std::uint64_t next_report_ = 1;
  std::uint64_t needed_ = 0;  ///< Awaited by a relay that cannot go on with less.
  std::uint64_t held_ = 0;    ///< The allowance after the last renewal: the grant in hand.
  std::uint64_t ticket_ = 0;  ///< In the relay registry.
  bool closing_ = false;      ///< Ordered closed, or broken: no more relaying.
  bool refused_ = false;      ///< The account will grant nothing more.
  bool idle_renewal_ = false; ///< The last renewal asked for added nothing, yet no refusal.
  bool done_ = false;         ///< The relay ended: the next report is the final one.
  /// When the reporter last found bytes relayed since the report before.
  std::chrono::steady_clock::time_point last_moved_;
  boost::asio::steady_timer report_timer_; ///< The reporter sleeps on it; cancel() wakes it.
  boost::asio::steady_timer grant_timer_;  ///< Relays out of allowance sleep on it.
};

} // namespace sluice::gateway
