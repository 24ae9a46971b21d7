// Lease placement and expiry: pure functions of the fold, the request and the catalogue.
#include "actors/lease/lease_rules.hpp"

#include <algorithm>
#include <set>

namespace sluice::actors {
namespace {

bool has_room(const lease_book_state& state, const std::string& node, const lease_request& request,
              std::uint64_t except_proxy = 0) {
  std::uint32_t held = 0;
  for (const auto& l : state.leases) {
    if (l.node != node || l.proxy_id == except_proxy)
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

const lease_record* owned_lease(const lease_book_state& state, const std::string& account_id,
                                std::uint64_t proxy_id) {
  const auto* lease = state.find(proxy_id);
  return lease != nullptr && lease->account_id == account_id ? lease : nullptr;
}

namespace {

/// A lease as a placement request: what has_room needs to judge a node for it.
lease_request request_of(const lease_record& lease) {
  lease_request r;
  r.connection_type = lease.connection_type;
  r.max_leases = lease.max_leases;
  return r;
}

} // namespace

std::vector<events::any_event> decide_lease_usage(const lease_book_state& state,
                                                  const lease_usage_batch& batch) {
  std::vector<events::any_event> out;
  for (const auto& u : batch.usage) {
    const auto* lease = state.find(u.proxy_id);
    if (lease != nullptr && u.bytes > 0)
      out.emplace_back(events::lease_bytes_metered{lease->proxy_id, lease->account_id, u.bytes});
  }
  return out;
}

result<std::vector<events::any_event>> decide_disconnect(const lease_book_state& state,
                                                         const proxy_ref& ref) {
  const auto* lease = owned_lease(state, ref.account_id, ref.proxy_id);
  if (lease == nullptr)
    return errc::not_found;
  if (lease->status == "disconnected")
    return std::vector<events::any_event>{};
  return std::vector<events::any_event>{
    events::proxy_disconnected{lease->proxy_id, lease->account_id}};
}

result<std::vector<events::any_event>>
decide_connect(const lease_book_state& state, const connect_proxy& cmd,
               const lease_catalogue& catalogue, const std::vector<exit_node_info>& nodes,
               const std::function<bool(const std::string&)>& usable,
               const lease_secrets& secrets) {
  const auto* lease = owned_lease(state, cmd.account_id, cmd.proxy_id);
  if (lease == nullptr)
    return errc::not_found;
  const auto product = std::find_if(catalogue.products.begin(), catalogue.products.end(),
                                    [&](const auto& p) { return p.id == lease->product_id; });
  if (product == catalogue.products.end()
      || std::find(product->locations.begin(), product->locations.end(), cmd.location)
           == product->locations.end()) {
    return errc::invalid_argument;
  }
  if (lease->status == "active" && lease->location == cmd.location)
    return std::vector<events::any_event>{};
  const auto wanted = request_of(*lease);
  for (const auto& node : nodes) {
    if (node.location != cmd.location || !usable(node.id)
        || !has_room(state, node.id, wanted, lease->proxy_id)) {
      continue;
    }
    return std::vector<events::any_event>{events::proxy_connected{
      lease->proxy_id, lease->account_id, cmd.location, node.id, host_of(catalogue, cmd.location),
      secrets.username, secrets.password_sealed}};
  }
  return errc::sold_out;
}

result<reset_decision> decide_reset(const lease_book_state& state, const reset_proxy& cmd,
                                    const std::vector<exit_node_info>& nodes,
                                    const std::function<bool(const std::string&)>& usable,
                                    bool node_has_command) {
  const auto* lease = owned_lease(state, cmd.account_id, cmd.proxy_id);
  if (lease == nullptr)
    return errc::not_found;
  if (cmd.mode != "fast" && cmd.mode != "hard")
    return errc::invalid_argument;
  if (lease->status != "active")
    return errc::wrong_state;
  reset_decision out;
  if (cmd.commanded_node) {
    if (*cmd.commanded_node != lease->node)
      return errc::wrong_state; // It moved while the command ran.
    out.decided.emplace_back(events::proxy_reset{lease->proxy_id, lease->account_id, cmd.mode,
                                                 lease->node, lease->node, true});
    return out;
  }
  const auto wanted = request_of(*lease);
  for (const auto& node : nodes) {
    if (node.location != lease->location || node.id == lease->node || !usable(node.id)
        || !has_room(state, node.id, wanted, lease->proxy_id)) {
      continue;
    }
    out.decided.emplace_back(events::proxy_reset{lease->proxy_id, lease->account_id, cmd.mode,
                                                 node.id, lease->node, false});
    return out;
  }
  // A reset_command changes the address of everyone on the node: only for a lease alone on it.
  const bool alone = std::none_of(state.leases.begin(), state.leases.end(), [&](const auto& l) {
    return l.node == lease->node && l.proxy_id != lease->proxy_id;
  });
  if (!node_has_command || !alone)
    return errc::sold_out;
  out.needs_command = true;
  return out;
}

result<std::vector<events::any_event>> decide_fingerprint(const lease_book_state& state,
                                                          const set_fingerprint& cmd) {
  const auto* lease = owned_lease(state, cmd.account_id, cmd.proxy_id);
  if (lease == nullptr)
    return errc::not_found;
  const auto& f = cmd.fingerprint;
  if (f != "none" && f != "linux" && f != "macos" && f != "windows")
    return errc::invalid_argument;
  if (lease->fingerprint == f)
    return std::vector<events::any_event>{};
  return std::vector<events::any_event>{
    events::proxy_fingerprint_set{lease->proxy_id, lease->account_id, f}};
}

} // namespace sluice::actors
