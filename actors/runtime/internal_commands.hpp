// Commands actors send one another, never the front ends: plain structs so the rules that decide
// them stay free of CAF.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <system_error>
#include <vector>

#include "actors/facade/lease_commands.hpp"
#include "actors/facade/tunnel_commands.hpp"
#include "events/time.hpp"

namespace sluice::actors {

/// From an order to the lease book: is a node free for it (capacity_atom), or pay for it from
/// the balance and provision its lease (provision_atom). What the order sold, as it sold it.
struct lease_request {
  std::uint64_t order_id = 0;
  std::string account_id;
  std::uint32_t product_id = 0;
  std::string connection_type; ///< "private" or "shared".
  std::uint32_t max_leases = 1;
  std::vector<std::string> locations;
  std::int64_t amount_minor = 0;
  std::int64_t period_ms = 0;
};

/// The lease book's answer to provision: the lease, and the balance right after the debit that
/// paid for it (the current balance if that debit was made before).
struct provisioned_lease {
  proxy_view proxy;
  std::int64_t balance_minor = 0;
};

/// From a payment to its account: credit the traffic bought, once per checkout.
struct purchase_traffic {
  std::string account_id;
  std::string checkout_id;
  std::uint64_t traffic_bytes = 0;
  std::int64_t money_minor = 0;
};

/// From an account to a session: the exit node for a tunnel of this session, binding it on first
/// use. `blacklist` is the account's discarded nodes.
struct bind_session {
  open_tunnel tunnel;
  std::set<std::string> blacklist;
};

/// From an account to a session: a tunnel of the session relayed bytes up to `at`, which counts
/// as use (sent at most once per activity_record_interval per tunnel).
struct session_used {
  events::timestamp at{};
};

/// From a session to the exit-node registry: keep `current` if it is still usable, else choose.
struct pick_request {
  std::string country;
  std::string service;
  std::string current; ///< Empty: the session is unbound.
  std::string avoid;   ///< The node the session just left (rotate): chosen only if alone.
  std::set<std::string> blacklist;
};

/// From the delivery reactor to a webhook: the receiver answered 410 Gone to `delivery_id`.
struct disable_webhook {
  std::string webhook_id;
  std::string delivery_id;
  std::string reason;
};

/// From the runtime to an account: final usage reports of its tunnels that closed at about the
/// same time, in one message (under churn, one per tunnel was most of an account's mailbox).
struct usage_batch {
  std::vector<usage_report> reports;
};

/// Per report of a usage_batch, in its order: the renewal, or the error the report met.
struct usage_batch_answer {
  std::vector<grant_renewal> renewals;
  std::vector<std::error_code> errors;
};

} // namespace sluice::actors
