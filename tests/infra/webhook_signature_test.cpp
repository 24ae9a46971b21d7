// Webhook signatures: the Standard Webhooks specification's published test vector, and the
// seeds' X-Vela-Signature checked against an independent HMAC.
#include <gtest/gtest.h>

#include "events/base/errc.hpp"
#include "infra/crypto.hpp"
#include "infra/webhook_signature.hpp"

namespace sluice::infra {
namespace {

TEST(WebhookSignature, MatchesTheStandardWebhooksTestVector) {
  auto signature = standard_webhooks_signature("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                                               "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
                                               R"({"test": 2432232314})");
  ASSERT_TRUE(signature);
  EXPECT_EQ(*signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

TEST(WebhookSignature, RefusesASecretThatIsNotBase64) {
  EXPECT_EQ(standard_webhooks_signature("whsec_***", "msg", 1, "{}").error(),
            errc::invalid_argument);
}

TEST(WebhookSignature, VelaSignatureIsHexHmacKeyedWithTheWholeSecret) {
  const std::string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const std::string body = R"({"event":"balance.low","customer_id":"u_abc123"})";
  EXPECT_EQ(vela_signature(secret, body), "sha256=" + to_hex(hmac_sha256(secret, body)));
  EXPECT_EQ(vela_signature(secret, body).size(), 7U + 64U);
}

} // namespace
} // namespace sluice::infra
