#include "gateway/gateway_context.hpp"

namespace sluice::gateway {

gateway_context::gateway_context(actors::command_port& port_, const infra::config& config,
                                 const infra::clock& clock_)
  : port(port_),
    clock(clock_),
    socks(config.socks),
    allowed(config.services),
    static_hosts(config.resolver.static_hosts) {
  for (const auto& node : config.exit_nodes) {
    nodes.emplace(node.id, node);
    if (!node.country.empty()) // Without a country a node serves leases only.
      countries.insert(node.country);
  }
}

} // namespace sluice::gateway
