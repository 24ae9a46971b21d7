// The relay of one CONNECT tunnel under a credit grant (DESIGN.md §4). Bytes are counted as the
// relay reads and writes them, so metering adds no pass over the data; a direction waits when the
// grant is spent; the usage_meter bills, renews and closes the tunnel when the account orders it.
// Everything runs on the client connection's executor.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <span>
#include <vector>

#include "gateway/relay/usage_meter.hpp"

namespace sluice::gateway {

class metered_tunnel : public std::enable_shared_from_this<metered_tunnel> {
public:
  /// `early_upload`: payload the client sent before the CONNECT reply; relayed first.
  metered_tunnel(std::shared_ptr<const gateway_context> ctx, boost::asio::ip::tcp::socket client,
                 boost::asio::ip::tcp::socket target, actors::open_tunnel spec,
                 std::uint64_t granted, std::vector<std::uint8_t> early_upload);

  /// Starts both directions and the meter; the tunnel lives until all end.
  void start();

private:
  boost::asio::awaitable<void> pump(direction dir);
  /// Writes `bytes` to `to`, counting what was written; false on error.
  boost::asio::awaitable<bool> forward(boost::asio::ip::tcp::socket& to,
                                       std::span<const std::uint8_t> bytes, direction dir);
  void close_sockets();

  boost::asio::ip::tcp::socket client_;
  boost::asio::ip::tcp::socket target_;
  std::vector<std::uint8_t> early_upload_;
  std::shared_ptr<usage_meter> meter_;
  int pumps_running_ = 2;
};

} // namespace sluice::gateway
