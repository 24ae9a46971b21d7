// Starts and stops the actor system. Owned by apps/ (the composition root); front ends get only
// the command_port.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/facade/command_port.hpp"
#include "events/time.hpp"
#include "infra/clock.hpp"
#include "infra/config.hpp"
#include "infra/event_log.hpp"

namespace sluice::actors {

/// What the actors know of an exit node: enough to choose one. How to connect through it is the
/// gateway's business (infra::exit_node_config).
struct exit_node_info {
  std::string id;
  std::string country;
  std::vector<std::string> services; ///< Tags it serves well; empty: any.
  std::string kind = "direct";       ///< "direct", "socks5" or "http": recorded in NodeRegistered.
  std::string location{};  ///< A catalogue location: the node serves leases there. Empty: none.
  bool resettable = false; ///< It has a reset_command (run by the front end, not the actors).
};

/// What leases are sold from: the catalogue of the configuration (docs/dedicated.md).
struct lease_catalogue {
  std::vector<infra::product_config> products;
  std::vector<infra::location_config> locations;
  infra::dedicated_config dedicated;
};

/// A sticky session bound to an exit node, and its last recorded use, as the read models have it.
struct bound_session {
  std::string account_id;
  std::string session;
  std::string country;
  events::timestamp last_active_at{};
};

struct runtime_options {
  std::uint32_t workers = 2;                         ///< CAF scheduler threads.
  std::chrono::milliseconds idle_stop{300'000};      ///< Actors idle this long are stopped.
  std::chrono::milliseconds request_timeout{10'000}; ///< Deadline of every facade call.
  std::uint64_t snapshot_every = 100;                ///< Events between snapshots of a stream.
  std::string sealing_key;                           ///< 32 bytes; encrypts API-key secrets.
  infra::billing_config billing;                     ///< Minimum top-up and price tiers.
  std::string currency = "EUR";
  std::vector<exit_node_info> exit_nodes;
  lease_catalogue catalogue;
  std::uint64_t grant_bytes = 1'048'576; ///< Credit reserved per grant.
  /// Tunnels and UDP associations one account may have open or opening; beyond, errc::limit.
  std::uint64_t max_tunnels_per_account = 10'000;
  std::chrono::milliseconds session_idle_ttl{24LL * 3600 * 1000}; ///< Binding rolls off after.
  std::chrono::milliseconds node_cooldown{30'000}; ///< A failed node is skipped this long.
  /// The gateway checks a node that is up this often; zero: only when a cool-down ends.
  std::chrono::milliseconds node_check_interval{60'000};
  /// Sessions bound to each node (by id) when the runtime starts: the registry's starting load,
  /// so bindings made before a restart count when it looks for the least-loaded node.
  std::map<std::string, std::uint64_t> node_sessions;
  /// Nodes registered in the log and not retired when the runtime starts. Those no longer in
  /// `exit_nodes` get NodeRetired.
  std::vector<std::string> registered_nodes;
  /// Sessions bound when the runtime starts: each gets SessionExpired once idle past
  /// `session_idle_ttl`, whether or not anything connects to it again.
  std::vector<bound_session> bound_sessions;
  /// Set: the webhook delivery reactor runs (`sluice serve`); tools and most tests leave it off.
  std::optional<infra::webhooks_config> webhooks;
};

class runtime {
public:
  virtual ~runtime() = default;
  /// The log and clock must outlive the runtime.
  static std::unique_ptr<runtime> start(infra::event_log& log, const infra::clock& clock,
                                        runtime_options options);
  virtual command_port& commands() = 0;
  /// Stops every actor after in-flight appends are answered; idempotent.
  virtual void stop() = 0;
};

} // namespace sluice::actors
