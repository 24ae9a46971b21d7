// Lease placement and expiry: pure functions of the fold, the request and the catalogue.
#include "actors/lease/lease_rules.hpp"

#include <algorithm>
#include <set>

namespace sluice::actors {
namespace {

bool has_room(const lease_book_state& state, const std::string& node,
              const lease_request& request) {
  std::uint32_t held = 0;
  for (const auto& l : state.leases) {
    if (l.node != node)
      continue;
    if (request.connection_type != "shared" || l.connection_type != "shared")
      return false; // A private lease is alone on its node.
    ++held;
  }
  return request.connection_type != "shared"
         || held < std::max<std::uint32_t>(1, request.max_leases);
}

std::string host_of(const lease_catalogue& catalogue, const std::string& location) {
  for (const auto& l : catalogue.locations) {
    if (l.id == location && !l.host.empty())
      return l.host;
  }
  if (!catalogue.dedicated.public_host.empty())
    return catalogue.dedicated.public_host;
  return catalogue.dedicated.listen_host;
}

} // namespace

result<lease_placement> place_lease(const lease_book_state& state, const lease_request& request,
                                    const lease_catalogue& catalogue,
                                    const std::vector<exit_node_info>& nodes,
                                    const std::function<bool(const std::string&)>& usable) {
  std::set<std::uint32_t> held_ports;
  for (const auto& l : state.leases)
    held_ports.insert(l.port);
  std::optional<std::uint16_t> port;
  for (std::uint32_t p = catalogue.dedicated.first_port; p <= catalogue.dedicated.last_port; ++p) {
    if (!held_ports.contains(p)) {
      port = static_cast<std::uint16_t>(p);
      break;
    }
  }
  if (!port)
    return errc::sold_out;
  for (const auto& location : request.locations) {
    for (const auto& node : nodes) {
      if (node.location != location || !usable(node.id) || !has_room(state, node.id, request))
        continue;
      return lease_placement{location, node.id, host_of(catalogue, location), *port};
    }
  }
  return errc::sold_out;
}

events::proxy_provisioned decide_provision(const lease_book_state& state,
                                           const lease_request& request,
                                           const lease_placement& placement,
                                           const lease_secrets& secrets, events::timestamp now) {
  events::proxy_provisioned p;
  p.proxy_id = state.last_proxy_id + 1;
  p.order_id = request.order_id;
  p.account_id = request.account_id;
  p.product_id = request.product_id;
  p.name = secrets.name;
  p.connection_type = request.connection_type;
  p.max_leases = request.max_leases;
  p.location = placement.location;
  p.node = placement.node;
  p.host = placement.host;
  p.port = placement.port;
  p.username = secrets.username;
  p.password_sealed = secrets.password_sealed;
  p.expires_at = events::format_timestamp(now + std::chrono::milliseconds(request.period_ms));
  return p;
}

std::vector<events::any_event> decide_expire(const lease_book_state& state, std::uint64_t proxy_id,
                                             events::timestamp now) {
  const auto* lease = state.find(proxy_id);
  if (lease == nullptr || lease->expires_at > now)
    return {};
  return {events::proxy_expired{lease->proxy_id, lease->order_id, lease->account_id}};
}

} // namespace sluice::actors
