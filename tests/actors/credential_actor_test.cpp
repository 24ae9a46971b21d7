// The tunnel credential's primary key and webhook registrations, at the actor level.
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <set>

#include "events/base/errc.hpp"
#include "infra/crypto.hpp"
#include "tests/actors/runtime_fixture.hpp"

namespace sluice::actors {
namespace {

using testing_support::begin_call;
using testing_support::call;

TEST_F(RuntimeFixture, ConcurrentFirstRequestsGetOnePrimaryKey) {
  const auto account = create("primary@example.com");
  std::vector<std::future<testing_support::outcome<minted_api_key>>> asks;
  for (int i = 0; i < 6; ++i) {
    asks.push_back(begin_call<minted_api_key>(
      [&](auto h) { port().async_primary_key(account.account_id, std::move(h)); }));
  }
  std::set<std::string> secrets;
  for (auto& f : asks) {
    auto r = f.get();
    ASSERT_FALSE(r.error) << r.error.message();
    EXPECT_EQ(r.value.key.label, "primary");
    EXPECT_TRUE(r.value.secret.starts_with("sk_live_"));
    secrets.insert(r.value.secret);
  }
  EXPECT_EQ(secrets.size(), 1U);
  reopen();
  auto again = call<minted_api_key>(
    [&](auto h) { port().async_primary_key(account.account_id, std::move(h)); });
  EXPECT_EQ(again.value.secret, *secrets.begin()); // Kept across restarts, shown again.
}

TEST_F(RuntimeFixture, ARevokedPrimaryKeyIsReplaced) {
  const auto account = create("rotate@example.com");
  auto first = call<minted_api_key>(
    [&](auto h) { port().async_primary_key(account.account_id, std::move(h)); });
  ASSERT_FALSE(
    call<api_key_view>([&](auto h) {
      port().async_revoke_api_key({account.account_id, first.value.key.key_id}, std::move(h));
    }).error);
  auto second = call<minted_api_key>(
    [&](auto h) { port().async_primary_key(account.account_id, std::move(h)); });
  ASSERT_FALSE(second.error);
  EXPECT_NE(second.value.key.key_id, first.value.key.key_id);
  EXPECT_NE(second.value.secret, first.value.secret);
  EXPECT_FALSE(second.value.key.revoked);
}

TEST_F(RuntimeFixture, PrimaryKeyOfAnUnknownAccountIsNotFound) {
  auto r
    = call<minted_api_key>([&](auto h) { port().async_primary_key("u_nobody", std::move(h)); });
  EXPECT_EQ(r.error, errc::not_found);
}

TEST_F(RuntimeFixture, AWebhookHasAStandardWebhooksSecretAndOneOwner) {
  const auto owner = create("hooks@example.com");
  const auto other = create("intruder@example.com");
  auto registered = call<registered_webhook>([&](auto h) {
    port().async_register_webhook(
      {owner.account_id, "https://93.184.216.34/hook", {"balance.low", "balance.low"}},
      std::move(h));
  });
  ASSERT_FALSE(registered.error) << registered.error.message();
  const auto& secret = registered.value.secret;
  ASSERT_TRUE(secret.starts_with("whsec_"));
  EXPECT_EQ(infra::base64_decode(secret.substr(6))->size(), 32U);
  EXPECT_EQ(registered.value.webhook.events, std::vector<std::string>{"balance.low"});
  const auto id = registered.value.webhook.webhook_id;
  // The stored event holds the secret sealed, never in clear.
  const auto stored = log().read_stream("webhook/" + id, 1, 10);
  ASSERT_EQ(stored->size(), 1U);
  EXPECT_EQ(boost::json::serialize(stored->front().data).find(secret.substr(6)), std::string::npos);

  auto foreign = call<webhook_view>([&](auto h) {
    port().async_delete_webhook({other.account_id, id}, std::move(h));
  });
  EXPECT_EQ(foreign.error, errc::not_found);
  auto deleted = call<webhook_view>([&](auto h) {
    port().async_delete_webhook({owner.account_id, id}, std::move(h));
  });
  EXPECT_TRUE(deleted.value.deleted);
  auto twice = call<webhook_view>([&](auto h) {
    port().async_delete_webhook({owner.account_id, id}, std::move(h));
  });
  EXPECT_EQ(twice.error, errc::not_found);
}

TEST_F(RuntimeFixture, AWebhookForAnUnknownEventIsRefused) {
  const auto owner = create("badhook@example.com");
  auto r = call<registered_webhook>([&](auto h) {
    port().async_register_webhook({owner.account_id, "https://93.184.216.34/h", {"balance.high"}},
                                  std::move(h));
  });
  EXPECT_EQ(r.error, errc::invalid_argument);
}

} // namespace
} // namespace sluice::actors
