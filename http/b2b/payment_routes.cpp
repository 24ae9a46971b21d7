// Wallet top-ups (seed 000 §10): a checkout at the configured price tiers, and its status. The
// payment completes when an operator confirms it (admin API); only then does the wallet grow.
#include "actors/facade/commands.hpp"
#include "http/api/body_reader.hpp"
#include "http/api/views.hpp"
#include "http/b2b/b2b_route.hpp"
#include "http/b2b/b2b_routes.hpp"
#include "http/errors.hpp"

namespace sluice::http {
namespace {

using boost::beast::http::verb;
using awaitable_response = boost::asio::awaitable<response>;

std::string checkout_url(const api_context& ctx, const std::string& checkout_id) {
  auto base = ctx.config.http.public_base_url;
  while (!base.empty() && base.back() == '/')
    base.pop_back();
  return base + "/v1/b2b/payments/" + checkout_id;
}

awaitable_response create(api_context& ctx, const request& req, const principal& who) {
  body_reader body(req);
  const auto amount = body.required_money("amount");
  if (!body.ok())
    co_return error_response(req, status_code::bad_request, body.error());
  const auto& currency = ctx.config.currency;
  if (amount < ctx.config.billing.min_topup_minor) {
    co_return error_response(req, status_code::bad_request,
                             "amount: the minimum top-up is "
                               + money_text(ctx.config.billing.min_topup_minor) + " " + currency);
  }
  if (amount > actors::topup_max_minor) {
    co_return error_response(req, status_code::bad_request,
                             "amount: at most " + money_text(actors::topup_max_minor) + " "
                               + currency + " per top-up");
  }
  const actors::create_checkout cmd{who.account.account_id, amount};
  auto [ec, checkout] = co_await ctx.commands.async_create_checkout(cmd, use_outcome);
  if (ec)
    co_return error_response(req, ec);
  auto out = checkout_json(checkout);
  out["url"] = checkout_url(ctx, checkout.checkout_id);
  co_return json_response(req, status_code::created, out);
}

awaitable_response show(api_context& ctx, const request& req, const path_params& params,
                        const principal& who) {
  const actors::checkout_ref ref{who.account.account_id, params.at(0)};
  auto [ec, checkout] = co_await ctx.commands.async_get_checkout(ref, use_outcome);
  if (ec)
    co_return error_response(req, ec);
  auto out = checkout_json(checkout);
  out["url"] = checkout_url(ctx, checkout.checkout_id);
  out["created_at"] = events::format_timestamp(checkout.created_at);
  out["completed_at"] = nullptr;
  if (checkout.completed_at)
    out["completed_at"] = events::format_timestamp(*checkout.completed_at);
  co_return json_response(req, status_code::ok, out);
}

} // namespace

void add_payment_routes(router& routes, api_context& ctx) {
  routes.add(verb::post, "/v1/b2b/payments/checkout",
             b2b_route(ctx, [&ctx](const request& req, const path_params&, const principal& who) {
               return create(ctx, req, who);
             }));
  routes.add(verb::get, "/v1/b2b/payments/{id}",
             b2b_route(ctx, [&ctx](const request& req, const path_params& p, const principal& who) {
               return show(ctx, req, p, who);
             }));
}

} // namespace sluice::http
