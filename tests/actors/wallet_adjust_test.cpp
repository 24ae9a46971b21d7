// Operator corrections (WalletAdjusted) as pure rules: never below zero nor into credit open
// tunnels may still bill, a reference applies once, crossings emit the balance events, and the
// fold moves the wallet by exactly the correction.
#include <gtest/gtest.h>

#include "actors/account/account_rules.hpp"

namespace sluice::actors {
namespace {

account_state wallet(std::uint64_t bytes) {
  account_state s;
  evolve(s, events::account_created{"u_1", "a@example.com", "h", "b2b", std::nullopt}, {});
  evolve(s, events::wallet_credited{"u_1", bytes, 0, "test", ""}, {});
  return s;
}

TEST(WalletAdjust, ADebitMayTakeWhatIsNeitherMissingNorGrantedToOpenTunnels) {
  auto s = wallet(10'000);
  EXPECT_EQ(decide_adjust(s, {"u_1", -10'001, "too much", ""}, 0).error(), errc::wallet_empty);
  EXPECT_EQ(decide_adjust(s, {"u_1", -9'000, "granted", ""}, 2'000).error(), errc::wallet_empty);
  auto ok = decide_adjust(s, {"u_1", -8'000, "dispute", ""}, 2'000);
  ASSERT_TRUE(ok);
  ASSERT_EQ(ok->size(), 1U); // Never at 1 GB: no BalanceLow; not zero: no BalanceEmpty.
  for (const auto& e : *ok)
    evolve(s, e, {});
  EXPECT_EQ(s.traffic_bytes, 2'000U);
}

TEST(WalletAdjust, RefusesNonsenseAndAppliesAReferenceOnce) {
  auto s = wallet(100);
  EXPECT_EQ(decide_adjust(s, {"u_1", 0, "zero", ""}, 0).error(), errc::invalid_argument);
  EXPECT_EQ(decide_adjust(s, {"u_1", 5, "", ""}, 0).error(), errc::invalid_argument);
  EXPECT_EQ(decide_adjust(account_state{}, {"u_1", 5, "x", ""}, 0).error(), errc::not_found);
  EXPECT_EQ(decide_adjust(s, {"u_1", static_cast<std::int64_t>(wallet_bytes_max), "x", ""}, 0)
              .error(),
            errc::invalid_argument);
  auto first = decide_adjust(s, {"u_1", 50, "goodwill", "ticket-9"}, 0);
  ASSERT_TRUE(first);
  for (const auto& e : *first)
    evolve(s, e, {});
  EXPECT_EQ(s.traffic_bytes, 150U);
  EXPECT_TRUE(decide_adjust(s, {"u_1", 50, "goodwill", "ticket-9"}, 0)->empty());
}

TEST(WalletAdjust, ADebitCrossingBelowOneGbOrToZeroIsAnnounced) {
  auto s = wallet(balance_low_bytes + 10);
  auto low = decide_adjust(s, {"u_1", -20, "dispute", ""}, 0);
  ASSERT_TRUE(low);
  ASSERT_EQ(low->size(), 2U);
  EXPECT_EQ(std::get<events::balance_low>((*low)[1]).balance_bytes, balance_low_bytes - 10);
  for (const auto& e : *low)
    evolve(s, e, {});
  auto empty = decide_adjust(s, {"u_1", -static_cast<std::int64_t>(s.traffic_bytes), "all", ""},
                             0);
  ASSERT_TRUE(empty);
  ASSERT_EQ(empty->size(), 2U); // Already low: only BalanceEmpty.
  EXPECT_TRUE(std::holds_alternative<events::balance_empty>((*empty)[1]));
}

} // namespace
} // namespace sluice::actors
