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

/// How long a NodeDown decided now keeps the node out: `base` when it was up, doubled for each
/// NodeDown since its last NodeUp (failed checks), at most cooldown_growth_max × `base`.
std::chrono::milliseconds cooldown_for(const node_state& state, std::chrono::milliseconds base);
inline constexpr int cooldown_growth_max = 16;

/// NodeUp ("cooldown_over") for a node down until `now` or earlier; else nothing. For a cool-down
/// that ends without a check (no gateway to make one).
std::vector<events::any_event> decide_recovery(const node_state& state, events::timestamp now);

/// What the gateway's check of a node whose cool-down is over found: NodeUp ("probe_ok") when
/// `failure` is empty, else NodeDown with that reason for cooldown_for(). Nothing for a node
/// that is not down or whose cool-down still runs.
std::vector<events::any_event>
decide_probe_result(const node_state& state, const std::string& failure, events::timestamp now,
                    std::chrono::milliseconds base);

/// What the gateway's routine check of a node that is up found: NodeDown with that reason for
/// cooldown_for() when `failure` is not empty (as a failed connection would); nothing when it
/// works, or when the node is no longer up (a failure report came first).
std::vector<events::any_event>
decide_check_result(const node_state& state, const std::string& failure, events::timestamp now,
                    std::chrono::milliseconds base);

/// NodeRetired for a registered node; nothing for one never registered or already retired.
std::vector<events::any_event> decide_retirement(const node_state& state);

} // namespace sluice::actors
