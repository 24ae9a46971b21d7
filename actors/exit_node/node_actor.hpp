// The exit-node actor (stream "node/{id}"): registers the node as the configuration describes
// it, records its health (NodeDown on a failure report, NodeUp when the cool-down is over) and
// mirrors that health on the node_health_board, where sessions and the registry read it without
// a message. Spawned and kept by the registry: nodes are few and their timers must run.
// Protocol:
//   (node_fail_atom, node_failure) -> node_health_view      once NodeDown (if any) is durable
#pragma once

#include <memory>
#include <optional>

#include "actors/runtime/context.hpp"
#include "caf/all.hpp"

namespace sluice::actors {

/// `configured`: the node as the configuration has it. nullopt: `node_id` is in the log but no
/// longer configured; the actor writes NodeRetired and stops.
caf::actor spawn_exit_node(caf::event_based_actor* registry, const std::string& node_id,
                           std::optional<exit_node_info> configured,
                           std::shared_ptr<const actor_context> ctx);

} // namespace sluice::actors
