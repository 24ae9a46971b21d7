// Rules of the payment aggregate: a checkout is created once at a fixed price and completed once.
#pragma once

#include <string>
#include <vector>

#include "actors/payment/payment_state.hpp"
#include "events/base/result.hpp"
#include "infra/config.hpp"

namespace sluice::actors {

result<std::vector<events::any_event>>
decide_checkout(const payment_state& state, const std::string& checkout_id,
                const create_checkout& cmd, const infra::billing_config& billing,
                const std::string& currency);

/// Nothing to decide for a completed checkout (confirming again is answered, not refused).
result<std::vector<events::any_event>> decide_complete(const payment_state& state);

/// errc::not_found unless the checkout exists and belongs to `account_id`.
status check_owner(const payment_state& state, const std::string& account_id);

} // namespace sluice::actors
