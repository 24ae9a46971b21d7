// The API-key actor through the facade: minting needs an account, secrets are stored hashed and
// sealed, revocation and quotas, and another account's key is not found.
#include "events/catalogue.hpp"
#include "infra/crypto.hpp"
#include "tests/actors/runtime_fixture.hpp"

namespace sluice::actors {
namespace {

using testing_support::call;

class ApiKeys : public RuntimeFixture {
protected:
  minted_api_key mint(const std::string& account_id, std::optional<std::uint64_t> quota = {}) {
    auto r = call<minted_api_key>([&](auto h) {
      port().async_mint_api_key({account_id, "sk_live_", "ci runner", quota}, h);
    });
    EXPECT_FALSE(r.error) << r.error.message();
    return r.value;
  }
};

TEST_F(ApiKeys, MintsAKeyStoredOnlyHashedAndSealed) {
  const auto account = create("kim@example.com");
  const auto minted = mint(account.account_id, 1'000'000);
  EXPECT_TRUE(minted.secret.starts_with("sk_live_"));
  // Family, the key id's 16 characters (the gateway finds the key from the password), 40 random.
  EXPECT_EQ(minted.secret.size(), 8u + 16u + 40u);
  EXPECT_TRUE(minted.key.key_id.starts_with("key_"));
  EXPECT_EQ(minted.secret.substr(8, 16), minted.key.key_id.substr(4));
  EXPECT_EQ(minted.key.prefix, minted.secret.substr(0, 12));
  EXPECT_EQ(minted.key.quota_bytes, std::optional<std::uint64_t>{1'000'000});
  auto stored = log().read_stream("apikey/" + minted.key.key_id, 1, 10);
  ASSERT_TRUE(stored);
  ASSERT_EQ(stored->size(), 1u);
  const auto text = events::to_json((*stored)[0]);
  EXPECT_EQ(text.find(minted.secret), std::string::npos); // Never in clear.
  const auto& data = (*stored)[0].data;
  EXPECT_EQ(data.at("secret_sha256").as_string(), infra::sha256_hex(minted.secret));
  auto opened = infra::unseal(std::string(32, 'k'), data.at("secret_sealed").as_string());
  ASSERT_TRUE(opened);
  EXPECT_EQ(*opened, minted.secret);
}

TEST_F(ApiKeys, MintingForAnUnknownAccountIsRefused) {
  auto r = call<minted_api_key>([&](auto h) {
    port().async_mint_api_key({"u_ghost", "sk_live_", "x", {}}, h);
  });
  EXPECT_EQ(r.error, errc::not_found);
  EXPECT_EQ(log().last_seq(), 0u);
}

TEST_F(ApiKeys, RejectsAnUnknownFamily) {
  const auto account = create("lee@example.com");
  auto r = call<minted_api_key>([&](auto h) {
    port().async_mint_api_key({account.account_id, "pk_", "x", {}}, h);
  });
  EXPECT_EQ(r.error, errc::invalid_argument);
}

TEST_F(ApiKeys, AnotherAccountsKeyIsNotFound) {
  const auto owner = create("mia@example.com");
  const auto other = create("ned@example.com");
  const auto minted = mint(owner.account_id);
  const api_key_ref foreign{other.account_id, minted.key.key_id};
  EXPECT_EQ(call<api_key_view>([&](auto h) { port().async_get_api_key(foreign, h); }).error,
            errc::not_found);
  EXPECT_EQ(call<api_key_view>([&](auto h) { port().async_revoke_api_key(foreign, h); }).error,
            errc::not_found);
  EXPECT_EQ(
    call<api_key_view>([&](auto h) {
      port().async_set_api_key_quota({other.account_id, minted.key.key_id, 5, false, false}, h);
    }).error,
    errc::not_found);
  auto own = call<api_key_view>([&](auto h) {
    port().async_get_api_key({owner.account_id, minted.key.key_id}, h);
  });
  EXPECT_FALSE(own.error);
  EXPECT_FALSE(own.value.revoked);
}

TEST_F(ApiKeys, RevokesOnceAndRefusesQuotaChangesAfterwards) {
  const auto account = create("ola@example.com");
  const auto minted = mint(account.account_id);
  const api_key_ref ref{account.account_id, minted.key.key_id};
  for (int i = 0; i < 2; ++i) {
    auto r = call<api_key_view>([&](auto h) { port().async_revoke_api_key(ref, h); });
    ASSERT_FALSE(r.error);
    EXPECT_TRUE(r.value.revoked);
  }
  EXPECT_EQ(log().read_stream("apikey/" + ref.key_id, 1, 10)->size(), 2u); // Minted, revoked.
  auto quota = call<api_key_view>([&](auto h) {
    port().async_set_api_key_quota({account.account_id, ref.key_id, 5, false, false}, h);
  });
  EXPECT_EQ(quota.error, errc::revoked);
}

TEST_F(ApiKeys, ATunnelKeyCheckFailsFromTheMomentOfRevocation) {
  const auto account = create("sol@example.com");
  const auto other = create("tao@example.com");
  const auto minted = mint(account.account_id);
  auto check = [&](const std::string& account_id, const std::string& secret) {
    return call<api_key_view>([&](auto h) {
      port().async_authenticate_key({account_id, secret}, h);
    });
  };
  // The first check is the actor's; the next ones the facade answers from what it verified.
  for (int i = 0; i < 3; ++i) {
    auto ok = check(account.account_id, minted.secret);
    ASSERT_FALSE(ok.error) << ok.error.message();
    EXPECT_EQ(ok.value.key_id, minted.key.key_id);
    EXPECT_EQ(ok.value.family, "sk_live_");
  }
  std::string wrong = minted.secret;
  wrong.back() = wrong.back() == 'a' ? 'b' : 'a';
  EXPECT_EQ(check(account.account_id, wrong).error, errc::unauthorized);
  EXPECT_EQ(check(other.account_id, minted.secret).error, errc::unauthorized);
  const api_key_ref ref{account.account_id, minted.key.key_id};
  ASSERT_FALSE(call<api_key_view>([&](auto h) { port().async_revoke_api_key(ref, h); }).error);
  EXPECT_EQ(check(account.account_id, minted.secret).error, errc::unauthorized);
  reopen(); // A new facade knows nothing verified: the actor answers from the log.
  EXPECT_EQ(check(account.account_id, minted.secret).error, errc::unauthorized);
}

TEST_F(ApiKeys, SetsRemovesQuotasAndResetsUsage) {
  const auto account = create("pat@example.com");
  const auto minted = mint(account.account_id);
  auto set = call<api_key_view>([&](auto h) {
    port().async_set_api_key_quota({account.account_id, minted.key.key_id, 1'000'000, true, false},
                                   h);
  });
  ASSERT_FALSE(set.error);
  EXPECT_EQ(set.value.quota_bytes, std::optional<std::uint64_t>{1'000'000});
  auto cleared = call<api_key_view>([&](auto h) {
    port().async_set_api_key_quota(
      {account.account_id, minted.key.key_id, std::nullopt, false, false}, h);
  });
  ASSERT_FALSE(cleared.error);
  EXPECT_FALSE(cleared.value.quota_bytes.has_value());
  // The cap and tally are the account's: its stream records them, beside the wallet.
  EXPECT_EQ(log().read_stream("apikey/" + minted.key.key_id, 1, 10)->size(), 1u);
  auto events = log().read_stream("account/" + account.account_id, 2, 10);
  ASSERT_TRUE(events);
  std::vector<std::string> types;
  for (const auto& e : *events)
    types.push_back(e.type);
  EXPECT_EQ(types,
            (std::vector<std::string>{"ApiKeyQuotaSet", "ApiKeyUsageReset", "ApiKeyQuotaSet"}));
}

TEST_F(ApiKeys, KeyStateSurvivesARestart) {
  const auto account = create("quinn@example.com");
  const auto minted = mint(account.account_id, 42);
  const api_key_ref ref{account.account_id, minted.key.key_id};
  ASSERT_FALSE(call<api_key_view>([&](auto h) { port().async_revoke_api_key(ref, h); }).error);
  reopen();
  auto r = call<api_key_view>([&](auto h) { port().async_get_api_key(ref, h); });
  ASSERT_FALSE(r.error);
  EXPECT_TRUE(r.value.revoked);
  EXPECT_EQ(r.value.label, "ci runner");
  EXPECT_EQ(log().read_stream("account/" + account.account_id, 2, 10)->front().type,
            "ApiKeyQuotaSet"); // The cap given at minting.
}

TEST_F(ApiKeys, ACapSurvivesARestartOfTheAccount) {
  const auto account = create("rae@example.com");
  const auto minted = mint(account.account_id, 42);
  reopen();
  auto r = call<api_key_view>([&](auto h) {
    port().async_set_api_key_quota({account.account_id, minted.key.key_id, {}, true, true}, h);
  });
  ASSERT_FALSE(r.error);
  EXPECT_EQ(r.value.quota_bytes, std::optional<std::uint64_t>{42});
  EXPECT_EQ(r.value.used_bytes, 0u);
}

} // namespace
} // namespace sluice::actors
