// What the gateway exchanges with the actors about tunnels (DESIGN.md §4): authenticating a
// routing username's key, opening a tunnel (session binding + first credit grant), reporting
// usage (the debit, and the renewal of the grant), and being told to close.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "events/time.hpp"

namespace sluice::actors {

/// The SOCKS5 password of a routing username: an `sk_live_` secret of `account_id`.
struct key_credentials {
  std::string account_id;
  std::string secret;
};

/// A tunnel about to connect. `tunnel_id` is the gateway's, unique per connection.
struct open_tunnel {
  std::string account_id;
  std::string key_id;
  std::string session;
  std::string country;
  std::string service; ///< Empty: none named.
  std::string tunnel_id;
};

/// The answer to open: the exit node the session is bound to and the first credit grant.
/// errc::wallet_empty (nothing to grant), errc::revoked, errc::unavailable (no usable node).
struct tunnel_opened {
  std::string node;
  std::uint64_t granted = 0; ///< Bytes the tunnel may relay, both directions together.
};

/// Usage since the previous report of the same tunnel. `report` counts from 1; a report whose
/// number was already applied changes nothing. `final` releases what is left of the grant.
struct usage_report {
  std::string account_id;
  std::string tunnel_id;
  std::uint64_t report = 0;
  std::uint64_t bytes_up = 0;   ///< Client to target.
  std::uint64_t bytes_down = 0; ///< Target to client.
  bool final = false;
};

/// Bytes added to the tunnel's grant by a report (0: no renewal; the tunnel closes once what it
/// holds is used up).
struct grant_renewal {
  std::uint64_t added = 0;
  /// Nothing more will be granted (wallet or key cap exhausted, key revoked, tunnel ordered
  /// closed): the tunnel ends once it has used what it holds. `added` == 0 alone only means the
  /// tunnel holds enough for now (its bytes may still be on their way to the client).
  bool refused = false;
};

struct tunnel_ref {
  std::string account_id;
  std::string tunnel_id;
};

/// Why the account wants a tunnel closed now: "revoked", "wallet_empty", "quota", "discarded".
struct tunnel_closure {
  std::string reason;
};

/// The gateway could not reach anything through `node`: `reason` is "bind_failed" (a direct
/// node's address is not on this host) or "upstream_failed" (its upstream proxy is down or
/// refused our credentials).
struct node_failure {
  std::string node;
  std::string reason;
};

/// An exit node's health once a failure report is durable.
struct node_health_view {
  std::string node;
  bool down = false;
  events::timestamp down_until{}; ///< The epoch while up.
};

/// POST /v1/b2b/proxy/rotate and /discard.
struct release_session {
  std::string account_id;
  std::string session;
  std::string country;
  bool discard = false; ///< Also blacklist the node for the whole account.
};

struct session_view {
  std::string session;
  std::string country;
  std::string service;
  std::string node; ///< The node id (front ends show an opaque reference of it).
};

} // namespace sluice::actors
