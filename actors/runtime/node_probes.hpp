// Where the exit nodes' actors ask the gateway to check a node whose cool-down ended, before
// they call it up: the gateway knows how to reach a node, the actors do not (DESIGN.md §1). The
// gateway sets its probe while it runs; without one (tools, actor tests, a gateway stopping) a
// cool-down simply ends.
//
// The gateway's `done` callback may run after the runtime stopped (a probe still in flight on
// an Asio thread), so it holds no CAF handle: only a weak pointer to where results go, which
// close() empties before the actor system goes away.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "actors/facade/command_port.hpp"

namespace sluice::actors {

class node_probes {
public:
  /// How results reach the actors: (node, failure; empty when the node works).
  using deliver_fn = std::function<void(const std::string& node, std::string failure)>;

  node_probes();

  /// The runtime's side, once the exit-node registry runs.
  void deliver_to(deliver_fn deliver);
  /// The runtime's side, before the actor system stops: later results are dropped.
  void close();

  /// The gateway's side; an empty function takes the probe away.
  void set_probe(command_port::node_probe probe);

  /// A node actor's side: asks the gateway to check `node`; the result comes through the
  /// deliver function. False (nothing asked) when no gateway probe is set.
  bool ask(const std::string& node) const;

private:
  struct results {
    std::mutex mutex;
    deliver_fn deliver;
  };

  mutable std::mutex mutex_;
  command_port::node_probe probe_;
  std::shared_ptr<results> results_;
};

} // namespace sluice::actors
