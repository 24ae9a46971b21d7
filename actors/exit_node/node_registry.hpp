// The exit-node registry actor: the load of every configured node, and the choice of a node for a
// session. Health is the node_health_board's (a failed node is skipped for options.node_cooldown).
// Protocol:
//   (pick_atom, pick_request)        -> std::string node      errc::unavailable: none usable
//   (unbound_atom, std::string node) -> void                  a session left it (load - 1)
// Health is in memory: after a restart every node is presumed up until it fails again. Load
// starts from runtime_options::node_sessions (the bindings made before the start) and follows
// the picks and releases since.
#pragma once

#include <memory>

#include "actors/runtime/context.hpp"
#include "caf/all.hpp"

namespace sluice::actors {

caf::actor spawn_node_registry(caf::actor_system& system, std::shared_ptr<const actor_context> ctx);

} // namespace sluice::actors
