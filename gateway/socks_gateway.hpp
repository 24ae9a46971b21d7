// The SOCKS5 front end of the byte-metered gateway (issue #4): a tcp_listener on `socks.listen`
// whose connections authenticate with routing usernames (credentials/routing_credentials.hpp),
// and the exit-node checks the actors ask for. The composition root (apps/) owns it; it reaches
// actors only through the facade.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "events/base/result.hpp"
#include "gateway/credentials/credential_resolver.hpp"
#include "gateway/gateway_context.hpp"
#include "gateway/tcp_listener.hpp"
#include "gateway/worker_pool.hpp"

namespace sluice::gateway {

class socks_gateway {
public:
  /// Listens on the pool's first worker; `workers` must outlive this.
  socks_gateway(worker_pool& workers, std::shared_ptr<const gateway_context> ctx);

  /// Binds the listening socket; the bound endpoint (port 0 picks one).
  result<boost::asio::ip::tcp::endpoint> listen(const infra::endpoint& where,
                                                std::string& error_text);
  /// Accepts, and checks exit nodes for the actors when their cool-down ends (node_probe.hpp).
  void start();
  /// Stops accepting and checking nodes, orders every open tunnel and UDP association closed and
  /// waits (at most `deadline`) until each has sent its final usage report. Call from outside
  /// the workers, while they and the actors still run; false if some did not finish in time.
  bool drain(std::chrono::milliseconds deadline);

private:
  worker_pool& workers_;
  std::shared_ptr<const gateway_context> ctx_;
  std::shared_ptr<const credential_resolver> credentials_;
  std::shared_ptr<tcp_listener> listener_;
};

} // namespace sluice::gateway
