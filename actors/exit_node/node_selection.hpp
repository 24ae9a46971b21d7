// Choosing an exit node for a session (issue #4): keep the current one while it is usable; else
// the least-loaded healthy node of the country the account has not blacklisted, preferring
// nodes tagged for the session's service, and a node other than the one just left.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "actors/facade/runtime.hpp"
#include "actors/runtime/internal_commands.hpp"

namespace sluice::actors {

struct node_health {
  exit_node_info info;
  std::chrono::steady_clock::time_point down_until{}; ///< Skipped until then.
  std::uint64_t load = 0;                             ///< Sessions bound to it.
};

/// The node id, or nullopt when the country has no usable node for this account.
std::optional<std::string> pick_node(const std::vector<node_health>& nodes,
                                     const pick_request& request,
                                     std::chrono::steady_clock::time_point now);

} // namespace sluice::actors
