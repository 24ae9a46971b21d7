#include "actors/runtime/lease_board.hpp"

namespace sluice::actors {

void lease_board::watch(watcher w) {
  const std::lock_guard lock(mutex_);
  watcher_ = std::move(w);
  if (watcher_ && last_)
    watcher_(*last_);
}

void lease_board::publish(std::vector<lease_endpoint> leases) {
  const std::lock_guard lock(mutex_);
  last_ = std::move(leases);
  if (watcher_)
    watcher_(*last_);
}

} // namespace sluice::actors
