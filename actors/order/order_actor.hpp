// The order actor: one per order id (decimal), behind the orders directory. Protocol:
//   (create_atom, std::uint64_t id, create_order) -> order_view   errc::not_found (product,
//                                                       tier), errc::sold_out
//   (caf::get_atom, order_ref)                     -> order_view   errc::not_found
//   (pay_atom, order_ref)                          -> paid_order   errc::wrong_state (not
//                                                       pending), errc::sold_out,
//                                                       errc::wallet_empty
// Paying asks the lease book, which debits the balance once per order ("order:{id}") and
// provisions the lease; the order then records OrderPaid and OrderActivated. A crash anywhere in
// between leaves the order pending_payment, and paying again completes it without a second debit.
#pragma once

#include <memory>
#include <string>

#include "actors/runtime/context.hpp"
#include "caf/all.hpp"

namespace sluice::actors {

caf::actor spawn_order(caf::event_based_actor* directory, const std::string& order_id,
                       std::shared_ptr<const actor_context> ctx);

} // namespace sluice::actors
