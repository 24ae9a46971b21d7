// The sticky session actor: one per (account, session token, country), behind the sessions
// directory. It binds the session to an exit node on first use and keeps it (issue #4).
//   (bind_atom, bind_session)       -> session_view   errc::unavailable: no usable node
//   (release_atom, release_session) -> session_view   the node released (empty if none)
#pragma once

#include <memory>
#include <string>

#include "actors/runtime/context.hpp"
#include "caf/all.hpp"

namespace sluice::actors {

caf::actor spawn_session(caf::event_based_actor* directory, const std::string& actor_id,
                         std::shared_ptr<const actor_context> ctx);

} // namespace sluice::actors
