// UDP ASSOCIATE through an upstream SOCKS5 proxy (RFC 1928 §7, as its client): a control
// connection whose end ends the association, and the upstream's relay, where datagrams go with
// a SOCKS UDP header naming their (vetted) destination and come back naming their source.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <chrono>
#include <optional>

#include "gateway/tunnel/refusal.hpp"
#include "infra/config.hpp"

namespace sluice::gateway {

struct upstream_udp_relay {
  boost::asio::ip::tcp::socket control;
  boost::asio::ip::udp::endpoint relay;
};

struct upstream_udp_outcome {
  std::optional<upstream_udp_relay> relay; ///< Set on success.
  refusal failure = refusal::failure;
  bool node_failed = false; ///< The upstream could not be reached or refused our credentials.
};

/// Asks the upstream of `node` (kind socks5) for an association. `exit_side` is opened and bound
/// to the address this host reaches the upstream from, and named in the request: upstreams
/// (sluice among them) take datagrams only from their client's address and declared port.
boost::asio::awaitable<upstream_udp_outcome>
associate_upstream(const infra::exit_node_config& node, boost::asio::ip::udp::socket& exit_side,
                   std::chrono::milliseconds timeout);

} // namespace sluice::gateway
