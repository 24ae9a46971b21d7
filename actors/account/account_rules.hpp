// Pure decisions of the account aggregate: state + command -> events or an error. No I/O.
#pragma once

#include <vector>

#include "actors/account/account_state.hpp"
#include "actors/runtime/internal_commands.hpp"
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

/// Money in: refuses an amount <= 0 or past balance_minor_max; a known reference is a no-op.
result<std::vector<events::any_event>> decide_credit_balance(const account_state& state,
                                                             const credit_balance& cmd);

/// Money out for `cmd.reference`: once per reference, never below zero (errc::wallet_empty).
result<std::vector<events::any_event>> decide_debit_balance(const account_state& state,
                                                            const debit_balance& cmd);

/// errc::not_found, errc::invalid_argument (zero bytes, no reason, overflow), errc::wallet_empty
/// (a debit larger than the balance less `reserved`, the credit granted to open tunnels, which
/// they may still bill). A reference already applied: nothing to append. A debit crossing below
/// 1 GB or to zero emits BalanceLow / BalanceEmpty like usage does.
result<std::vector<events::any_event>>
decide_adjust(const account_state& state, const adjust_wallet& cmd, std::uint64_t reserved);

/// Idempotent by checkout id: a second purchase for the same checkout decides nothing.
result<std::vector<events::any_event>> decide_purchase(const account_state& state,
                                                       const purchase_traffic& cmd);

/// A key's cap and tally, from the key actor once it has checked the key is the account's and
/// unrevoked: ApiKeyQuotaSet when the cap changes, ApiKeyUsageReset when asked. errc::not_found
/// if the account does not exist.
result<std::vector<events::any_event>> decide_key_quota(const account_state& state,
                                                        const set_api_key_quota& cmd);

result<std::vector<events::any_event>> decide_primary_key(const account_state& state,
                                                          const std::string& key_id);

} // namespace sluice::actors
