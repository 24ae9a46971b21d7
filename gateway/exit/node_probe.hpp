// The check of an exit node whose cool-down ended (actors/runtime/node_probes.hpp): does the
// node work, without a target? A `direct` node's address can be bound on this host; a `socks5`
// upstream takes our greeting and credentials; an `http` upstream accepts a connection (its
// credentials are only tried by a real CONNECT, so a node refusing them fails again at its
// next use).
#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <string>

#include "infra/config.hpp"

namespace sluice::gateway {

/// Empty when the node works; else "bind_failed" or "upstream_failed", as a failed connection
/// through it would report.
boost::asio::awaitable<std::string> probe_node(const infra::exit_node_config& node,
                                               std::chrono::milliseconds timeout);

} // namespace sluice::gateway
