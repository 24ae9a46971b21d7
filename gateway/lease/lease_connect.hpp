// Opening a tunnel of a lease: the lease must be active, the destination passes the private-
// address guard (dedicated proxies have no streaming allow-list), and the connection leaves
// through the lease's own exit node. A node that does not work is reported down, as on the
// gateway. Each front end says the refusal in its own codes.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <optional>

#include "actors/facade/lease_commands.hpp"
#include "gateway/gateway_context.hpp"
#include "gateway/tunnel/refusal.hpp"
#include "gateway/tunnel/target.hpp"

namespace sluice::gateway {

struct lease_connect_outcome {
  std::optional<boost::asio::ip::tcp::socket> target; ///< Set when connected.
  refusal why = refusal::failure; ///< no_exit_node: the lease is disconnected or its node down.
};

boost::asio::awaitable<lease_connect_outcome> connect_for_lease(const gateway_context& ctx,
                                                                const actors::lease_endpoint& lease,
                                                                const target& where);

} // namespace sluice::gateway
