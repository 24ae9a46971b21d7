// The webhook actor: one per webhook id, behind the webhooks directory. Protocol:
//   (register_atom, register_webhook) -> registered_webhook  errc::invalid_argument
//   (unregister_atom, webhook_ref)    -> webhook_view        errc::not_found
//   (disable_atom, disable_webhook)   -> webhook_view        errc::not_found (delivery reactor)
#pragma once

#include <memory>
#include <string>

#include "actors/runtime/context.hpp"
#include "caf/all.hpp"

namespace sluice::actors {

caf::actor spawn_webhook(caf::event_based_actor* directory, const std::string& webhook_id,
                         std::shared_ptr<const actor_context> ctx);

} // namespace sluice::actors
