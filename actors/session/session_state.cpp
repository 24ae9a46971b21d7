// The session fold and its snapshot codec.
#include "actors/session/session_state.hpp"

#include <boost/json.hpp>

#include "events/record_codec.hpp"

namespace sluice::actors {

std::string session_actor_id(const std::string& account, const std::string& session,
                             const std::string& country) {
  // ':' appears in none of the three (ids, [a-z0-9_] tokens, country codes).
  return account + ":" + session + ":" + country;
}

std::string session_stream(const std::string& actor_id) {
  std::string stream = "session/" + actor_id;
  for (auto& c : stream) {
    if (c == ':')
      c = '/';
  }
  return stream;
}

namespace {

void release(session_state& state) {
  state.previous_node = state.node;
  state.node.clear();
}

} // namespace

void evolve(session_state& state, const events::any_event& event, events::timestamp ts) {
  ++state.version;
  state.last_event_at = ts;
  if (const auto* b = std::get_if<events::session_bound>(&event)) {
    state.account = b->account;
    state.session = b->session;
    state.country = b->country;
    state.service = b->service;
    state.node = b->node;
    state.previous_node.clear();
    state.bound_at = ts;
    state.last_active_at = ts;
  } else if (const auto* a = std::get_if<events::session_active>(&event)) {
    // A malformed time (a foreign writer's) moves nothing: idleness is then counted as before.
    if (auto at = events::parse_timestamp(a->active_at); at && *at > state.last_active_at)
      state.last_active_at = *at;
  } else if (std::holds_alternative<events::session_rotated>(event)
             || std::holds_alternative<events::session_discarded>(event)
             || std::holds_alternative<events::session_expired>(event)) {
    release(state);
  }
}

session_view view(const session_state& s) {
  return {s.session, s.country, s.service, s.node};
}

std::string to_snapshot(const session_state& s) {
  return events::encode_record(s);
}

result<session_state> session_from_snapshot(std::string_view text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_object())
    return errc::corrupt_data;
  auto s = events::record_from_json<session_state>(v.as_object());
  // Snapshots from before SessionActive existed: idleness counted from the last event then.
  if (s && !v.as_object().contains("last_active_at"))
    s->last_active_at = s->last_event_at;
  return s;
}

} // namespace sluice::actors
