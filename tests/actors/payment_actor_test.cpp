// Top-ups end to end inside the actors: pricing, a checkout, confirmation crediting the wallet
// exactly once however often and however concurrently it is confirmed.
#include <gtest/gtest.h>

#include "actors/payment/pricing.hpp"
#include "events/base/errc.hpp"
#include "tests/actors/runtime_fixture.hpp"

namespace sluice::actors {
namespace {

using testing_support::begin_call;
using testing_support::call;

TEST(Pricing, PricesTheWholeAmountAtTheHighestTierReached) {
  const infra::billing_config billing; // 5.00 minimum; 15/12/10 per TB from 0/100/1000.
  EXPECT_EQ(price_topup(billing, 1000)->traffic_bytes, 666'666'666'666U);
  EXPECT_EQ(price_topup(billing, 1000)->price_per_tb_minor, 1500);
  EXPECT_EQ(price_topup(billing, 9'999)->traffic_bytes, 6'666'000'000'000U);
  EXPECT_EQ(price_topup(billing, 10'000)->traffic_bytes, 8'333'333'333'333U);
  EXPECT_EQ(price_topup(billing, 100'000)->traffic_bytes, 100'000'000'000'000U);
  EXPECT_EQ(price_topup(billing, 500)->traffic_bytes, 333'333'333'333U);
}

TEST(Pricing, RefusesAmountsUnderTheMinimumOrOverTheCap) {
  const infra::billing_config billing;
  EXPECT_EQ(price_topup(billing, 499).error(), errc::invalid_argument);
  EXPECT_EQ(price_topup(billing, 0).error(), errc::invalid_argument);
  EXPECT_EQ(price_topup(billing, -1000).error(), errc::invalid_argument);
  EXPECT_EQ(price_topup(billing, topup_max_minor + 1).error(), errc::invalid_argument);
  EXPECT_TRUE(price_topup(billing, topup_max_minor));
}

class Payments : public RuntimeFixture {
protected:
  checkout_view checkout(const std::string& account_id, std::int64_t amount_minor) {
    auto r = call<checkout_view>([&](auto h) {
      port().async_create_checkout({account_id, amount_minor}, std::move(h));
    });
    EXPECT_FALSE(r.error) << r.error.message();
    return r.value;
  }
  std::vector<std::string> types_of(const std::string& stream) {
    std::vector<std::string> out;
    for (const auto& e : *log().read_stream(stream, 1, 100))
      out.push_back(e.type);
    return out;
  }
};

TEST_F(Payments, ConcurrentConfirmationsCreditTheWalletOnce) {
  const auto account = create("payer@example.com");
  const auto pending = checkout(account.account_id, 1000);
  EXPECT_EQ(pending.status, "pending");
  EXPECT_EQ(pending.traffic_bytes, 666'666'666'666U);
  EXPECT_EQ(pending.currency, "EUR");

  std::vector<std::future<testing_support::outcome<checkout_view>>> confirms;
  for (int i = 0; i < 8; ++i) {
    confirms.push_back(begin_call<checkout_view>(
      [&](auto h) { port().async_confirm_checkout(pending.checkout_id, std::move(h)); }));
  }
  std::optional<events::timestamp> completed_at;
  for (auto& f : confirms) {
    auto r = f.get();
    ASSERT_FALSE(r.error) << r.error.message();
    EXPECT_EQ(r.value.status, "completed");
    if (!completed_at)
      completed_at = r.value.completed_at;
    EXPECT_EQ(r.value.completed_at, completed_at); // The same result every time.
  }
  auto after = call<account_view>(
    [&](auto h) { port().async_get_account(account.account_id, std::move(h)); });
  EXPECT_EQ(after.value.traffic_bytes, 666'666'666'666U);
  EXPECT_EQ(types_of("payment/" + pending.checkout_id),
            (std::vector<std::string>{"CheckoutCreated", "PaymentCompleted"}));
  EXPECT_EQ(types_of("account/" + account.account_id),
            (std::vector<std::string>{"AccountCreated", "TrafficPurchased"}));
}

TEST_F(Payments, ACheckoutIsVisibleToItsOwnerOnlyAndUnknownOnesAreNotFound) {
  const auto owner = create("owner@example.com");
  const auto other = create("other@example.com");
  const auto pending = checkout(owner.account_id, 2500);
  auto mine = call<checkout_view>([&](auto h) {
    port().async_get_checkout({owner.account_id, pending.checkout_id}, std::move(h));
  });
  EXPECT_FALSE(mine.error);
  EXPECT_EQ(mine.value.amount_minor, 2500);
  auto theirs = call<checkout_view>([&](auto h) {
    port().async_get_checkout({other.account_id, pending.checkout_id}, std::move(h));
  });
  EXPECT_EQ(theirs.error, errc::not_found);
  auto unknown = call<checkout_view>(
    [&](auto h) { port().async_confirm_checkout("chk_doesnotexist", std::move(h)); });
  EXPECT_EQ(unknown.error, errc::not_found);
}

TEST_F(Payments, RefusesACheckoutUnderTheMinimumAndWritesNothing) {
  const auto account = create("small@example.com");
  const auto before = log().last_seq();
  auto r = call<checkout_view>([&](auto h) {
    port().async_create_checkout({account.account_id, 499}, std::move(h));
  });
  EXPECT_EQ(r.error, errc::invalid_argument);
  EXPECT_EQ(log().last_seq(), before);
}

TEST_F(Payments, ACompletedCheckoutSurvivesARestart) {
  const auto account = create("restart@example.com");
  const auto pending = checkout(account.account_id, 10'000);
  ASSERT_FALSE(call<checkout_view>([&](auto h) {
                 port().async_confirm_checkout(pending.checkout_id, std::move(h));
               }).error);
  reopen();
  auto again = call<checkout_view>(
    [&](auto h) { port().async_confirm_checkout(pending.checkout_id, std::move(h)); });
  EXPECT_EQ(again.value.status, "completed");
  auto after = call<account_view>(
    [&](auto h) { port().async_get_account(account.account_id, std::move(h)); });
  EXPECT_EQ(after.value.traffic_bytes, 8'333'333'333'333U);
}

} // namespace
} // namespace sluice::actors
