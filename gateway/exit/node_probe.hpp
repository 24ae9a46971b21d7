// The check of an exit node (actors/runtime/node_probes.hpp), at the end of a cool-down and
// every `node_check_interval` while it is up. First the node itself, without a target: a
// `direct` node's address can be bound on this host; a `socks5` upstream takes our greeting and
// credentials; an `http` upstream answers a CONNECT with our credentials to a name that cannot
// resolve with anything but 407, and within the deadline. Then, if `[socks] node_check_target`
// is set, a connection through the node to that target, which proves the node's exit reaches
// the internet. A node fails that part only if this host reaches the target itself: a check
// target that is down must not take every node down with it.
#pragma once

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <memory>
#include <string>

#include "gateway/gateway_context.hpp"

namespace sluice::gateway {

class node_checker {
public:
  explicit node_checker(std::shared_ptr<const gateway_context> ctx);

  /// Empty when the node works; else "bind_failed" or "upstream_failed", as a failed connection
  /// through it would report, or "target_unreachable". A node not configured here works: it is
  /// not offered anyway.
  boost::asio::awaitable<std::string> check(const std::string& node) const;

private:
  boost::asio::awaitable<std::string> reaches_target(const infra::exit_node_config& node) const;
  /// Logs only when the check target's own state changes, not at every check of every node.
  void note_target_state(bool reachable) const;

  std::shared_ptr<const gateway_context> ctx_;
  mutable std::atomic<bool> target_down_{false};
};

} // namespace sluice::gateway
