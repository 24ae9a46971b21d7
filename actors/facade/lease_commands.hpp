// Commands and views of orders and leases (seed 001's "orders" and "proxies"), exchanged between
// the front ends and the actors. Plain structs, as in commands.hpp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "events/time.hpp"

namespace sluice::actors {

/// An order of one pricing tier of one product. errc::not_found for an unknown product or a tier
/// of another product; errc::sold_out when no node at any of its locations is free.
struct create_order {
  std::string account_id;
  std::uint32_t product_id = 0;
  std::uint32_t pricing_id = 0;
};

/// Names one order of one account; another account's is errc::not_found.
struct order_ref {
  std::string account_id;
  std::uint64_t order_id = 0;
};

struct order_view {
  std::uint64_t order_id = 0;
  std::string account_id;
  std::uint32_t product_id = 0;
  std::uint32_t pricing_id = 0;
  std::string product_name;
  std::string pricing_label;
  std::int64_t amount_minor = 0;
  std::string currency;
  std::string status; ///< pending_payment | paid | provisioning | active | expired
  events::timestamp created_at{};
  std::optional<std::uint64_t> proxy_id; ///< Once provisioned.
  std::optional<events::timestamp> expires_at;
};

/// The answer to pay: the order and the balance right after this payment's debit.
struct paid_order {
  order_view order;
  std::int64_t balance_minor = 0;
};

/// A lease as its owner sees it, credentials included.
struct proxy_view {
  std::uint64_t proxy_id = 0;
  std::uint64_t order_id = 0;
  std::string account_id;
  std::uint32_t product_id = 0;
  std::string name;
  std::string connection_type;
  std::string location;
  std::string node;
  std::string host;
  std::uint16_t port = 0;
  std::string username;
  std::string password;
  std::string status; ///< "active" or "disconnected"
  std::string fingerprint;
  std::uint64_t traffic_bytes = 0; ///< Relayed through its port, both ways.
  events::timestamp created_at{};
  events::timestamp expires_at{};
};

/// Connects a proxy at one of its product's locations, with new credentials. errc::not_found
/// (proxy), errc::invalid_argument (a location the product does not offer), errc::sold_out (no
/// node free there). Connecting an active proxy where it is changes nothing.
struct connect_proxy {
  std::string account_id;
  std::uint64_t proxy_id = 0;
  std::string location;
};

/// Changes a proxy's exit address. Without `commanded_node`: to another free node of its
/// location if there is one; otherwise the answer says `needs_command` (the caller may run the
/// node's reset_command and ask again with `commanded_node`) or errc::sold_out when the node has
/// none. errc::wrong_state for a disconnected proxy, errc::invalid_argument for another mode.
struct reset_proxy {
  std::string account_id;
  std::uint64_t proxy_id = 0;
  std::string mode; ///< "fast" or "hard".
  std::optional<std::string> commanded_node;
};

struct reset_outcome {
  proxy_view proxy;
  bool needs_command = false; ///< Nothing changed: run the reset_command of `proxy.node`.
};

/// errc::invalid_argument for a name other than none, linux, macos, windows.
struct set_fingerprint {
  std::string account_id;
  std::uint64_t proxy_id = 0;
  std::string fingerprint;
};

/// Names one lease of one account; another account's (or an expired one) is errc::not_found.
struct proxy_ref {
  std::string account_id;
  std::uint64_t proxy_id = 0;
};

/// What a lease port needs to serve a lease: who may use it and where its traffic leaves. The
/// gateway cuts the lease's open tunnels when `generation` changes or it stops being active.
struct lease_endpoint {
  std::uint64_t proxy_id = 0;
  std::string account_id;
  std::uint16_t port = 0;
  std::string username;
  std::string password;
  std::string node;
  std::string status;           ///< "active" or "disconnected".
  std::uint64_t generation = 0; ///< Bumped by a move to another node or a hard reset.
  std::string fingerprint = "none";
};

/// Bytes relayed through lease ports since the last report, per lease.
struct lease_usage {
  std::uint64_t proxy_id = 0;
  std::uint64_t bytes = 0;
};
struct lease_usage_batch {
  std::vector<lease_usage> usage;
};

struct proxy_list {
  std::vector<proxy_view> proxies; ///< Oldest first.
};

} // namespace sluice::actors
