// Delivery rules: ids, bodies, signatures and the retry schedule.
#include "actors/reactors/delivery_rules.hpp"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cstdio>

#include "infra/crypto.hpp"
#include "infra/webhook_signature.hpp"

namespace sluice::actors {
namespace {

constexpr std::size_t delivery_id_hex = 24;
constexpr double bytes_per_gb = 1e9;

std::string json_string(const std::string& s) {
  return boost::json::serialize(boost::json::value(s));
}

std::string event_name_of(const events::any_event& trigger) {
  if (std::holds_alternative<events::balance_low>(trigger))
    return "balance.low";
  if (std::holds_alternative<events::balance_empty>(trigger))
    return "balance.empty";
  return {};
}

} // namespace

std::string delivery_stream(const std::string& delivery_id) {
  return "delivery/" + delivery_id;
}

std::string delivery_id_for(const std::string& trigger_event_id, const std::string& webhook_id) {
  return "dlv_" + infra::sha256_hex(trigger_event_id + "/" + webhook_id).substr(0, delivery_id_hex);
}

std::string delivery_body(const std::string& event, const std::string& account_id,
                          std::uint64_t balance_bytes, events::timestamp ts) {
  char gb[32];
  std::snprintf(gb, sizeof gb, "%.2f", static_cast<double>(balance_bytes) / bytes_per_gb);
  return R"({"event":)" + json_string(event) + R"(,"customer_id":)" + json_string(account_id)
         + R"(,"balance_bytes":)" + std::to_string(balance_bytes) + R"(,"balance_gb":)" + gb
         + R"(,"ts":)" + json_string(events::format_timestamp(ts)) + "}";
}

std::vector<events::webhook_delivery_scheduled>
deliveries_for_trigger(const delivery_fold& fold, const events::envelope& env,
                       const events::any_event& trigger, events::timestamp now,
                       std::chrono::milliseconds horizon) {
  std::vector<events::webhook_delivery_scheduled> out;
  const auto name = event_name_of(trigger);
  if (name.empty() || now - env.ts > horizon)
    return out;
  std::string account_id;
  std::uint64_t balance = 0;
  if (const auto* low = std::get_if<events::balance_low>(&trigger)) {
    account_id = low->account_id;
    balance = low->balance_bytes;
  } else {
    account_id = std::get<events::balance_empty>(trigger).account_id;
  }
  const auto body = delivery_body(name, account_id, balance, env.ts);
  for (const auto& [webhook_id, hook] : fold.hooks) {
    if (hook.account_id != account_id || !hook.active
        || std::find(hook.events.begin(), hook.events.end(), name) == hook.events.end()) {
      continue;
    }
    out.push_back(
      {delivery_id_for(env.id, webhook_id), webhook_id, account_id, name, env.id, body});
  }
  return out;
}

std::vector<std::pair<std::string, std::string>>
delivery_headers(const pending_delivery& d, const std::string& secret, std::int64_t unix_seconds) {
  std::vector<std::pair<std::string, std::string>> headers{
    {"X-Vela-Signature", infra::vela_signature(secret, d.body)},
    {"webhook-id", d.delivery_id},
    {"webhook-timestamp", std::to_string(unix_seconds)}};
  if (auto sw = infra::standard_webhooks_signature(secret, d.delivery_id, unix_seconds, d.body))
    headers.emplace_back("webhook-signature", *sw);
  return headers;
}

attempt_outcome decide_attempt(const pending_delivery& d, bool manual,
                               const infra::webhook_response& answer, events::timestamp now,
                               const retry_policy& policy, std::mt19937_64& rng) {
  attempt_outcome out;
  const bool success = answer.status >= 200 && answer.status < 300;
  const bool gone = answer.status == 410;
  events::webhook_delivery_attempted attempted{
    d.delivery_id, d.webhook_id,   d.account_id,
    d.event,       d.attempts + 1, manual,
    success,       answer.status,  static_cast<std::uint64_t>(answer.duration.count()),
    answer.error,  std::nullopt};
  std::optional<std::string> outcome;
  if (success) {
    outcome = "delivered";
  } else if (gone) {
    outcome = "webhook_gone";
    out.disable_webhook = true;
  } else if (manual) {
    // By hand: the schedule (if still running) keeps its next attempt.
    if (!d.completed)
      attempted.next_attempt_at = events::format_timestamp(d.due_at);
  } else if (d.scheduled_attempts < policy.schedule.size()) {
    std::chrono::milliseconds delay = policy.schedule[d.scheduled_attempts];
    if (answer.retry_after) {
      delay = std::min<std::chrono::milliseconds>(*answer.retry_after, policy.retry_after_max);
    } else {
      std::uniform_real_distribution<double> stretch(1.0 - policy.jitter, 1.0 + policy.jitter);
      delay = std::chrono::milliseconds{
        static_cast<std::int64_t>(static_cast<double>(delay.count()) * stretch(rng))};
    }
    attempted.next_attempt_at = events::format_timestamp(now + delay);
  } else {
    outcome = "given_up";
  }
  out.events.emplace_back(std::move(attempted));
  if (outcome && !d.completed) {
    out.events.emplace_back(events::webhook_delivery_completed{
      d.delivery_id, d.webhook_id, d.account_id, *outcome, d.attempts + 1});
  }
  return out;
}

events::any_event end_without_attempt(const pending_delivery& d, std::string outcome) {
  return events::webhook_delivery_completed{d.delivery_id, d.webhook_id, d.account_id,
                                            std::move(outcome), d.attempts};
}

} // namespace sluice::actors
