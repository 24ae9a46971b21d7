// Where the lease book publishes the live leases for the gateway's lease ports
// (command_port::watch_leases): the whole set after every durable change, and to a new watcher
// at once. The watcher is called under the board's lock, in publication order, on an actor's
// thread: it must only post.
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <vector>

#include "actors/facade/lease_commands.hpp"

namespace sluice::actors {

class lease_board {
public:
  using watcher = std::function<void(std::vector<lease_endpoint>)>;

  /// An empty function stops watching.
  void watch(watcher w);
  void publish(std::vector<lease_endpoint> leases);

private:
  std::mutex mutex_;
  watcher watcher_;
  std::optional<std::vector<lease_endpoint>> last_;
};

} // namespace sluice::actors
