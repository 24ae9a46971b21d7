// The relay of one CONNECT tunnel under a credit grant (DESIGN.md §4). Bytes are counted as the
// relay writes them, so metering adds no pass over the data; a direction waits when the grant is
// spent, a reporter bills usage at least every `socks.report_interval` and renews the grant, and
// a watcher closes the tunnel at once when the account orders it (revoked key, empty wallet,
// discarded session). Everything runs on the client connection's strand.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <span>
#include <vector>

#include "gateway/gateway_context.hpp"

namespace sluice::gateway {

class metered_tunnel : public std::enable_shared_from_this<metered_tunnel> {
public:
  /// `early_upload`: payload the client sent before the CONNECT reply; relayed first.
  metered_tunnel(std::shared_ptr<const gateway_context> ctx, boost::asio::ip::tcp::socket client,
                 boost::asio::ip::tcp::socket target, actors::open_tunnel spec,
                 std::uint64_t granted, std::vector<std::uint8_t> early_upload);

  /// Starts both directions, the reporter and the watcher; the tunnel lives until all end.
  void start();

private:
  enum class direction { up, down };

  boost::asio::awaitable<void> pump(direction dir);
  boost::asio::awaitable<void> report_loop();
  boost::asio::awaitable<void> watch();
  /// Sends again on timeouts (same number: applied once); the last error, or none.
  boost::asio::awaitable<std::error_code> send_report(const actors::usage_report& report,
                                                      actors::grant_renewal& renewal);
  /// Writes `bytes` to `to`, counting what was written; false on error.
  boost::asio::awaitable<bool> forward(boost::asio::ip::tcp::socket& to,
                                       std::span<const std::uint8_t> bytes, direction dir);
  void count(direction dir, std::size_t bytes);
  void close_all();
  void poke_reporter();
  bool grant_low() const;

  std::shared_ptr<const gateway_context> ctx_;
  boost::asio::ip::tcp::socket client_;
  boost::asio::ip::tcp::socket target_;
  actors::open_tunnel spec_;
  std::vector<std::uint8_t> early_upload_;
  std::uint64_t allowance_; ///< Bytes this tunnel may still relay.
  std::uint64_t unreported_up_ = 0;
  std::uint64_t unreported_down_ = 0;
  std::uint64_t next_report_ = 1;
  int pumps_running_ = 2;
  bool closing_ = false; ///< Ordered closed, or broken: no more relaying.
  bool refused_ = false; ///< A renewal brought nothing: close once the allowance is spent.
  bool done_ = false;    ///< Both directions ended: the next report is the final one.
  boost::asio::steady_timer report_timer_; ///< The reporter sleeps on it; cancel() wakes it.
  boost::asio::steady_timer grant_timer_;  ///< Directions out of grant sleep on it.
};

} // namespace sluice::gateway
