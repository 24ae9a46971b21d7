// Events of one webhook delivery (stream "delivery/{id}"), written only by the delivery reactor
// (actors/reactors/). A delivery is one triggering event sent to one webhook: scheduled once,
// then attempted until it completes. The body is fixed when scheduled, so every attempt (and a
// redelivery by hand) sends the same bytes under the same `webhook-id`.
#pragma once

#include <boost/describe/class.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sluice::events {

struct webhook_delivery_scheduled {
  static constexpr std::string_view type = "WebhookDeliveryScheduled";
  std::string delivery_id;
  std::string webhook_id;
  std::string account_id;
  std::string event;            ///< "balance.low" or "balance.empty".
  std::string trigger_event_id; ///< The BalanceLow/BalanceEmpty event that caused it.
  std::string body;             ///< The exact JSON body every attempt sends.
};
BOOST_DESCRIBE_STRUCT(webhook_delivery_scheduled, (),
                      (delivery_id, webhook_id, account_id, event, trigger_event_id, body))

/// One POST to the receiver. `response_status` is 0 when no response came (`error` says why).
struct webhook_delivery_attempted {
  static constexpr std::string_view type = "WebhookDeliveryAttempted";
  std::string delivery_id;
  std::string webhook_id;
  std::string account_id;
  std::string event;
  std::uint64_t attempt = 0; ///< 1 for the first; redeliveries by hand count on.
  bool manual = false;       ///< Sent by POST .../redeliver, not by the retry schedule.
  bool success = false;      ///< A 2xx answer.
  std::uint64_t response_status = 0;
  std::uint64_t duration_ms = 0;
  std::string error;
  /// When the schedule tries again; absent when this attempt ended the delivery.
  std::optional<std::string> next_attempt_at;
};
BOOST_DESCRIBE_STRUCT(webhook_delivery_attempted, (),
                      (delivery_id, webhook_id, account_id, event, attempt, manual, success,
                       response_status, duration_ms, error, next_attempt_at))

/// The delivery needs nothing more: "delivered", "given_up" (the schedule ran out),
/// "webhook_gone" (the receiver answered 410), "webhook_disabled" or "webhook_deleted".
struct webhook_delivery_completed {
  static constexpr std::string_view type = "WebhookDeliveryCompleted";
  std::string delivery_id;
  std::string webhook_id;
  std::string account_id;
  std::string outcome;
  std::uint64_t attempts = 0;
};
BOOST_DESCRIBE_STRUCT(webhook_delivery_completed, (),
                      (delivery_id, webhook_id, account_id, outcome, attempts))

/// POST .../redeliver: one more attempt now, whatever the delivery's state. Carries what the
/// attempt needs, so a delivery completed long ago can be sent again.
struct webhook_redelivery_requested {
  static constexpr std::string_view type = "WebhookRedeliveryRequested";
  std::string delivery_id;
  std::string webhook_id;
  std::string account_id;
  std::string event;
  std::string body;
  std::uint64_t attempts = 0; ///< Attempts made before this request.
};
BOOST_DESCRIBE_STRUCT(webhook_redelivery_requested, (),
                      (delivery_id, webhook_id, account_id, event, body, attempts))

} // namespace sluice::events
