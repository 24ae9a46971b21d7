// Events of an exit node (stream "node/{id}", DESIGN.md §2): what the configuration says it is,
// and its health. They carry no address or credential: a node's id and attributes only.
#pragma once

#include <boost/describe/class.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::events {

/// The node is in the configuration as described: written on the first start that has it, and
/// again when its country, kind or service tags change or it comes back after NodeRetired.
struct node_registered {
  static constexpr std::string_view type = "NodeRegistered";
  std::string node;
  std::string country;
  std::string kind;                  ///< "direct", "socks5" or "http".
  std::vector<std::string> services; ///< Tags it serves well; empty: any.
};
BOOST_DESCRIBE_STRUCT(node_registered, (), (node, country, kind, services))

/// Nothing could be reached through the node: it is skipped until `until` (RFC 3339, as envelope
/// timestamps), `[socks] node_cooldown` after the failure. `reason`: "bind_failed" (a direct
/// node's address is not on this host), "upstream_failed" (its upstream proxy could not be
/// reached or refused our credentials) or "target_unreachable" (a check could not connect
/// through it to `[socks] node_check_target`, which this host reaches).
struct node_down {
  static constexpr std::string_view type = "NodeDown";
  std::string node;
  std::string reason;
  std::string until;
};
BOOST_DESCRIBE_STRUCT(node_down, (), (node, reason, until))

/// The node's cool-down ended: it is picked again, and marked down again if it still fails.
/// `reason`: "cooldown_over".
struct node_up {
  static constexpr std::string_view type = "NodeUp";
  std::string node;
  std::string reason;
};
BOOST_DESCRIBE_STRUCT(node_up, (), (node, reason))

/// A start without the node in its configuration: no new session binds to it.
struct node_retired {
  static constexpr std::string_view type = "NodeRetired";
  std::string node;
};
BOOST_DESCRIBE_STRUCT(node_retired, (), (node))

} // namespace sluice::events
