// The check of an exit node (actors/runtime/node_probes.hpp), at the end of a cool-down and
// every `node_check_interval` while it is up: does the node work, without a target? A `direct`
// node's address can be bound on this host; a `socks5` upstream takes our greeting and
// credentials; an `http` upstream answers a CONNECT with our credentials to a name that cannot
// resolve with anything but 407, and within the deadline.
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
