// The fold of an exit node's stream ("node/{id}"): what it was registered as, and its health.
#pragma once

#include <boost/describe/class.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "events/base/result.hpp"
#include "events/catalogue.hpp"

namespace sluice::actors {

struct node_state {
  std::string node; ///< Empty until NodeRegistered.
  std::string country;
  std::string kind;
  std::vector<std::string> services;
  bool retired = false;
  /// The end of the current cool-down; the epoch while the node is up (NodeUp clears it).
  events::timestamp down_until{};
  std::string down_reason;
  std::uint32_t downs = 0; ///< NodeDown events since the last NodeUp: failed checks lengthen them.
  std::uint64_t version = 0;

  bool registered() const {
    return !node.empty() && !retired;
  }
  bool down() const {
    return down_until != events::timestamp{};
  }
};
BOOST_DESCRIBE_STRUCT(node_state, (),
                      (node, country, kind, services, retired, down_until, down_reason, downs,
                       version))

void evolve(node_state& state, const events::any_event& event, events::timestamp ts);

std::string to_snapshot(const node_state& state);
result<node_state> node_from_snapshot(std::string_view text);

/// "node/{id}".
std::string node_stream(const std::string& node_id);

} // namespace sluice::actors
