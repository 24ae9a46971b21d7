// Rules of the order aggregate: an order is created once for a tier of a product in the
// catalogue, at the tier's price; it is paid once, and activated once its lease exists.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "actors/facade/runtime.hpp"
#include "actors/order/order_state.hpp"
#include "actors/runtime/internal_commands.hpp"
#include "events/base/result.hpp"

namespace sluice::actors {

/// How long `period_duration` periods of `period_type` last when one hour lasts `unit`.
std::chrono::milliseconds period_length(const std::string& period_type,
                                        std::uint32_t period_duration,
                                        std::chrono::milliseconds unit);

/// errc::already_exists for an order id used before; errc::not_found for an unknown product or
/// a tier that is not the product's.
result<std::vector<events::any_event>>
decide_create_order(const order_state& state, std::uint64_t order_id, const create_order& cmd,
                    const lease_catalogue& catalogue, const std::string& currency);

/// What the lease book needs to check capacity for, or to provision, this order.
lease_request lease_request_of(const order_state& state);

/// Whether paying may start: pending_payment, or paid without a lease (a pay cut short by a
/// crash, which paying again completes without a second debit). errc::wrong_state otherwise.
status check_payable(const order_state& state);

/// OrderPaid (unless recorded before) and OrderActivated for the provisioned lease.
std::vector<events::any_event> decide_activate(const order_state& state, const proxy_view& lease);

/// errc::not_found unless the order exists and belongs to `account_id`.
status check_order_owner(const order_state& state, const std::string& account_id);

} // namespace sluice::actors
