// Callbacks run outside the lock: they post to an Asio executor, which may take its own locks.
#include "actors/runtime/tunnel_watch.hpp"

namespace sluice::actors {

void tunnel_watch::watch(const std::string& tunnel_id, on_close callback) {
  std::optional<std::string> ordered;
  {
    const std::lock_guard lock(mutex_);
    auto [it, fresh] = entries_.try_emplace(tunnel_id);
    if (fresh || !it->second.ordered) {
      it->second.callback = std::move(callback);
      return;
    }
    ordered = std::move(it->second.ordered);
    entries_.erase(it);
  }
  callback(tunnel_closure{*ordered});
}

void tunnel_watch::unwatch(const std::string& tunnel_id) {
  const std::lock_guard lock(mutex_);
  entries_.erase(tunnel_id);
}

void tunnel_watch::order_close(const std::string& tunnel_id, const std::string& reason) {
  on_close callback;
  {
    const std::lock_guard lock(mutex_);
    auto [it, fresh] = entries_.try_emplace(tunnel_id);
    if (fresh || !it->second.callback) {
      it->second.ordered = reason;
      return;
    }
    callback = std::move(it->second.callback);
    entries_.erase(it);
  }
  callback(tunnel_closure{reason});
}

void tunnel_watch::forget(const std::string& tunnel_id) {
  const std::lock_guard lock(mutex_);
  if (auto it = entries_.find(tunnel_id); it != entries_.end() && !it->second.callback)
    entries_.erase(it);
}

std::size_t tunnel_watch::size() const {
  const std::lock_guard lock(mutex_);
  return entries_.size();
}

} // namespace sluice::actors
