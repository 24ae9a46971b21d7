// Bearer credential checks, and the face policies applied to them.
#include "http/api/auth.hpp"

#include <boost/beast/http/field.hpp>

#include "events/base/errc.hpp"
#include "http/errors.hpp"
#include "infra/crypto.hpp"
#include "infra/jwt.hpp"

namespace sluice::http {
namespace {

std::optional<std::string> bearer_token(const request& req) {
  const auto header = req[boost::beast::http::field::authorization];
  constexpr std::string_view scheme = "Bearer ";
  if (header.size() <= scheme.size())
    return std::nullopt;
  std::string_view value{header.data(), header.size()};
  // The scheme is case-insensitive (RFC 9110 §11.1).
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(value[i])) != std::tolower(scheme[i]))
      return std::nullopt;
  }
  value.remove_prefix(scheme.size());
  while (!value.empty() && value.front() == ' ')
    value.remove_prefix(1);
  if (value.empty())
    return std::nullopt;
  return std::string{value};
}

response unauthorized(const request& req, std::string_view detail) {
  auto res = error_response(req, status_code::unauthorized, detail);
  res.set(boost::beast::http::field::www_authenticate, "Bearer");
  return res;
}

bool looks_like_key(std::string_view token) {
  return token.starts_with("sk_live_") || token.starts_with("rv_") || token.starts_with("rk_");
}

/// The account a token names: a key's owner or a JWT's subject. 401 response if neither.
std::variant<std::string, response> token_account(api_context& ctx, const request& req,
                                                  const std::string& token, std::string& family,
                                                  std::string& key_id) {
  if (looks_like_key(token)) {
    auto owner = ctx.queries.key_by_secret_hash(infra::sha256_hex(token));
    if (!owner)
      return error_response(req, owner.error());
    if (!*owner || (*owner)->revoked)
      return unauthorized(req, "Invalid or revoked API key");
    family = (*owner)->family;
    key_id = (*owner)->key_id;
    return (*owner)->account_id;
  }
  const auto now
    = std::chrono::duration_cast<std::chrono::seconds>(ctx.clock.now().time_since_epoch()).count();
  auto claims = infra::jwt_verify_hs256(ctx.jwt_secret, token, now);
  if (!claims)
    return unauthorized(req, "Invalid or expired token");
  family = "jwt";
  return claims->subject;
}

/// 429 with the seconds until the caller's oldest counted request leaves the window.
response too_many(const request& req, std::chrono::seconds wait) {
  auto res = error_response(req, status_code::too_many_requests, "Rate limit exceeded");
  res.set(boost::beast::http::field::retry_after, std::to_string(wait.count()));
  return res;
}

} // namespace

boost::asio::awaitable<std::variant<principal, response>>
authenticate(api_context& ctx, const request& req, const face_policy& face) {
  auto token = bearer_token(req);
  if (!token)
    co_return unauthorized(req, "Missing bearer token");
  if (infra::constant_time_equal(*token, ctx.admin_token))
    co_return error_response(req, face.other_family_status, face.other_family_detail);
  std::string family;
  std::string key_id;
  auto named = token_account(ctx, req, *token, family, key_id);
  if (auto* res = std::get_if<response>(&named))
    co_return std::move(*res);
  if (family != "jwt" && family != face.key_family)
    co_return error_response(req, face.other_family_status, face.other_family_detail);
  if (face.limiter != nullptr) {
    const auto caller = key_id.empty() ? "account:" + std::get<std::string>(named) : key_id;
    if (const auto wait = face.limiter->admit(caller, rate_limiter::clock::now()); wait.count())
      co_return too_many(req, wait);
  }
  const auto& account_id = std::get<std::string>(named);
  auto [ec, account] = co_await ctx.commands.async_get_account(account_id, use_outcome);
  if (ec == errc::not_found)
    co_return unauthorized(req, "Invalid or expired token");
  if (ec)
    co_return error_response(req, ec);
  if (!face.account_kind.empty() && account.kind != face.account_kind)
    co_return error_response(req, status_code::forbidden, face.account_kind_detail);
  co_return principal{std::move(account), std::move(key_id)};
}

bool carries_admin_token(const request& req, std::string_view admin_token) {
  const auto token = bearer_token(req);
  return token && infra::constant_time_equal(*token, admin_token);
}

boost::asio::awaitable<std::optional<response>> authenticate_admin(api_context& ctx,
                                                                   const request& req) {
  auto token = bearer_token(req);
  if (!token)
    co_return unauthorized(req, "Missing bearer token");
  if (infra::constant_time_equal(*token, ctx.admin_token))
    co_return std::nullopt;
  std::string family;
  std::string key_id;
  auto named = token_account(ctx, req, *token, family, key_id);
  if (std::holds_alternative<std::string>(named)) {
    co_return error_response(req, status_code::forbidden, "The operator API needs the admin token");
  }
  co_return unauthorized(req, "Invalid admin token");
}

} // namespace sluice::http
