// Rules of the webhook aggregate.
#pragma once

#include <string>
#include <vector>

#include "actors/runtime/internal_commands.hpp"
#include "actors/webhook/webhook_state.hpp"
#include "events/base/result.hpp"

namespace sluice::actors {

/// The event names a webhook may subscribe to (seed 000 §09).
bool known_webhook_event(const std::string& name);

/// errc::invalid_argument for an empty URL or event list, or an unknown event name. Duplicate
/// names are kept once, in the order first given.
result<std::vector<events::any_event>>
decide_register(const webhook_state& state, const std::string& webhook_id,
                const register_webhook& cmd, const std::string& secret_sealed);

/// errc::not_found for an unknown, foreign or deleted webhook.
result<std::vector<events::any_event>> decide_delete(const webhook_state& state,
                                                     const webhook_ref& ref);

/// errc::not_found for an unknown or deleted webhook; nothing to append if already disabled.
result<std::vector<events::any_event>> decide_disable(const webhook_state& state,
                                                      const disable_webhook& cmd);

} // namespace sluice::actors
