// The exit-node registry actor: the health and load of every configured node, and the choice of
// a node for a session. Protocol:
//   (pick_atom, pick_request)        -> std::string node      errc::unavailable: none usable
//   (node_failed_atom, node_failure) -> void                  skipped for options.node_cooldown
//   (unbound_atom, std::string node) -> void                  a session left it (load - 1)
// Health is in memory: after a restart every node is presumed up until it fails again.
#pragma once

#include <memory>

#include "actors/runtime/context.hpp"
#include "caf/all.hpp"

namespace sluice::actors {

caf::actor spawn_node_registry(caf::actor_system& system, std::shared_ptr<const actor_context> ctx);

} // namespace sluice::actors
