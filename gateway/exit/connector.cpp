// Connectors per exit-node kind. A deadline timer closes the socket being connected, which
// completes the pending connect with operation_aborted; `timed_out` tells that apart.
#include "gateway/exit/connector.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <memory>
#include <netinet/in.h>

#include "gateway/exit/upstream_proxy.hpp"
#include "infra/resource_errors.hpp"

namespace sluice::gateway {
namespace net = boost::asio;
using net::ip::tcp;

net::awaitable<boost::system::error_code> connect_with_deadline(tcp::socket& socket,
                                                                const tcp::endpoint& target,
                                                                std::chrono::milliseconds timeout) {
  auto guard = std::make_shared<deadline_state>();
  net::steady_timer deadline(socket.get_executor(), timeout);
  deadline.async_wait([&socket, guard](const boost::system::error_code& ec) {
    if (ec || guard->finished)
      return;
    guard->timed_out = true;
    boost::system::error_code ignored;
    socket.close(ignored);
  });
  auto [ec] = co_await socket.async_connect(target, net::as_tuple(net::use_awaitable));
  guard->finished = true;
  deadline.cancel();
  if (guard->timed_out)
    co_return net::error::timed_out;
  co_return ec;
}

namespace {

net::awaitable<connect_outcome>
connect_direct(const infra::exit_node_config& node, const std::vector<net::ip::address>& addresses,
               std::uint16_t port, std::chrono::milliseconds timeout, tcp_fingerprint fingerprint) {
  auto executor = co_await net::this_coro::executor;
  connect_outcome out;
  boost::system::error_code bind_ec;
  const auto bind_address = node.bind.empty() ? net::ip::address{}
                                              : net::ip::make_address(node.bind, bind_ec);
  if (bind_ec) {
    out.node_failed = true;
    co_return out;
  }
  out.failure = refusal::unreachable; // If no address is of the node's family.
  for (const auto& address : addresses) {
    const tcp::endpoint target{address, port};
    if (!node.bind.empty() && bind_address.is_v4() != address.is_v4())
      continue; // This node cannot reach that address family.
    tcp::socket socket(executor);
    boost::system::error_code ec;
    socket.open(target.protocol(), ec);
    if (infra::out_of_resources(ec)) {
      out.failure = refusal::failure; // Short of descriptors, not the node.
      out.out_of_resources = true;
      co_return out;
    }
    if (!ec)
      apply_fingerprint(socket, fingerprint, address.is_v6());
    if (!ec && !node.bind.empty()) {
      // The port is picked at connect, per destination, rather than at bind from the address's
      // ~28 000 ephemeral ports: a node is not capped at that many tunnels in all, and running
      // out of ports (connect: EADDRNOTAVAIL) is not mistaken for a failed bind.
      const int no_port = 1;
      (void) ::setsockopt(socket.native_handle(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &no_port,
                          sizeof no_port);
      socket.bind(tcp::endpoint{bind_address, 0}, ec);
    }
    if (ec) {
      out.node_failed = true; // The node's address is not on this host (any more).
      co_return out;
    }
    ec = co_await connect_with_deadline(socket, target, timeout);
    if (!ec) {
      widen_after_connect(socket, fingerprint);
      socket.set_option(tcp::no_delay(true), ec);
      out.socket.emplace(std::move(socket));
      co_return out;
    }
    out.failure = refusal_of_connect(ec);
  }
  co_return out;
}

} // namespace

net::awaitable<connect_outcome>
connect_through(const infra::exit_node_config& node, const std::vector<net::ip::address>& addresses,
                std::uint16_t port, std::chrono::milliseconds timeout,
                tcp_fingerprint fingerprint) {
  if (node.kind == "direct")
    co_return co_await connect_direct(node, addresses, port, timeout, fingerprint);
  co_return co_await connect_upstream(node, addresses, port, timeout);
}

} // namespace sluice::gateway
