// Rules of the lease book: where a new lease goes (an exit node at one of the product's
// locations that has room, and a port nobody holds), and when a lease ends.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "actors/facade/runtime.hpp"
#include "actors/lease/lease_book_state.hpp"
#include "actors/runtime/internal_commands.hpp"
#include "events/base/result.hpp"

namespace sluice::actors {

struct lease_placement {
  std::string location;
  std::string node;
  std::string host; ///< What clients connect to.
  std::uint16_t port = 0;
};

/// The first node with room at the first of the request's locations that has one, nodes in
/// configuration order; and the lowest free port of the range. A private lease needs a node with
/// no lease; a shared one a node with fewer than max_leases leases, none private. Nodes for which
/// `usable` is false (down) are passed over. errc::sold_out when no node or no port is free.
result<lease_placement> place_lease(const lease_book_state& state, const lease_request& request,
                                    const lease_catalogue& catalogue,
                                    const std::vector<exit_node_info>& nodes,
                                    const std::function<bool(const std::string&)>& usable);

/// The credentials and name a new lease gets (random: never derived from anything guessable).
struct lease_secrets {
  std::string name;
  std::string username;
  std::string password;
  std::string password_sealed;
};

/// ProxyProvisioned for a new lease of the request at `placement`, from `now` for its period.
events::proxy_provisioned decide_provision(const lease_book_state& state,
                                           const lease_request& request,
                                           const lease_placement& placement,
                                           const lease_secrets& secrets, events::timestamp now);

/// ProxyExpired if the lease is live and its time is up at `now`; nothing otherwise.
std::vector<events::any_event> decide_expire(const lease_book_state& state, std::uint64_t proxy_id,
                                             events::timestamp now);

} // namespace sluice::actors
