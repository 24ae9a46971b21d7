// The account actor: one per account id, behind the accounts directory. Protocol:
//   (create_atom, create_account) -> account_view    errc::already_exists, invalid_argument
//   (caf::get_atom)               -> account_view    errc::not_found
//   (credit_atom, credit_wallet)  -> account_view    errc::not_found, invalid_argument
//   (adjust_atom, adjust_wallet)  -> account_view    errc::not_found, invalid_argument,
//                                                    wallet_empty
//   (balance_credit_atom, credit_balance) -> account_view  errc::not_found, invalid_argument
//   (balance_debit_atom, debit_balance)   -> account_view  errc::not_found, invalid_argument,
//                                                          wallet_empty; once per reference
//   (purchase_atom, purchase_traffic) -> account_view  once per checkout id
//   (primary_atom)                -> minted_api_key  the tunnel credential's key, minted once
// and the tunnel protocol of account_tunnels.hpp.
#pragma once

#include <memory>
#include <string>

#include "actors/runtime/context.hpp"
#include "caf/all.hpp"

namespace sluice::actors {

caf::actor spawn_account(caf::event_based_actor* directory, const std::string& account_id,
                         std::shared_ptr<const actor_context> ctx);

} // namespace sluice::actors
