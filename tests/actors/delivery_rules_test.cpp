// Webhook delivery rules and the reactor's fold, without CAF: which triggers schedule what, the
// exact body, the retry schedule with jitter, Retry-After capped at an hour, 410, giving up,
// redeliveries by hand, and a snapshot that reads back as the same fold.
#include <gtest/gtest.h>

#include "actors/reactors/delivery_rules.hpp"
#include "actors/reactors/delivery_state.hpp"

namespace sluice::actors {
namespace {

using namespace std::chrono_literals;

const events::timestamp t0{std::chrono::sys_days{std::chrono::year{2026} / 11 / 23}};

events::envelope envelope_of(const events::any_event& e, std::string stream, std::uint64_t seq,
                             std::uint64_t version, events::timestamp ts = t0) {
  auto data = events::encode(e);
  return {seq, "evt_" + std::to_string(seq), data.type, std::move(stream), version, ts, data.data};
}

delivery_fold fold_with_hooks() {
  delivery_fold fold;
  fold.hooks["wh_a"] = {"u_1", "https://a.example/h", {"balance.low", "balance.empty"}, "s", true};
  fold.hooks["wh_b"] = {"u_1", "https://b.example/h", {"balance.empty"}, "s", true};
  fold.hooks["wh_off"] = {"u_1", "https://c.example/h", {"balance.low"}, "s", false};
  fold.hooks["wh_other"] = {"u_2", "https://d.example/h", {"balance.low"}, "s", true};
  return fold;
}

TEST(DeliveryRules, TheBodyIsTheSeedsPayloadByteForByte) {
  EXPECT_EQ(delivery_body("balance.low", "u_abc123", 943'718'400, t0),
            R"({"event":"balance.low","customer_id":"u_abc123","balance_bytes":943718400,)"
            R"("balance_gb":0.94,"ts":"2026-11-23T00:00:00.000Z"})");
  EXPECT_EQ(delivery_body("balance.empty", "u_\"x", 0, t0),
            R"({"event":"balance.empty","customer_id":"u_\"x","balance_bytes":0,)"
            R"("balance_gb":0.00,"ts":"2026-11-23T00:00:00.000Z"})");
}

TEST(DeliveryRules, ATriggerSchedulesOneDeliveryPerSubscribedActiveWebhookOfItsAccount) {
  const auto fold = fold_with_hooks();
  const events::any_event low = events::balance_low{"u_1", 5};
  auto env = envelope_of(low, "account/u_1", 10, 3);
  auto scheduled = deliveries_for_trigger(fold, env, low, t0 + 1s, 24h);
  ASSERT_EQ(scheduled.size(), 1U);
  EXPECT_EQ(scheduled[0].webhook_id, "wh_a");
  EXPECT_EQ(scheduled[0].event, "balance.low");
  EXPECT_EQ(scheduled[0].trigger_event_id, "evt_10");
  EXPECT_EQ(scheduled[0].delivery_id, delivery_id_for("evt_10", "wh_a"));
  EXPECT_EQ(scheduled[0].delivery_id.size(), 4U + 24U);
  EXPECT_NE(delivery_id_for("evt_10", "wh_a"), delivery_id_for("evt_10", "wh_b"));

  const events::any_event empty = events::balance_empty{"u_1"};
  auto env2 = envelope_of(empty, "account/u_1", 11, 4);
  EXPECT_EQ(deliveries_for_trigger(fold, env2, empty, t0 + 1s, 24h).size(), 2U);
  // Older than the whole schedule: it would be given up before its first attempt.
  EXPECT_TRUE(deliveries_for_trigger(fold, env2, empty, t0 + 25h, 24h).empty());
  const events::any_event other = events::wallet_credited{};
  EXPECT_TRUE(deliveries_for_trigger(fold, env2, other, t0, 24h).empty());
}

pending_delivery delivery(std::uint64_t attempts = 0) {
  pending_delivery d{"dlv_1", "wh_a", "u_1", "balance.low", "{}", 1 + attempts, attempts, attempts};
  d.due_at = t0;
  return d;
}

retry_policy policy() {
  return {{5s, 30s, 2min}, 3600s, 0.2};
}

const auto& attempted(const attempt_outcome& o) {
  return std::get<events::webhook_delivery_attempted>(o.events.at(0));
}

TEST(DeliveryRules, FailuresFollowTheScheduleWithJitterThenGiveUp) {
  std::mt19937_64 rng{42};
  infra::webhook_response failed{500, 12ms, "", std::nullopt};
  for (std::uint64_t n = 0; n < 3; ++n) {
    auto o = decide_attempt(delivery(n), false, failed, t0, policy(), rng);
    ASSERT_EQ(o.events.size(), 1U);
    const auto& a = attempted(o);
    EXPECT_EQ(a.attempt, n + 1);
    EXPECT_EQ(a.response_status, 500U);
    EXPECT_EQ(a.duration_ms, 12U);
    ASSERT_TRUE(a.next_attempt_at);
    const auto next = *events::parse_timestamp(*a.next_attempt_at);
    const auto base = policy().schedule[n];
    EXPECT_GE(next - t0, base * 8 / 10);
    EXPECT_LE(next - t0, base * 12 / 10);
  }
  auto last = decide_attempt(delivery(3), false, failed, t0, policy(), rng);
  ASSERT_EQ(last.events.size(), 2U);
  EXPECT_FALSE(attempted(last).next_attempt_at);
  const auto& done = std::get<events::webhook_delivery_completed>(last.events[1]);
  EXPECT_EQ(done.outcome, "given_up");
  EXPECT_EQ(done.attempts, 4U);
}

TEST(DeliveryRules, RetryAfterReplacesTheDelayUpToAnHour) {
  std::mt19937_64 rng{1};
  infra::webhook_response busy{503, 1ms, "", 90s};
  auto o = decide_attempt(delivery(), false, busy, t0, policy(), rng);
  EXPECT_EQ(*attempted(o).next_attempt_at, events::format_timestamp(t0 + 90s));
  busy.retry_after = std::chrono::seconds{86400};
  o = decide_attempt(delivery(), false, busy, t0, policy(), rng);
  EXPECT_EQ(*attempted(o).next_attempt_at, events::format_timestamp(t0 + 1h));
}

TEST(DeliveryRules, SuccessAndGoneEndTheDelivery) {
  std::mt19937_64 rng{1};
  auto ok = decide_attempt(delivery(2), false, {204, 3ms, "", std::nullopt}, t0, policy(), rng);
  EXPECT_TRUE(attempted(ok).success);
  EXPECT_EQ(std::get<events::webhook_delivery_completed>(ok.events.at(1)).outcome, "delivered");
  EXPECT_FALSE(ok.disable_webhook);
  auto gone = decide_attempt(delivery(), false, {410, 3ms, "", std::nullopt}, t0, policy(), rng);
  EXPECT_FALSE(attempted(gone).success);
  EXPECT_EQ(std::get<events::webhook_delivery_completed>(gone.events.at(1)).outcome,
            "webhook_gone");
  EXPECT_TRUE(gone.disable_webhook);
}

TEST(DeliveryRules, ARedeliveryByHandLeavesTheScheduleAlone) {
  std::mt19937_64 rng{1};
  auto pending = delivery(1);
  pending.due_at = t0 + 30s;
  auto o = decide_attempt(pending, true, {0, 2000ms, "timeout", std::nullopt}, t0, policy(), rng);
  ASSERT_EQ(o.events.size(), 1U);
  EXPECT_TRUE(attempted(o).manual);
  EXPECT_EQ(*attempted(o).next_attempt_at, events::format_timestamp(t0 + 30s));
  auto finished = delivery(4);
  finished.completed = true;
  o = decide_attempt(finished, true, {200, 2ms, "", std::nullopt}, t0, policy(), rng);
  ASSERT_EQ(o.events.size(), 1U); // Completed already: no second outcome.
  EXPECT_EQ(attempted(o).attempt, 5U);
}

TEST(DeliveryFold, HoldsADeliveryUntilNothingMoreIsOwed) {
  delivery_fold fold = fold_with_hooks();
  const std::string stream = "delivery/dlv_1";
  const events::any_event scheduled
    = events::webhook_delivery_scheduled{"dlv_1", "wh_a", "u_1", "balance.low", "evt_9", "{}"};
  evolve(fold, envelope_of(scheduled, stream, 20, 1), scheduled);
  ASSERT_TRUE(fold.deliveries.contains("dlv_1"));
  EXPECT_EQ(fold.deliveries["dlv_1"].due_at, t0);
  const events::any_event failed
    = events::webhook_delivery_attempted{"dlv_1",
                                         "wh_a",
                                         "u_1",
                                         "balance.low",
                                         1,
                                         false,
                                         false,
                                         500,
                                         3,
                                         "",
                                         events::format_timestamp(t0 + 5s)};
  evolve(fold, envelope_of(failed, stream, 21, 2), failed);
  EXPECT_EQ(fold.deliveries["dlv_1"].due_at, t0 + 5s);
  EXPECT_EQ(fold.deliveries["dlv_1"].version, 2U);
  EXPECT_EQ(fold.deliveries["dlv_1"].scheduled_attempts, 1U);

  const auto snapshot = to_snapshot(fold);
  auto back = delivery_fold_from_snapshot(snapshot);
  ASSERT_TRUE(back);
  EXPECT_EQ(to_snapshot(*back), snapshot);
  EXPECT_EQ(back->position, 21U);

  const events::any_event done = events::webhook_delivery_completed{"dlv_1", "wh_a", "u_1",
                                                                    "delivered", 2};
  evolve(fold, envelope_of(done, stream, 23, 4), done);
  EXPECT_FALSE(fold.deliveries.contains("dlv_1"));
  // A redelivery of a delivery no longer held brings it back, owing one attempt by hand.
  const events::any_event again = events::webhook_redelivery_requested{"dlv_1",       "wh_a", "u_1",
                                                                       "balance.low", "{}",   2};
  evolve(fold, envelope_of(again, stream, 30, 5), again);
  ASSERT_TRUE(fold.deliveries.contains("dlv_1"));
  EXPECT_EQ(fold.deliveries["dlv_1"].manual_owed, 1U);
  EXPECT_TRUE(fold.deliveries["dlv_1"].completed);
  EXPECT_EQ(fold.deliveries["dlv_1"].attempts, 2U);
  // An attempt of a delivery nothing is held of is ignored, not invented.
  const events::any_event stray = events::webhook_delivery_completed{"dlv_9", "wh_a", "u_1",
                                                                     "delivered", 1};
  evolve(fold, envelope_of(stray, "delivery/dlv_9", 31, 3), stray);
  EXPECT_FALSE(fold.deliveries.contains("dlv_9"));
  EXPECT_EQ(fold.position, 31U);
}

events::any_event attempt_by_hand(std::uint64_t number) {
  return events::webhook_delivery_attempted{
    "dlv_1", "wh_a", "u_1", "balance.low", number, true, true, 200, 3, "", std::nullopt};
}

TEST(DeliveryFold, ARedeliveryRequestedWhileOneIsInFlightGetsAnAttemptOfItsOwn) {
  delivery_fold fold = fold_with_hooks();
  const std::string stream = "delivery/dlv_1";
  const events::any_event again = events::webhook_redelivery_requested{"dlv_1",       "wh_a", "u_1",
                                                                       "balance.low", "{}",   1};
  evolve(fold, envelope_of(again, stream, 40, 4), again);
  // The attempt by hand for the first request is on its way when the second comes in.
  evolve(fold, envelope_of(again, stream, 41, 5), again);
  EXPECT_EQ(fold.deliveries["dlv_1"].manual_owed, 2U);
  const auto second = attempt_by_hand(2);
  evolve(fold, envelope_of(second, stream, 42, 6), second);
  ASSERT_TRUE(fold.deliveries.contains("dlv_1"));
  EXPECT_EQ(fold.deliveries["dlv_1"].manual_owed, 1U);
  EXPECT_EQ(fold.deliveries["dlv_1"].attempts, 2U);
  const auto third = attempt_by_hand(3);
  evolve(fold, envelope_of(third, stream, 43, 7), third);
  EXPECT_FALSE(fold.deliveries.contains("dlv_1")); // Nothing more is owed.
}

TEST(DeliveryFold, ASnapshotFromBeforeTheCountReadsItsFlagAsOneOwed) {
  const std::string before = R"({"position":7,"hooks":{},"deliveries":{"dlv_1":{)"
                             R"("webhook_id":"wh_a","account_id":"u_1","event":"balance.low",)"
                             R"("body":"{}","version":3,"attempts":2,"scheduled_attempts":1,)"
                             R"("due_at":"2026-11-23T00:00:00.000Z","completed":true,)"
                             R"("manual":true}}})";
  auto fold = delivery_fold_from_snapshot(before);
  ASSERT_TRUE(fold);
  EXPECT_EQ(fold->deliveries["dlv_1"].manual_owed, 1U);
  auto none
    = delivery_fold_from_snapshot(std::string{before}.replace(before.find("true}}"), 4, "false"));
  ASSERT_TRUE(none);
  EXPECT_EQ(none->deliveries["dlv_1"].manual_owed, 0U);
}

TEST(DeliveryFold, FollowsWebhookRegistrationsDeletionsAndDisabling) {
  delivery_fold fold;
  const events::any_event reg
    = events::webhook_registered{"wh_x", "u_1", "https://x.example/", {"balance.low"}, "sealed"};
  evolve(fold, envelope_of(reg, "webhook/wh_x", 1, 1), reg);
  ASSERT_TRUE(fold.hooks.contains("wh_x"));
  EXPECT_TRUE(fold.hooks["wh_x"].active);
  const events::any_event off = events::webhook_disabled{"wh_x", "u_1", "410", "dlv_1"};
  evolve(fold, envelope_of(off, "webhook/wh_x", 2, 2), off);
  EXPECT_FALSE(fold.hooks["wh_x"].active);
  const events::any_event del = events::webhook_deleted{"wh_x", "u_1"};
  evolve(fold, envelope_of(del, "webhook/wh_x", 3, 3), del);
  EXPECT_FALSE(fold.hooks.contains("wh_x"));
  EXPECT_TRUE(reactor_reads("BalanceLow"));
  EXPECT_FALSE(reactor_reads("BytesMetered"));
}

} // namespace
} // namespace sluice::actors
