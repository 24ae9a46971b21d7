// Pure decisions of the sticky session aggregate.
#pragma once

#include <chrono>
#include <set>
#include <string>
#include <vector>

#include "actors/session/session_state.hpp"

namespace sluice::actors {

/// Idle longer than `ttl` since `last_active`: the binding rolls off before the next one.
bool binding_expired(const session_state& state, events::timestamp last_active,
                     events::timestamp now, std::chrono::milliseconds ttl);

/// How stale the written record of a session's use may grow while it is in use: ttl/24, so a
/// crash loses at most that much of it (a clean stop or retirement loses nothing).
std::chrono::milliseconds activity_record_interval(std::chrono::milliseconds ttl);

/// SessionActive up to `used_at` if the session is bound and the record is stale: by
/// activity_record_interval, or at all when `settle` (the actor retires or stops). Else none.
std::vector<events::any_event> decide_activity(const session_state& state,
                                               events::timestamp used_at,
                                               std::chrono::milliseconds ttl, bool settle);

/// The events binding a tunnel's session to `picked` (what the registry chose, given the
/// current node unless `expired`): none when the session keeps its node; else SessionExpired or
/// SessionRotated for the node left, then SessionBound. The rotation's reason: "blacklisted",
/// "retired" (the current node is not `node_configured` for the session's country any more) or
/// "node_down".
std::vector<events::any_event>
decide_binding(const session_state& state, const open_tunnel& tunnel, const std::string& picked,
               const std::set<std::string>& blacklist, bool expired, bool node_configured);

/// SessionExpired for a bound session idle longer than `ttl` since `last_active` (its written or
/// unwritten use), when nothing connects to it: the binding's node no longer counts it. Else none.
std::vector<events::any_event> decide_expiry(const session_state& state,
                                             events::timestamp last_active, events::timestamp now,
                                             std::chrono::milliseconds ttl);

/// Rotate (reason "requested") or discard. errc::not_found for a session never bound; an
/// unbound session decides nothing.
result<std::vector<events::any_event>> decide_release(const session_state& state,
                                                      const release_session& command);

/// The node a discard blacklists: the bound one, or if the session was released already
/// (rotated, expired, moved off a failed node) the one it last held, which is where the user
/// last saw it exit. Empty if it holds none and has released none since it was bound.
const std::string& discarded_node(const session_state& state);

} // namespace sluice::actors
