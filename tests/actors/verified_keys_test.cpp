// The key checks the facade answers itself: only what the key's actor verified, and the same
// answer the actor would give.
#include "actors/runtime/verified_keys.hpp"

#include <gtest/gtest.h>

#include "infra/crypto.hpp"

namespace sluice::actors {
namespace {

constexpr const char* secret = "sk_live_0123456789abcdefSECRETSECRETSECRETSECRETSECRETSECRET";

api_key_view key() {
  api_key_view v;
  v.key_id = "key_0123456789abcdef";
  v.account_id = "u_owner";
  v.family = "sk_live_";
  return v;
}

TEST(VerifiedKeys, AnUnknownKeyIsLeftToItsActor) {
  const verified_keys keys;
  EXPECT_FALSE(keys.check("key_0123456789abcdef", {"u_owner", secret}).has_value());
}

TEST(VerifiedKeys, AVerifiedKeyIsAnsweredWithItsView) {
  verified_keys keys;
  keys.remember(key(), infra::sha256_hex(secret));
  auto answer = keys.check("key_0123456789abcdef", {"u_owner", secret});
  ASSERT_TRUE(answer.has_value());
  ASSERT_TRUE(*answer);
  EXPECT_EQ(answer->value().key_id, "key_0123456789abcdef");
  EXPECT_EQ(answer->value().family, "sk_live_");
}

TEST(VerifiedKeys, AWrongSecretOrAnotherAccountIsRefusedWithoutTheActor) {
  verified_keys keys;
  keys.remember(key(), infra::sha256_hex(secret));
  std::string wrong = secret;
  wrong.back() = 'X';
  for (const key_credentials& creds :
       {key_credentials{"u_owner", wrong}, key_credentials{"u_other", secret}}) {
    auto answer = keys.check("key_0123456789abcdef", creds);
    ASSERT_TRUE(answer.has_value());
    ASSERT_FALSE(*answer);
    EXPECT_EQ(answer->error(), make_error_code(errc::unauthorized));
  }
}

TEST(VerifiedKeys, AForgottenKeyGoesBackToItsActor) {
  verified_keys keys;
  keys.remember(key(), infra::sha256_hex(secret));
  keys.forget("key_0123456789abcdef");
  EXPECT_FALSE(keys.check("key_0123456789abcdef", {"u_owner", secret}).has_value());
}

} // namespace
} // namespace sluice::actors
