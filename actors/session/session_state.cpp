// The session fold and its snapshot codec.
#include "actors/session/session_state.hpp"

#include <boost/json.hpp>

#include "events/json_fields.hpp"

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
  return boost::json::serialize(
    boost::json::object{{"account", s.account},
                        {"session", s.session},
                        {"country", s.country},
                        {"service", s.service},
                        {"node", s.node},
                        {"previous_node", s.previous_node},
                        {"bound_at", events::format_timestamp(s.bound_at)},
                        {"last_event_at", events::format_timestamp(s.last_event_at)},
                        {"last_active_at", events::format_timestamp(s.last_active_at)},
                        {"version", s.version}});
}

result<session_state> session_from_snapshot(std::string_view text) {
  boost::system::error_code ec;
  auto v = boost::json::parse(text, ec);
  if (ec || !v.is_object())
    return errc::corrupt_data;
  const auto& o = v.as_object();
  session_state s;
  std::string bound;
  std::string last;
  using events::read_field;
  const bool ok = read_field(o, "account", s.account) && read_field(o, "session", s.session)
                  && read_field(o, "country", s.country) && read_field(o, "service", s.service)
                  && read_field(o, "node", s.node)
                  && read_field(o, "previous_node", s.previous_node)
                  && read_field(o, "bound_at", bound) && read_field(o, "last_event_at", last)
                  && read_field(o, "version", s.version);
  auto bound_ts = events::parse_timestamp(bound);
  auto last_ts = events::parse_timestamp(last);
  if (!ok || !bound_ts || !last_ts)
    return errc::corrupt_data;
  s.bound_at = *bound_ts;
  s.last_event_at = *last_ts;
  // Snapshots from before SessionActive existed: idleness counted from the last event then.
  s.last_active_at = *last_ts;
  if (const auto* active = o.if_contains("last_active_at")) {
    const auto at = active->is_string() ? events::parse_timestamp(active->as_string())
                                        : std::nullopt;
    if (!at)
      return errc::corrupt_data;
    s.last_active_at = *at;
  }
  return s;
}

} // namespace sluice::actors
