// The SOCKS5 listener (issue #4): accepts on `socks.listen` and gives each connection a worker
// (worker_pool.hpp) and a coroutine. The composition root (apps/) owns it; it reaches actors only
// through the facade.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <memory>
#include <string>

#include "events/base/result.hpp"
#include "gateway/gateway_context.hpp"
#include "gateway/worker_pool.hpp"
#include "infra/connection_admission.hpp"

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
  boost::asio::awaitable<void> accept_loop();

  worker_pool& workers_;
  std::shared_ptr<const gateway_context> ctx_;
  /// The accept loop and drain's close of the acceptor (drain runs on another thread).
  boost::asio::strand<boost::asio::io_context::executor_type> accept_strand_;
  boost::asio::ip::tcp::acceptor acceptor_;
  /// Connections still in their handshake (`[socks] max_handshakes`, `..._per_address`).
  std::shared_ptr<infra::connection_admission> handshakes_;
};

} // namespace sluice::gateway
