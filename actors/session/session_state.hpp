// The fold of a sticky proxy session (stream "session/{account}/{session}/{country}").
#pragma once

#include <boost/describe/class.hpp>
#include <string>

#include "actors/facade/tunnel_commands.hpp"
#include "events/base/result.hpp"
#include "events/catalogue.hpp"

namespace sluice::actors {

struct session_state {
  std::string account;
  std::string session;
  std::string country;
  std::string service;
  std::string node;          ///< Bound exit node; empty when released.
  std::string previous_node; ///< The node last released: a new binding avoids it if it can.
  events::timestamp bound_at{};
  events::timestamp last_event_at{};
  events::timestamp last_active_at{}; ///< Bound, or SessionActive: where idleness counts from.
  std::uint64_t version = 0;
};
BOOST_DESCRIBE_STRUCT(session_state, (),
                      (account, session, country, service, node, previous_node, bound_at,
                       last_event_at, last_active_at, version))

/// The directory id of a session actor, and its stream name.
std::string session_actor_id(const std::string& account, const std::string& session,
                             const std::string& country);
std::string session_stream(const std::string& actor_id);

void evolve(session_state& state, const events::any_event& event, events::timestamp ts);

session_view view(const session_state& state);

std::string to_snapshot(const session_state& state);
result<session_state> session_from_snapshot(std::string_view text);

} // namespace sluice::actors
