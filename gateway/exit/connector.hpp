// Opening the target connection through an exit node (issue #4): `direct` binds the outgoing
// socket to the node's address on this host; `socks5` and `http` go through an upstream proxy.
// The target is always one of the vetted addresses, never a name, so what was checked is what
// is reached (no DNS rebinding between check and connect).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <optional>
#include <vector>

#include "gateway/exit/tcp_fingerprint.hpp"
#include "gateway/tunnel/refusal.hpp"
#include "infra/config.hpp"

namespace sluice::gateway {

struct connect_outcome {
  std::optional<boost::asio::ip::tcp::socket> socket; ///< Set on success.
  refusal failure = refusal::failure;
  bool node_failed = false; ///< The node itself did not work (bind failed, upstream down).
  /// This host ran out of descriptors or memory on the way (infra/resource_errors.hpp):
  /// neither the node nor the target is to blame.
  bool out_of_resources = false;
};

/// Tries the addresses in order until one connects; each attempt has `timeout`. A `direct`
/// node's outgoing socket takes `fingerprint` (a lease's) before it connects.
boost::asio::awaitable<connect_outcome>
connect_through(const infra::exit_node_config& node,
                const std::vector<boost::asio::ip::address>& addresses, std::uint16_t port,
                std::chrono::milliseconds timeout, tcp_fingerprint fingerprint = {});

} // namespace sluice::gateway
