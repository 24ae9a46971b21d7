// Rules of the sticky session aggregate.
#include "actors/session/session_rules.hpp"

#include <algorithm>

namespace sluice::actors {

bool binding_expired(const session_state& state, events::timestamp last_active,
                     events::timestamp now, std::chrono::milliseconds ttl) {
  return !state.node.empty() && now - last_active > ttl;
}

std::chrono::milliseconds activity_record_interval(std::chrono::milliseconds ttl) {
  return std::max(ttl / 24, std::chrono::milliseconds{1});
}

std::vector<events::any_event> decide_activity(const session_state& state,
                                               events::timestamp used_at,
                                               std::chrono::milliseconds ttl, bool settle) {
  const auto unrecorded = used_at - state.last_active_at;
  if (state.node.empty() || unrecorded <= std::chrono::milliseconds::zero()
      || (!settle && unrecorded < activity_record_interval(ttl))) {
    return {};
  }
  return {events::session_active{state.account, state.session, state.country, state.node,
                                 events::format_timestamp(used_at)}};
}

std::vector<events::any_event>
decide_binding(const session_state& state, const open_tunnel& tunnel, const std::string& picked,
               const std::set<std::string>& blacklist, bool expired, bool node_configured) {
  std::vector<events::any_event> out;
  const auto& t = tunnel;
  std::string current = state.node;
  if (expired && !current.empty()) {
    out.emplace_back(events::session_expired{t.account_id, t.session, t.country, current});
    current.clear();
  }
  if (picked == current)
    return out;
  if (!current.empty()) {
    const char* reason = blacklist.contains(current) ? "blacklisted"
                         : node_configured           ? "node_down"
                                                     : "retired";
    out.emplace_back(events::session_rotated{t.account_id, t.session, t.country, current, reason});
  }
  out.emplace_back(events::session_bound{t.account_id, t.session, t.country, t.service, picked});
  return out;
}

std::vector<events::any_event> decide_expiry(const session_state& state,
                                             events::timestamp last_active, events::timestamp now,
                                             std::chrono::milliseconds ttl) {
  if (!binding_expired(state, last_active, now, ttl))
    return {};
  return {events::session_expired{state.account, state.session, state.country, state.node}};
}

result<std::vector<events::any_event>> decide_release(const session_state& state,
                                                      const release_session& command) {
  if (state.version == 0 || state.account != command.account_id)
    return errc::not_found;
  if (state.node.empty())
    return std::vector<events::any_event>{};
  const auto& c = command;
  if (c.discard) {
    return std::vector<events::any_event>{
      events::session_discarded{c.account_id, c.session, c.country, state.node}};
  }
  return std::vector<events::any_event>{
    events::session_rotated{c.account_id, c.session, c.country, state.node, "requested"}};
}

const std::string& discarded_node(const session_state& state) {
  return state.node.empty() ? state.previous_node : state.node;
}

} // namespace sluice::actors
