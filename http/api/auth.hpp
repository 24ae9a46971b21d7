// Who is calling. /v1/b2b/* takes a JWT from /v1/b2b/login or an `sk_live_` key of the account
// (seed 000 §02); /v1/admin/* takes the operator's admin token. Wrong credentials are 401;
// right credentials for another face (an `rv_`/`rk_` key, the admin token on b2b, a customer on
// admin, a non-b2b account) are 403.
#pragma once

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <optional>
#include <string>
#include <variant>

#include "http/api/api_context.hpp"
#include "http/server/types.hpp"

namespace sluice::http {

/// `co_await port.async_x(..., use_outcome)` gives (error_code, value) instead of throwing.
inline constexpr auto use_outcome = boost::asio::as_tuple(boost::asio::use_awaitable);

struct principal {
  actors::account_view account; ///< Fresh from the account actor.
};

/// The calling b2b account, or the 401/403 response to send instead.
boost::asio::awaitable<std::variant<principal, response>> authenticate_b2b(api_context& ctx,
                                                                           const request& req);

/// Whether the request's bearer token is `admin_token` (compared in constant time).
bool carries_admin_token(const request& req, std::string_view admin_token);

/// Nothing if the caller holds the admin token; otherwise the 401/403 response to send.
boost::asio::awaitable<std::optional<response>> authenticate_admin(api_context& ctx,
                                                                   const request& req);

} // namespace sluice::http
