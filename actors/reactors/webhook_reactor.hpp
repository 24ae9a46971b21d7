// The webhook delivery reactor (DESIGN.md §1, issue #5): tails the log, schedules a delivery for
// every BalanceLow / BalanceEmpty and every webhook of the account registered for it (once per
// trigger and webhook), sends due attempts through infra's webhook sender and records each
// attempt and the outcome on the delivery's stream. It is the only writer of delivery streams.
// After a restart it rebuilds what is still due from its snapshot and the log after it, so a
// delivery whose success was recorded is never sent again; an attempt whose answer was not yet
// recorded when the process died is sent again under the same webhook-id.
//
// Protocol: (redeliver_atom, redeliver_webhook) -> redelivery_view
//           errc::not_found, errc::forbidden (webhook disabled), errc::unavailable (loading).
#pragma once

#include <memory>

#include "actors/runtime/context.hpp"
#include "caf/all.hpp"
#include "infra/config.hpp"
#include "infra/webhook_sender.hpp"

namespace sluice::actors {

/// `sender` must outlive the reactor and be stopped before the actor system goes.
caf::actor
spawn_webhook_reactor(caf::actor_system& system, std::shared_ptr<const actor_context> ctx,
                      infra::webhook_sender* sender, const infra::webhooks_config& config);

} // namespace sluice::actors
