// Pure decisions of the exit-node aggregate: registration from the configuration, and health.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "actors/exit_node/node_state.hpp"
#include "actors/facade/runtime.hpp"

namespace sluice::actors {

/// NodeRegistered when the stream has none, the node was retired, or the configuration now
/// describes it otherwise (country, kind, service tags); else nothing.
std::vector<events::any_event> decide_registration(const node_state& state,
                                                   const exit_node_info& configured);

/// NodeDown until `now + cooldown` for a registered node that is up or whose cool-down is over;
/// nothing while a cool-down runs (it counts from the first failure). errc::not_found for a
/// node never registered or retired.
result<std::vector<events::any_event>>
decide_failure(const node_state& state, const std::string& reason, events::timestamp now,
               std::chrono::milliseconds cooldown);

/// NodeUp ("cooldown_over") for a node down until `now` or earlier; else nothing.
std::vector<events::any_event> decide_recovery(const node_state& state, events::timestamp now);

/// NodeRetired for a registered node; nothing for one never registered or already retired.
std::vector<events::any_event> decide_retirement(const node_state& state);

} // namespace sluice::actors
