// HS256 tokens: what verifies, and every way a token must not.
#include <gtest/gtest.h>

#include "events/base/errc.hpp"
#include "infra/crypto.hpp"
#include "infra/jwt.hpp"

namespace sluice::infra {
namespace {

constexpr std::string_view secret = "jwt-secret-for-tests-0123456789ab";
constexpr std::int64_t now = 1'800'000'000;

std::string b64url(std::string_view bytes) {
  auto t = base64_encode(bytes);
  while (!t.empty() && t.back() == '=')
    t.pop_back();
  for (auto& c : t)
    c = c == '+' ? '-' : (c == '/' ? '_' : c);
  return t;
}

/// A token with any header and payload, signed with `key` the way RFC 7515 says.
std::string craft(std::string_view header, std::string_view payload, std::string_view key) {
  auto part = b64url(header) + "." + b64url(payload);
  return part + "." + b64url(hmac_sha256(key, part));
}

TEST(Jwt, RoundTripsItsClaims) {
  const auto token = jwt_sign_hs256(secret, {"u_abc123", now, now + 3600});
  auto claims = jwt_verify_hs256(secret, token, now + 10);
  ASSERT_TRUE(claims);
  EXPECT_EQ(claims->subject, "u_abc123");
  EXPECT_EQ(claims->issued_at, now);
  EXPECT_EQ(claims->expires_at, now + 3600);
}

TEST(Jwt, AcceptsATokenSignedElsewhereWithTheSameSecret) {
  const auto token = craft(R"({"typ":"JWT","alg":"HS256"})",
                           R"({"sub":"u_x","iat":1800000000,"exp":1800003600})", secret);
  EXPECT_TRUE(jwt_verify_hs256(secret, token, now));
}

TEST(Jwt, RefusesExpiredTokensAtTheSecondOfExpiry) {
  const auto token = jwt_sign_hs256(secret, {"u_abc123", now, now + 60});
  EXPECT_TRUE(jwt_verify_hs256(secret, token, now + 59));
  EXPECT_EQ(jwt_verify_hs256(secret, token, now + 60).error(), errc::unauthorized);
}

TEST(Jwt, RefusesATokenIssuedMoreThanAMinuteAhead) {
  const auto tomorrow = jwt_sign_hs256(secret, {"u_abc123", now + 86400, now + 90000});
  EXPECT_EQ(jwt_verify_hs256(secret, tomorrow, now).error(), errc::unauthorized);
  const auto skewed = jwt_sign_hs256(secret, {"u_abc123", now + 61, now + 3661});
  EXPECT_EQ(jwt_verify_hs256(secret, skewed, now).error(), errc::unauthorized);
  // A minute of clock skew between hosts is tolerated.
  EXPECT_TRUE(jwt_verify_hs256(secret, jwt_sign_hs256(secret, {"u_a", now + 60, now + 3660}), now));
}

TEST(Jwt, RefusesAnotherSecretATamperedPayloadAndATamperedSignature) {
  const auto token = jwt_sign_hs256(secret, {"u_abc123", now, now + 3600});
  EXPECT_FALSE(jwt_verify_hs256("another-secret", token, now));
  auto forged = craft(R"({"alg":"HS256","typ":"JWT"})",
                      R"({"sub":"u_other","iat":1800000000,"exp":1800003600})", "guess");
  EXPECT_FALSE(jwt_verify_hs256(secret, forged, now));
  auto flipped = token;
  flipped.back() = flipped.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(jwt_verify_hs256(secret, flipped, now));
}

TEST(Jwt, RefusesAlgNoneAndOtherAlgorithms) {
  const auto payload = R"({"sub":"u_x","iat":1800000000,"exp":1800003600})";
  EXPECT_FALSE(
    jwt_verify_hs256(secret, b64url(R"({"alg":"none"})") + "." + b64url(payload) + ".", now));
  EXPECT_FALSE(jwt_verify_hs256(secret, craft(R"({"alg":"HS512"})", payload, secret), now));
}

TEST(Jwt, RefusesMalformedTokensAndMissingClaims) {
  for (const std::string_view bad : {"", "abc", "a.b", "a.b.c.d", "..", "!!.??.**"}) {
    EXPECT_FALSE(jwt_verify_hs256(secret, bad, now)) << bad;
  }
  const auto header = R"({"alg":"HS256"})";
  EXPECT_FALSE(
    jwt_verify_hs256(secret, craft(header, R"({"iat":1,"exp":1800003600})", secret), now));
  EXPECT_FALSE(jwt_verify_hs256(secret, craft(header, R"({"sub":"u","iat":1})", secret), now));
  EXPECT_FALSE(jwt_verify_hs256(
    secret, craft(header, R"({"sub":"u","iat":1,"exp":"1800003600"})", secret), now));
  EXPECT_FALSE(jwt_verify_hs256(secret, std::string(5000, 'a'), now));
}

} // namespace
} // namespace sluice::infra
