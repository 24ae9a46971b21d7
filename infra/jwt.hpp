// JSON Web Tokens (RFC 7519) signed with HMAC-SHA256, the one algorithm the REST API issues and
// accepts. Hand-written on crypto.hpp rather than libjwt: Debian's libjwt 1.10 validates no
// claims (exp), only recently stopped comparing signatures with strcmp, and pulls in Jansson;
// this is one algorithm, a fixed header check and a constant-time comparison.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "events/base/result.hpp"

namespace sluice::infra {

struct jwt_claims {
  std::string subject;        ///< "sub": the account id.
  std::int64_t issued_at = 0; ///< "iat", seconds since the Unix epoch.
  std::int64_t expires_at = 0;
};

/// "header.payload.signature" with header {"alg":"HS256","typ":"JWT"}.
std::string jwt_sign_hs256(std::string_view secret, const jwt_claims& claims);

/// The claims of a token signed with `secret` whose "exp" is after `now_unix` and whose "iat" is
/// at most a minute ahead of it. Anything else — malformed, another "alg" (including "none"), a
/// bad signature, a missing claim, expired, issued in the future — is errc::unauthorized,
/// without saying which.
result<jwt_claims> jwt_verify_hs256(std::string_view secret, std::string_view token,
                                    std::int64_t now_unix);

} // namespace sluice::infra
