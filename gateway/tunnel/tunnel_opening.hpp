// The one open-and-connect flow every front end uses (DESIGN.md §4): the destination policy, the
// account's grant and the binding to an exit node (actors::open_tunnel), then the connect through
// that node. A grant reserved for a tunnel that never connected is released at once, and a node
// that did not work is reported down before the client hears of the failure (so that a retry
// cannot get it again). The front end only parses its wire and says the refusal in its codes.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <memory>
#include <optional>
#include <string>

#include "gateway/gateway_context.hpp"
#include "gateway/tunnel/refusal.hpp"
#include "gateway/tunnel/target.hpp"

namespace sluice::gateway {

/// A granted tunnel: its spec (now with its tunnel id), its exit node and the first grant.
struct granted_tunnel {
  actors::open_tunnel spec;
  std::string node;
  std::uint64_t granted = 0;
};

struct grant_outcome {
  std::optional<granted_tunnel> tunnel; ///< Set when granted.
  refusal why = refusal::failure;
};

/// Opens a tunnel with the account: a fresh tunnel id with `id_prefix` ("tun_", "udp_"), the
/// session's node and the first grant. For relays that connect on their own (UDP).
boost::asio::awaitable<grant_outcome>
open_grant(const gateway_context& ctx, actors::open_tunnel spec, std::string_view id_prefix);

/// Gives back a grant that was never used: a final report of zero bytes.
boost::asio::awaitable<void> release_grant(const gateway_context& ctx,
                                           const actors::open_tunnel& spec);

/// Marks `node_id` down and waits until that is recorded.
boost::asio::awaitable<void> report_node_failure(const gateway_context& ctx,
                                                 const std::string& node_id);

struct connected_tunnel {
  granted_tunnel grant;
  boost::asio::ip::tcp::socket target; ///< Connected to the destination, through the node.
};

struct connect_tunnel_outcome {
  std::optional<connected_tunnel> tunnel; ///< Set when connected.
  refusal why = refusal::failure;
};

/// The whole flow for a stream tunnel to `where`, tagged with `spec.service` for the policy.
boost::asio::awaitable<connect_tunnel_outcome>
open_and_connect(const gateway_context& ctx, actors::open_tunnel spec, const target& where);

} // namespace sluice::gateway
