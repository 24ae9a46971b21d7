// Rules of the exit-node aggregate.
#include "actors/exit_node/node_rules.hpp"

namespace sluice::actors {

std::vector<events::any_event> decide_registration(const node_state& state,
                                                   const exit_node_info& configured) {
  const auto& c = configured;
  if (state.registered() && state.country == c.country && state.kind == c.kind
      && state.services == c.services) {
    return {};
  }
  return {events::node_registered{c.id, c.country, c.kind, c.services}};
}

result<std::vector<events::any_event>>
decide_failure(const node_state& state, const std::string& reason, events::timestamp now,
               std::chrono::milliseconds cooldown) {
  if (!state.registered())
    return errc::not_found;
  if (state.down() && state.down_until > now)
    return std::vector<events::any_event>{};
  return std::vector<events::any_event>{events::node_down{
    state.node, reason, events::format_timestamp(now + cooldown_for(state, cooldown))}};
}

std::chrono::milliseconds cooldown_for(const node_state& state, std::chrono::milliseconds base) {
  std::int64_t factor = 1;
  for (std::uint32_t i = 0; i < state.downs && factor < cooldown_growth_max; ++i)
    factor *= 2;
  return base * factor;
}

std::vector<events::any_event>
decide_probe_result(const node_state& state, const std::string& failure, events::timestamp now,
                    std::chrono::milliseconds base) {
  if (!state.registered() || !state.down() || state.down_until > now)
    return {};
  if (failure.empty())
    return {events::node_up{state.node, "probe_ok"}};
  return {events::node_down{state.node, failure,
                            events::format_timestamp(now + cooldown_for(state, base))}};
}

std::vector<events::any_event>
decide_check_result(const node_state& state, const std::string& failure, events::timestamp now,
                    std::chrono::milliseconds base) {
  if (failure.empty() || !state.registered() || state.down())
    return {};
  return {events::node_down{state.node, failure,
                            events::format_timestamp(now + cooldown_for(state, base))}};
}

std::vector<events::any_event> decide_recovery(const node_state& state, events::timestamp now) {
  if (!state.down() || state.down_until > now)
    return {};
  return {events::node_up{state.node, "cooldown_over"}};
}

std::vector<events::any_event> decide_retirement(const node_state& state) {
  if (!state.registered())
    return {};
  return {events::node_retired{state.node}};
}

} // namespace sluice::actors
