// The catalogue of event types this build knows, and the conversion between typed events and
// the (type, JSON data) pairs the log stores. Unknown types decode to unknown_event, unchanged.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <variant>

#include "events/account_events.hpp"
#include "events/api_key_events.hpp"
#include "events/base/result.hpp"
#include "events/envelope.hpp"
#include "events/lease_events.hpp"
#include "events/node_events.hpp"
#include "events/order_events.hpp"
#include "events/payment_events.hpp"
#include "events/sequence_events.hpp"
#include "events/session_events.hpp"
#include "events/webhook_delivery_events.hpp"
#include "events/webhook_events.hpp"

namespace sluice::events {

/// An event of a type this build does not know (written by a newer version): kept verbatim.
struct unknown_event {
  std::string type;
  boost::json::object data;
};

using any_event = std::variant<
  unknown_event, account_created, email_claimed, wallet_credited, traffic_purchased, bytes_metered,
  primary_key_assigned, api_key_minted, api_key_revoked, api_key_quota_set, api_key_usage_reset,
  checkout_created, payment_completed, webhook_registered, webhook_deleted, balance_low,
  balance_empty, exit_node_blacklisted, session_bound, session_rotated, session_discarded,
  session_expired, session_active, wallet_adjusted, webhook_disabled, webhook_delivery_scheduled,
  webhook_delivery_attempted, webhook_delivery_completed, webhook_redelivery_requested,
  node_registered, node_down, node_up, node_retired, balance_credited, balance_debited,
  order_created, order_paid, order_activated, proxy_provisioned, proxy_expired, id_issued,
  proxy_disconnected, proxy_connected, proxy_reset, proxy_fingerprint_set, lease_bytes_metered>;

/// The wire name of the event held.
std::string_view type_name(const any_event& event);

/// Typed event to (type, data). An unknown_event gives back its own type and data.
event_data encode(const any_event& event);

/// (type, data) to a typed event. Unknown type: unknown_event. Known type with missing or
/// mistyped fields: errc::corrupt_data. Fields this build does not know are ignored.
result<any_event> decode(std::string_view type, const boost::json::object& data);

/// Convenience: decode(e.type, e.data).
result<any_event> decode(const envelope& e);

} // namespace sluice::events
