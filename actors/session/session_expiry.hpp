// The session expiry watch: ends the bindings of sticky sessions nobody uses any more. A
// session's idle TTL used to end only at its next connection (SessionExpired, written then), and
// until then its node counted it as load: a session token used once weighed on its node for
// good, and a node added later took every new session until it caught up with them.
//
// So this actor keeps, for every bound session, the end of its TTL (last recorded use +
// `session_idle_ttl`), and then asks the session to expire (expire_atom, through the sessions
// directory). The session decides from its own record of use, written or not: SessionExpired
// (and its node's load drops), or it tells the watch its later use. The watch starts from
// runtime_options::bound_sessions (the read models' bound sessions at the start, so it outlives
// restarts), and session actors tell it of every new binding, record of use and release.
//
// Protocol:
//   (expiry_watch_atom, session_actor_id, last_active_at) -> void   bound, last used then
//   (expiry_watch_atom, session_actor_id)                 -> void   released: forget it
#pragma once

#include <chrono>
#include <memory>
#include <vector>

#include "actors/runtime/context.hpp"
#include "caf/all.hpp"

namespace sluice::actors {

/// Starts the watch with the sessions bound before this start (runtime_options::bound_sessions,
/// moved here so the runtime does not keep them).
caf::actor spawn_session_expiry(caf::actor_system& system, std::shared_ptr<const actor_context> ctx,
                                std::vector<bound_session> seed);

/// A start after a long stop may find many sessions due at once. Each expiry loads a session's
/// stream through the one log reader and the sessions directory that live connections use too,
/// so a backlog is asked at most this many at a time, with a pause between batches.
inline constexpr std::size_t expiries_per_batch = 256;
inline constexpr std::chrono::milliseconds expiry_batch_pause{100};

} // namespace sluice::actors
