#include "actors/runtime/node_health_board.hpp"

namespace sluice::actors {

node_health_board::node_health_board(const std::vector<exit_node_info>& nodes)
  : entries_(std::make_unique<entry[]>(nodes.size())) {
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    entries_[i].id = nodes[i].id;
    entries_[i].country = nodes[i].country;
    index_.emplace(nodes[i].id, i);
  }
}

node_health_board::entry* node_health_board::find(const std::string& node) const {
  const auto found = index_.find(node);
  return found == index_.end() ? nullptr : &entries_[found->second];
}

node_health_board::time_point node_health_board::until_of(const entry& e) {
  return time_point{time_point::duration{e.down_until.load(std::memory_order_acquire)}};
}

bool node_health_board::usable(const std::string& node, const std::string& country,
                               time_point now) const {
  const auto* e = find(node);
  return e != nullptr && e->country == country && until_of(*e) <= now;
}

bool node_health_board::serves(const std::string& node, const std::string& country) const {
  const auto* e = find(node);
  return e != nullptr && e->country == country;
}

node_health_board::time_point node_health_board::down_until(const std::string& node) const {
  const auto* e = find(node);
  return e == nullptr ? time_point{} : until_of(*e);
}

bool node_health_board::mark_down(const std::string& node, time_point until) {
  auto* e = find(node);
  if (e == nullptr)
    return false;
  auto seen = e->down_until.load(std::memory_order_relaxed);
  const auto wanted = until.time_since_epoch().count();
  while (seen < wanted
         && !e->down_until.compare_exchange_weak(seen, wanted, std::memory_order_acq_rel)) {
  }
  return true;
}

} // namespace sluice::actors
