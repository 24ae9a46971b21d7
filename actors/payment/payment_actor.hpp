// The payment actor: one per checkout id, behind the payments directory. Protocol:
//   (checkout_atom, create_checkout) -> checkout_view  errc::invalid_argument (amount)
//   (caf::get_atom, checkout_ref)    -> checkout_view  errc::not_found (unknown or foreign)
//   (confirm_atom)                   -> checkout_view  completes once; credits the account
#pragma once

#include <memory>
#include <string>

#include "actors/runtime/context.hpp"
#include "caf/all.hpp"

namespace sluice::actors {

caf::actor spawn_payment(caf::event_based_actor* directory, const std::string& checkout_id,
                         std::shared_ptr<const actor_context> ctx);

} // namespace sluice::actors
