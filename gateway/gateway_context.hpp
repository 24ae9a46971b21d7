// What every gateway connection shares: the facade into the actors, the policy built from the
// configuration, and how to reach each exit node. Read-only once the gateway has started, but
// for the registry of open relays (which has its own lock).
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>

#include "actors/facade/command_port.hpp"
#include "gateway/policy/allow_list.hpp"
#include "gateway/relay/relay_registry.hpp"
#include "infra/clock.hpp"
#include "infra/config.hpp"

namespace sluice::gateway {

struct gateway_context {
  gateway_context(actors::command_port& port, const infra::config& config,
                  const infra::clock& clock);

  actors::command_port& port;
  const infra::clock& clock;
  infra::socks_config socks;
  allow_list allowed;
  std::map<std::string, std::vector<std::string>> static_hosts; ///< resolver.static
  std::map<std::string, infra::exit_node_config> nodes;         ///< By node id.
  std::set<std::string> countries;                              ///< Those with at least one node.
  std::shared_ptr<relay_registry> relays = std::make_shared<relay_registry>();
};

} // namespace sluice::gateway
