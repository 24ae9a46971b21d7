// The leases the lease ports serve, as the lease book last published them, and the tunnels open
// through each. Replacing the set cuts, at once, every open tunnel of a lease that is gone
// (expired), disconnected, or moved on (its generation changed: another node, a hard reset):
// the old credentials and port refuse new tunnels from the same moment.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "actors/facade/lease_commands.hpp"

namespace sluice::gateway {

class lease_directory {
public:
  /// Takes the published set; returns the ports it serves. Open tunnels of leases that are gone,
  /// no longer active, or of another generation are closed (outside the lock).
  std::set<std::uint16_t> replace(const std::vector<actors::lease_endpoint>& leases);

  /// The lease on `port` whatever its state (a disconnected lease still answers its clients);
  /// none if no lease holds the port.
  std::optional<actors::lease_endpoint> at(std::uint16_t port) const;

  /// The lease on `port` if `username` and `password` are its own (compared in constant time).
  std::optional<actors::lease_endpoint> authenticate(std::uint16_t port, std::string_view username,
                                                     std::string_view password) const;

  /// An open tunnel's registration: its ticket for leave(), and the lease's counter of relayed
  /// bytes, which the tunnel adds to as it relays.
  struct joined {
    std::uint64_t ticket = 0;
    std::shared_ptr<std::atomic<std::uint64_t>> relayed;
  };

  /// Registers an open tunnel of the lease as it was seen (`seen.generation`); `close` must be
  /// safe from any thread. Nothing, and the tunnel must not start, if the lease has since moved
  /// on or is not active.
  std::optional<joined> join(const actors::lease_endpoint& seen, std::function<void()> close);

  /// The bytes relayed per lease since the last call (leases with none left out).
  std::vector<actors::lease_usage> take_usage();
  void leave(std::uint64_t proxy_id, std::uint64_t ticket);

  /// Tunnels open now (for tests and the drain).
  std::size_t open_tunnels() const;

private:
  mutable std::mutex mutex_;
  std::map<std::uint16_t, actors::lease_endpoint> by_port_;
  std::map<std::uint64_t, std::uint16_t> port_of_;
  /// Open tunnels by proxy id, then ticket.
  std::map<std::uint64_t, std::map<std::uint64_t, std::function<void()>>> tunnels_;
  std::uint64_t next_ticket_ = 1;
  /// Relayed bytes not yet reported, by proxy id; kept while a tunnel of the lease is open.
  std::map<std::uint64_t, std::shared_ptr<std::atomic<std::uint64_t>>> relayed_;
};

} // namespace sluice::gateway
