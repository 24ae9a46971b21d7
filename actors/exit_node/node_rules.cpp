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
  return std::vector<events::any_event>{
    events::node_down{state.node, reason, events::format_timestamp(now + cooldown)}};
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
