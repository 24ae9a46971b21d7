// The account and email-registry actors through the facade, on a real log: decisions against
// every accepted command, answers only after durability, state rebuilt after a restart.
#include <vector>

#include "events/catalogue.hpp"
#include "tests/actors/runtime_fixture.hpp"

namespace sluice::actors {
namespace {

using testing_support::begin_call;
using testing_support::call;

std::vector<events::envelope> stream_events(infra::event_log& log, const std::string& stream) {
  auto r = log.read_stream(stream, 1, 100'000);
  EXPECT_TRUE(r);
  return r ? *r : std::vector<events::envelope>{};
}

TEST_F(RuntimeFixture, CreatesAnAccountAndReadsItBack) {
  const auto created = create("Alice@Example.com");
  EXPECT_TRUE(created.account_id.starts_with("u_"));
  EXPECT_EQ(created.email, "Alice@Example.com");
  EXPECT_EQ(created.version, 1u);
  auto got = call<account_view>([&](auto h) { port().async_get_account(created.account_id, h); });
  ASSERT_FALSE(got.error);
  EXPECT_EQ(got.value.account_id, created.account_id);
  EXPECT_EQ(got.value.kind, "b2b");
  const auto events = stream_events(log(), "account/" + created.account_id);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, "AccountCreated");
  const auto claims = stream_events(log(), "email/alice@example.com");
  ASSERT_EQ(claims.size(), 1u);
  EXPECT_EQ(claims[0].data.at("account_id").as_string(), created.account_id);
}

TEST_F(RuntimeFixture, UnknownAccountIsNotFound) {
  auto got = call<account_view>([&](auto h) { port().async_get_account("u_nobody", h); });
  EXPECT_EQ(got.error, errc::not_found);
  auto credit = call<account_view>([&](auto h) {
    port().async_credit_wallet({"u_nobody", 10, 0, "test", ""}, h);
  });
  EXPECT_EQ(credit.error, errc::not_found);
}

TEST_F(RuntimeFixture, RejectsMalformedEmail) {
  for (const char* email : {"", "no-at-sign", "@x.io", "a@", "a b@x.io", "a/b@x.io"}) {
    auto r = call<account_view>([&](auto h) {
      port().async_create_account({email, "hash", "b2b", std::nullopt}, h);
    });
    EXPECT_EQ(r.error, errc::invalid_argument) << email;
  }
}

TEST_F(RuntimeFixture, OneAccountPerEmailEvenUnderConcurrentSignups) {
  constexpr int signups = 20;
  std::vector<std::future<testing_support::outcome<account_view>>> pending;
  for (int i = 0; i < signups; ++i) {
    // Case differs per attempt: emails compare case-insensitively.
    const std::string email = i % 2 == 0 ? "bob@example.com" : "BOB@Example.COM";
    pending.push_back(begin_call<account_view>([&](auto h) {
      port().async_create_account({email, "hash", "b2b", std::nullopt}, h);
    }));
  }
  int ok = 0;
  int taken = 0;
  for (auto& f : pending) {
    const auto r = f.get();
    if (!r.error)
      ++ok;
    if (r.error == errc::already_exists)
      ++taken;
  }
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(taken, signups - 1);
  EXPECT_EQ(stream_events(log(), "email/bob@example.com").size(), 1u);
}

TEST_F(RuntimeFixture, ManyConcurrentCreditsAreAllApplied) {
  const auto account = create("carol@example.com");
  constexpr std::uint64_t credits = 300;
  std::vector<std::future<testing_support::outcome<account_view>>> pending;
  for (std::uint64_t i = 1; i <= credits; ++i) {
    pending.push_back(begin_call<account_view>([&](auto h) {
      port().async_credit_wallet({account.account_id, i, 0, "test", ""}, h);
    }));
  }
  std::vector<std::uint64_t> versions;
  for (auto& f : pending) {
    const auto r = f.get();
    ASSERT_FALSE(r.error) << r.error.message();
    versions.push_back(r.value.version);
  }
  std::sort(versions.begin(), versions.end());
  for (std::uint64_t i = 0; i < credits; ++i)
    EXPECT_EQ(versions[i], i + 2); // None lost.
  auto final_view
    = call<account_view>([&](auto h) { port().async_get_account(account.account_id, h); });
  EXPECT_EQ(final_view.value.traffic_bytes, credits * (credits + 1) / 2);
  EXPECT_EQ(stream_events(log(), "account/" + account.account_id).size(), credits + 1);
}

TEST_F(RuntimeFixture, ARepeatedReferenceIsCreditedOnceEvenWhenSentTogether) {
  const auto account = create("dave@example.com");
  std::vector<std::future<testing_support::outcome<account_view>>> pending;
  for (int i = 0; i < 50; ++i) {
    const auto reference = "pay_" + std::to_string(i % 10);
    pending.push_back(begin_call<account_view>([&](auto h) {
      port().async_credit_wallet({account.account_id, 1000, 100, "topup", reference}, h);
    }));
  }
  for (auto& f : pending)
    ASSERT_FALSE(f.get().error);
  auto view = call<account_view>([&](auto h) { port().async_get_account(account.account_id, h); });
  EXPECT_EQ(view.value.traffic_bytes, 10'000u);
  // A credit's money_minor is what its bytes were worth (the ledger's amount), not money.
  EXPECT_EQ(view.value.balance_minor, 0);
  EXPECT_EQ(stream_events(log(), "account/" + account.account_id).size(), 11u);
}

TEST_F(RuntimeFixture, AnswersOnlyOnceTheEventIsInTheLog) {
  const auto account = create("erin@example.com");
  std::vector<std::future<testing_support::outcome<bool>>> checks;
  for (int i = 0; i < 100; ++i) {
    checks.push_back(begin_call<bool>([&](auto h) {
      port().async_credit_wallet({account.account_id, 1, 0, "test", ""},
                                 [this, h = std::move(h), id = account.account_id](
                                   std::error_code ec, account_view v) mutable {
                                   // At the moment of the answer, the stream already holds the
                                   // answered version.
                                   auto stored = log().read_stream("account/" + id, v.version, 1);
                                   h(ec, stored && stored->size() == 1);
                                 });
    }));
  }
  for (auto& c : checks) {
    const auto r = c.get();
    ASSERT_FALSE(r.error);
    EXPECT_TRUE(r.value);
  }
}

TEST_F(RuntimeFixture, StateIsRebuiltFromSnapshotAndTailAfterRestart) {
  const auto account = create("frank@example.com");
  for (std::uint64_t i = 0; i < 12; ++i) {
    auto r = call<account_view>([&](auto h) {
      port().async_credit_wallet({account.account_id, 100, 5, "test", "ref" + std::to_string(i)},
                                 h);
    });
    ASSERT_FALSE(r.error);
  }
  reopen(/*snapshot_every=*/5);
  auto again = call<account_view>([&](auto h) {
    port().async_credit_wallet({account.account_id, 100, 5, "test", "ref3"}, h);
  });
  ASSERT_FALSE(again.error);
  EXPECT_EQ(again.value.traffic_bytes, 1200u); // ref3 was applied before the restart.
  for (int i = 0; i < 6; ++i) {
    ASSERT_FALSE(call<account_view>([&](auto h) {
                   port().async_credit_wallet({account.account_id, 1, 0, "test", ""}, h);
                 }).error);
  }
  reopen(5);
  auto snap = log().load_snapshot("account/" + account.account_id);
  ASSERT_TRUE(snap);
  EXPECT_TRUE(snap->has_value()); // Written after 5+ events with nothing in flight.
  auto view = call<account_view>([&](auto h) { port().async_get_account(account.account_id, h); });
  EXPECT_EQ(view.value.traffic_bytes, 1206u);
  EXPECT_EQ(view.value.balance_minor, 0);
  EXPECT_EQ(view.value.version, 19u);
  EXPECT_EQ(view.value.email, "frank@example.com");
}

} // namespace
} // namespace sluice::actors
