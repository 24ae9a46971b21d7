// The exit-node registry actor: the load of every configured node, the choice of a node for a
// session, and the node actors themselves (spawned at start, kept for the runtime's life).
// Health is the node actors', mirrored on the node_health_board: a failed node is skipped for
// options.node_cooldown, across restarts too (NodeDown is in its stream).
// Protocol:
//   (pick_atom, pick_request)        -> std::string node      errc::unavailable: none usable
//   (unbound_atom, std::string node) -> void                  a session left it (load - 1)
//   (node_fail_atom, node_failure)   -> node_health_view      errc::not_found: not configured
//   (all_ready_atom)                 -> bool                  once every node actor started
//   (node_probed_atom, node, failure) -> void                 the gateway's check, to the node
// Load starts from runtime_options::node_sessions (the bindings made before the start) and
// follows the picks and releases since. Nodes in options.registered_nodes but no longer
// configured are retired (NodeRetired).
#pragma once

#include <memory>

#include "actors/runtime/context.hpp"
#include "caf/all.hpp"

namespace sluice::actors {

caf::actor spawn_node_registry(caf::actor_system& system, std::shared_ptr<const actor_context> ctx);

} // namespace sluice::actors
