// Which exit nodes are down, readable without a message: the node actors' health (NodeDown,
// NodeUp), mirrored here by those actors and by nothing else. A bound session asks it whether
// its node is still usable and, if so, keeps the node without a round trip to the exit-node
// registry. Before, every open of a session waited for that round trip, and the session's other
// opens waited behind it in its mailbox (`.await`): one sticky session carrying many connections
// made them queue. The registry reads the same entries when it picks.
//
// A node actor writes its cool-down here when it decides NodeDown, before the gateway's failure
// report is answered, so the client's next attempt, told of the failure, already sees it.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "actors/facade/runtime.hpp"

namespace sluice::actors {

class node_health_board {
public:
  using time_point = std::chrono::steady_clock::time_point;

  explicit node_health_board(const std::vector<exit_node_info>& nodes);

  /// False for an unknown node (a restart dropped it from the config) or another country's.
  bool usable(const std::string& node, const std::string& country, time_point now) const;
  /// Whether the configuration has `node` as an exit node of `country`, down or not.
  bool serves(const std::string& node, const std::string& country) const;
  /// The epoch for a node that never failed or is unknown.
  time_point down_until(const std::string& node) const;
  /// False for an unknown node. A later failure extends the cool-down; an earlier one cannot
  /// shorten it.
  bool mark_down(const std::string& node, time_point until);

private:
  struct entry {
    std::string id;
    std::string country;
    std::atomic<time_point::rep> down_until{0};
  };
  /// Entries are mutable through a const board: only their atomics ever change.
  entry* find(const std::string& node) const;
  static time_point until_of(const entry& e);

  std::unique_ptr<entry[]> entries_;                   ///< Fixed at start: atomics cannot move.
  std::unordered_map<std::string, std::size_t> index_; ///< Node id -> entry; never changes.
};

} // namespace sluice::actors
