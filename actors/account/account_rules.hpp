// Pure decisions of the account aggregate: state + command -> events or an error. No I/O.
#pragma once

#include <vector>

#include "actors/account/account_state.hpp"
#include "events/base/result.hpp"

namespace sluice::actors {

/// errc::already_exists if the account exists; errc::invalid_argument for an empty email,
/// hash or an unknown kind.
result<std::vector<events::any_event>>
decide_create(const account_state& state, const std::string& account_id, const create_account& cmd);

/// errc::not_found if the account does not exist; errc::invalid_argument for a zero or negative
/// credit or an overflow. An already applied reference gives no events (idempotent).
result<std::vector<events::any_event>> decide_credit(const account_state& state,
                                                     const credit_wallet& cmd);

} // namespace sluice::actors
