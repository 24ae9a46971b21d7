// Rules of webhook delivery, free of CAF: which deliveries a triggering event schedules, what a
// delivery's body and headers are, and what an attempt's answer leads to.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "actors/reactors/delivery_state.hpp"
#include "infra/webhook_sender.hpp"

namespace sluice::actors {

/// The stream of a delivery.
std::string delivery_stream(const std::string& delivery_id);

/// "dlv_" + 24 hex digits of SHA-256(trigger event id, webhook id): the same trigger and webhook
/// always name the same delivery, so scheduling it twice is a version conflict, not a duplicate.
std::string delivery_id_for(const std::string& trigger_event_id, const std::string& webhook_id);

/// Seed 000 §09's payload, byte for byte in that field order, `balance_gb` with two decimals.
std::string delivery_body(const std::string& event, const std::string& account_id,
                          std::uint64_t balance_bytes, events::timestamp ts);

/// The deliveries `trigger` (BalanceLow / BalanceEmpty) owes: one per active webhook of its
/// account subscribed to the event. A trigger older than `horizon` (the whole retry schedule)
/// schedules nothing: it would be given up before its first attempt, and a first start on an old
/// log must not send stale alerts.
std::vector<events::webhook_delivery_scheduled>
deliveries_for_trigger(const delivery_fold& fold, const events::envelope& env,
                       const events::any_event& trigger, events::timestamp now,
                       std::chrono::milliseconds horizon);

/// X-Vela-Signature (hex HMAC of the body, keyed with the whole secret, as the seeds' sample
/// code verifies), and Standard Webhooks' webhook-id (the delivery id: stable across retries),
/// webhook-timestamp and webhook-signature.
std::vector<std::pair<std::string, std::string>>
delivery_headers(const pending_delivery& d, const std::string& secret, std::int64_t unix_seconds);

struct retry_policy {
  std::vector<std::chrono::milliseconds> schedule; ///< Delay after the 1st, 2nd, … failure.
  std::chrono::seconds retry_after_max{3600};
  double jitter = 0.2; ///< Each delay is stretched or shrunk by up to this fraction.
};

/// What an attempt's answer leads to: the events for the delivery's stream, and whether the
/// webhook is to be disabled (410 Gone).
struct attempt_outcome {
  std::vector<events::any_event> events;
  bool disable_webhook = false;
};

attempt_outcome decide_attempt(const pending_delivery& d, bool manual,
                               const infra::webhook_response& answer, events::timestamp now,
                               const retry_policy& policy, std::mt19937_64& rng);

/// A delivery whose webhook is gone or disabled ends without an attempt ("webhook_deleted",
/// "webhook_disabled").
events::any_event end_without_attempt(const pending_delivery& d, std::string outcome);

} // namespace sluice::actors
