// Reseller API keys (seed 001 "API Keys"): `rv_` keys by their integer id. They are the same keys
// as `POST /v1/b2b/api-keys` with family "reseller" mints, numbered wherever they were minted.
#include "http/api/body_reader.hpp"
#include "http/api/command_helpers.hpp"
#include "http/errors.hpp"
#include "http/reseller/reseller_route.hpp"
#include "http/reseller/reseller_routes.hpp"

namespace sluice::http {
namespace {

using boost::beast::http::verb;
using awaitable_response = boost::asio::awaitable<response>;

constexpr std::size_t keys_listed_max = 1000;
constexpr std::size_t name_bytes_max = 128;

awaitable_response mint_key(api_context& ctx, const request& req, const principal& who) {
  body_reader body(req);
  auto name = body.required_string("name", name_bytes_max);
  if (!body.ok())
    co_return error_response(req, status_code::bad_request, body.error());
  const actors::mint_api_key cmd{who.account.account_id, "rv_", name, std::nullopt};
  auto [ec, minted] = co_await ctx.commands.async_mint_api_key(cmd, use_outcome);
  if (ec)
    co_return error_response(req, ec);
  co_await settle(ctx); // The key authenticates from the answer on.
  co_return json_response(
    req, status_code::created,
    boost::json::object{{"id", minted.key.serial.value_or(0)},
                        {"name", minted.key.label},
                        {"key", minted.secret},
                        {"created_at", reseller_time(minted.key.created_at)}});
}

awaitable_response list_keys(api_context& ctx, const request& req, const principal& who) {
  auto keys = ctx.queries.keys_of_account(who.account.account_id, keys_listed_max);
  if (!keys)
    co_return error_response(req, keys.error());
  boost::json::array out;
  for (const auto& k : *keys) {
    if (k.family != "rv_" || k.revoked || !k.serial)
      continue;
    boost::json::object o{{"id", *k.serial},
                          {"name", k.label},
                          {"last_used_at", nullptr},
                          {"created_at", reseller_time(k.created_at)}};
    if (k.last_used_at)
      o["last_used_at"] = reseller_time(*k.last_used_at);
    out.push_back(std::move(o));
  }
  co_return json_response(req, status_code::ok, boost::json::object{{"keys", std::move(out)}});
}

awaitable_response revoke_key(api_context& ctx, const request& req, const path_params& params,
                              const principal& who) {
  const auto serial = resource_id(params.at(0));
  if (!serial)
    co_return error_response(req, status_code::not_found, "API key not found");
  auto keys = ctx.queries.keys_of_account(who.account.account_id, keys_listed_max);
  if (!keys)
    co_return error_response(req, keys.error());
  const projections::key_listing_entry* found = nullptr;
  for (const auto& k : *keys) {
    if (k.family == "rv_" && k.serial == serial && !k.revoked)
      found = &k;
  }
  if (found == nullptr)
    co_return error_response(req, status_code::not_found, "API key not found");
  const actors::api_key_ref ref{who.account.account_id, found->key_id};
  auto [ec, key] = co_await ctx.commands.async_revoke_api_key(ref, use_outcome);
  if (ec)
    co_return error_response(req, ec);
  co_await settle(ctx); // From the answer on, the key authenticates nothing.
  co_return json_response(req, status_code::ok, boost::json::object{{"detail", "API key revoked"}});
}

} // namespace

void add_reseller_key_routes(router& routes, api_context& ctx) {
  routes.add(verb::post, "/v1/reseller/keys",
             reseller_route(ctx, [&ctx](const request& req, const path_params&,
                                        const principal& who) { return mint_key(ctx, req, who); }));
  routes.add(verb::get, "/v1/reseller/keys",
             reseller_route(ctx,
                            [&ctx](const request& req, const path_params&, const principal& who) {
                              return list_keys(ctx, req, who);
                            }));
  routes.add(verb::delete_, "/v1/reseller/keys/{id}",
             reseller_route(ctx,
                            [&ctx](const request& req, const path_params& p, const principal& who) {
                              return revoke_key(ctx, req, p, who);
                            }));
}

} // namespace sluice::http
