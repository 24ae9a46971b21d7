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

/// ProxyDisconnected; nothing for a proxy already disconnected. errc::not_found for an unknown
/// or foreign proxy.
result<std::vector<events::any_event>> decide_disconnect(const lease_book_state& state,
                                                         const proxy_ref& ref);

/// ProxyConnected at the command's location on a node with room (the proxy's own counts as
/// free for it), with `secrets` as its new credentials; nothing if it is active there already.
result<std::vector<events::any_event>>
decide_connect(const lease_book_state& state, const connect_proxy& cmd,
               const lease_catalogue& catalogue, const std::vector<exit_node_info>& nodes,
               const std::function<bool(const std::string&)>& usable, const lease_secrets& secrets);

struct reset_decision {
  std::vector<events::any_event> decided;
  bool needs_command = false; ///< No other node is free: the node's reset_command may do it.
};

/// ProxyReset to another free node of the proxy's location; else, if `node_has_command` and the
/// proxy is alone on its node, a decision that the command must run; else errc::sold_out. With
/// `cmd.commanded_node` (the command ran and exited 0): ProxyReset on the same node, if the proxy
/// is still on it.
result<reset_decision> decide_reset(const lease_book_state& state, const reset_proxy& cmd,
                                    const std::vector<exit_node_info>& nodes,
                                    const std::function<bool(const std::string&)>& usable,
                                    bool node_has_command);

/// ProxyFingerprintSet; nothing if it is set already.
result<std::vector<events::any_event>> decide_fingerprint(const lease_book_state& state,
                                                          const set_fingerprint& cmd);

/// LeaseBytesMetered for each live lease that relayed bytes.
std::vector<events::any_event> decide_lease_usage(const lease_book_state& state,
                                                  const lease_usage_batch& batch);

/// The lease named, if it is the account's.
const lease_record* owned_lease(const lease_book_state& state, const std::string& account_id,
                                std::uint64_t proxy_id);

} // namespace sluice::actors
