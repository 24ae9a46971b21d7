// What every actor of the runtime shares: the log, the clock, the options and the directories.
// Filled once by the runtime before the first command; read-only afterwards.
#pragma once

#include "actors/facade/runtime.hpp"
#include "actors/runtime/lease_board.hpp"
#include "actors/runtime/node_health_board.hpp"
#include "actors/runtime/node_probes.hpp"
#include "actors/runtime/tunnel_watch.hpp"
#include "actors/runtime/verified_keys.hpp"
#include "caf/actor.hpp"
#include "infra/clock.hpp"
#include "infra/event_log.hpp"

namespace sluice::actors {

struct actor_context {
  infra::event_log* log = nullptr;
  const infra::clock* clock = nullptr;
  runtime_options options;
  caf::actor reader;     ///< Detached: reads streams and writes snapshots (blocking RocksDB calls).
  caf::actor accounts;   ///< Directory of account actors, by account id.
  caf::actor api_keys;   ///< Directory of API-key actors, by key id.
  caf::actor emails;     ///< Directory of email-registry actors, by lowercase email.
  caf::actor payments;   ///< Directory of payment actors, by checkout id.
  caf::actor webhooks;   ///< Directory of webhook actors, by webhook id.
  caf::actor sessions;   ///< Directory of sticky session actors, by session_actor_id.
  caf::actor exit_nodes; ///< The exit-node registry (load, choice).
  caf::actor session_expiry; ///< Ends bindings idle past session_idle_ttl (session_expiry.hpp).
  caf::actor sequences;  ///< Directory of id sequences, by name ("order", "reseller_key").
  caf::actor orders;     ///< Directory of order actors, by order id (decimal).
  caf::actor lease_book; ///< Every lease (lease_book_actor.hpp).
  tunnel_watch* tunnels = nullptr;          ///< Close orders to the gateway's relays.
  verified_keys* keys = nullptr;            ///< Tunnel key checks the facade answers itself.
  node_health_board* node_health = nullptr; ///< Exit nodes down; the registry picks from it.
  const node_probes* probes = nullptr;      ///< Checks of nodes whose cool-down ended.
  lease_board* leases = nullptr;            ///< The lease book publishes live leases here.

  caf::timespan request_timeout() const {
    return std::chrono::duration_cast<caf::timespan>(options.request_timeout);
  }
};

} // namespace sluice::actors
