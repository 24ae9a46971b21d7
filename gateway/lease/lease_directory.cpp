#include "gateway/lease/lease_directory.hpp"

#include "infra/crypto.hpp"

namespace sluice::gateway {

std::set<std::uint16_t>
lease_directory::replace(const std::vector<actors::lease_endpoint>& leases) {
  std::vector<std::function<void()>> to_close;
  std::set<std::uint16_t> ports;
  {
    const std::lock_guard lock(mutex_);
    std::map<std::uint64_t, const actors::lease_endpoint*> next;
    for (const auto& l : leases)
      next.emplace(l.proxy_id, &l);
    for (auto t = tunnels_.begin(); t != tunnels_.end();) {
      const auto now = next.find(t->first);
      const auto before = port_of_.find(t->first);
      const bool cut = now == next.end() || now->second->status != "active"
                       || before == port_of_.end()
                       || by_port_.at(before->second).generation != now->second->generation;
      if (cut) {
        for (auto& [ticket, close] : t->second)
          to_close.push_back(std::move(close));
        t = tunnels_.erase(t);
      } else {
        ++t;
      }
    }
    by_port_.clear();
    port_of_.clear();
    for (const auto& l : leases) {
      by_port_[l.port] = l;
      port_of_[l.proxy_id] = l.port;
      ports.insert(l.port);
    }
  }
  for (auto& close : to_close)
    close();
  return ports;
}

std::optional<actors::lease_endpoint> lease_directory::at(std::uint16_t port) const {
  const std::lock_guard lock(mutex_);
  const auto i = by_port_.find(port);
  if (i == by_port_.end())
    return std::nullopt;
  return i->second;
}

std::optional<actors::lease_endpoint>
lease_directory::authenticate(std::uint16_t port, std::string_view username,
                              std::string_view password) const {
  auto lease = at(port);
  if (!lease)
    return std::nullopt;
  // Both compared, whatever the first says: the time does not tell which one was wrong.
  const bool user_ok = infra::constant_time_equal(username, lease->username);
  const bool password_ok = infra::constant_time_equal(password, lease->password);
  if (!user_ok || !password_ok)
    return std::nullopt;
  return lease;
}

std::optional<lease_directory::joined> lease_directory::join(const actors::lease_endpoint& seen,
                                                             std::function<void()> close) {
  const std::lock_guard lock(mutex_);
  const auto port = port_of_.find(seen.proxy_id);
  if (port == port_of_.end())
    return std::nullopt;
  const auto& now = by_port_.at(port->second);
  if (now.status != "active" || now.generation != seen.generation)
    return std::nullopt;
  const auto ticket = next_ticket_++;
  tunnels_[seen.proxy_id].emplace(ticket, std::move(close));
  auto& relayed = relayed_[seen.proxy_id];
  if (!relayed)
    relayed = std::make_shared<std::atomic<std::uint64_t>>(0);
  return joined{ticket, relayed};
}

std::vector<actors::lease_usage> lease_directory::take_usage() {
  const std::lock_guard lock(mutex_);
  std::vector<actors::lease_usage> out;
  for (auto i = relayed_.begin(); i != relayed_.end();) {
    const auto bytes = i->second->exchange(0);
    if (bytes > 0)
      out.push_back({i->first, bytes});
    // A tunnel counts only until it leaves (under this lock): with none open, nothing more
    // comes for this lease until one joins again.
    if (!tunnels_.contains(i->first)) {
      i = relayed_.erase(i);
    } else {
      ++i;
    }
  }
  return out;
}

void lease_directory::leave(std::uint64_t proxy_id, std::uint64_t ticket) {
  const std::lock_guard lock(mutex_);
  auto t = tunnels_.find(proxy_id);
  if (t == tunnels_.end())
    return;
  t->second.erase(ticket);
  if (t->second.empty())
    tunnels_.erase(t);
}

std::size_t lease_directory::open_tunnels() const {
  const std::lock_guard lock(mutex_);
  std::size_t n = 0;
  for (const auto& [id, open] : tunnels_)
    n += open.size();
  return n;
}

} // namespace sluice::gateway
