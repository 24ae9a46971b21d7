// The exit-node actor (stream "node/{id}"): registers the node as the configuration describes
// it, records its health and mirrors it on the node_health_board, where sessions and the
// registry read it without a message. A failure report writes NodeDown; when the cool-down is
// over the gateway checks the node (node_probes.hpp): NodeUp if it works, else NodeDown again
// for twice as long (up to 16 times the cool-down). Without a gateway to check, the cool-down
// just ends with NodeUp. A node that is up is checked too, every `node_check_interval`: NodeDown
// if that check fails, nothing if it passes. Spawned and kept by the registry: nodes are few and
// their timers must run.
//
// Protocol:
//   (node_fail_atom, node_failure) -> node_health_view      once NodeDown (if any) is durable
//   (node_probed_atom, std::string failure) -> void          the gateway's check ("" = works)
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
