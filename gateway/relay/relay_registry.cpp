// Close orders run outside the lock: they post to the relays' strands and must not wait on them.
#include "gateway/relay/relay_registry.hpp"

#include <vector>

namespace sluice::gateway {

std::uint64_t relay_registry::join(close_order close) {
  std::unique_lock lock(mutex_);
  const auto ticket = next_ticket_++;
  if (draining_) {
    lock.unlock();
    close();
    lock.lock();
  }
  open_.emplace(ticket, std::move(close));
  return ticket;
}

void relay_registry::leave(std::uint64_t ticket) {
  std::lock_guard lock(mutex_);
  open_.erase(ticket);
  if (open_.empty())
    emptied_.notify_all();
}

bool relay_registry::drain(std::chrono::milliseconds deadline) {
  std::vector<close_order> orders;
  {
    std::lock_guard lock(mutex_);
    draining_ = true;
    for (const auto& [ticket, close] : open_)
      orders.push_back(close);
  }
  for (const auto& close : orders)
    close();
  std::unique_lock lock(mutex_);
  return emptied_.wait_for(lock, deadline, [this] { return open_.empty(); });
}

} // namespace sluice::gateway
