// Who is calling. Each face has its own policy (face_policy): which API key family it takes
// beside the account's JWT, how it answers a key of another face, which accounts it serves, and
// its rate limit; the operator API takes only the admin token. Wrong credentials are 401; what
// the policy says of a right credential for another face. Every secret comparison is
// constant-time or by hash lookup.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "http/api/api_context.hpp"
#include "http/api/command_helpers.hpp"
#include "http/api/rate_limiter.hpp"
#include "http/server/types.hpp"

namespace sluice::http {

struct principal {
  actors::account_view account; ///< Fresh from the account actor.
  std::string key_id;           ///< The API key that authenticated; empty for a JWT.
};

struct face_policy {
  std::string_view key_family; ///< "sk_live_", "rv_" or "rk_".
  /// A valid key of another family (or the admin token): 403 on b2b (seed 000 behaviour since
  /// it shipped), 401 on reseller (seed 001: "a key of another family → 401").
  status_code other_family_status = status_code::forbidden;
  std::string_view other_family_detail;
  std::string_view account_kind; ///< Only accounts of this kind ("b2b"); empty: any.
  std::string_view account_kind_detail;
  rate_limiter* limiter = nullptr; ///< Requests per caller; nullptr: none.
};

/// The calling account under `face`, or the response to send instead (401, 403, 429 with
/// Retry-After, 503). A rate-limited request is refused before it does anything.
boost::asio::awaitable<std::variant<principal, response>>
authenticate(api_context& ctx, const request& req, const face_policy& face);

/// Whether the request's bearer token is `admin_token` (compared in constant time).
bool carries_admin_token(const request& req, std::string_view admin_token);

/// Nothing if the caller holds the admin token; otherwise the 401/403 response to send.
boost::asio::awaitable<std::optional<response>> authenticate_admin(api_context& ctx,
                                                                   const request& req);

} // namespace sluice::http
