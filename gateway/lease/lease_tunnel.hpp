// The relay of one tunnel through a lease's port. A lease is paid for its time, not its bytes,
// so nothing is granted or billed; the bytes are counted as they pass. The tunnel closes when
// either side ends it, when the lease cuts it (expiry, disconnect, a move: lease_directory.hpp)
// and when the server drains. The relay loop is the metered one's without the grant: wait until
// readable, read into a buffer held only while moving bytes, write on.
#pragma once

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "gateway/gateway_context.hpp"
#include "gateway/lease/lease_directory.hpp"

namespace sluice::gateway {

class lease_tunnel : public std::enable_shared_from_this<lease_tunnel> {
public:
  /// `early_upload`: bytes the client sent after its request, relayed first. `upload_limit`:
  /// relay at most this many bytes from the client (early ones included), then no more.
  lease_tunnel(std::shared_ptr<const gateway_context> ctx, std::shared_ptr<lease_directory> leases,
               actors::lease_endpoint lease, boost::asio::ip::tcp::socket client,
               boost::asio::ip::tcp::socket target, std::vector<std::uint8_t> early_upload,
               std::optional<std::uint64_t> upload_limit = std::nullopt);

  /// Registers with the lease and the drain, then relays; false (and nothing starts, the
  /// sockets close) if the lease moved on meanwhile.
  bool start();

  /// Closes both sockets, from any thread.
  void close();

private:
  boost::asio::awaitable<void> pump(bool up);
  boost::asio::awaitable<bool> forward(boost::asio::ip::tcp::socket& to,
                                       std::span<const std::uint8_t> bytes);
  void finish();

  std::shared_ptr<const gateway_context> ctx_;
  std::shared_ptr<lease_directory> leases_;
  actors::lease_endpoint lease_;
  boost::asio::ip::tcp::socket client_;
  boost::asio::ip::tcp::socket target_;
  std::vector<std::uint8_t> early_upload_;
  std::optional<std::uint64_t> upload_left_;            ///< Nothing: no limit.
  std::shared_ptr<std::atomic<std::uint64_t>> relayed_; ///< The lease's, both ways.
  std::uint64_t lease_ticket_ = 0;
  std::uint64_t relay_ticket_ = 0;
  int pumps_running_ = 2;
  bool closing_ = false; ///< On the tunnel's executor only.
};

} // namespace sluice::gateway
