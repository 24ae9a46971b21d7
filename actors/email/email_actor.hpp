// The email-registry actor: one per lowercase email, behind the emails directory. It runs signup
// so that two signups with one email cannot both succeed. Protocol:
//   (signup_atom, create_account) -> account_view   errc::already_exists, invalid_argument
#pragma once

#include <memory>
#include <string>

#include "actors/runtime/context.hpp"
#include "caf/all.hpp"

namespace sluice::actors {

caf::actor spawn_email(caf::event_based_actor* directory, const std::string& email,
                       std::shared_ptr<const actor_context> ctx);

} // namespace sluice::actors
