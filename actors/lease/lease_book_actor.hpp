// The lease book: one actor for every lease, on stream "leases" (the rules that place leases
// span them all). Protocol:
//   (capacity_atom, lease_request)  -> bool            errc::sold_out: no node or port free
//   (provision_atom, lease_request) -> provisioned_lease  debits "order:{id}" once, then records
//                                      ProxyProvisioned; a lease the order has is answered again
//                                      errc::sold_out, errc::wallet_empty (nothing debited)
//   (proxies_atom, account_id)      -> proxy_list      the account's live leases
//   (caf::get_atom, proxy_ref)      -> proxy_view      errc::not_found (unknown, foreign, expired)
// Each lease expires at its expiry instant (ProxyExpired), and at start if that passed while
// sluice was down.
#pragma once

#include <memory>

#include "actors/runtime/context.hpp"
#include "caf/all.hpp"

namespace sluice::actors {

caf::actor spawn_lease_book(caf::actor_system& system, std::shared_ptr<const actor_context> ctx);

} // namespace sluice::actors
