// Grants and usage reports (DESIGN.md §4) as pure logic: what is granted never exceeds the
// wallet nor a key's cap, reports bill exactly and once, and BalanceLow/BalanceEmpty fire once
// per crossing.
#include <gtest/gtest.h>

#include "actors/account/metering.hpp"

namespace sluice::actors {
namespace {

constexpr std::uint64_t grant = 1'000;

account_state wallet(std::uint64_t bytes) {
  account_state s;
  s.account_id = "u_1";
  evolve(s, events::account_created{"u_1", "a@example.com", "h", "b2b", std::nullopt}, {});
  if (bytes > 0)
    evolve(s, events::wallet_credited{"u_1", bytes, 0, "test", ""}, {});
  return s;
}

open_tunnel tunnel(const std::string& id, const std::string& key = "key_a") {
  return {"u_1", key, "s1", "uk", "", id};
}

usage_report report(const std::string& id, std::uint64_t n, std::uint64_t up, std::uint64_t down,
                    bool final = false) {
  return {"u_1", id, n, up, down, final};
}

/// Applies a report the way the account actor does: decide, fold the events, settle.
std::uint64_t apply(account_state& s, tunnel_ledger& ledger, const usage_report& r) {
  const auto* t = ledger.find(r.tunnel_id);
  const auto billed = r.report > t->last_report ? billable(*t, r) : 0;
  for (const auto& e : decide_usage(s, *t, r))
    evolve(s, e, {});
  return ledger.settle(allowance_after(s, t->spec.key_id), r, billed, true, grant);
}

TEST(Metering, GrantsNeverExceedTheWalletAcrossTunnels) {
  auto s = wallet(2'500);
  tunnel_ledger ledger;
  EXPECT_EQ(ledger.open(s, tunnel("t1"), "uk-1", grant).value(), 1'000u);
  EXPECT_EQ(ledger.open(s, tunnel("t2"), "uk-1", grant).value(), 1'000u);
  EXPECT_EQ(ledger.open(s, tunnel("t3"), "uk-1", grant).value(), 500u);
  EXPECT_EQ(ledger.open(s, tunnel("t4"), "uk-1", grant).error(), errc::wallet_empty);
  EXPECT_EQ(ledger.reserved(), 2'500u);
}

TEST(Metering, AReportBillsExactlyOnceAndRenewsTheGrant) {
  auto s = wallet(10'000);
  tunnel_ledger ledger;
  ASSERT_TRUE(ledger.open(s, tunnel("t1"), "uk-1", grant));
  EXPECT_EQ(apply(s, ledger, report("t1", 1, 100, 50)), 150u); // Topped up to a full grant.
  EXPECT_EQ(s.traffic_bytes, 9'850u);
  // The same report again (its answer was lost): billed once, and the same renewal answered.
  EXPECT_EQ(apply(s, ledger, report("t1", 1, 100, 50)), 150u);
  EXPECT_EQ(s.traffic_bytes, 9'850u);
  EXPECT_EQ(ledger.reserved(), 1'000u);
  EXPECT_EQ(apply(s, ledger, report("t1", 2, 0, 0, true)), 0u);
  EXPECT_EQ(ledger.reserved(), 0u);
  EXPECT_EQ(ledger.find("t1"), nullptr);
}

TEST(Metering, AFastTunnelsGrantGrowsAndASlowOnesShrinksBack) {
  auto s = wallet(1'000'000);
  tunnel_ledger ledger;
  ASSERT_TRUE(ledger.open(s, tunnel("t1"), "uk-1", grant));
  // Reporting at half its grant each time, the tunnel's holding doubles, up to 256 grants.
  static_assert(grant_growth_max == 256);
  EXPECT_EQ(apply(s, ledger, report("t1", 1, 0, 500)), 1'500u);
  EXPECT_EQ(ledger.find("t1")->outstanding, 2'000u);
  EXPECT_EQ(apply(s, ledger, report("t1", 2, 0, 1'000)), 3'000u);
  EXPECT_EQ(ledger.find("t1")->outstanding, 4'000u);
  EXPECT_EQ(apply(s, ledger, report("t1", 3, 0, 3'900)), 15'500u);
  EXPECT_EQ(ledger.find("t1")->outstanding, 15'600u);
  EXPECT_EQ(apply(s, ledger, report("t1", 4, 0, 15'000)), 59'400u);
  EXPECT_EQ(ledger.find("t1")->outstanding, 60'000u);
  EXPECT_EQ(apply(s, ledger, report("t1", 5, 0, 59'000)), 235'000u);
  EXPECT_EQ(ledger.find("t1")->outstanding, 236'000u);
  EXPECT_EQ(apply(s, ledger, report("t1", 6, 0, 200'000)), 220'000u);
  EXPECT_EQ(ledger.find("t1")->outstanding, 256'000u); // The cap: 256 grants.
  // A quiet interval: nothing added while it holds more than one grant...
  EXPECT_EQ(apply(s, ledger, report("t1", 7, 0, 10)), 0u);
  // ...and the wallet still bounds every grant.
  EXPECT_LE(ledger.reserved(), s.traffic_bytes);
}

TEST(Metering, UsageBeyondTheGrantIsCutToIt) {
  auto s = wallet(10'000);
  tunnel_ledger ledger;
  ASSERT_TRUE(ledger.open(s, tunnel("t1"), "uk-1", grant));
  const auto decided = decide_usage(s, *ledger.find("t1"), report("t1", 1, 800, 800));
  ASSERT_EQ(decided.size(), 1u);
  const auto& m = std::get<events::bytes_metered>(decided[0]);
  EXPECT_EQ(m.bytes_up + m.bytes_down, 1'000u);
}

TEST(Metering, BalanceEventsFireOncePerCrossing) {
  auto s = wallet(balance_low_bytes + 500);
  tunnel_ledger ledger;
  ASSERT_TRUE(ledger.open(s, tunnel("t1"), "uk-1", grant));
  auto decided = decide_usage(s, *ledger.find("t1"), report("t1", 1, 400, 0));
  EXPECT_EQ(decided.size(), 1u); // Still at or above 1 GB.
  apply(s, ledger, report("t1", 1, 400, 0));
  decided = decide_usage(s, *ledger.find("t1"), report("t1", 2, 200, 0));
  ASSERT_EQ(decided.size(), 2u);
  EXPECT_EQ(std::get<events::balance_low>(decided[1]).balance_bytes, balance_low_bytes - 100);
  apply(s, ledger, report("t1", 2, 200, 0));
  decided = decide_usage(s, *ledger.find("t1"), report("t1", 3, 10, 0));
  EXPECT_EQ(decided.size(), 1u); // Already low: no second BalanceLow.
}

TEST(Metering, ReachingZeroIsBalanceEmptyAndACreditRearmsIt) {
  auto s = wallet(600);
  tunnel_ledger ledger;
  ASSERT_TRUE(ledger.open(s, tunnel("t1"), "uk-1", grant));
  auto decided = decide_usage(s, *ledger.find("t1"), report("t1", 1, 600, 0));
  ASSERT_EQ(decided.size(), 2u); // Never at 1 GB: no BalanceLow, but empty.
  EXPECT_TRUE(std::holds_alternative<events::balance_empty>(decided[1]));
  apply(s, ledger, report("t1", 1, 600, 0));
  EXPECT_EQ(s.traffic_bytes, 0u);
  EXPECT_FALSE(s.empty_armed);
  evolve(s, events::wallet_credited{"u_1", 50, 0, "again", ""}, {});
  EXPECT_TRUE(s.empty_armed);
}

void cap(account_state& s, const std::string& key, std::optional<std::uint64_t> bytes) {
  evolve(s, events::api_key_quota_set{key, "u_1", bytes}, {});
}

TEST(Metering, GrantsNeverExceedAKeysCapWhileOtherKeysGoOn) {
  auto s = wallet(10'000);
  cap(s, "key_a", 1'500);
  tunnel_ledger ledger;
  EXPECT_EQ(ledger.open(s, tunnel("t1", "key_a"), "uk-1", grant).value(), 1'000u);
  EXPECT_EQ(ledger.open(s, tunnel("t2", "key_a"), "uk-1", grant).value(), 500u);
  EXPECT_EQ(ledger.open(s, tunnel("t3", "key_a"), "uk-1", grant).error(), errc::quota_exceeded);
  EXPECT_EQ(ledger.open(s, tunnel("t4", "key_b"), "uk-1", grant).value(), 1'000u);
  EXPECT_EQ(ledger.held_by_key("key_a"), 1'500u);
  EXPECT_EQ(ledger.reserved(), 2'500u);
}

TEST(Metering, RenewalStopsAtTheCapAndAResetOpensItAgain) {
  auto s = wallet(10'000);
  cap(s, "key_a", 1'500);
  tunnel_ledger ledger;
  ASSERT_TRUE(ledger.open(s, tunnel("t1"), "uk-1", grant));
  EXPECT_EQ(apply(s, ledger, report("t1", 1, 0, 1'000)), 500u);
  EXPECT_EQ(apply(s, ledger, report("t1", 2, 0, 500)), 0u);
  EXPECT_EQ(allowance_of(s, "key_a").used_bytes, 1'500u);
  EXPECT_EQ(s.traffic_bytes, 8'500u);
  EXPECT_EQ(ledger.refusal(s, "key_a").error(), errc::quota_exceeded);
  EXPECT_TRUE(ledger.refusal(s, "key_b"));
  evolve(s, events::api_key_usage_reset{"key_a", "u_1"}, {});
  EXPECT_TRUE(ledger.refusal(s, "key_a"));
  EXPECT_EQ(apply(s, ledger, report("t1", 3, 0, 0)), 1'000u);
}

TEST(Metering, AnEmptyWalletIsReportedBeforeAnExhaustedCap) {
  auto s = wallet(0);
  cap(s, "key_a", 0);
  EXPECT_EQ(tunnel_ledger{}.refusal(s, "key_a").error(), errc::wallet_empty);
}

TEST(Metering, KeyCapsAndTalliesSurviveASnapshot) {
  auto s = wallet(10'000);
  cap(s, "key_a", 1'500);
  evolve(s, events::bytes_metered{"u_1", "key_b", "s1", "uk", "", "uk-1", "t1", 1, 10, 20}, {});
  auto back = account_from_snapshot(to_snapshot(s));
  ASSERT_TRUE(back);
  EXPECT_EQ(allowance_of(*back, "key_a").quota_bytes, std::optional<std::uint64_t>{1'500});
  EXPECT_EQ(allowance_of(*back, "key_b").used_bytes, 30u);
  EXPECT_EQ(allowance_of(*back, "key_b").quota_bytes, std::nullopt);
}

} // namespace
} // namespace sluice::actors
