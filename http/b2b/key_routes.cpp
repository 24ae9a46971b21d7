// API keys of the account (seed 000 §07, §08): list, mint (optionally capped), change the cap or
// reset the tally, revoke. Every family is minted and listed here (gateway `sk_live_`, reseller
// `rv_`, subscription `rk_`), so a customer who signed up can mint the first key of another face
// with its JWT. Listings come from the key read model; the secret only at minting.
#include "events/base/errc.hpp"
#include "http/api/body_reader.hpp"
#include "http/api/command_helpers.hpp"
#include "http/api/views.hpp"
#include "http/b2b/b2b_route.hpp"
#include "http/b2b/b2b_routes.hpp"
#include "http/errors.hpp"

namespace sluice::http {
namespace {

using boost::beast::http::verb;
using awaitable_response = boost::asio::awaitable<response>;

constexpr std::size_t keys_listed_max = 1000;
constexpr std::size_t label_bytes_max = 128;

/// The key as the read model has it once it includes the command (its usage tally lives only
/// there); if the read model lags, as the actor answered it, so the command's result is never
/// lost (a minted secret above all).
awaitable_response key_response(api_context& ctx, const request& req, status_code status,
                                const actors::api_key_view& answered,
                                const std::string* secret = nullptr) {
  co_await settle(ctx);
  auto key = ctx.queries.key_of_account(answered.account_id, answered.key_id);
  if (!key)
    co_return error_response(req, key.error());
  auto body = *key ? key_json(**key) : key_json(answered);
  if (secret != nullptr)
    body["key"] = *secret;
  co_return json_response(req, status, body);
}

awaitable_response list_keys(api_context& ctx, const request& req, const principal& who) {
  auto keys = ctx.queries.keys_of_account(who.account.account_id, keys_listed_max);
  if (!keys)
    co_return error_response(req, keys.error());
  boost::json::array out;
  for (const auto& k : *keys)
    out.push_back(key_json(k));
  co_return json_response(req, status_code::ok, boost::json::object{{"keys", std::move(out)}});
}

awaitable_response mint_key(api_context& ctx, const request& req, const principal& who) {
  body_reader body(req);
  auto label = body.required_string("label", label_bytes_max);
  auto quota_gb = body.optional_number("quota_gb");
  const auto family_text = body.optional_string("family", 32).value_or("gateway");
  if (!body.ok())
    co_return error_response(req, status_code::bad_request, body.error());
  const auto family = family_prefix(family_text);
  if (!family) {
    co_return error_response(req, status_code::bad_request,
                             "family: must be \"gateway\", \"reseller\" or \"subscription\"");
  }
  if (quota_gb && *family != "sk_live_") {
    co_return error_response(req, status_code::bad_request,
                             "quota_gb: only gateway keys have a byte quota");
  }
  std::optional<std::uint64_t> quota;
  if (quota_gb) {
    quota = bytes_of_gb(*quota_gb);
    if (!quota) {
      co_return error_response(req, status_code::bad_request,
                               "quota_gb: must be a number of GB, 0 or more");
    }
  }
  const actors::mint_api_key cmd{who.account.account_id, std::string(*family), label, quota};
  auto [ec, minted] = co_await ctx.commands.async_mint_api_key(cmd, use_outcome);
  if (ec)
    co_return error_response(req, ec);
  co_return co_await key_response(ctx, req, status_code::created, minted.key, &minted.secret);
}

awaitable_response set_quota(api_context& ctx, const request& req, const path_params& params,
                             const principal& who) {
  body_reader body(req);
  auto quota_gb = body.nullable_number("quota_gb");
  const bool reset = body.optional_bool("reset_used", false);
  if (!body.ok())
    co_return error_response(req, status_code::bad_request, body.error());
  actors::set_api_key_quota cmd{who.account.account_id, params.at(0), std::nullopt, reset,
                                /*keep_quota=*/!quota_gb.has_value()};
  if (quota_gb && *quota_gb) {
    cmd.quota_bytes = bytes_of_gb(**quota_gb);
    if (!cmd.quota_bytes) {
      co_return error_response(req, status_code::bad_request,
                               "quota_gb: must be a number of GB, 0 or more, or null");
    }
  }
  auto [ec, key] = co_await ctx.commands.async_set_api_key_quota(cmd, use_outcome);
  if (ec == errc::revoked)
    co_return error_response(req, status_code::conflict, "The API key is revoked");
  if (ec)
    co_return error_response(req, ec);
  co_return co_await key_response(ctx, req, status_code::ok, key);
}

awaitable_response revoke_key(api_context& ctx, const request& req, const path_params& params,
                              const principal& who) {
  const actors::api_key_ref ref{who.account.account_id, params.at(0)};
  auto [ec, key] = co_await ctx.commands.async_revoke_api_key(ref, use_outcome);
  if (ec)
    co_return error_response(req, ec);
  co_await settle(ctx); // From the answer on, the key authenticates nothing.
  co_return json_response(req, status_code::ok, boost::json::object{{"detail", "API key revoked"}});
}

} // namespace

void add_key_routes(router& routes, api_context& ctx) {
  routes.add(verb::get, "/v1/b2b/api-keys",
             b2b_route(ctx, [&ctx](const request& req, const path_params&, const principal& who) {
               return list_keys(ctx, req, who);
             }));
  routes.add(verb::post, "/v1/b2b/api-keys",
             b2b_route(ctx, [&ctx](const request& req, const path_params&, const principal& who) {
               return mint_key(ctx, req, who);
             }));
  routes.add(verb::post, "/v1/b2b/api-keys/{id}/quota",
             b2b_route(ctx, [&ctx](const request& req, const path_params& p, const principal& who) {
               return set_quota(ctx, req, p, who);
             }));
  routes.add(verb::delete_, "/v1/b2b/api-keys/{id}",
             b2b_route(ctx, [&ctx](const request& req, const path_params& p, const principal& who) {
               return revoke_key(ctx, req, p, who);
             }));
}

} // namespace sluice::http
