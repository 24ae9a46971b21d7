// Proxies (seed 001 "Proxies"): the account's leases that have not expired, with credentials,
// straight from the lease book (so a proxy shows the moment its order is paid).
#include <algorithm>

#include "events/base/errc.hpp"
#include "http/api/command_helpers.hpp"
#include "http/errors.hpp"
#include "http/reseller/reseller_route.hpp"
#include "http/reseller/reseller_routes.hpp"
#include "http/reseller/reseller_views.hpp"

namespace sluice::http {
namespace {

using boost::beast::http::verb;
using awaitable_response = boost::asio::awaitable<response>;

awaitable_response list_proxies(api_context& ctx, const request& req, const principal& who) {
  const auto& account_id = who.account.account_id;
  auto [ec, listed] = co_await ctx.commands.async_list_proxies(account_id, use_outcome);
  if (ec)
    co_return error_response(req, ec);
  boost::json::array out;
  for (const auto& p : listed.proxies)
    out.push_back(proxy_json(p));
  co_return json_response(req, status_code::ok, boost::json::object{{"proxies", std::move(out)}});
}

/// The caller's proxy named in the path, or the 404 to send.
boost::asio::awaitable<std::variant<actors::proxy_view, response>>
find_proxy(api_context& ctx, const request& req, const path_params& params, const principal& who) {
  const auto id = resource_id(params.at(0));
  if (!id)
    co_return error_response(req, status_code::not_found, "Proxy not found");
  const actors::proxy_ref ref{who.account.account_id, *id};
  auto [ec, proxy] = co_await ctx.commands.async_get_proxy(ref, use_outcome);
  if (ec == errc::not_found)
    co_return error_response(req, status_code::not_found, "Proxy not found");
  if (ec)
    co_return error_response(req, ec);
  co_return proxy;
}

awaitable_response get_proxy(api_context& ctx, const request& req, const path_params& params,
                             const principal& who) {
  auto found = co_await find_proxy(ctx, req, params, who);
  if (auto* refused = std::get_if<response>(&found))
    co_return std::move(*refused);
  co_return json_response(req, status_code::ok, proxy_json(std::get<actors::proxy_view>(found)));
}

/// The locations the proxy's product offers, in the product's order.
awaitable_response proxy_locations(api_context& ctx, const request& req, const path_params& params,
                                   const principal& who) {
  auto found = co_await find_proxy(ctx, req, params, who);
  if (auto* refused = std::get_if<response>(&found))
    co_return std::move(*refused);
  const auto& proxy = std::get<actors::proxy_view>(found);
  boost::json::array out;
  const auto& products = ctx.config.products;
  const auto product = std::find_if(products.begin(), products.end(),
                                    [&](const auto& p) { return p.id == proxy.product_id; });
  if (product != products.end()) {
    for (const auto& id : product->locations) {
      for (const auto& l : ctx.config.locations) {
        if (l.id == id)
          out.push_back(boost::json::object{{"id", l.id}, {"name", l.name}, {"is_5g", l.is_5g}});
      }
    }
  }
  co_return json_response(req, status_code::ok, boost::json::object{{"locations", std::move(out)}});
}

} // namespace

void add_reseller_proxy_routes(router& routes, api_context& ctx) {
  routes.add(verb::get, "/v1/reseller/proxies",
             reseller_route(ctx,
                            [&ctx](const request& req, const path_params&, const principal& who) {
                              return list_proxies(ctx, req, who);
                            }));
  routes.add(verb::get, "/v1/reseller/proxies/{id}",
             reseller_route(ctx,
                            [&ctx](const request& req, const path_params& p, const principal& who) {
                              return get_proxy(ctx, req, p, who);
                            }));
  routes.add(verb::get, "/v1/reseller/proxies/{id}/locations",
             reseller_route(ctx,
                            [&ctx](const request& req, const path_params& p, const principal& who) {
                              return proxy_locations(ctx, req, p, who);
                            }));
}

} // namespace sluice::http
