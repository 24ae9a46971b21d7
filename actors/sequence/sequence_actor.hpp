// An id sequence: one actor per sequence name ("order", "reseller_key"), behind the sequences
// directory, on stream "ids/{name}". Protocol:
//   (next_id_atom) -> std::uint64_t   the next id (1, 2, ...), durable before it is answered
// An id is issued once and never again, even if what asked for it never used it.
#pragma once

#include <memory>
#include <string>

#include "actors/runtime/context.hpp"
#include "caf/all.hpp"

namespace sluice::actors {

caf::actor spawn_sequence(caf::event_based_actor* directory, const std::string& name,
                          std::shared_ptr<const actor_context> ctx);

} // namespace sluice::actors
