// The money balance (issue #21): integer minor units on the account stream, credited by operators
// and debited once per reference by whatever is paid for, never below zero, and rebuilt equal
// after a restart. The bounded memory of idempotency references is checked on its own.
#include <vector>

#include "actors/account/recent_references.hpp"
#include "events/catalogue.hpp"
#include "tests/actors/runtime_fixture.hpp"

namespace sluice::actors {
namespace {

using testing_support::begin_call;
using testing_support::call;

/// "prefix" and the number (appended: GCC 12 at -O3 warns falsely on "text" + std::string).
std::string numbered(std::string prefix, std::size_t n) {
  return prefix.append(std::to_string(n));
}

std::vector<std::string> event_types(infra::event_log& log, const std::string& account_id) {
  std::vector<std::string> out;
  auto r = log.read_stream("account/" + account_id, 1, 100'000);
  EXPECT_TRUE(r);
  if (r) {
    for (const auto& e : *r)
      out.push_back(e.type);
  }
  return out;
}

class MoneyBalance : public RuntimeFixture {
protected:
  testing_support::outcome<account_view> credit(const std::string& account, std::int64_t minor,
                                                const std::string& reference = "") {
    return call<account_view>([&](auto h) {
      port().async_credit_balance({account, minor, "operator credit", reference}, h);
    });
  }
  testing_support::outcome<account_view> debit(const std::string& account, std::int64_t minor,
                                               const std::string& reference) {
    return call<account_view>([&](auto h) {
      port().async_debit_balance({account, minor, "order", reference}, h);
    });
  }
};

TEST_F(MoneyBalance, ACreditAddsAndARepeatedReferenceAddsNothing) {
  const auto account = create("money1@example.com");
  EXPECT_EQ(account.balance_minor, 0);
  EXPECT_EQ(credit(account.account_id, 15'000, "ticket-1").value.balance_minor, 15'000);
  EXPECT_EQ(credit(account.account_id, 15'000, "ticket-1").value.balance_minor, 15'000);
  EXPECT_EQ(credit(account.account_id, 1).value.balance_minor, 15'001);
  EXPECT_EQ(event_types(log(), account.account_id),
            (std::vector<std::string>{"AccountCreated", "BalanceCredited", "BalanceCredited"}));
}

TEST_F(MoneyBalance, BadAmountsAndUnknownAccountsAreRefusedAndWriteNothing) {
  const auto account = create("money2@example.com");
  EXPECT_EQ(credit(account.account_id, 0).error, errc::invalid_argument);
  EXPECT_EQ(credit(account.account_id, -5).error, errc::invalid_argument);
  EXPECT_EQ(debit(account.account_id, 1, "").error, errc::invalid_argument); // No reference.
  EXPECT_EQ(credit("u_nobody", 100).error, errc::not_found);
  ASSERT_FALSE(credit(account.account_id, balance_minor_max).error);
  EXPECT_EQ(credit(account.account_id, 1).error, errc::invalid_argument); // Would overflow.
  EXPECT_EQ(event_types(log(), account.account_id).size(), 2u);
}

TEST_F(MoneyBalance, ADebitIsAppliedOncePerReferenceAndNeverBelowZero) {
  const auto account = create("money3@example.com");
  ASSERT_FALSE(credit(account.account_id, 1000).error);
  EXPECT_EQ(debit(account.account_id, 1001, "order:1").error, errc::wallet_empty);
  EXPECT_EQ(debit(account.account_id, 400, "order:1").value.balance_minor, 600);
  EXPECT_EQ(debit(account.account_id, 400, "order:1").value.balance_minor, 600); // A retry.
  EXPECT_EQ(debit(account.account_id, 600, "order:2").value.balance_minor, 0);
  EXPECT_EQ(debit(account.account_id, 1, "order:3").error, errc::wallet_empty);
  EXPECT_EQ(event_types(log(), account.account_id),
            (std::vector<std::string>{"AccountCreated", "BalanceCredited", "BalanceDebited",
                                      "BalanceDebited"}));
}

TEST_F(MoneyBalance, TenConcurrentPaymentsOfMoneyForThreeChargeThree) {
  const auto account = create("money4@example.com");
  ASSERT_FALSE(credit(account.account_id, 3 * 1200).error);
  std::vector<std::future<testing_support::outcome<account_view>>> pending;
  for (int i = 0; i < 10; ++i) {
    const auto reference = numbered("order:", 100 + i);
    pending.push_back(begin_call<account_view>([&](auto h) {
      port().async_debit_balance({account.account_id, 1200, "order", reference}, h);
    }));
  }
  int paid = 0;
  int refused = 0;
  for (auto& f : pending) {
    const auto r = f.get();
    if (!r.error) {
      ++paid;
    } else {
      EXPECT_EQ(r.error, errc::wallet_empty);
      ++refused;
    }
  }
  EXPECT_EQ(paid, 3);
  EXPECT_EQ(refused, 7);
  auto view = call<account_view>([&](auto h) { port().async_get_account(account.account_id, h); });
  EXPECT_EQ(view.value.balance_minor, 0);
}

TEST_F(MoneyBalance, TheBalanceAndItsReferencesSurviveARestartFromASnapshot) {
  const auto account = create("money5@example.com");
  for (int i = 0; i < 7; ++i)
    ASSERT_FALSE(credit(account.account_id, 100, numbered("ticket-", i)).error);
  ASSERT_FALSE(debit(account.account_id, 250, "order:9").error);
  reopen(/*snapshot_every=*/3);
  ASSERT_FALSE(credit(account.account_id, 1).error); // Loads the account, writes a snapshot.
  reopen(3);
  auto snap = log().load_snapshot("account/" + account.account_id);
  ASSERT_TRUE(snap);
  ASSERT_TRUE(snap->has_value()); // So the references below come back from the snapshot.
  EXPECT_EQ(credit(account.account_id, 100, "ticket-2").value.balance_minor, 451);
  EXPECT_EQ(debit(account.account_id, 250, "order:9").value.balance_minor, 451);
}

TEST(RecentReferences, RemembersTheMostRecentAndForgetsTheOldestBeyondItsCapacity) {
  recent_references refs;
  const auto cap = recent_references::capacity;
  for (std::size_t i = 0; i < cap + 5; ++i)
    refs.insert(numbered("r", i));
  refs.insert(numbered("r", cap + 4)); // Known: not inserted again.
  refs.insert("");                     // No reference: nothing to remember.
  EXPECT_EQ(refs.size(), cap);
  for (int i = 0; i < 5; ++i)
    EXPECT_FALSE(refs.contains(numbered("r", i)));
  EXPECT_TRUE(refs.contains("r5"));
  EXPECT_TRUE(refs.contains(numbered("r", cap + 4)));
  const auto order = refs.in_order();
  EXPECT_EQ(order.front(), "r5");
  EXPECT_EQ(order.back(), numbered("r", cap + 4));
}

} // namespace
} // namespace sluice::actors
