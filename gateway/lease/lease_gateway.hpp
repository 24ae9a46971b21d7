// The lease ports (issue #21): one tcp_listener per live lease on `[dedicated] listen_host`,
// opened and closed as the lease book publishes its leases (command_port::watch_leases). Every
// port speaks SOCKS5 and HTTP proxy (lease_client.hpp) and shares one handshake admission.
// The composition root owns it; it reaches actors only through the facade.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "gateway/gateway_context.hpp"
#include "gateway/lease/lease_directory.hpp"
#include "gateway/tcp_listener.hpp"
#include "gateway/worker_pool.hpp"

namespace sluice::gateway {

class lease_gateway : public std::enable_shared_from_this<lease_gateway> {
public:
  lease_gateway(worker_pool& workers, std::shared_ptr<const gateway_context> ctx,
                std::string listen_host);

  /// Asks the actors for the leases; ports open as they arrive.
  void start();
  /// Stops following the leases and closes every port; open tunnels are the relays' drain.
  void stop();
  /// Reports what the tunnels relayed since the last report and waits for it, at most
  /// `deadline`: after the drain, so the last bytes of cut tunnels are counted too.
  void final_report(std::chrono::milliseconds deadline);

  const std::shared_ptr<lease_directory>& leases() const {
    return leases_;
  }

private:
  void apply(const std::vector<actors::lease_endpoint>& leases);
  /// Every `report_interval`, what each lease relayed (LeaseBytesMetered).
  void report_every_second();
  /// Opens `port` if it is still wanted; `attempt`: bind failures so far.
  void open_port(std::uint16_t port, int attempt);

  worker_pool& workers_;
  std::shared_ptr<const gateway_context> ctx_;
  std::string listen_host_;
  std::shared_ptr<lease_directory> leases_ = std::make_shared<lease_directory>();
  std::shared_ptr<infra::connection_admission> handshakes_;
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  std::map<std::uint16_t, std::shared_ptr<tcp_listener>> listeners_; ///< On strand_ only.
  std::set<std::uint16_t> wanted_;                                   ///< On strand_ only.
  boost::asio::steady_timer report_timer_;                           ///< On strand_ only.
  bool stopped_ = false;                                             ///< On strand_ only.
};

} // namespace sluice::gateway
