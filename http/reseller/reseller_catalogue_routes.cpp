// The reseller's balance and the product catalogue (seed 001 "Balance", "Products").
#include "http/api/views.hpp"
#include "http/errors.hpp"
#include "http/reseller/reseller_route.hpp"
#include "http/reseller/reseller_routes.hpp"

namespace sluice::http {
namespace {

using boost::beast::http::verb;
using awaitable_response = boost::asio::awaitable<response>;

awaitable_response balance(api_context& ctx, const request& req, const principal& who) {
  co_return json_response(req, status_code::ok,
                          boost::json::object{{"balance", money_text(who.account.balance_minor)},
                                              {"currency", ctx.config.currency}});
}

awaitable_response products(api_context& ctx, const request& req) {
  boost::json::array out;
  for (const auto& p : ctx.config.products) {
    boost::json::array pricing;
    for (const auto& t : p.pricing) {
      pricing.push_back(boost::json::object{{"id", t.id},
                                            {"label", t.label},
                                            {"price", money_text(t.price_minor)},
                                            {"period_type", t.period_type},
                                            {"period_duration", t.period_duration}});
    }
    out.push_back(boost::json::object{{"id", p.id},
                                      {"name", p.name},
                                      {"description", p.description},
                                      {"pricing", std::move(pricing)}});
  }
  co_return json_response(req, status_code::ok, boost::json::object{{"products", std::move(out)}});
}

} // namespace

void add_reseller_catalogue_routes(router& routes, api_context& ctx) {
  routes.add(verb::get, "/v1/reseller/balance",
             reseller_route(ctx, [&ctx](const request& req, const path_params&,
                                        const principal& who) { return balance(ctx, req, who); }));
  routes.add(verb::get, "/v1/reseller/products",
             reseller_route(ctx, [&ctx](const request& req, const path_params&, const principal&) {
               return products(ctx, req);
             }));
}

} // namespace sluice::http
